// Helpers shared by the markup and link-identity rules: the static text of a URL value, which
// links the platform tracks, how its link table keys a URL, and message excerpts.
import type { AttributeStyle, Link } from '../types';
import { linkMemo } from './helpers-memo';

/**
 * `link.raw` with every personalization segment blanked to NUL (same length): NUL can neither
 * start an entity name nor be a URL delimiter, so scans of the static text cannot see into
 * expressions.
 */
export function staticValue(link: Link): string {
  return link.segments.length === 0 ? link.raw : staticValues.get(link, computeStaticValue);
}

function computeStaticValue(link: Link): string {
  const base = link.valueSpan.start;
  const parts: string[] = [];
  let at = 0;
  for (const segment of link.segments) {
    const start = Math.max(segment.start - base, at);
    const end = Math.min(segment.end - base, link.raw.length);
    if (end <= start) continue;
    parts.push(link.raw.slice(at, start), '\0'.repeat(end - start));
    at = end;
  }
  parts.push(link.raw.slice(at));
  return parts.join('');
}

/** Several rules read the static value of each personalized link: built once per link. */
const staticValues = linkMemo<string>();

/** Whether the value is made only of personalization (and whitespace): nothing static to compare. */
export function isWhollyPersonalized(link: Link): boolean {
  if (link.segments.length === 0) return false;
  // `staticValue(link).replace(/[\0\s]/g, '') === ''`, without building the replaced string.
  const value = staticValue(link);
  for (let at = 0; at < value.length; at++) {
    const code = value.charCodeAt(at);
    if (code !== 0 && !isRegexWhitespace(code)) return false;
  }
  return true;
}

/** What `\s` matches. */
function isRegexWhitespace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
    || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * A tracked link that gets its own entry in the platform's link table. The VML twin of a
 * bulletproof button (inside `<!--[if mso]>`) repeats its `<a>` for Outlook: one button, not two.
 */
export function hasLinkTableEntry(link: Link): boolean {
  return link.kind !== 'image' && link.tracking.type === 'tracked' && !link.inConditionalComment;
}

/**
 * The URL as the platform's link table keys it: trimmed, `&amp;` decoded (an HTML parser reads
 * both spellings as the same URL), scheme and host lower-cased. Personalization stays as written.
 */
export function urlKey(link: Link): string {
  return urlKeys.get(link, computeUrlKey);
}

function computeUrlKey(link: Link): string {
  const { host, spans } = link.url;
  const authorityEnd = (host ? spans.host?.end : spans.scheme?.end) ?? link.valueSpan.start;
  const cut = authorityEnd - link.valueSpan.start;
  const hasDynamicAuthority = link.segments.some((segment) => segment.start < authorityEnd);
  const value = hasDynamicAuthority ? link.raw : link.raw.slice(0, cut).toLowerCase() + link.raw.slice(cut);
  return value.trim().replace(/&amp;/gi, '&');
}

/** duplicate-url-label and label-collision both key every tracked link. */
const urlKeys = linkMemo<string>();

/** The label attribute style a fix should write: Campaign's `_type`/`_label` when the link already uses them. */
export function attributeStyleOf(link: Link): AttributeStyle {
  return link.attributes.some((attribute) => attribute.name === '_label' || attribute.name === '_type' || attribute.name === '_donottrack')
    ? 'campaign'
    : 'data';
}

/** A short quoted excerpt of source text for messages, on one line, cut after `max` characters. */
export function excerpt(text: string, max = 60, quote = '"'): string {
  const flat = text.replace(/\s+/g, ' ');
  return `${quote}${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}${quote}`;
}
