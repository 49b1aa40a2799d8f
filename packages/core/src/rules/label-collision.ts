// A label names one link in the reports: used on links to different URLs, the platform files all
// their clicks under that one name and the per-URL figures are lost.
import type { Link, Rule } from '../types';
import { excerpt, hasLinkTableEntry, urlKey } from './helpers-markup';

const rule: Rule = {
  id: 'label-collision',
  defaultSeverity: 'warning',
  scope: { labels: true },
  description: 'One label is used on links to different URLs: their clicks are merged under that label',
  check(context) {
    const firstByLabel = new Map<string, { link: Link; key: string }>();
    for (const link of context.template.links) {
      const attribute = link.tracking.labelAttribute;
      const label = link.tracking.label?.trim();
      if (!hasLinkTableEntry(link) || !attribute || !label) continue;
      // A label computed per recipient (`data-label="{{x}}"`) cannot be compared here.
      if (/<%|\{\{|\{%|\*\|/.test(label)) continue;
      const key = urlKey(link);
      const first = firstByLabel.get(label);
      if (!first) {
        firstByLabel.set(label, { link, key });
        continue;
      }
      if (first.key === key) continue; // same URL, same label: duplicate-url-label's case
      context.report({
        span: attribute.valueSpan,
        linkId: link.id,
        message: `The label "${label}" is already used on line ${first.link.start.line} for ${excerpt(first.link.raw)}; here it names ${excerpt(link.raw)}: clicks on both are counted under one label. Give this link its own label.`,
      });
    }
  },
};
export default rule;
