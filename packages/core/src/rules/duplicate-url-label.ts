// The platform keys its link table by URL (and label): two tracked links to the same URL with no
// distinct label become one entry, so the report cannot say which of them was clicked.
import { setTracking } from '../tracking';
import type { Link, Rule } from '../types';
import { attributeStyleOf, excerpt, hasLinkTableEntry, isWhollyPersonalized, urlKey } from './helpers-markup';

const rule: Rule = {
  id: 'duplicate-url-label',
  defaultSeverity: 'warning',
  scope: { labels: true },
  description: 'The same tracked URL appears more than once without distinct labels: clicks on the copies cannot be told apart',
  check(context) {
    const { text, links } = context.template;
    /** Earlier occurrences of each URL, by label ('' for none). */
    const seen = new Map<string, Map<string, Link>>();
    let labels: LabelSuggester | undefined; // built at the first duplicate: most templates have none
    for (const link of links) {
      // Bare URLs of a text part cannot carry a label: nothing to suggest there.
      if (!hasLinkTableEntry(link) || link.kind === 'text-url' || link.raw.trim() === '' || isWhollyPersonalized(link)) continue;
      const key = urlKey(link);
      const label = link.tracking.label?.trim() ?? '';
      let byLabel = seen.get(key);
      if (!byLabel) seen.set(key, (byLabel = new Map()));
      const first = byLabel.get(label);
      if (!first) {
        byLabel.set(label, link);
        continue;
      }
      const fresh = (labels ??= new LabelSuggester(links)).next(link);
      const edits = setTracking(text, link, { label: fresh }, { style: attributeStyleOf(link) });
      context.report({
        span: link.valueSpan,
        linkId: link.id,
        message: `${excerpt(link.raw)} is already linked on line ${first.start.line} ${label ? `with the same label "${label}"` : 'without a label'}: the platform counts both as one link. Give each copy a distinct ${context.template.platform.labels?.attribute ?? 'data-label'} (for example "${fresh}").`,
        ...(edits.length ? { fix: { description: `Label this link "${fresh}"`, edits, safe: false } } : {}),
      });
    }
  },
};
export default rule;

/** Labels not used anywhere in the template, from the link text when it has one. */
class LabelSuggester {
  private readonly inUse: Set<string>;
  /** Next numeric suffix to try per base, so many copies stay linear. */
  private readonly nextSuffix = new Map<string, number>();

  constructor(links: readonly Link[]) {
    this.inUse = new Set(links.map((link) => link.tracking.label?.trim()).filter((label): label is string => !!label));
  }

  next(link: Link): string {
    const base = link.text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 32).replace(/-$/, '') || 'link';
    let candidate = base;
    let suffix = this.nextSuffix.get(base) ?? 2;
    while (this.inUse.has(candidate)) candidate = `${base}-${suffix++}`;
    this.nextSuffix.set(base, suffix);
    this.inUse.add(candidate);
    return candidate;
  }
}
