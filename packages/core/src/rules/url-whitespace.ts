// Browsers forgive spaces around an href, trackers do not: the platform registers the URL as
// written, so a leading space or a line break from a wrapped line ends up percent-encoded in the
// redirect target or splits the URL. Whitespace inside personalization is the template's own.
import type { Link, Rule, Span } from '../types';
import { isUrlSpace, trimmedSpan } from './helpers-url';

const rule: Rule = {
  id: 'url-whitespace',
  defaultSeverity: 'warning',
  description: 'Whitespace or line breaks at the start, end or inside a URL: trackers register the URL as written, spaces included.',
  check(context) {
    const { text } = context.template;
    for (const link of context.template.links) {
      const { start, end } = link.valueSpan;
      const { start: from, end: to } = trimmedSpan(link);
      if (from === to) continue; // a blank value is url-malformed's (empty URL)
      if (from > start) {
        context.report({
          span: { start, end: from },
          linkId: link.id,
          message: `The URL starts with ${describe(text.slice(start, from))}: the tracker registers it as part of the URL. Remove it.`,
          fix: { description: 'Remove the leading whitespace', edits: [{ start, end: from, newText: '' }], safe: true },
        });
      }
      const inner = HAS_SPACE.test(text.slice(from, to)) ? innerRuns(text, link, from, to) : [];
      for (const run of inner) {
        const written = text.slice(run.start, run.end);
        const lineBreak = /[\r\n\u2028\u2029]/.test(written);
        context.report({
          span: run,
          linkId: link.id,
          message: lineBreak
            ? 'The URL is broken across lines: the line break and indentation become part of the URL and break it. Join the URL on one line.'
            : `The URL contains ${describe(written)}: it is sent as %20 or cuts the URL short. Remove it, or write %20 if the target really expects a space.`,
          fix: lineBreak
            ? { description: 'Join the URL on one line', edits: [{ start: run.start, end: run.end, newText: '' }], safe: false }
            : { description: 'Encode the space as %20', edits: [{ start: run.start, end: run.end, newText: '%20' }], safe: false },
        });
      }
      if (to < end) {
        context.report({
          span: { start: to, end },
          linkId: link.id,
          message: `The URL ends with ${describe(text.slice(to, end))}: the tracker registers it as part of the URL. Remove it.`,
          fix: { description: 'Remove the trailing whitespace', edits: [{ start: to, end, newText: '' }], safe: true },
        });
      }
    }
  },
};
export default rule;

/** Every character isUrlSpace accepts: a quick test before walking a value character by character. */
const HAS_SPACE = /[\t-\r \u00a0\u2028\u2029\u3000\u200b-\u200d\u2060\ufeff]/;

/** A runaway value (an unclosed quote swallowing the page) would otherwise yield a finding per line. */
const MAX_INNER_RUNS = 10;

/** Runs of whitespace between `from` and `to` that are not inside personalization (segments are in order). */
function innerRuns(text: string, link: Link, from: number, to: number): Span[] {
  const runs: Span[] = [];
  let next = 0; // first segment that may still lie ahead
  for (let at = from; at < to && runs.length < MAX_INNER_RUNS; at++) {
    while (next < link.segments.length && link.segments[next]!.end <= at) next++;
    const segment = link.segments[next];
    if (segment && segment.start <= at) {
      at = segment.end - 1;
      continue;
    }
    if (!isUrlSpace(text.charCodeAt(at))) continue;
    const stop = segment ? Math.min(segment.start, to) : to;
    let runEnd = at + 1;
    while (runEnd < stop && isUrlSpace(text.charCodeAt(runEnd))) runEnd++;
    runs.push({ start: at, end: runEnd });
    at = runEnd - 1;
  }
  return runs;
}

function describe(whitespace: string): string {
  if (/[\r\n\u2028\u2029]/.test(whitespace)) return 'a line break';
  if (/^[\t ]+$/.test(whitespace)) return whitespace.length === 1 ? (whitespace === '\t' ? 'a tab' : 'a space') : 'spaces';
  return 'an invisible space character';
}
