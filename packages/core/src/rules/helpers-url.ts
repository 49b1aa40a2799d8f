// Shared reading of a link's URL value for the url-* rules: where the value really starts and
// ends (whitespace aside), where personalization sits in it, and whether the author typed it.
import type { Link, Segment, Span } from '../types';
import { attributeSpan } from './helpers-tracking';
import { linkMemo } from './helpers-memo';

/** Whitespace as URL parsers and trackers see it, plus invisible characters pasted from editors. */
export function isUrlSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0xfeff || (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0x2028 || code === 0x2029 || code === 0x3000;
}

/** Whether `text` has a character isUrlSpace accepts in [from, to). */
export function hasUrlSpace(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (isUrlSpace(text.charCodeAt(at))) return true;
  return false;
}

/** Read by most url-* rules for every link: computed once per link and lint run (rules never change it). */
const trimmedSpans = linkMemo<Span>();

/** The value's range without leading and trailing whitespace (empty range at the value's start when blank). */
export function trimmedSpan(link: Link): Span {
  return trimmedSpans.get(link, computeTrimmedSpan);
}

function computeTrimmedSpan(link: Link): Span {
  const raw = link.raw;
  let from = 0;
  let to = raw.length;
  while (from < to && isUrlSpace(raw.charCodeAt(from))) from++;
  while (to > from && isUrlSpace(raw.charCodeAt(to - 1))) to--;
  const base = link.valueSpan.start;
  return from === to ? { start: base, end: base } : { start: base + from, end: base + to };
}

/** The segment of `link` that covers absolute `offset`, if any. */
export function segmentAt(link: Link, offset: number): Segment | undefined {
  return link.segments.find((segment) => segment.start <= offset && offset < segment.end);
}

/** The answers of `clickableLiteralLinks`, per parsed link list: several rules ask for the same. */
const clickableLiterals = linkMemo<readonly (readonly [Link, Span])[], readonly Link[]>();

/**
 * Clickable links whose value opens with literal text, each with its trimmed span: only there can
 * a scheme or host be read from the template (blank values and leading personalization are skipped).
 */
export function clickableLiteralLinks(links: readonly Link[]): readonly (readonly [Link, Span])[] {
  return clickableLiterals.get(links, computeClickableLiteralLinks);
}

function computeClickableLiteralLinks(links: readonly Link[]): readonly (readonly [Link, Span])[] {
  const list: (readonly [Link, Span])[] = [];
  for (const link of links) {
    if (!isClickable(link)) continue;
    const span = trimmedSpan(link);
    if (span.end > span.start && !segmentAt(link, span.start)) list.push([link, span]);
  }
  return list;
}

/** Whether the value is made only of personalization segments and whitespace (and is not blank). */
export function isWhollyPersonalization(link: Link): boolean {
  if (link.segments.length === 0) return false;
  const span = trimmedSpan(link);
  if (span.end === span.start) return false;
  let at = span.start;
  for (const segment of link.segments) {
    if (segment.start >= span.end) break;
    for (; at < segment.start; at++) {
      if (!isUrlSpace(link.raw.charCodeAt(at - link.valueSpan.start))) return false;
    }
    at = Math.max(at, segment.end);
  }
  for (; at < span.end; at++) {
    if (!isUrlSpace(link.raw.charCodeAt(at - link.valueSpan.start))) return false;
  }
  return true;
}

/** A span worth pointing at: the trimmed value, or the whole `href=""` when the value is blank. */
export function reportSpan(text: string, link: Link): Span {
  const span = trimmedSpan(link);
  if (span.end > span.start) return span;
  return link.urlAttribute ? attributeSpan(text, link.urlAttribute) : link.valueSpan;
}

/** Whether the author marked the link Never on purpose (data-tracking, _type, an ESP no-track marker). */
export function isTypedNever(link: Link): boolean {
  return link.tracking.type === 'never' && link.tracking.source !== 'untrackable';
}

/** Links a reader clicks (not images). */
export function isClickable(link: Link): boolean {
  return link.kind !== 'image';
}

/** A value short enough to quote in a message. */
export function excerpt(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
