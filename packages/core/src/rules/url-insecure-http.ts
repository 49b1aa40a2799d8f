// A plain `http://` link is sent in clear text from the redirect onwards, is shown as "not secure"
// by browsers, and is scored by spam filters; most sites answer on https:// as well.
import type { Rule } from '../types';
import { excerpt, isClickable, trimmedSpan } from './helpers-url';

const rule: Rule = {
  id: 'url-insecure-http',
  defaultSeverity: 'warning',
  description: 'A plain `http://` link: insecure, flagged by browsers and spam filters; use `https://`.',
  check(context) {
    const { text } = context.template;
    for (const link of context.template.links) {
      if (!isClickable(link) || link.url.scheme !== 'http') continue;
      const span = trimmedSpan(link);
      const schemeSpan = link.url.spans.scheme;
      context.report({
        span,
        linkId: link.id,
        message: `"${excerpt(text.slice(span.start, span.end))}" uses plain http://: browsers show it as not secure and spam filters score it. Use https:// (check the site answers on it).`,
        ...(schemeSpan ? {
          fix: {
            description: 'Use https://',
            edits: [{ start: schemeSpan.start, end: schemeSpan.end, newText: 'https' }],
            // The site may not serve https, so the change is offered, not applied by --fix.
            safe: false,
          },
        } : {}),
      });
    }
  },
};
export default rule;
