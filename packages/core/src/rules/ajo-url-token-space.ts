// `{{ profile.x }}` works in a Journey Optimizer body, but inside a URL the spaces are part of the
// URL as the tracker sees it: it encodes them or cuts the URL there, so the recipient gets a broken link.
import type { Rule, Segment } from '../types';
import { isSimplePath } from './helpers-tracking';

const rule: Rule = {
  id: 'ajo-url-token-space',
  defaultSeverity: 'warning',
  scope: { platforms: ['journey-optimizer'] },
  description: 'Spaces inside Journey Optimizer {{ }} tokens in a URL ({{ profile.x }}), which the click tracker mangles; the fix writes {{profile.x}}.',
  check(context) {
    const { text } = context.template;
    for (const link of context.template.links) {
      if (link.kind !== 'link') continue;
      for (const segment of link.segments) {
        if (!isSpacedToken(text, segment)) continue;
        const inner = text.slice(segment.start + segment.open.length, segment.end - segment.close.length).trim();
        const tight = `${segment.open}${inner}${segment.close}`;
        context.report({
          span: segment,
          message: `Spaces inside ${segment.open} ${segment.close} in a URL: Journey Optimizer's click tracker treats them as part of the URL and mangles it. Write ${tight}.`,
          linkId: link.id,
          fix: { description: `Write ${tight}`, edits: [{ start: segment.start, end: segment.end, newText: tight }], safe: true },
        });
      }
    }
  },
};
export default rule;

/** A closed `{{ path }}` / `{{{ path }}}` token with whitespace just inside a delimiter (whitespace control `~` aside). */
function isSpacedToken(text: string, segment: Segment): boolean {
  if (segment.dialect !== 'handlebars' || !segment.closed || segment.kind === 'code') return false;
  if (segment.open !== '{{' && segment.open !== '{{{') return false;
  const inner = text.slice(segment.start + segment.open.length, segment.end - segment.close.length);
  if (inner === inner.trim() || /^\s*~|~\s*$/.test(inner)) return false;
  return isSimplePath(inner.trim());
}
