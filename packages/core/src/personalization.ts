// Personalization tokenizer: finds every template segment (`<%= %>`, `{{ }}`, `{% %}`, `*|X|*`,
// Mautic `{token}`, SendGrid `[Tag]`) with exact offsets, before any HTML parsing, so that
// delimiters and quotes inside expressions can be masked out of the HTML parser's sight.
import type { Dialect, Segment, SegmentKind } from './types';
import { dialectOf, OPENERS_BASE, scoreSignals } from './dialect';
import { countWork, countedExec, countedIndexOf } from './work-meter';

/** Mautic tokens are single braces, which CSS also uses: only these names count. */
const MAUTIC_TOKEN = /^\{(?:(?:contactfield|leadfield|ownerfield|pagelink|assetlink|formfield|dynamiccontent)=[^{}\s]{1,120}|unsubscribe_url|unsubscribe_text|webview_url|webview_text|tracking_pixel|signature|subject)\}/;
/** SendGrid substitution tags in square brackets; any `[Name]` only in SendGrid templates. */
const SENDGRID_KNOWN_TAG = /^\[(?:Unsubscribe|Unsubscribe_Preferences|Weblink|Sender_[A-Za-z_]+)\]/i;
const SENDGRID_ANY_TAG = /^\[[A-Z][A-Za-z0-9_]{0,60}\]/;
const MAILCHIMP_TAG = /^\*\|[A-Za-z0-9_:]{1,60}\|\*/;


/** Every personalization segment of `text`, in order, tagged with `dialect` where delimiters are shared. */
export function tokenizePersonalization(text: string, dialect: Dialect): Segment[] {
  return tokenize(text, dialect, Infinity).segments;
}

/** What scanPersonalization found. */
export interface ScannedPersonalization {
  dialect: Dialect;
  /** Every segment, except unclosed ones past `maxUnclosed`. */
  segments: Segment[];
  /** Where the first unclosed segment left out starts, when one was. */
  firstUnclosedLeftOut?: number;
}

/**
 * The dialect (detected unless given) and the segments of `text`. Detection and tokenizing share
 * one pass over the text: the positions where an opener matches are collected while scoring, and
 * segments are read from them exactly as `tokenizePersonalization` would find them.
 * Unclosed segments past the first `maxUnclosed` are skipped, not built (see links.ts, MAX_UNCLOSED_SEGMENTS).
 */
export function scanPersonalization(text: string, given?: Dialect, maxUnclosed = Infinity): ScannedPersonalization {
  if (given) return tokenize(text, given, maxUnclosed);
  closers = new ForwardSearch(text);
  /** Where openers start: numbers only, the opener itself is read again from the text (openerAt). */
  const openers: number[] = [];
  const dialect = dialectOf(text, scoreSignals(text, openers));
  const curlyDialect = curlyDialectOf(dialect);
  const kept = new KeptSegments(maxUnclosed);
  let next = 0;
  for (const start of openers) {
    if (start < next) continue;
    const segment = readSegment(text, start, openerAt(text, start), dialect, curlyDialect);
    if (!segment) {
      next = start + 2; // where the opener regex would look next (every opener is two characters)
      continue;
    }
    next = Math.max(kept.add(segment, start), start + 1);
  }
  return { dialect, segments: kept.segments, firstUnclosedLeftOut: kept.firstLeftOut };
}

function tokenize(text: string, dialect: Dialect, maxUnclosed: number): ScannedPersonalization {
  closers = new ForwardSearch(text);
  const kept = new KeptSegments(maxUnclosed);
  const opener = new RegExp(OPENERS_BASE.source, 'g');
  const curlyDialect = curlyDialectOf(dialect);
  let match: RegExpExecArray | null;
  while ((match = countedExec(opener, text)) !== null) {
    const start = match.index;
    const segment = readSegment(text, start, openerAt(text, start), dialect, curlyDialect);
    if (!segment) continue;
    opener.lastIndex = Math.max(kept.add(segment, start), start + 1);
  }
  return { dialect, segments: kept.segments, firstUnclosedLeftOut: kept.firstLeftOut };
}

