// Splits a URL as written in a template into parts, with personalization kept intact: structural
// characters (`/`, `?`, `#`, `&`) inside a segment never split anything.
import { KnownWords } from './known-words';
import type { Segment, Span, UrlParts } from './types';

/** Schemes and query parameter names most links write, shared rather than sliced per link (see known-words.ts). */
const COMMON_SCHEMES = new KnownWords(['https', 'http', 'mailto', 'tel']);
const COMMON_PARAMETER_NAMES = new KnownWords(['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term', 'utm_id', 'id', 'u', 'ref', 'subject']);

/**
 * Where the scheme of the value in [from, to) ends (the offset of its `:`), as
 * `/^([a-zA-Z][a-zA-Z0-9+.-]*):/` would read it; -1 when it has none. A loop: no slice per link.
 */
function schemeEndOf(raw: string, from: number, to: number): number {
  if (from >= to || !isAsciiLetter(raw.charCodeAt(from))) return -1;
  let at = from + 1;
  while (at < to && isSchemeCharacter(raw.charCodeAt(at))) at++;
  return at < to && raw.charCodeAt(at) === 0x3a /* : */ ? at : -1;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

function isSchemeCharacter(code: number): boolean {
  return isAsciiLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2e || code === 0x2d;
}

/** `/`, `?`, `#` or `\`: where the authority ends. */
function isHostEnd(code: number): boolean {
  return code === 0x2f || code === 0x3f || code === 0x23 || code === 0x5c;
}

/** Splits `raw` (found at absolute `offset`); `segments` are the absolute segments inside it. */
export function splitUrl(raw: string, offset: number, segments: readonly Segment[]): UrlParts {
  const masked = maskRelative(raw, offset, segments);
  const parts: UrlParts = { scheme: '', host: '', path: '', query: '', fragment: '', spans: {}, params: [] };

  let from = 0;
  let to = raw.length;
  while (from < to && isSpace(raw.charCodeAt(from))) from++;
  while (to > from && isSpace(raw.charCodeAt(to - 1))) to--;

  const schemeEnd = schemeEndOf(raw, from, to);
  let at = from;
  if (schemeEnd !== -1) {
    parts.scheme = COMMON_SCHEMES.at(raw, from, schemeEnd) ?? raw.slice(from, schemeEnd).toLowerCase();
    parts.spans.scheme = spanAt(offset, from, schemeEnd);
    at = schemeEnd + 1;
  }
  if (masked.startsWith('//', at)) {
    const hostStart = at + 2;
    let hostEnd = hostStart;
    while (hostEnd < to && !isHostEnd(masked.charCodeAt(hostEnd))) hostEnd++;
    const userinfo = masked.lastIndexOf('@', hostEnd - 1);
    const realStart = userinfo >= hostStart ? userinfo + 1 : hostStart;
    parts.host = raw.slice(realStart, hostEnd);
    parts.spans.host = spanAt(offset, realStart, hostEnd);
    at = hostEnd;
  }
  const queryAt = indexIn(masked, '?', at, to);
  const fragmentAt = fragmentStart(masked, at, to);
  const pathEnd = Math.min(queryAt, fragmentAt);
  if (pathEnd > at) {
    parts.path = raw.slice(at, pathEnd);
    parts.spans.path = spanAt(offset, at, pathEnd);
  }
  if (queryAt < fragmentAt) {
    parts.query = raw.slice(queryAt + 1, fragmentAt);
    parts.spans.query = spanAt(offset, queryAt + 1, fragmentAt);
    parts.params = splitParams(raw, masked, queryAt + 1, fragmentAt, offset);
  }
  if (fragmentAt < to) {
    parts.fragment = raw.slice(fragmentAt + 1, to);
    parts.spans.fragment = spanAt(offset, fragmentAt + 1, to);
  }
  return parts;
}

function splitParams(raw: string, masked: string, from: number, to: number, offset: number): UrlParts['params'] {
  const params: UrlParts['params'] = [];
  let at = from;
  while (at <= to) {
    let end = indexIn(masked, '&', at, to);
    // Read in place, not from a slice of the pair: a pair that is exactly `amp;` is the tail of an `&amp;` separator.
    const afterAmp = raw.startsWith('amp;', at);
    if (end > at && !(afterAmp && end === at + 4)) {
      const nameStart = afterAmp ? at + 4 : at;
      const equals = indexIn(masked, '=', nameStart, end);
      const nameEnd = Math.min(equals, end);
      const valueStart = equals < end ? equals + 1 : end;
      params.push({
        name: COMMON_PARAMETER_NAMES.at(raw, nameStart, nameEnd) ?? raw.slice(nameStart, nameEnd),
        value: raw.slice(valueStart, end),
        nameSpan: { start: offset + nameStart, end: offset + nameEnd },
        valueSpan: { start: offset + valueStart, end: offset + end },
      });
    }
    if (end >= to) break;
    at = end + 1;
    end = at;
  }
  return params;
}

/** A span of the template text from offsets relative to the start of the URL (at `offset`). */
function spanAt(offset: number, from: number, to: number): Span {
  return { start: offset + from, end: offset + to };
}

/** Masks of common lengths, shared: most URLs hold a few short segments of the same few lengths. */
const MASKS: string[] = [];
function mask(length: number): string {
  if (length >= 256) return 'x'.repeat(length);
  return (MASKS[length] ??= 'x'.repeat(length));
}

/** `raw` with the segments inside it blanked, relative to the start of `raw`. */
function maskRelative(raw: string, offset: number, segments: readonly Segment[]): string {
  if (segments.length === 0) return raw;
  // Joined once: rebuilding the string per segment is quadratic in a URL made of many segments.
  const parts: string[] = [];
  let at = 0;
  for (const segment of segments) {
    const start = Math.max(segment.start - offset, at);
    const end = Math.min(segment.end - offset, raw.length);
    if (end <= start) continue;
    parts.push(raw.slice(at, start), mask(end - start));
    at = end;
  }
  parts.push(raw.slice(at));
  return parts.join('');
}

/** The `#` that starts the fragment; `&#39;` in an attribute is a character reference, not one. */
function fragmentStart(text: string, from: number, to: number): number {
  let found = indexIn(text, '#', from, to);
  while (found < to && text.charAt(found - 1) === '&') found = indexIn(text, '#', found + 1, to);
  return found;
}

/** The first `char` in [from, to), else `to`; never looks past `to` (one search per query parameter would). */
function indexIn(text: string, char: string, from: number, to: number): number {
  const code = char.charCodeAt(0);
  for (let at = from; at < to; at++) if (text.charCodeAt(at) === code) return at;
  return to;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}
