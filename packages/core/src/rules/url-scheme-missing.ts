// An email has no base URL, so `href="www.site.com"` resolves against nothing: the link breaks
// in every client and the tracker cannot rewrite it. A value that begins with a domain name (or
// `//host`) gets `https://` in front; an email address (`help@site.com`) gets `mailto:`.
import type { Link, Rule, Span } from '../types';
import { clickableLiteralLinks, excerpt } from './helpers-url';

/** Last labels that are file extensions, not top-level domains: `logo.png`, `index.html`. */
const FILE_EXTENSION = /^(?:s?html?|xhtml|php\d?|aspx?|jsp|cfm|cgi|png|jpe?g|gif|svg|webp|bmp|ico|tiff?|pdf|css|js|json|xml|txt|csv|docx?|xlsx?|pptx?|mp[34]|ics|vcf|rss)$/i;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const TOP_LEVEL = /^(?:[a-z]{2,24}|xn--[a-z0-9-]{1,59})$/i;
const PORT = /^\d{1,5}$/;
/** `local@domain`: the local part has no `@`, so the split is unambiguous; the domain is checked apart. */
const EMAIL = /^([^\s@/?#:<>"'()[\],;\\]{1,64})@([^\s@/?#:\\]{1,255})$/;

const rule: Rule = {
  id: 'url-scheme-missing',
  defaultSeverity: 'error',
  description: 'A URL that starts with a domain name but has no scheme (`www.site.com`): add `https://`; an email address without `mailto:`.',
  check(context) {
    const { text } = context.template;
    for (const [link, span] of clickableLiteralLinks(context.template.links)) {
      const address = emailAddress(text, link, span);
      if (address !== undefined) {
        context.report({
          span,
          linkId: link.id,
          message: `"${excerpt(address)}" is an email address without mailto:, so mail clients read it as a relative path and the link breaks. Write mailto: in front.`,
          fix: { description: 'Add mailto:', edits: [{ start: span.start, end: span.start, newText: 'mailto:' }], safe: true },
        });
        continue;
      }
      if (!startsWithDomain(text, link, span)) continue;
      const protocolRelative = text.startsWith('//', span.start);
      const value = text.slice(span.start, span.end);
      context.report({
        span,
        linkId: link.id,
        message: protocolRelative
          ? `"${excerpt(value)}" has no scheme: an email has no page to inherit one from, so the link breaks. Write https: in front.`
          : `"${excerpt(value)}" has no scheme, so mail clients read it as a relative path and the link breaks. Write https:// in front.`,
        fix: {
          description: 'Add https://',
          edits: [{ start: span.start, end: span.start, newText: protocolRelative ? 'https:' : 'https://' }],
          safe: true,
        },
      });
    }
  },
};
export default rule;

/** Whether the value begins with a domain name (`www.site.com`, `site.com/x`, `//cdn.site.com`); shared with url-relative. */
export function startsWithDomain(text: string, link: Link, span: Span): boolean {
  const protocolRelative = text.startsWith('//', span.start);
  const host = hostCandidate(text, link, protocolRelative ? span.start + 2 : span.start, span.end);
  return host !== undefined && looksLikeDomain(host, protocolRelative);
}

/** The address when the value (up to an optional `?subject=...`) is a literal email address. */
export function emailAddress(text: string, link: Link, span: Span): string | undefined {
  const value = text.slice(span.start, span.end);
  const queryAt = value.indexOf('?');
  const address = queryAt === -1 ? value : value.slice(0, queryAt);
  const addressEnd = span.start + address.length;
  if (link.segments.some((segment) => segment.start < addressEnd)) return undefined;
  const match = EMAIL.exec(address);
  if (!match || !looksLikeDomain(match[2]!, false)) return undefined;
  return address;
}

/**
 * The text from `start` up to the first `/`, `?` or `#` outside personalization, when it is made
 * of literal host characters (a segment after the first dot is fine: `www.<%= brand %>.com`).
 */
function hostCandidate(text: string, link: Link, start: number, end: number): string | undefined {
  let host = '';
  let next = 0; // segments are in source order
  for (let at = start; at < end; at++) {
    while (next < link.segments.length && link.segments[next]!.end <= at) next++;
    const segment = link.segments[next];
    if (segment && segment.start <= at) {
      if (!host.includes('.')) return undefined;
      host += 'x'; // stands for a label; keeps the shape check honest
      at = segment.end - 1;
      continue;
    }
    const char = text.charAt(at);
    if (char === '/' || char === '?' || char === '#' || char === '\\') break;
    host += char;
    if (host.length > 260) return undefined;
  }
  return host;
}

/** `www.site.com`, `facebook.com`, `shop.example.co.uk:8080`, `192.0.2.1`; not `logo.png` or `john@site.com`. */
function looksLikeDomain(host: string, protocolRelative: boolean): boolean {
  const colon = host.lastIndexOf(':');
  const name = colon === -1 ? host : host.slice(0, colon);
  if (colon !== -1 && !PORT.test(host.slice(colon + 1))) return false;
  const labels = name.replace(/\.$/, '').split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return false;
  if (labels.every((label) => /^\d{1,3}$/.test(label))) return labels.length === 4;
  const last = labels[labels.length - 1]!;
  if (!TOP_LEVEL.test(last)) return false;
  return protocolRelative || labels[0]!.toLowerCase() === 'www' || !FILE_EXTENSION.test(last);
}