/**
 * The segments a scan keeps: all closed ones and the first `maxUnclosed` unclosed ones. Once that
 * many are kept, `delimited` skips unclosed segments without building them (SKIPPED_UNCLOSED), so
 * a text with an opener on every line costs a few searches per line and no object.
 */
class KeptSegments {
  readonly segments: Segment[] = [];
  firstLeftOut?: number;
  private unclosed = 0;

  constructor(private readonly maxUnclosed: number) {
    buildUnclosed = maxUnclosed > 0;
  }

  /** Keeps `segment` (read at `start`) unless it is left out; returns where the segment ends. */
  add(segment: Segment, start: number): number {
    if (segment === SKIPPED_UNCLOSED) {
      this.firstLeftOut ??= start;
      return skippedEnd;
    }
    if (!segment.closed && ++this.unclosed > this.maxUnclosed) {
      this.firstLeftOut ??= start; // an unclosed segment not read by delimited (a Go action)
      return segment.end;
    }
    this.segments.push(segment);
    if (this.unclosed >= this.maxUnclosed) buildUnclosed = false;
    return segment.end;
  }
}

/** Whether `delimited` builds unclosed segments; false once a scan keeps no more of them. */
let buildUnclosed = true;
/** Stands for an unclosed segment that was not built; it ends at `skippedEnd`. Never kept, never changed. */
const SKIPPED_UNCLOSED: Segment = Object.freeze({ start: 0, end: 0, dialect: 'plain', kind: 'code', open: '', close: '', expression: '', closed: false }) as Segment;
let skippedEnd = 0;

/**
 * The opener OPENERS_BASE matched at `at`, from its two characters (the alternatives differ there):
 * `<%`, `{{`, `{%`, `*|`, or a representative of `{x` (Mautic) and `[X` (SendGrid), which
 * readSegment tells by their first character only. Constant strings: nothing is allocated.
 */
function openerAt(text: string, at: number): string {
  const first = text.charCodeAt(at);
  if (first === 0x3c /* < */) return '<%';
  if (first === 0x2a /* * */) return '*|';
  if (first === 0x5b /* [ */) return '[A';
  const second = text.charCodeAt(at + 1);
  return second === 0x7b /* { */ ? '{{' : second === 0x25 /* % */ ? '{%' : '{a';
}

function curlyDialectOf(dialect: Dialect): Dialect {
  return dialect === 'liquid' || dialect === 'listmonk' || dialect === 'sendgrid' ? dialect : 'handlebars';
}

function readSegment(text: string, start: number, opener: string, dialect: Dialect, curlyDialect: Dialect): Segment | undefined {
  switch (opener) {
    case '<%':
      return readPercentTag(text, start, dialect);
    case '{{':
      return text.startsWith('{{{', start)
        ? delimited(text, start, '{{{', '}}}', curlyDialect, 'raw-output')
        : readCurly(text, start, curlyDialect);
    case '{%':
      return text.startsWith('{%=', start)
        ? delimited(text, start, '{%=', '%}', 'handlebars', 'output')
        : delimited(text, start, '{%', '%}', 'liquid', 'code');
    case '*|':
      return fixedToken(text, start, MAILCHIMP_TAG, 'mailchimp', '*|', '|*');
  }
  if (opener.startsWith('{')) return fixedToken(text, start, MAUTIC_TOKEN, 'mautic', '{', '}');
  if (opener.startsWith('[')) {
    return fixedToken(text, start, SENDGRID_KNOWN_TAG, 'sendgrid', '[', ']')
      ?? (dialect === 'sendgrid' ? fixedToken(text, start, SENDGRID_ANY_TAG, 'sendgrid', '[', ']') : undefined);
  }
  return undefined;
}

