// Tracking platforms register a limited number of links per message; links past the limit are
// sent untracked (or the delivery is refused), so clicks on them are never counted.
import type { Rule } from '../types';
import { linkSpan } from './helpers-tracking';

const DEFAULT_MAX_LINKS = 100;

const rule: Rule = {
  id: 'link-count',
  defaultSeverity: 'warning',
  scope: { tracking: ['source', 'rendered'] },
  description: 'More tracked links than tracking platforms accept in one message (maxLinks, default 100): the ones past the limit go untracked.',
  check(context) {
    const { maxLinks } = context.options;
    const limit = typeof maxLinks === 'number' && Number.isFinite(maxLinks) && maxLinks >= 1 ? Math.floor(maxLinks) : DEFAULT_MAX_LINKS;
    // The platform registers every link it rewrites: tracked, opt-out and mirror-page links, not images or Never links.
    const registered = context.template.links.filter((link) => link.kind !== 'image' && link.tracking.type !== 'never');
    if (registered.length <= limit) return;
    const first = registered[limit]!;
    const over = registered.length - limit;
    context.report({
      span: linkSpan(first),
      message: `This message has ${registered.length} tracked links; tracking platforms accept at most ${limit}, so from this one on (link ${limit + 1}) ${over === 1 ? 'one link' : `${over} links`} would go untracked. Remove links, or type secondary ones never (data-tracking="never").`,
      linkId: first.id,
    });
  },
};
export default rule;
