// Helpers shared by the markup and link-identity rules (url-ampersand, url-fragment-after-
// personalization, duplicate-url-label, label-collision, tracked-url-as-text).
import type { AttributeStyle, Link } from '../types';

/**
 * `link.raw` with every personalization segment blanked to NUL (same length): NUL can neither
 * start an entity name nor be a URL delimiter, so scans of the static text cannot see into
 * expressions.
 */
export function staticValue(link: Link): string {
  if (link.segments.length === 0) return link.raw;
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

/** Whether the value is made only of personalization (and whitespace): nothing static to compare. */
export function isWhollyPersonalized(link: Link): boolean {
  return link.segments.length > 0 && staticValue(link).replace(/[\0\s]/g, '') === '';
}

/** A link whose clicks the platform logs as its own tracked URL (the default type of http(s) links). */
export function isTrackedLink(link: Link): boolean {
  return link.kind !== 'image' && link.tracking.type === 'tracked' && !link.inConditionalComment;
}

/**
 * The URL as the platform's link table keys it: trimmed, `&amp;` decoded (an HTML parser reads
 * both spellings as the same URL), scheme and host lower-cased. Personalization stays as written.
 */
export function urlKey(link: Link): string {
  const { host, spans } = link.url;
  const authorityEnd = (host ? spans.host?.end : spans.scheme?.end) ?? link.valueSpan.start;
  const cut = authorityEnd - link.valueSpan.start;
  const hasDynamicAuthority = link.segments.some((segment) => segment.start < authorityEnd);
  const value = hasDynamicAuthority ? link.raw : link.raw.slice(0, cut).toLowerCase() + link.raw.slice(cut);
  return value.trim().replace(/&amp;/gi, '&');
}

/** The label attribute style a fix should write: Campaign's `_type`/`_label` when the link already uses them. */
export function attributeStyleOf(link: Link): AttributeStyle {
  return link.attributes.some((attribute) => attribute.name === '_label' || attribute.name === '_type' || attribute.name === '_donottrack')
    ? 'campaign'
    : 'data';
}

/** A short quoted excerpt for messages: long URLs are cut in the middle of nowhere useful. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat);
}
