// An email has no page address, so a relative URL (`images/hero.jpg`, `/account`, `../terms.html`)
// resolves against nothing: images are broken and links go nowhere in every mail client, and the
// tracker, which rewrites absolute http(s) URLs only, leaves the link alone.
//
// Not relative: `#anchor` and `#` (url-malformed's), any `scheme:` (`mailto:`, `tel:`, `cid:`),
// values that open with personalization (`{{base}}/x`, `*|ARCHIVE|*`, `<%@ include %>`), and
// anything holding template punctuation outside recognised segments (`[unsubscribe]`,
// `%%view_email_url%%`, `${url}`): some platform expands it before the send. A single word with
// neither `/` nor `.` (`unsubscribe`) may be an ESP keyword as well. Values that start with a
// domain (or `//host`) or an email address are url-scheme-missing's for links, misspelt schemes
// url-malformed's; for images, which url-scheme-missing does not read, this rule reports them.
import { mjmlNavbarsWithBaseUrl, underBaseUrl } from '../mjml';
import type { Link, Rule, Span } from '../types';
import { excerpt, segmentAt, trimmedSpan } from './helpers-url';
import { misspeltSchemePrefix } from './url-malformed';
import { emailAddress, startsWithDomain } from './url-scheme-missing';

const rule: Rule = {
  id: 'url-relative',
  defaultSeverity: 'error',
  description: 'A relative link or image URL (`images/hero.jpg`, `/account`): an email has no page address, so it is broken in every mail client.',
  check(context) {
    const { text } = context.template;
    const navbars = mjmlNavbarsWithBaseUrl(context.template);
    for (const link of context.template.links) {
      if (link.kind === 'text-url' || link.url.scheme !== '') continue;
      if (underBaseUrl(link, navbars)) continue; // MJML prefixes the navbar's base-url to the href
      const span = trimmedSpan(link);
      if (span.end === span.start || segmentAt(link, span.start)) continue;
      const value = text.slice(span.start, span.end);
      if (!isRelativePath(text, link, span)) continue;
      if (misspeltSchemePrefix(value) !== undefined) continue;
      const isImage = link.kind === 'image';
      if (startsWithDomain(text, link, span)) {
        if (!isImage) continue; // url-scheme-missing reports links that start with a domain or `//`
        const protocolRelative = value.startsWith('//');
        context.report({
          span,
          linkId: link.id,
          message: protocolRelative
            ? `The image "${excerpt(value)}" has no scheme: an email has no page to inherit one from, so some clients (Outlook on Windows) look for it on the reader's disk and show a broken image. Write https: in front.`
            : `The image "${excerpt(value)}" has no scheme, so mail clients read it as a relative path and show a broken image. Write https:// in front.`,
          fix: { description: protocolRelative ? 'Add https:' : 'Add https://', edits: [{ start: span.start, end: span.start, newText: protocolRelative ? 'https:' : 'https://' }], safe: true },
        });
        continue;
      }
      if (value.startsWith('//')) continue; // `//` and no domain after it: not a path this rule can read
      if (!isImage && emailAddress(text, link, span) !== undefined) continue;
      context.report({
        span,
        linkId: link.id,
        message: isImage
          ? `The image "${excerpt(value)}" is a relative URL: an email has no page address to resolve it against, so the image is broken in every mail client. Use the full https:// URL of the hosted image.`
          : `"${excerpt(value)}" is a relative URL: an email has no page address to resolve it against, so the link goes nowhere in every mail client and cannot be tracked. Use the full https:// URL.`,
      });
    }
  },
};
export default rule;

/** Characters that only templates put in a URL; outside a recognised segment they mean an unknown syntax. */
const TEMPLATE_PUNCTUATION = new Set(['{', '}', '[', ']', '$', '<', '>', '|', '`', '"', "'", '\\']);

/**
 * Whether the literal value reads as a path: it starts with a path character (not `#`), holds no
 * template punctuation or stray `%` outside segments, and has a `/`, a `.` or a leading `?`.
 */
function isRelativePath(text: string, link: Link, span: Span): boolean {
  const first = text.charAt(span.start);
  if (!/[A-Za-z0-9._~/?-]/.test(first)) return false;
  let structured = first === '?';
  let next = 0; // segments are in source order
  for (let at = span.start; at < span.end; at++) {
    while (next < link.segments.length && link.segments[next]!.end <= at) next++;
    const segment = link.segments[next];
    if (segment && segment.start <= at) {
      at = segment.end - 1;
      continue;
    }
    const char = text.charAt(at);
    if (TEMPLATE_PUNCTUATION.has(char)) return false;
    if (char === '%' && !/^%[0-9a-f]{2}$/i.test(text.slice(at, at + 3))) return false;
    if (char === '/' || char === '.') structured = true;
  }
  return structured;
}
