// A "bulletproof" button is written twice: a VML shape for Outlook inside `<!--[if mso]>` and an
// `<a>` for every other client next to it, usually right after it, sometimes right before it. When
// their URLs differ, Outlook readers land somewhere else than everyone else, and the two are
// counted as different links.
import type { Link, Rule } from '../types';
import { linkSpan } from './helpers-tracking';

/** How far from the VML shape its `<a>` twin may be: one button's markup, not the next section. */
const MAX_DISTANCE = 4000;

const rule: Rule = {
  id: 'vml-link-mismatch',
  defaultSeverity: 'warning',
  description: 'Bulletproof buttons whose Outlook VML href (<v:roundrect> in <!--[if mso]>) differs from the href of the <a> next to it (the nearest one before or after).',
  check(context) {
    const { text, links } = context.template;
    for (let i = 0; i < links.length; i++) {
      const shape = links[i]!;
      if (!shape.tag.startsWith('v:') || !shape.inConditionalComment) continue;
      const twin = nearestTwin(text, links, i);
      if (!twin) continue;
      if (comparable(shape.raw) === comparable(twin.link.raw)) continue;
      const canCopy = shape.quote !== '' && !twin.link.raw.includes(shape.quote);
      context.report({
        span: linkSpan(shape),
        message: `Outlook's VML button goes to ${JSON.stringify(shape.raw)} but the <a> ${twin.side} it (line ${twin.link.start.line}) goes to ${JSON.stringify(twin.link.raw)}: Outlook readers get a different link. Use the same URL in both.`,
        linkId: shape.id,
        ...(canCopy
          ? { fix: { description: 'Copy the <a> URL into the VML button', edits: [{ ...shape.valueSpan, newText: twin.link.raw }], safe: false } }
          : {}),
      });
    }
  },
};
export default rule;

interface Twin {
  link: Link;
  side: 'before' | 'after';
}

/**
 * The `<a>` that belongs with the shape at `index`. Candidates are the nearest `<a>` after it and
 * the nearest before it, with no other VML shape in between. The markup between a button's two
 * halves closes no element outside the conditional comments (`<![endif]-->` at most), while the
 * markup between two buttons does (`</div><div>`, `</td></tr>`). So an `<a>` before the shape counts
 * only when nothing is closed in between; of two candidates, the one with fewer closed elements in
 * between wins, then the one with less markup in between, then the one after (the usual order).
 */
function nearestTwin(text: string, links: readonly Link[], index: number): Twin | undefined {
  const shape = links[index]!;
  const after = adjacentAnchor(links, index, 1);
  const before = adjacentAnchor(links, index, -1);
  const afterGap = after && after.tagSpan.start - shape.tagSpan.end <= MAX_DISTANCE
    ? measureGap(text, elementEnd(text, shape, after.tagSpan.start), after.tagSpan.start, true)
    : undefined;
  const beforeGap = before && shape.tagSpan.start - before.tagSpan.end <= MAX_DISTANCE
    ? measureGap(text, elementEnd(text, before, shape.tagSpan.start), shape.tagSpan.start, before.inConditionalComment)
    : undefined;
  const beforeCounts = beforeGap !== undefined && beforeGap.closed === 0;
  if (after && afterGap && !(beforeCounts && isCloser(beforeGap, afterGap))) return { link: after, side: 'after' };
  if (before && beforeCounts) return { link: before, side: 'before' };
  return undefined;
}

function isCloser(a: Gap, b: Gap): boolean {
  return a.closed < b.closed || (a.closed === b.closed && a.markup < b.markup);
}

/** The nearest `<a>` in `direction`, unless another VML shape comes first. */
function adjacentAnchor(links: readonly Link[], from: number, direction: 1 | -1): Link | undefined {
  for (let j = from + direction; j >= 0 && j < links.length; j += direction) {
    const link = links[j]!;
    if (link.tag.startsWith('v:')) return undefined;
    if (link.tag === 'a') return link;
  }
  return undefined;
}

/** Where the element of `link` ends: after its end tag when that comes before `limit`, else after its start tag. */
function elementEnd(text: string, link: Link, limit: number): number {
  const from = link.tagSpan.end;
  if (limit <= from) return from;
  const close = text.slice(from, limit).toLowerCase().indexOf(`</${link.tag}`);
  if (close === -1) return from;
  const end = text.indexOf('>', from + close);
  return end === -1 || end >= limit ? from : end + 1;
}

interface Gap {
  /** End tags outside conditional comments (`</div>`, `</td>`): elements closed between the two. */
  closed: number;
  /** Characters of markup, whitespace aside. */
  markup: number;
}

/** Walks the markup between two elements once; `inConditional` says whether it starts inside `<!--[if ...]>`. */
function measureGap(text: string, from: number, to: number, inConditional: boolean): Gap {
  const gap: Gap = { closed: 0, markup: 0 };
  let inside = inConditional;
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code === 32 || (code >= 9 && code <= 13)) continue;
    gap.markup++;
    if (code !== 0x3c /* < */) continue;
    if (text.startsWith('<!--[if', at)) inside = true;
    else if (text.startsWith('<![endif]', at) || text.startsWith('<!--<![endif]', at)) inside = false;
    else if (!inside && text.charAt(at + 1) === '/' && !/^<\/(?:a[\s>]|v:)/i.test(text.slice(at, at + 5))) gap.closed++;
  }
  return gap;
}

/** Spellings that reach the same URL: surrounding and template whitespace, `&amp;` for `&`. */
function comparable(raw: string): string {
  return raw.replace(/\s+/g, '').replace(/&amp;/gi, '&');
}
