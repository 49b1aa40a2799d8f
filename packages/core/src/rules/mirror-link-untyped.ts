// A "view in your browser" link that is not typed Mirror page: the platform then tracks it as an
// ordinary click to whatever URL it holds, instead of pointing it at the recipient's mirror page.
import { setTracking } from '../tracking';
import type { Link, Rule } from '../types';
import { linkSpan, quoteText } from './helpers-tracking';

/**
 * Link texts that mean "this email as a web page", in the languages email footers most often use.
 * Matched against the collapsed, lower-cased link text; short alternations only, no nested quantifiers.
 */
const MIRROR_TEXT = new RegExp(
  [
    // "view online", "view this email in your browser", "read it on the web", "open as a web page"
    String.raw`\b(?:view|read|see|open|display)(?: (?:this|the|it|as|our))?(?: (?:e-?mail|message|newsletter|mailing|issue))? (?:online|in (?:a |your |the )?(?:web ?)?browser|on the web|as (?:a )?web ?page)\b`,
    String.raw`\b(?:web|online|browser) version\b|\bweb ?view\b|\bhaving trouble (?:viewing|reading|seeing)\b`,
    // German: "Ansicht im Browser", "im Browser ansehen / öffnen", "Online-Version", "Webversion"
    String.raw`\bim (?:web)?browser\b|\b(?:online|web)-?version\b|\bwebansicht\b|\bonline ansehen\b`,
    // French, Spanish, Italian, Dutch, Swedish
    String.raw`\bversion en ligne\b|\b(?:voir|afficher|consulter)(?: (?:cet|ce|le|la))?(?: (?:e-?mail|message|newsletter))? (?:en ligne|dans (?:le|votre) navigateur)\b`,
    String.raw`\bver(?: (?:este|el))?(?: (?:correo|e-?mail|mensaje|bolet[íi]n))? (?:en (?:el |tu |su )?navegador|en l[íi]nea|online)\b|\bversi[óo]n (?:web|online|en l[íi]nea)\b`,
    String.raw`\bvisualizza(?: (?:questa|la))?(?: (?:e-?mail|newsletter|mail))? (?:nel (?:tuo |)browser|online)\b|\bversione (?:web|online)\b`,
    String.raw`\bbekijk(?: (?:deze|de))?(?: (?:e-?mail|nieuwsbrief|mail))? (?:online|in (?:je |uw |de )?browser)\b`,
    String.raw`\bvisa(?: (?:detta|mejlet|nyhetsbrevet))? (?:i (?:din )?webbläsare|online)|\bwebbversion`,
  ].join('|'),
);

/** Schemes that can never be a mirror page: a "view online" mailto: link is a different mistake. */
const NOT_A_PAGE = new Set(['mailto', 'tel', 'sms', 'javascript', 'vbscript', 'data', 'file']);

const rule: Rule = {
  id: 'mirror-link-untyped',
  defaultSeverity: 'warning',
  scope: { typedLinks: true },
  description: '"View in your browser" style links that are not typed Mirror page, so they are tracked as an ordinary click instead of opening the mirror page.',
  check(context) {
    for (const link of context.template.links) {
      if (link.kind !== 'link' || !looksLikeMirrorLink(link) || !isUntyped(link)) continue;
      context.report({
        span: linkSpan(link),
        message: `The link ${quoteText(link.text)} reads like a "view in browser" link but is typed ${link.tracking.type}: the platform will not send it to the recipient's mirror page. Type it mirror-page (data-tracking="mirror-page").`,
        linkId: link.id,
        fix: { description: 'Type the link mirror-page', edits: setTracking(context.template.text, link, { type: 'mirror-page' }), safe: false },
      });
    }
  },
};
export default rule;

function looksLikeMirrorLink(link: Link): boolean {
  // A long text is a sentence or a block that merely contains a link, not the link's own label.
  if (link.text === '' || link.text.length > 120) return false;
  return MIRROR_TEXT.test(link.text.toLowerCase());
}

/** Typed by nobody: an explicit attribute or marker, or a built-in URL, is the author's or the platform's decision. */
function isUntyped(link: Link): boolean {
  const { tracking } = link;
  if (tracking.type === 'mirror-page' || tracking.typeAttribute) return false;
  if (tracking.source === 'builtin' || tracking.source === 'no-track-marker') return false;
  return !NOT_A_PAGE.has(link.url.scheme);
}
