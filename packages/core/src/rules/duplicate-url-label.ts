// The platform keys its link table by URL (and label): two tracked links to the same URL with no
// distinct label become one entry, so the report cannot say which of them was clicked.
import { setTracking } from '../tracking';
import type { IncrementalRuleForm, Link, LinkTally, Rule, RuleContext, TalliedLink } from '../types';
import { attributeStyleOf, excerpt, hasLinkTableEntry, isWhollyPersonalized, urlKey } from './helpers-markup';
import { LinkGroups } from './helpers-tally';

const rule: Rule = {
  id: 'duplicate-url-label',
  defaultSeverity: 'warning',
  scope: { labels: true },
  description: 'The same tracked URL appears more than once without distinct labels: clicks on the copies cannot be told apart',
  check(context) {
    const { links } = context.template;
    /** Earlier occurrences of each URL, by label ('' for none). */
    const seen = new Map<string, Map<string, Link>>();
    let labels: LabelSuggester | undefined; // built at the first duplicate: most templates have none
    for (const link of links) {
      const entry = linkTableEntry(link);
      if (!entry) continue;
      let byLabel = seen.get(entry.key);
      if (!byLabel) seen.set(entry.key, (byLabel = new Map()));
      const first = byLabel.get(entry.label);
      if (!first) {
        byLabel.set(entry.label, link);
        continue;
      }
      if (!labels) {
        const inUse = new Set(links.map(labelOf).filter((label): label is string => label !== undefined));
        labels = new LabelSuggester((label) => inUse.has(label));
      }
      reportDuplicate(context, link, first, entry.label, labels);
    }
  },
  incremental: {
    collect: factOf,
    tally: () => new DuplicateTally(),
  } satisfies IncrementalRuleForm<DuplicateFact>,
};
export default rule;

/** What the rule reads of a link: its link-table entry (URL key and label) and the label it uses. */
interface DuplicateFact {
  /** Undefined for links that get no entry of their own (untracked, bare, wholly personalized). */
  entry: { key: string; label: string } | undefined;
  /** The entry as one string, unambiguous whatever the URL and label hold. */
  entryKey: string | undefined;
  /** The link's label, trimmed, when it has a non-empty one: fresh labels must avoid it. */
  label: string | undefined;
}

function factOf(link: Link): DuplicateFact {
  const entry = linkTableEntry(link);
  return { entry, entryKey: entry && JSON.stringify([entry.key, entry.label]), label: labelOf(link) };
}

function linkTableEntry(link: Link): { key: string; label: string } | undefined {
  // Bare URLs of a text part cannot carry a label: nothing to suggest there.
  if (!hasLinkTableEntry(link) || link.kind === 'text-url' || link.raw.trim() === '' || isWhollyPersonalized(link)) return undefined;
  return { key: urlKey(link), label: link.tracking.label?.trim() ?? '' };
}

function labelOf(link: Link): string | undefined {
  return link.tracking.label?.trim() || undefined;
}

function reportDuplicate(context: RuleContext, link: Link, first: Link, label: string, labels: LabelSuggester): void {
  const fresh = labels.next(link);
  const edits = setTracking(context.template.text, link, { label: fresh }, { style: attributeStyleOf(link) });
  context.report({
    span: link.valueSpan,
    linkId: link.id,
    message: `${excerpt(link.raw)} is already linked on line ${first.start.line} ${label ? `with the same label "${label}"` : 'without a label'}: the platform counts both as one link. Give each copy a distinct ${context.template.platform.labels?.attribute ?? 'data-label'} (for example "${fresh}").`,
    ...(edits.length ? { fix: { description: `Label this link "${fresh}"`, edits, safe: false } } : {}),
  });
}

/**
 * The links of each link-table entry and how many links use each label, kept as links come and
 * go: a report visits only the entries held by two links or more.
 */
class DuplicateTally implements LinkTally<DuplicateFact> {
  private readonly entries = new LinkGroups<DuplicateFact>();
  private readonly labelUses = new Map<string, number>();

  add(tallied: TalliedLink<DuplicateFact>): void {
    const { entryKey, label } = tallied.fact;
    if (label !== undefined) this.labelUses.set(label, (this.labelUses.get(label) ?? 0) + 1);
    if (entryKey !== undefined) this.entries.add(entryKey, tallied);
  }

  remove(tallied: TalliedLink<DuplicateFact>): void {
    const { entryKey, label } = tallied.fact;
    if (label !== undefined) {
      const uses = this.labelUses.get(label)! - 1;
      if (uses === 0) this.labelUses.delete(label);
      else this.labelUses.set(label, uses);
    }
    if (entryKey !== undefined) this.entries.remove(entryKey, tallied);
  }

  report(context: RuleContext): void {
    const groups = this.entries.sharedGroups();
    if (groups.length === 0) return;
    // check() reports each copy after the first, in document order (fresh labels depend on it).
    const copies: { tallied: TalliedLink<DuplicateFact>; first: Link }[] = [];
    for (const ordered of groups) {
      for (let i = 1; i < ordered.length; i++) copies.push({ tallied: ordered[i]!, first: ordered[0]!.link });
    }
    copies.sort((a, b) => a.tallied.index - b.tallied.index);
    const labels = new LabelSuggester((label) => this.labelUses.has(label));
    for (const { tallied, first } of copies) reportDuplicate(context, tallied.link, first, tallied.fact.entry!.label, labels);
  }
}

/** Labels not used anywhere in the template, from the link text when it has one. */
class LabelSuggester {
  /** Labels suggested so far: each copy gets its own. */
  private readonly suggested = new Set<string>();
  /** Next numeric suffix to try per base, so many copies stay linear. */
  private readonly nextSuffix = new Map<string, number>();

  /** `inTemplate`: whether a link of the template uses the label. */
  constructor(private readonly inTemplate: (label: string) => boolean) {}

  next(link: Link): string {
    const base = link.text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 32).replace(/-$/, '') || 'link';
    let candidate = base;
    let suffix = this.nextSuffix.get(base) ?? 2;
    while (this.inTemplate(candidate) || this.suggested.has(candidate)) candidate = `${base}-${suffix++}`;
    this.nextSuffix.set(base, suffix);
    this.suggested.add(candidate);
    return candidate;
  }
}