function readPercentTag(text: string, start: number, dialect: Dialect): Segment {
  const marker = text.charAt(start + 2);
  if (marker === '=') {
    return text.charAt(start + 3) === '='
      ? delimited(text, start, '<%==', '%>', 'campaign', 'raw-output')
      : delimited(text, start, '<%=', '%>', 'campaign', 'output');
  }
  if (marker === '@') return delimited(text, start, '<%@', '%>', 'campaign', 'directive');
  const segment = delimited(text, start, '<%', '%>', 'campaign', 'code');
  // SendGrid's `<%asm_group_unsubscribe_raw_url%>` and friends are values, not code.
  if (/^[a-z_]+$/.test(segment.expression) && (dialect !== 'campaign' || segment.expression.startsWith('asm_'))) {
    segment.dialect = 'sendgrid';
    segment.kind = 'output';
  }
  return segment;
}

/** First letters of the block words readCurly looks for: most output expressions (`{{ first_name }}`) skip the regex. */
const BLOCK_WORD_FIRST_LETTERS = 'eriwdtb';

function readCurly(text: string, start: number, dialect: Dialect): Segment {
  // Braze's `{{${first_name}}}`: the attribute's own `}` is not the first half of the closing `}}`.
  const braze = text.startsWith('{{${', start) ? closers.indexOf(text, '}', start + 4) : -1;
  const segment = (dialect === 'listmonk' && goAction(text, start))
    || delimited(text, start, '{{', '}}', dialect, 'output', braze === -1 ? undefined : braze + 1);
  const first = segment.expression.charAt(0);
  if (first === '#' || first === '/' || first === '^' || first === '!' || first === '>' || (BLOCK_WORD_FIRST_LETTERS.includes(first) && /^(?:else|end|range|if|with|define|template|block)\b/.test(segment.expression))) {
    segment.kind = 'code';
  }
  return segment;
}

/** Go template string literals may hold `{{ }}` and `}}` (`{{ TrackLink "https://x/?u={{ .Subscriber.UUID }}" }}`). */
const MAX_GO_ACTION = 4000;

/** A listmonk `{{ ... }}` action read as Go's lexer does, skipping quoted strings; undefined when none closes nearby. */
function goAction(text: string, start: number): Segment | undefined {
  const limit = Math.min(text.length, start + MAX_GO_ACTION);
  // No `}}` before the limit: nothing can close the action, and every `{{` on the following
  // lines would scan the same stretch again.
  const firstClose = closers.indexOf(text, '}}', start + 2);
  if (firstClose === -1 || firstClose >= limit) return undefined;
  countWork(limit - start); // an upper bound: the loop below reads at most this far
  for (let at = start + 2; at < limit; at++) {
    const char = text.charCodeAt(at);
    if (char === 0x22 /* " */ || char === 0x60 /* ` */) {
      const quote = text.charAt(at);
      let end = at + 1;
      // Go's interpreted strings end at a newline (a syntax error there); raw `strings` may span lines.
      while (end < limit && text.charAt(end) !== quote && !(quote === '"' && text.charAt(end) === '\n')) end += quote === '"' && text.charAt(end) === '\\' ? 2 : 1;
      if (end >= limit || text.charAt(end) !== quote) return undefined;
      at = end;
    } else if (char === 0x7d /* } */ && text.charCodeAt(at + 1) === 0x7d) {
      return { start, end: at + 2, dialect: 'listmonk', kind: 'output', open: '{{', close: '}}', expression: expressionBetween(text, start + 2, at), closed: true };
    }
  }
  return undefined;
}

function fixedToken(text: string, start: number, pattern: RegExp, dialect: Dialect, open: string, close: string): Segment | undefined {
  const found = pattern.exec(text.slice(start, start + 200));
  countWork(found ? found[0].length : 1);
  if (!found) return undefined;
  const end = start + found[0].length;
  return { start, end, dialect, kind: 'output', open, close, expression: text.slice(start + open.length, end - close.length), closed: true };
}

/**
 * A segment from `open` to the next `close`. An unclosed segment stops at the end of its line,
 * so one missing `%>` does not swallow the rest of the template.
 */
