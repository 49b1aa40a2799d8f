// Marketing email needs a working opt-out link (CAN-SPAM, GDPR, Gmail and Yahoo bulk-sender rules),
// and the platform must know which link it is to log the opt-out. Reports a template with no link
// typed opt-out, an opt-out link that goes nowhere, and "Unsubscribe" links nobody typed.
import { ALL_OPT_OUT_BLOCKS } from '../platforms/index';
import { setTracking } from '../tracking';
import type { Link, Rule, RuleContext, Span, Template } from '../types';
import { isPlaceholderUrl, linkSpan, quoteText } from './helpers-tracking';

/** Link texts that mean "stop sending me this", in the languages email footers most often use. */
const UNSUBSCRIBE_TEXT = /\bunsubscribe\b|\bopt[ -]?out\b|\babmelden\b|\babbestellen\b|\bd[ée]sabonner\b|\bd[ée]sinscri|\bdarse de baja\b|\bdarme de baja\b|\bcancelar (?:la )?suscripci[óo]n\b|\bafmelden\b|\buitschrijven\b|\bavregistrera\b|\bavsluta prenumeration|\bdisiscriviti\b|\bcancella (?:l'|la )?iscrizione\b/;

const rule: Rule = {
  id: 'optout-link-missing',
  defaultSeverity: 'warning',
  scope: { message: true },
  description: 'A marketing email with no opt-out link, or whose opt-out link is empty or "#": recipients cannot unsubscribe (and, where links are typed, the platform logs no opt-out). Transactional messages and partials are not checked.',
  check(context) {
    const { template } = context;
    if (template.format !== 'html' || template.text.trim() === '') return;
    const optOutLinks = template.links.filter((link) => link.kind !== 'image' && link.tracking.type === 'opt-out');
    if (optOutLinks.length > 0) {
      for (const link of optOutLinks.filter(isPlaceholderUrl)) {
        context.report({
          span: linkSpan(link),
          message: `The opt-out link ${quoteText(link.text)} has ${link.raw.trim() === '' ? 'an empty URL' : 'the placeholder URL "#"'}: recipients cannot unsubscribe. Point it at the unsubscribe page${builtinHint(template)}.`,
          linkId: link.id,
        });
      }
      return;
    }
    if (hasOptOutBlock(template) || template.messageKind === 'transactional') return;
    // Unsure whether this is marketing at all: say so quietly instead of failing a receipt's build.
    const severity = template.messageKind === 'unknown' ? 'info' : undefined;

    const untyped = template.links.filter((link) => link.kind === 'link' && link.text.length <= 120 && UNSUBSCRIBE_TEXT.test(link.text.toLowerCase()));
    // Where the platform does not read link types, a link that says "Unsubscribe" is the opt-out.
    if (untyped.length > 0 && !template.platform.typesLinks) {
      for (const link of untyped.filter(isPlaceholderUrl)) {
        context.report({ span: linkSpan(link), linkId: link.id, message: `The unsubscribe link ${quoteText(link.text)} goes nowhere (${JSON.stringify(link.raw)}): recipients cannot unsubscribe. Point it at the unsubscribe page${builtinHint(template)}.` });
      }
      return;
    }
    if (untyped.length > 0) {
      for (const link of untyped) reportUntyped(context, link);
      return;
    }
    context.report({
      span: missingSpan(template),
      ...(severity ? { severity } : {}),
      message: `${severity ? 'If this is a marketing message: it' : 'This email'} has no opt-out link, so recipients cannot unsubscribe. Add one${builtinHint(template)}${severity ? ', or set "messageKind": "transactional" in linktrace.config.json (or <!-- linktrace messageKind=transactional -->) if it is a receipt or notification' : ''}.`,
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

/** A platform tag or element that writes a whole opt-out link (Campaign Monitor's `<unsubscribe>`). */
function hasOptOutBlock(template: Template): boolean {
  if (template.segments.some((segment) => ALL_OPT_OUT_BLOCKS.some((block) => block.test(segment.expression)))) return true;
  return (template.platform.optOutMarkers ?? []).some((marker) => marker.test(template.text));
}

/** ": for example *|UNSUB|*" in the words of the user's platform; typed platforms also need the type. */
function builtinHint(template: Template): string {
  const { platform } = template;
  const builtins = platform.builtins.filter((builtin) => builtin.meaning === 'opt-out').map((builtin) => builtin.example);
  const typing = platform.typesLinks ? ' typed opt-out (data-tracking="opt-out")' : '';
  if (builtins.length === 0) return `${typing}, a link to your unsubscribe page`;
  return `${typing}: on ${platform.name}, for example ${builtins.slice(0, 2).join(' or ')}`;
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
