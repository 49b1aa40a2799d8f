// A `#fragment` written after personalization: click trackers put the personalized URL behind a
// redirect and rebuild it per recipient, and many of them drop or percent-encode the fragment.
import type { Rule } from '../types';
import { excerpt, staticValue } from './helpers-markup';

const rule: Rule = {
  id: 'url-fragment-after-personalization',
  defaultSeverity: 'warning',
  scope: { tracking: ['source', 'rendered'] },
  description: 'A #fragment after personalization in a tracked URL: many click trackers drop or mangle it',
  check(context) {
    for (const link of context.template.links) {
      if (link.tracking.type !== 'tracked' || link.segments.length === 0) continue;
      const hash = fragmentStart(staticValue(link));
      if (hash === -1) continue;
      const hashOffset = link.valueSpan.start + hash;
      const before = link.segments.find((segment) => segment.end <= hashOffset);
      if (!before) continue;
      const end = link.valueSpan.start + link.raw.trimEnd().length;
      context.report({
        span: { start: hashOffset, end: Math.max(end, hashOffset + 1) },
        linkId: link.id,
        message: `The fragment ${excerpt(link.raw.slice(hash).trim())} comes after personalization (${excerpt(link.raw.slice(before.start - link.valueSpan.start, before.end - link.valueSpan.start), 40)}): click trackers often drop or encode it when they rebuild the URL, so the recipient lands at the top of the page. Let the landing page scroll from a query parameter instead, or set this link to Never.`,
      });
    }
  },
};
export default rule;

/** Offset of the `#` that starts the fragment, skipping `&#39;`-style character references; -1 if none. */
function fragmentStart(value: string): number {
  for (let at = value.indexOf('#'); at !== -1; at = value.indexOf('#', at + 1)) {
    if (value.charAt(at - 1) !== '&') return at;
  }
  return -1;
}