function delimited(text: string, start: number, open: string, close: string, dialect: Dialect, kind: SegmentKind, closeFrom?: number): Segment {
  const bodyStart = start + open.length;
  const closeAt = closers.indexOf(text, close, closeFrom ?? bodyStart);
  const lineEnd = closers.indexOf(text, '\n', bodyStart);
  const nextOpen = closers.indexOf(text, openerPrefix(open), bodyStart);
  const closed = closeAt !== -1 && (nextOpen === -1 || closeAt < nextOpen || open === '{{{');
  if (closed) {
    countWork(closeAt - bodyStart);
    return { start, end: closeAt + close.length, dialect, kind, open, close, expression: expressionBetween(text, bodyStart, closeAt), closed: true };
  }
  const end = lineEnd === -1 ? text.length : lineEnd;
  if (!buildUnclosed) {
    skippedEnd = end;
    return SKIPPED_UNCLOSED;
  }
  countWork(end - bodyStart);
  return { start, end, dialect, kind, open, close: '', expression: expressionBetween(text, bodyStart, end), closed: false };
}

/** The two characters an opener starts with (`{{{` → `{{`, `<%=` → `<%`), as constants. */
function openerPrefix(open: string): string {
  if (open.length === 2) return open;
  return open.charCodeAt(0) === 0x3c ? '<%' : open.charCodeAt(1) === 0x25 ? '{%' : '{{';
}

/**
 * The expression between `from` and `to`: trimmed, without one whitespace-control marker at each
 * end (`{{- x -}}`, `{{~ x ~}}`, `{%- x -%}`), trimmed again. Index arithmetic: not `/\s*[-~]$/`,
 * which retries from every space of a long run, and one slice per segment instead of up to four
 * strings (a delimiter-dense template has a segment every few characters).
 */
function expressionBetween(text: string, from: number, to: number): string {
  let start = from;
  let end = to;
  while (start < end && isTrimmedSpace(text.charCodeAt(start))) start++;
  while (end > start && isTrimmedSpace(text.charCodeAt(end - 1))) end--;
  if (start < end && isWhitespaceControl(text.charCodeAt(start))) start++;
  if (end > start && isWhitespaceControl(text.charCodeAt(end - 1))) end--;
  while (start < end && isTrimmedSpace(text.charCodeAt(start))) start++;
  while (end > start && isTrimmedSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** What String.prototype.trim removes (the same set as `\s`). */
function isTrimmedSpace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
    || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function isWhitespaceControl(code: number): boolean {
  return code === 0x2d /* - */ || code === 0x7e /* ~ */;
}

/**
 * `indexOf` for closers searched from ever later offsets of one text: a found position is
 * remembered and reused while it still lies ahead, so a run of unclosed openers (`<%` on every
 * line) scans the text once instead of once per opener.
 */
class ForwardSearch {
  /** Per needle, the last search: where it started and what it found (updated in place, never reallocated). */
  private readonly found = new Map<string, { from: number; at: number }>();

  constructor(private readonly text: string) {}

  indexOf(text: string, needle: string, from: number): number {
    if (text !== this.text) return countedIndexOf(text, needle, from);
    const known = this.found.get(needle);
    if (known && known.from <= from && (known.at === -1 || known.at >= from)) return known.at;
    const at = countedIndexOf(text, needle, from);
    if (known) {
      known.from = from;
      known.at = at;
    } else {
      this.found.set(needle, { from, at });
    }
    return at;
  }
}

/** The closer search of the tokenizing pass under way (tokenizing is synchronous and not reentrant). */
let closers = new ForwardSearch('');

/**
 * The text with every closed segment blanked to 'x' (same length, so offsets agree), for the
 * HTML tokenizer: quotes, `<` and `>` inside expressions can no longer end an attribute or a tag.
 * Unclosed segments stay as written so the HTML around them parses as a browser would.
 */
/** Masks of common lengths, shared: a personalization-dense template repeats a few lengths many times. */
const MASKS: string[] = [];
function mask(length: number): string {
  if (length >= 256) return 'x'.repeat(length);
  return (MASKS[length] ??= 'x'.repeat(length));
}

export function maskSegments(text: string, segments: readonly Segment[]): string {
  if (segments.length === 0) return text;
  countWork(text.length + segments.length);
  const parts: string[] = [];
  let at = 0;
  for (const segment of segments) {
    if (!segment.closed) continue;
    parts.push(text.slice(at, segment.start), mask(segment.end - segment.start));
    at = segment.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
