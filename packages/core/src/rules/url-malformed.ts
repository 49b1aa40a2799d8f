// URLs that cannot work as written: an empty href or a `#` placeholder left from a design
// template (the click goes nowhere and the tracker has nothing to register), a `mailto:` or
// `tel:` with no address or number (`mailto:#` is the same placeholder), a platform tag that
// writes a whole link used as a URL (`href="{% unsubscribe %}"`), a misspelt scheme
// (`htps://`, `http//`, `https:/`) that turns the link into a relative path, and hosts that are
// not a valid domain or carry raw non-ASCII characters that platforms and clients mangle.
import type { Link, Rule, RuleContext, Span } from '../types';
import { isClickable, reportSpan, segmentAt, trimmedSpan } from './helpers-url';

/** A scheme-like start: letters, an optional separator, then slashes (`htps://`, `http//`, `https:/`). */
const SCHEME_START = /^([a-z]{2,7})([:;.,]?)(\/+|\\+|)/i;
const HOST_LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/i;

const rule: Rule = {
  id: 'url-malformed',
  defaultSeverity: 'error',
  description: 'A URL that cannot work as written: empty, a `#` placeholder, a `mailto:`/`tel:` with no address, a tag that writes a whole link (`{% unsubscribe %}`), a misspelt scheme (`htps://`, `http//`), no host or an invalid or non-ASCII host.',
  check(context) {
    const { text } = context.template;
    for (const link of context.template.links) {
      const span = trimmedSpan(link);
      const value = text.slice(span.start, span.end);
      if (value === '') {
        if (link.kind === 'text-url') continue;
        context.report({
          span: reportSpan(text, link),
          linkId: link.id,
          message: link.kind === 'image'
            ? 'The image has an empty src: clients request the email itself or show a broken image. Set the image URL or remove the image.'
            : 'The link has an empty href: the click goes nowhere and the platform has nothing to track. Set the destination URL.',
        });
        continue;
      }
      if (value === '#' && isClickable(link)) {
        context.report({
          span,
          linkId: link.id,
          message: 'href="#" is a placeholder: the click goes nowhere and the platform has nothing to track. Set the destination URL, or remove the link.',
        });
        continue;
      }
      if (reportLinkTagAsUrl(context, link)) continue;
      if (segmentAt(link, span.start)) continue;
      if (reportEmptyContact(context, link, value, span)) continue;
      if (reportSchemeTypo(context, link, value, span.start)) continue;
      reportBadHost(context, link);
    }
  },
};
export default rule;

/**
 * A platform tag that writes a whole opt-out link (`<a ...>...</a>`) used as a URL: Klaviyo's
 * `{% unsubscribe %}`, Mautic's `{unsubscribe_text}`. In an href it nests a link inside the
 * attribute; the platform has a URL-only tag for that.
 */
function reportLinkTagAsUrl(context: RuleContext, link: Link): boolean {
  if (link.kind !== 'link') return false;
  const { platform } = context.template;
  const blocks = platform.optOutBlocks;
  if (!blocks?.length) return false;
  // A tag the platform also reads as a URL (Campaign's `UnsubscriptionLink` view is used both ways) is not reported.
  const segment = link.segments.find((candidate) => blocks.some((block) => block.test(candidate.expression))
    && !platform.builtins.some((builtin) => builtin.expression.test(candidate.expression)));
  if (!segment) return false;
  const written = context.template.text.slice(segment.start, segment.end);
  const urlTag = platform.builtins.find((builtin) => builtin.meaning === 'opt-out')?.example;
  context.report({
    span: segment,
    linkId: link.id,
    message: `${JSON.stringify(written)} writes a whole unsubscribe link (<a>...</a>), not a URL: in an href it puts a link inside the attribute and the markup breaks. ${urlTag ? `Use ${platform.name}'s URL tag ${urlTag} in the href` : 'Use the URL-only tag in the href'}, or write ${JSON.stringify(written)} on its own, outside any <a>.`,
  });
  return true;
}

/** Schemes whose target is an address or a number right after the colon. */
const CONTACT: ReadonlyMap<string, string> = new Map([
  ['mailto', 'an email address (mailto:name@example.com)'],
  ['tel', 'a phone number (tel:+15550100)'],
  ['sms', 'a phone number (sms:+15550100)'],
  ['callto', 'a phone number (callto:+15550100)'],
]);

/**
 * `mailto:`, `mailto:#`, `tel:` with nothing after the colon: a placeholder like `href="#"`.
 * `mailto:?subject=...` is a real "share by email" link (the reader picks the recipient), so a
 * query counts as content.
 */
