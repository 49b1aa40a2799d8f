// Splits a URL as written in a template into parts, with personalization kept intact: structural
// characters (`/`, `?`, `#`, `&`) inside a segment never split anything.
import type { Segment, Span, UrlParts } from './types';

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** Splits `raw` (found at absolute `offset`); `segments` are the absolute segments inside it. */
export function splitUrl(raw: string, offset: number, segments: readonly Segment[]): UrlParts {
  const masked = maskRelative(raw, offset, segments);
  const parts: UrlParts = { scheme: '', host: '', path: '', query: '', fragment: '', spans: {}, params: [] };
  const span = (from: number, to: number): Span => ({ start: offset + from, end: offset + to });

  let from = 0;
  let to = raw.length;
  while (from < to && isSpace(raw.charCodeAt(from))) from++;
  while (to > from && isSpace(raw.charCodeAt(to - 1))) to--;

  const scheme = SCHEME.exec(raw.slice(from, to));
  let at = from;
  if (scheme) {
    parts.scheme = scheme[1]!.toLowerCase();
    parts.spans.scheme = span(from, from + scheme[1]!.length);
    at = from + scheme[0].length;
  }
  if (masked.startsWith('//', at)) {
    const hostStart = at + 2;
    let hostEnd = hostStart;
    while (hostEnd < to && !'/?#\\'.includes(masked.charAt(hostEnd))) hostEnd++;
    const userinfo = masked.lastIndexOf('@', hostEnd - 1);
    const realStart = userinfo >= hostStart ? userinfo + 1 : hostStart;
    parts.host = raw.slice(realStart, hostEnd);
    parts.spans.host = span(realStart, hostEnd);
    at = hostEnd;
  }
  const queryAt = indexIn(masked, '?', at, to);
  const fragmentAt = fragmentStart(masked, at, to);
  const pathEnd = Math.min(queryAt, fragmentAt);
  if (pathEnd > at) {
    parts.path = raw.slice(at, pathEnd);
    parts.spans.path = span(at, pathEnd);
  }
  if (queryAt < fragmentAt) {
    parts.query = raw.slice(queryAt + 1, fragmentAt);
    parts.spans.query = span(queryAt + 1, fragmentAt);
    parts.params = splitParams(raw, masked, queryAt + 1, fragmentAt, offset);
  }
  if (fragmentAt < to) {
    parts.fragment = raw.slice(fragmentAt + 1, to);
    parts.spans.fragment = span(fragmentAt + 1, to);
  }
  return parts;
}

function splitParams(raw: string, masked: string, from: number, to: number, offset: number): UrlParts['params'] {
  const params: UrlParts['params'] = [];
  let at = from;
  while (at <= to) {
    let end = indexIn(masked, '&', at, to);
    const pair = raw.slice(at, end);
    if (pair.length > 0 && !/^amp;$/.test(pair)) {
      const nameStart = pair.startsWith('amp;') ? at + 4 : at;
      const equals = indexIn(masked, '=', nameStart, end);
      const nameEnd = Math.min(equals, end);
      const valueStart = equals < end ? equals + 1 : end;
      params.push({
        name: raw.slice(nameStart, nameEnd),
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
    parts.push(raw.slice(at, start), 'x'.repeat(end - start));
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
