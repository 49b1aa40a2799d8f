// A personalized URL is tracked by a redirect that carries its own `id` query parameter (the
// link's identifier) and appends the personalized URL's parameters to it: a parameter of the
// link also named `id` collides with it, so the click is misattributed or the target loses it.
import type { Rule } from '../types';
import { isClickable, isTypedNever } from './helpers-url';

const RESERVED = new Set(['id']);

const rule: Rule = {
  id: 'url-param-reserved',
  defaultSeverity: 'warning',
  scope: { tracking: ['source'] },
  description: 'A query parameter named `id` in a personalized URL clashes with the tracking redirect\'s own `id`.',
  check(context) {
    for (const link of context.template.links) {
      if (!isClickable(link) || isTypedNever(link) || link.tracking.source === 'untrackable') continue;
      if (!link.segments.some((segment) => segment.kind !== 'code')) continue;
      for (const param of link.url.params) {
        const name = param.name.trim().toLowerCase();
        if (!RESERVED.has(name) || param.nameSpan.end <= param.nameSpan.start) continue;
        context.report({
          span: param.nameSpan,
          linkId: link.id,
          message: `The query parameter "${param.name}" clashes with the "id" parameter of the platform's tracking redirect for personalized URLs: the click can be attributed to the wrong link or the target page can lose the value. Rename the parameter (e.g. "${param.name}_ref" or a name the target page reads).`,
        });
      }
    }
  },
};
export default rule;
