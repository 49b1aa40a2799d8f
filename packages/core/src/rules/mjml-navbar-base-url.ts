// MJML writes an mj-navbar's base-url in front of every mj-navbar-link href, whatever it holds: an
// absolute href under a base-url compiles to `https://site.orghttps://shop.site.org/`, a dead link.
import { mjmlNavbarsWithBaseUrl, underBaseUrl } from '../mjml';
import type { Rule } from '../types';
import { excerpt, trimmedSpan } from './helpers-url';

const rule: Rule = {
  id: 'mjml-navbar-base-url',
  defaultSeverity: 'error',
  description: 'An absolute mj-navbar-link href inside an mj-navbar with base-url: MJML prefixes the base-url to it, so the compiled link is broken.',
  check(context) {
    const navbars = mjmlNavbarsWithBaseUrl(context.template);
    if (navbars.length === 0) return;
    for (const link of context.template.links) {
      if (!underBaseUrl(link, navbars) || (link.url.scheme === '' && !link.raw.trim().startsWith('//'))) continue;
      context.report({
        span: trimmedSpan(link),
        linkId: link.id,
        message: `MJML writes the mj-navbar's base-url in front of "${excerpt(link.raw.trim())}", so the compiled link reads "<base-url>${excerpt(link.raw.trim())}" and goes nowhere. Use a path relative to the base-url, or move this link out of the navbar (or drop base-url).`,
      });
    }
  },
};
export default rule;
