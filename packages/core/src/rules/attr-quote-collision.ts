// `href="<%= f("a") %>"`: the template engine reads the expression whole, but the platform's link
// detection and every HTML tool that runs before personalization end the attribute at the inner
// quote, so the link is cut (or mangled by the tracker) before it is ever personalized.
import type { Attribute, Dialect, Fix, Rule, Segment } from '../types';
import { excerpt } from './helpers-markup';

/**
 * Dialects whose documented link syntax puts quotes inside a quoted href, because the platform
 * renders the template before any HTML parsing (listmonk: `href="{{ TrackLink "url" }}"`).
 */
const RENDERED_FIRST: ReadonlySet<Dialect> = new Set(['listmonk']);

const rule: Rule = {
  id: 'attr-quote-collision',
  defaultSeverity: 'warning',
  scope: { tracking: ['source'] },
  description: 'A personalization expression uses the quote character of its attribute (`href="<%= f("a") %>"`): HTML tools cut the value there',
  check(context) {
    const { text, segments } = context.template;
    if (segments.length === 0) return;
    for (const link of context.template.links) {
      for (const attribute of link.attributes) {
        const quote = attribute.quote;
        if (!quote || attribute.valueSpan.end <= attribute.valueSpan.start) continue;
        // Segments starting inside the value (they are sorted by start), read in place: no list per attribute.
        let index = 0;
        for (let i = firstSegmentFrom(segments, attribute.valueSpan.start); i < segments.length && segments[i]!.start < attribute.valueSpan.end; i++) {
          const segment = segments[i]!;
          if (!segment.closed || RENDERED_FIRST.has(segment.dialect) || !includesWithin(text, quote, segment.start, segment.end)) continue;
          context.report({
            span: { start: segment.start, end: segment.end },
            linkId: link.id,
            message: `The expression ${excerpt(text.slice(segment.start, segment.end), 60, '`')} contains the character ${quote}, which also delimits the ${attribute.name} attribute: HTML parsers and link trackers end the value at that quote. Quote the attribute with ${otherQuote(quote)} or use ${otherQuote(quote)} inside the expression.`,
            ...(index++ === 0 ? switchQuotesFix(text, attribute, quote) : {}),
          });
        }
      }
    }
  },
};
export default rule;

function otherQuote(quote: '"' | "'"): '"' | "'" {
  return quote === '"' ? "'" : '"';
}

/** The index of the first segment starting at or after `start` (segments are sorted by start). */
function firstSegmentFrom(segments: readonly Segment[], start: number): number {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (segments[mid]!.start < start) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `text.slice(start, end).includes(char)` without the slice. */
function includesWithin(text: string, char: string, start: number, end: number): boolean {
  const code = char.charCodeAt(0);
  for (let at = start; at < end; at++) if (text.charCodeAt(at) === code) return true;
  return false;
}

/** Switching the outer quotes keeps the value as written, but changes how every tool reads it: not safe. */
function switchQuotesFix(text: string, attribute: Attribute, quote: '"' | "'"): { fix?: Fix } {
  const other = otherQuote(quote);
  const open = attribute.valueSpan.start - 1;
  const close = attribute.valueSpan.end;
  if (attribute.value.includes(other) || text.charAt(open) !== quote || text.charAt(close) !== quote) return {};
  return {
    fix: {
      description: `Quote the ${attribute.name} attribute with ${other}`,
      edits: [
        { start: open, end: open + 1, newText: other },
        { start: close, end: close + 1, newText: other },
      ],
      safe: false,
    },
  };
}
