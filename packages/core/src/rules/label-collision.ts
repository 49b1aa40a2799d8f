// A label names one link in the reports: used on links to different URLs, the platform files all
// their clicks under that one name and the per-URL figures are lost.
import type { IncrementalRuleForm, Link, LinkTally, Rule, RuleContext, TalliedLink } from '../types';
import { excerpt, hasLinkTableEntry, urlKey } from './helpers-markup';
import { LinkGroups } from './helpers-tally';

const rule: Rule = {
  id: 'label-collision',
  defaultSeverity: 'warning',
  scope: { labels: true },
  description: 'One label is used on links to different URLs: their clicks are merged under that label',
  check(context) {
    const firstByLabel = new Map<string, { link: Link; key: string }>();
    for (const link of context.template.links) {
      const labelled = labelledEntry(link);
      if (!labelled) continue;
      const first = firstByLabel.get(labelled.label);
      if (!first) {
        firstByLabel.set(labelled.label, { link, key: labelled.key });
        continue;
      }
      if (first.key !== labelled.key) reportCollision(context, link, first.link, labelled.label);
    }
  },
  incremental: {
    collect: labelledEntry,
    tally: () => new LabelTally(),
  } satisfies IncrementalRuleForm<LabelledEntry | undefined>,
};
export default rule;

interface LabelledEntry {
  label: string;
  key: string;
}

/** The label and URL key of a tracked link labelled by an attribute with a static label; else undefined. */
function labelledEntry(link: Link): LabelledEntry | undefined {
  const label = link.tracking.label?.trim();
  if (!hasLinkTableEntry(link) || !link.tracking.labelAttribute || !label) return undefined;
  // A label computed per recipient (`data-label="{{x}}"`) cannot be compared here.
  if (/<%|\{\{|\{%|\*\|/.test(label)) return undefined;
  return { label, key: urlKey(link) };
}

/** Same URL, same label is duplicate-url-label's case: only a different URL than the label's first link's collides. */
function reportCollision(context: RuleContext, link: Link, first: Link, label: string): void {
  context.report({
    span: link.tracking.labelAttribute!.valueSpan,
    linkId: link.id,
    message: `The label "${label}" is already used on line ${first.start.line} for ${excerpt(first.raw)}; here it names ${excerpt(link.raw)}: clicks on both are counted under one label. Give this link its own label.`,
  });
}

/** The links of each label, kept as links come and go: a report visits only labels on two links or more. */
class LabelTally implements LinkTally<LabelledEntry | undefined> {
  private readonly byLabel = new LinkGroups<LabelledEntry | undefined>();

  add(tallied: TalliedLink<LabelledEntry | undefined>): void {
    if (tallied.fact) this.byLabel.add(tallied.fact.label, tallied);
  }

  remove(tallied: TalliedLink<LabelledEntry | undefined>): void {
    if (tallied.fact) this.byLabel.remove(tallied.fact.label, tallied);
  }

  report(context: RuleContext): void {
    const groups = this.byLabel.sharedGroups();
    if (groups.length === 0) return;
    // In document order, as check() reports them.
    const collisions: { tallied: TalliedLink<LabelledEntry | undefined>; first: Link }[] = [];
    for (const ordered of groups) {
      const key = ordered[0]!.fact!.key;
      for (let i = 1; i < ordered.length; i++) if (ordered[i]!.fact!.key !== key) collisions.push({ tallied: ordered[i]!, first: ordered[0]!.link });
    }
    collisions.sort((a, b) => a.tallied.index - b.tallied.index);
    for (const { tallied, first } of collisions) reportCollision(context, tallied.link, first, tallied.fact!.label);
  }
}
