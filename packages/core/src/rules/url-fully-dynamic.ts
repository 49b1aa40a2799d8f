// `href="{{action_url}}"`: the whole URL arrives at send time. The platform cannot tell where it
// leads, cannot register it as one trackable link, and skips or mangles it; nothing can be checked
// before sending either. Platform URLs typed by meaning (mirror page, unsubscribe) are the
// exception: the platform builds those itself.
import { builtinUrl } from '../platforms/index';
import type { Link, Rule, Segment } from '../types';
import { isClickable, isTypedNever, isWhollyPersonalization, trimmedSpan } from './helpers-url';

const rule: Rule = {
  id: 'url-fully-dynamic',
  defaultSeverity: 'error',
  scope: { tracking: ['source'] },
  description: 'The whole URL is one personalization value (`{{action_url}}`): it cannot be tracked or checked; start it with a fixed `https://host/`.',
  check(context) {
    for (const link of context.template.links) {
      // Opt-out and mirror-page links are answered by the platform's own pages, whatever the URL says.
      if (!isClickable(link) || link.tracking.source === 'builtin' || link.tracking.type === 'opt-out' || link.tracking.type === 'mirror-page' || isTypedNever(link)) continue;
      if (!isWhollyPersonalization(link) || link.segments.some(isPlatformGenerated)) continue;
      const values = link.segments.filter((segment) => segment.kind === 'output' || segment.kind === 'raw-output');
      if (values.length === 0) continue;
      const span = trimmedSpan(link);
      context.report({
        span,
        linkId: link.id,
        message: `${describe(link, values[0]!)} is the whole URL: ${context.template.platform.name} registers links from the template source, so it cannot register or track a link whose destination is unknown until send time, and it cannot be checked. Write the fixed part (https://host/path) in the template and personalize only the path or query.`,
      });
    }
  },
};
export default rule;

/** Built by the platform, or by a script call that url-script-generated reports. */
function isPlatformGenerated(segment: Segment): boolean {
  return segment.kind === 'directive' || builtinUrl(segment.expression) !== undefined || /\bgetURL\s*\(/.test(segment.expression);
}

function describe(link: Link, first: Segment): string {
  const written = link.raw.trim();
  return written.length <= 60 ? `"${written}"` : `"${first.open} ${first.expression.slice(0, 40)} ${first.close}"`;
}
