// A "bulletproof" button is written twice: a VML shape for Outlook inside `<!--[if mso]>` and an
// `<a>` for every other client right after it. When their URLs differ, Outlook readers land
// somewhere else than everyone else, and the two are counted as different links.
import type { Link, Rule } from '../types';
import { linkSpan } from './helpers-tracking';

/** How far after the VML shape its `<a>` twin may start: one button's markup, not the next section. */
const MAX_DISTANCE = 4000;

const rule: Rule = {
  id: 'vml-link-mismatch',
  defaultSeverity: 'warning',
  description: 'Bulletproof buttons whose Outlook VML href (<v:roundrect> in <!--[if mso]>) differs from the href of the <a> that follows it.',
  check(context) {
    const { links } = context.template;
    for (let i = 0; i < links.length; i++) {
      const shape = links[i]!;
      if (!shape.tag.startsWith('v:') || !shape.inConditionalComment) continue;
      const twin = nextAnchor(links, i);
      if (!twin || twin.tagSpan.start - shape.tagSpan.end > MAX_DISTANCE) continue;
      if (comparable(shape.raw) === comparable(twin.raw)) continue;
      const canCopy = shape.quote !== '' && !twin.raw.includes(shape.quote);
      context.report({
        span: linkSpan(shape),
        message: `Outlook's VML button goes to ${JSON.stringify(shape.raw)} but the <a> after it (line ${twin.start.line}) goes to ${JSON.stringify(twin.raw)}: Outlook readers get a different link. Use the same URL in both.`,
        linkId: shape.id,
        ...(canCopy
          ? { fix: { description: 'Copy the <a> URL into the VML button', edits: [{ ...shape.valueSpan, newText: twin.raw }], safe: false } }
          : {}),
      });
    }
  },
};
export default rule;

/** The first `<a>` after the shape (in `<!--[if !mso]>` or not), unless another VML shape comes first. */
function nextAnchor(links: readonly Link[], from: number): Link | undefined {
  for (let j = from + 1; j < links.length; j++) {
    const link = links[j]!;
    if (link.tag.startsWith('v:')) return undefined;
    if (link.tag === 'a') return link;
  }
  return undefined;
}

/** Spellings that reach the same URL: surrounding and template whitespace, `&amp;` for `&`. */
function comparable(raw: string): string {
  return raw.replace(/\s+/g, '').replace(/&amp;/gi, '&');
}
