// Browsers forgive spaces around an href, trackers do not: the platform registers the URL as
// written, so a leading space or a line break from a wrapped line ends up percent-encoded in the
// redirect target or splits the URL. Whitespace inside personalization is the template's own.
// One finding per URL, however many runs of whitespace it has; a phone number with spaces works
// (dialers ignore them, phone links are not tracked) and is only a hint.
import type { Fix, Link, Rule, Span } from '../types';
import { excerpt, hasUrlSpace, isUrlSpace, trimmedSpan } from './helpers-url';

const rule: Rule = {
  id: 'url-whitespace',
  defaultSeverity: 'warning',
  description: 'Whitespace or line breaks at the start, end or inside a URL (one finding per URL): trackers register the URL as written, spaces included. Spaces in a `tel:` number are only a hint.',
  check(context) {
    const { text } = context.template;
    for (const link of context.template.links) {
      const { start, end } = link.valueSpan;
      const { start: from, end: to } = trimmedSpan(link);
      if (from === to) continue; // a blank value is url-malformed's (empty URL)
      const leading = from > start ? { start, end: from } : undefined;
      const trailing = to < end ? { start: to, end } : undefined;
      // A quick test, gap by gap between segments, before walking the value character by character.
      const inner = hasSpaceOutsideSegments(text, link, from, to) ? innerRuns(text, link, from, to) : NO_RUNS;
      if (!leading && !trailing && inner.length === 0) continue; // nearly every link: nothing built
      const runs = [...(leading ? [leading] : []), ...inner, ...(trailing ? [trailing] : [])];
      const span = { start: runs[0]!.start, end: runs[runs.length - 1]!.end };
      if (isDialable(text, link, runs)) {
        const number = text.slice(from, to);
        context.report({
          span,
          linkId: link.id,
          severity: 'info',
          message: `The phone link ${JSON.stringify(excerpt(number))} has spaces: phones dial it anyway, but it is not a valid ${link.url.scheme}: URL and some mail clients cut the link at the first space. Write the number without spaces (${excerpt(number.replace(/[\t\n\r ]+/g, ''))}).`,
          fix: { description: 'Remove the spaces from the number', edits: runs.map((run) => ({ ...run, newText: '' })), safe: true },
        });
        continue;
      }
      context.report({ span, linkId: link.id, ...describeRuns(text, leading, inner, trailing) });
    }
  },
};
export default rule;

/**
 * A `tel:`, `sms:` or `callto:` link whose only whitespace is spaces, tabs and line breaks: URL
 * parsers drop tabs and line breaks, dialers ignore spaces, and no platform tracks phone links.
 * Non-breaking or zero-width spaces are not dropped by anyone and stay a warning.
 */
function isDialable(text: string, link: Link, runs: readonly Span[]): boolean {
  if (link.url.scheme !== 'tel' && link.url.scheme !== 'sms' && link.url.scheme !== 'callto') return false;
  return runs.every((run) => /^[\t\n\r ]+$/.test(text.slice(run.start, run.end)));
}

/** One message and fix for all the whitespace of a URL. */
function describeRuns(text: string, leading: Span | undefined, inner: readonly Span[], trailing: Span | undefined): { message: string; fix: Fix } {
  const breaks = inner.filter((run) => LINE_BREAK.test(text.slice(run.start, run.end)));
  const spaces = inner.filter((run) => !breaks.includes(run));
  const what: string[] = [];
  if (leading) what.push(`starts with ${describe(text.slice(leading.start, leading.end))}`);
  if (breaks.length) what.push('is broken across lines');
  if (spaces.length === 1) what.push(`contains ${describe(text.slice(spaces[0]!.start, spaces[0]!.end))}`);
  if (spaces.length > 1) what.push(`contains whitespace in ${inner.length >= MAX_INNER_RUNS ? 'many' : spaces.length} places`);
  if (trailing) what.push(`ends with ${describe(text.slice(trailing.start, trailing.end))}`);
  const why = breaks.length
    ? 'the line break and indentation become part of the URL and break it'
    : spaces.length
      ? 'it is sent as %20 or cuts the URL short'
      : `the tracker registers ${leading && trailing ? 'them' : 'it'} as part of the URL`;
  const how: string[] = [];
  if (leading || trailing) how.push(`remove ${leading && trailing ? 'them' : 'it'}`);
  if (breaks.length) how.push('join the URL on one line');
  if (spaces.length) how.push(`${leading || trailing ? 'inside, ' : ''}remove the space or write %20 if the target really expects one`);
  const advice = how.join('; ');
  const message = `The URL ${joinPhrases(what)}: ${why}. ${advice.charAt(0).toUpperCase()}${advice.slice(1)}.`;
  // Whitespace around the URL is removed safely first (--fix); what is inside is a judgement, offered once the edges are clean.
  const edges = [leading, trailing].filter((run): run is Span => run !== undefined);
  const fix: Fix = edges.length
    ? { description: edges.length === 2 ? 'Remove the leading and trailing whitespace' : leading ? 'Remove the leading whitespace' : 'Remove the trailing whitespace', edits: edges.map((run) => ({ ...run, newText: '' })), safe: true }
    : {
      description: breaks.length && !spaces.length ? 'Join the URL on one line' : !breaks.length ? 'Encode the space as %20' : 'Join the URL on one line and encode the spaces as %20',
      edits: inner.map((run) => ({ ...run, newText: breaks.includes(run) ? '' : '%20' })),
      safe: false,
    };
  return { message, fix };
}

const LINE_BREAK = /[\r\n\u2028\u2029]/;

function joinPhrases(phrases: readonly string[]): string {
  return phrases.length <= 1 ? phrases.join('') : `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
}

const NO_RUNS: readonly Span[] = [];

/** A runaway value (an unclosed quote swallowing the page) would otherwise yield a finding per line. */
const MAX_INNER_RUNS = 10;

/** Whether innerRuns would find a run: whitespace in [from, to) outside every segment of the link. */
function hasSpaceOutsideSegments(text: string, link: Link, from: number, to: number): boolean {
  let at = from;
  for (const segment of link.segments) {
    if (segment.end <= at) continue;
    if (segment.start >= to) break;
    if (segment.start > at && hasUrlSpace(text, at, segment.start)) return true;
    at = Math.max(at, segment.end);
  }
  return at < to && hasUrlSpace(text, at, to);
}

/** Runs of whitespace between `from` and `to` that are not inside personalization (segments are in order). */
function innerRuns(text: string, link: Link, from: number, to: number): Span[] {
  const runs: Span[] = [];
  const segments = link.segments; // read once: the loop below visits every character of the value
  let next = 0; // first segment that may still lie ahead
  for (let at = from; at < to && runs.length < MAX_INNER_RUNS; at++) {
    while (next < segments.length && segments[next]!.end <= at) next++;
    const segment = segments[next];
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
  if (LINE_BREAK.test(whitespace)) return 'a line break';
  if (/^[\t ]+$/.test(whitespace)) return whitespace.length === 1 ? (whitespace === '\t' ? 'a tab' : 'a space') : 'spaces';
  return 'an invisible space character';
}
