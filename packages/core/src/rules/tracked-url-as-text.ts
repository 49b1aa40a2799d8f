// A tracked link whose text is a URL: the platform rewrites the href to its redirect domain, so the
// address the recipient reads differs from the one the link opens. Spam filters and mail clients
// flag exactly that as phishing (Adobe advises switching tracking off for such links).
import { setTracking } from '../tracking';
import type { Rule } from '../types';
import { attributeStyleOf, excerpt } from './helpers-markup';

/** Text that reads as an address: a scheme, `www.`, or a bare domain (checked against the href host). */
const URL_LIKE = /^(?:https?:\/\/|www\.)\S+$/i;
const BARE_DOMAIN = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(?:[/?#]\S*)?$/i;

const rule: Rule = {
  id: 'tracked-url-as-text',
  defaultSeverity: 'warning',
  scope: { tracking: ['source', 'rendered'] },
  description: 'A tracked link whose visible text is a URL: once rewritten to the tracking domain it looks like phishing to filters',
  check(context) {
    const { text } = context.template;
    for (const link of context.template.links) {
      if (link.kind !== 'link' || link.tracking.type !== 'tracked') continue;
      if (link.url.scheme !== 'http' && link.url.scheme !== 'https') continue;
      if (!looksLikeAddress(link.text, link.url.host)) continue;
      const { platform } = context.template;
      // The fix writes data-tracking / _type, which only platforms that read link types (and Linktrace) understand.
      const edits = platform.typesLinks || !platform.noTrack ? setTracking(text, link, { type: 'never' }, { style: attributeStyleOf(link) }) : [];
      context.report({
        span: link.valueSpan,
        linkId: link.id,
        message: `The link text ${excerpt(link.text)} is a URL, but the link is tracked: ${context.template.platform.name} rewrites the href to its tracking domain, so the shown and real addresses differ, which spam filters treat as phishing. ${platform.noTrack ? `Keep it out of click tracking (${platform.noTrack})` : 'Keep it out of click tracking'}, or use descriptive text.`,
        ...(edits.length ? { fix: { description: 'Set the tracking type to Never', edits, safe: false } } : {}),
      });
    }
  },
};
export default rule;

function looksLikeAddress(linkText: string, host: string): boolean {
  const shown = linkText.trim();
  if (shown === '' || /\s/.test(shown)) return false;
  if (URL_LIKE.test(shown)) return true;
  // `shop.example` alone is an address only when it names the link's own site: `Node.js` is not.
  const domain = BARE_DOMAIN.exec(shown)?.[1]?.toLowerCase();
  const target = host.toLowerCase().replace(/:\d+$/, '').replace(/^www\./, '');
  return domain !== undefined && target !== '' && (domain === target || domain.replace(/^www\./, '') === target || target.endsWith(`.${domain}`));
}
