// Only http(s) links go through the platform's click redirect. `mailto:`, `tel:`, `sms:` and
// in-page `#anchor` links work, but their clicks never reach the reports: worth knowing when a
// call to action is one of them.
import type { Rule } from '../types';
import { clickableLiteralLinks, isTypedNever } from './helpers-url';

const UNTRACKED: Record<string, string> = {
  mailto: 'an email link (mailto:)',
  tel: 'a phone link (tel:)',
  sms: 'a text-message link (sms:)',
  callto: 'a phone link (callto:)',
  facetime: 'a FaceTime link (facetime:)',
  skype: 'a Skype link (skype:)',
  geo: 'a map link (geo:)',
  webcal: 'a calendar link (webcal:)',
};

const rule: Rule = {
  id: 'url-untracked-scheme',
  defaultSeverity: 'info',
  scope: { typedLinks: true },
  description: 'A `mailto:`, `tel:`, `sms:` or in-page `#anchor` link: it works, but clicks on it are not tracked.',
  check(context) {
    const { text, settings } = context.template;
    if (!settings.clicks) return; // nothing is tracked in this message: nothing to point out
    for (const [link, span] of clickableLiteralLinks(context.template.links)) {
      if (isTypedNever(link)) continue;
      const value = text.slice(span.start, span.end);
      let what: string | undefined;
      if (value.startsWith('#')) {
        if (value.length === 1) continue; // a bare `#` is a placeholder: url-malformed's
        what = 'an in-page anchor (#...), which many email clients also ignore';
      } else {
        what = UNTRACKED[link.url.scheme];
        // `mailto:`, `tel:#` with no target are placeholders: url-malformed's, not a note about tracking.
        if (isBlankTarget(value.slice(link.url.scheme.length + 1))) continue;
      }
      if (!what) continue;
      context.report({
        span,
        linkId: link.id,
        message: `This is ${what}, so its clicks are not tracked. Mark it data-tracking="never" to say so, or use an https:// page if you need the clicks.`,
      });
    }
  },
};
export default rule;

function isBlankTarget(target: string): boolean {
  const trimmed = target.trim();
  return trimmed === '' || trimmed === '#';
}
