// Whether a rule holds for a template: its platform's tracking model and features, and whether
// the template is a whole message. Rules declare this as data (`Rule.scope`); this reads it.
import { PLATFORMS } from './platforms/index';
import type { RuleScope, Template } from './types';
import { attributeNamed } from './tracking';

/**
 * `configured`: the user set the rule's severity, which means "run it here" even where the
 * platform makes it moot; a partial still has no message-level findings.
 */
export function ruleApplies(scope: RuleScope | undefined, template: Template, configured: boolean): boolean {
  if (!scope) return true;
  if (scope.message && !template.wholeMessage) return false;
  if (configured) return true;
  const { platform } = template;
  if (scope.tracking && !scope.tracking.includes(platform.tracking)) return false;
  if (scope.platforms && !scope.platforms.includes(platform.id)) return false;
  if (scope.labels && !platform.labels && !template.links.some((link) => link.tracking.labelAttribute)) return false;
  if (scope.typedLinks && !platform.typesLinks && !template.links.some(isTypedByAttribute)) return false;
  return true;
}

/** The author typed this link in the source (data-tracking, _type): they work with typed links. */
function isTypedByAttribute(link: Template['links'][number]): boolean {
  return link.tracking.source === 'attribute' || link.tracking.source === 'alias' || attributeNamed(link, 'data-tracking') !== undefined;
}

/** The platforms a scope holds on, for the README table and docs: "all", or their names. */
export function scopeSummary(scope: RuleScope | undefined): string {
  if (!scope || (!scope.tracking && !scope.platforms && !scope.labels && !scope.typedLinks)) return 'all';
  const names = PLATFORMS.filter((platform) => platform.id !== 'generic')
    .filter((platform) => !scope.tracking || scope.tracking.includes(platform.tracking))
    .filter((platform) => !scope.platforms || scope.platforms.includes(platform.id))
    .filter((platform) => !scope.labels || platform.labels)
    .filter((platform) => !scope.typedLinks || platform.typesLinks)
    .map((platform) => platform.name);
  const extra = scope.labels ? ' (elsewhere: templates that label links)' : scope.typedLinks ? ' (elsewhere: templates that type links)' : '';
  return `${names.join(', ')}${extra}`;
}