function reportEmptyContact(context: RuleContext, link: Link, value: string, span: Span): boolean {
  if (!isClickable(link)) return false;
  const what = CONTACT.get(link.url.scheme);
  if (!what) return false;
  const target = value.slice(link.url.scheme.length + 1).trim();
  if (target !== '' && target !== '#' && target !== '//') return false;
  context.report({
    span,
    linkId: link.id,
    message: `"${value}" has no ${link.url.scheme === 'mailto' ? 'address' : 'number'}: the click opens an empty draft or nothing at all. Write ${what}, or remove the link.`,
  });
  return true;
}

function reportSchemeTypo(context: RuleContext, link: Link, value: string, start: number): boolean {
  const prefix = misspeltSchemePrefix(value);
  if (prefix === undefined) return false;
  const word = /^[a-z]+/i.exec(prefix)![0];
  const intended = word.toLowerCase().endsWith('s') ? 'https' : 'http';
  context.report({
    span: { start, end: start + prefix.length },
    linkId: link.id,
    message: `"${prefix}" is not a valid scheme: the link is read as a relative path and breaks. Write ${intended}://.`,
    fix: { description: `Write ${intended}://`, edits: [{ start, end: start + prefix.length, newText: `${intended}://` }], safe: false },
  });
  return true;
}

/** The misspelt web scheme a value starts with (`htps://`, `http//`, `https:/`), if any; shared with url-relative. */
export function misspeltSchemePrefix(value: string): string | undefined {
  const match = SCHEME_START.exec(value);
  if (!match) return undefined;
  const [prefix, word, separator, slashes] = match as unknown as [string, string, string, string];
  const scheme = word.toLowerCase();
  const isWeb = scheme === 'http' || scheme === 'https';
  if (!isWeb && !nearHttp(scheme)) return undefined;
  if (isWeb && separator === ':' && slashes === '//') return undefined;
  // Without a colon-like separator or slashes the word is the start of a host (`httpbin.org`, `https+notrack:`).
  if (slashes === '' && separator !== ':' && separator !== ';') return undefined;
  return prefix;
}

/** Within one edit of `http` or `https` (`htps`, `htttp`, `hhttps`, `ttps`), excluding themselves. */
function nearHttp(word: string): boolean {
  return word !== 'http' && word !== 'https' && (withinOneEdit(word, 'http') || withinOneEdit(word, 'https'));
}

/** Whether one insertion, deletion or substitution turns `a` into `b` (or they are equal). */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function reportBadHost(context: RuleContext, link: Link): void {
  const hostSpan = link.url.spans.host;
  if (!hostSpan || (link.url.scheme !== 'http' && link.url.scheme !== 'https')) return;
  if (link.segments.some((segment) => segment.start < hostSpan.end && hostSpan.start < segment.end)) return; // url-dynamic-host's
  const host = link.url.host;
  if (/\s/.test(host)) return; // url-whitespace's
  if (host.startsWith('[') && /^\[[0-9a-f:.]+\](?::\d{1,5})?$/i.test(host)) return; // IPv6 literal
  const name = hostName(host);
  if (name === undefined) {
    context.report({
      span: host === '' ? trimmedSpan(link) : hostSpan,
      linkId: link.id,
      message: host === ''
        ? 'The URL has no host after the scheme: the link goes nowhere. Write the domain, e.g. https://example.com/.'
        : `"${host}" is not a valid host (allowed: letters, digits, hyphens and dots, then an optional :port). Correct the domain.`,
    });
    return;
  }
  if (/[^\x00-\x7f]/.test(name)) {
    const ascii = toAsciiHost(name);
    context.report({
      span: hostSpan,
      linkId: link.id,
      message: `The host "${name}" has non-ASCII characters: mail platforms and clients mangle them (and look-alike letters are a phishing signal). Write the domain in its ASCII (punycode) form${ascii ? `: ${ascii}` : ''}.`,
      ...(ascii && ascii !== name ? { fix: { description: `Write the host as ${ascii}`, edits: [{ start: hostSpan.start, end: hostSpan.start + name.length, newText: ascii }], safe: true } } : {}),
    });
    return;
  }
  const labels = name.replace(/\.$/, '').split('.');
  if (!labels.every((label) => HOST_LABEL.test(label))) {
    context.report({
      span: hostSpan,
      linkId: link.id,
      message: `"${name}" is not a valid domain (an empty label, or characters other than letters, digits and hyphens). Correct the domain.`,
    });
  }
}

/** The host name without port, or undefined when the authority is empty or its port is not a number. */
function hostName(host: string): string | undefined {
  const colon = host.lastIndexOf(':');
  const name = colon === -1 ? host : host.slice(0, colon);
  if (colon !== -1 && !/^\d{0,5}$/.test(host.slice(colon + 1))) return undefined;
  return name === '' ? undefined : name;
}

/** Punycode through the WHATWG URL parser (present in Node and browsers alike). */
function toAsciiHost(name: string): string | undefined {
  try {
    const ascii = new URL(`https://${name}/`).hostname;
    return /^[\x21-\x7e]+$/.test(ascii) ? ascii : undefined;
  } catch {
    return undefined;
  }
}
