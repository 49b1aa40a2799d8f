// Marketing email needs a working opt-out link (CAN-SPAM, GDPR, Gmail and Yahoo bulk-sender rules),
// and the platform must know which link it is to log the opt-out. Reports a template with no link
// typed opt-out, an opt-out link that goes nowhere, and "Unsubscribe" links nobody typed.
import { setTracking } from '../tracking';
import type { Link, Rule, RuleContext, Span, Template } from '../types';
import { isPlaceholderUrl, linkSpan, quoteText } from './helpers-tracking';

/** Link texts that mean "stop sending me this", in the languages email footers most often use. */
const UNSUBSCRIBE_TEXT = /\bunsubscribe\b|\bopt[ -]?out\b|\babmelden\b|\babbestellen\b|\bd[ée]sabonner\b|\bd[ée]sinscri|\bdarse de baja\b|\bdarme de baja\b|\bcancelar (?:la )?suscripci[óo]n\b|\bafmelden\b|\buitschrijven\b|\bavregistrera\b|\bavsluta prenumeration|\bdisiscriviti\b|\bcancella (?:l'|la )?iscrizione\b/;

/**
 * Platform blocks that write a whole opt-out link (not just its URL) where they stand: Campaign's
 * UnsubscriptionLink personalization block and Mautic's {unsubscribe_text}.
 */
const OPT_OUT_BLOCK = /^include\s+view\s*=\s*["']Unsubscription(?:Link)?["']$|^unsubscribe_text$/;

const rule: Rule = {
  id: 'optout-link-missing',
  defaultSeverity: 'warning',
  description: 'An HTML email with no link typed opt-out, or whose opt-out link is empty or "#": recipients cannot unsubscribe and the platform logs no opt-out.',
  check(context) {
    const { template } = context;
    if (template.format !== 'html' || template.text.trim() === '') return;
    const optOutLinks = template.links.filter((link) => link.kind !== 'image' && link.tracking.type === 'opt-out');
    if (optOutLinks.length > 0) {
      for (const link of optOutLinks.filter(isPlaceholderUrl)) {
        context.report({
          span: linkSpan(link),
          message: `The opt-out link ${quoteText(link.text)} has ${link.raw.trim() === '' ? 'an empty URL' : 'the placeholder URL "#"'}: recipients cannot unsubscribe. Point it at the unsubscribe page or the platform's built-in (for example <%@ include view='UnsubscriptionLinkUrl' %>, {{ UnsubscribeURL }}, *|UNSUB|*).`,
          linkId: link.id,
        });
      }
      return;
    }
    if (hasOptOutBlock(template)) return;

    const untyped = template.links.filter((link) => link.kind === 'link' && link.text.length <= 120 && UNSUBSCRIBE_TEXT.test(link.text.toLowerCase()));
    if (untyped.length > 0) {
      for (const link of untyped) reportUntyped(context, link);
      return;
    }
    context.report({
      span: missingSpan(template),
      message: 'This email has no opt-out link: recipients cannot unsubscribe and the platform logs no opt-out. Add a link typed opt-out (data-tracking="opt-out"), or a platform built-in such as <%@ include view=\'UnsubscriptionLinkUrl\' %>, {{ UnsubscribeURL }}, {unsubscribe_url} or *|UNSUB|*.',
    });
  },
};
export default rule;

function reportUntyped(context: RuleContext, link: Link): void {
  const nowhere = isPlaceholderUrl(link);
  context.report({
    span: linkSpan(link),
    message: `The link ${quoteText(link.text)} reads like an unsubscribe link, but no link in this email is typed opt-out, so the platform logs no opt-out. Type this one opt-out (data-tracking="opt-out")${nowhere ? ` and give it a real URL (it is ${JSON.stringify(link.raw)})` : ''}.`,
    linkId: link.id,
    fix: { description: 'Type the link opt-out', edits: setTracking(context.template.text, link, { type: 'opt-out' }), safe: false },
  });
}

function hasOptOutBlock(template: Template): boolean {
  return template.segments.some((segment) => OPT_OUT_BLOCK.test(segment.expression));
}

/** Where an editor shows "missing": the `<body` tag, else `<html`, else the first line with content. */
function missingSpan(template: Template): Span {
  const { text } = template;
  for (const tag of [/<body\b/i, /<html\b/i]) {
    const found = tag.exec(text);
    if (found) return { start: found.index, end: found.index + found[0].length };
  }
  let start = 0;
  while (start < text.length && /\s/.test(text.charAt(start))) start++;
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  end = Math.min(end, start + 80);
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  return { start, end: Math.max(end, Math.min(start + 1, text.length)) };
}
