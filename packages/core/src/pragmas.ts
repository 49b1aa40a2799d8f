// `<!-- linktrace ... -->` comments: message-level settings and rule suppressions written by
// the author in the template itself.
import { PLATFORM_IDS, type MessageKind, type PlatformId } from './platforms/index';
import { DIALECTS, type Dialect, type Pragmas } from './types';
import type { LineIndex } from './position';
import { countWork, countedIndexOf } from './work-meter';

const DIRECTIVES = ['-disable-next-line', '-disable', '-enable'] as const;

interface PragmaComment {
  index: number;
  length: number;
  directive: (typeof DIRECTIVES)[number] | undefined;
  body: string;
}

/**
 * Every `<!-- linktrace... -->` comment, as `/<!--\s*linktrace(-disable-next-line|-disable|-enable)?(?=[\s-])([^]*?)-->/g`
 * would find them. A loop: that regex looks for `-->` again from every unclosed `<!-- linktrace`.
 */
function pragmaComments(text: string): PragmaComment[] {
  const comments: PragmaComment[] = [];
  let commentEnd = -1; // the next `-->` found so far, reused while it lies ahead
  for (let open = countedIndexOf(text, '<!--', 0); open !== -1; open = countedIndexOf(text, '<!--', open + 1)) {
    let at = open + 4;
    while (at < text.length && isWhitespace(text.charCodeAt(at))) at++;
    countWork(at - open);
    if (!text.startsWith('linktrace', at)) continue;
    at += 'linktrace'.length;
    const directive = DIRECTIVES.find((name) => text.startsWith(name, at) && isPragmaWordEnd(text.charCodeAt(at + name.length)));
    const bodyStart = directive ? at + directive.length : at;
    if (!directive && !isPragmaWordEnd(text.charCodeAt(at))) continue;
    if (commentEnd < bodyStart) commentEnd = countedIndexOf(text, '-->', bodyStart);
    if (commentEnd === -1) break; // no later comment closes either
    countWork(commentEnd - bodyStart); // the body, read again when split into words
    comments.push({ index: open, length: commentEnd + 3 - open, directive, body: text.slice(bodyStart, commentEnd) });
    open = commentEnd + 2; // the regex resumes after the match
  }
  return comments;
}

/** The lookahead `(?=[\s-])` after `linktrace` and its directive. */
function isPragmaWordEnd(code: number): boolean {
  return code === 0x2d || isWhitespace(code);
}

/** What `\s` matches. */
function isWhitespace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
    || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

export function readPragmas(text: string, lines: LineIndex): Pragmas {
  const pragmas: Pragmas = { settings: {}, disabledFrom: [], disabledLines: [] };
  if (!text.includes('linktrace')) return pragmas;
  /** Disables not yet ended by an enable, by rule, so an enable touches only those it ends. */
  const openDisables = new Map<string, Pragmas['disabledFrom']>();
  for (const match of pragmaComments(text)) {
    const directive = match.directive;
    const words = match.body.split(/[\s,]+/).filter(Boolean);
    const rules = words.length ? words : ['*'];
    if (directive === '-disable-next-line') {
      const line = lines.positionAt(match.index + match.length).line + 1;
      for (const rule of rules) pragmas.disabledLines.push({ rule, line });
    } else if (directive === '-disable') {
      for (const rule of rules) {
        const entry = { rule, offset: match.index };
        pragmas.disabledFrom.push(entry);
        const open = openDisables.get(rule);
        if (open) open.push(entry);
        else openDisables.set(rule, [entry]);
      }
    } else if (directive === '-enable') {
      // Re-enabling ends every earlier disable of those rules still in force.
      const ended = rules.includes('*') ? [...openDisables.keys()] : rules;
      for (const rule of ended) {
        for (const entry of openDisables.get(rule) ?? []) entry.until = match.index;
        openDisables.delete(rule);
      }
    } else {
      for (const word of words) readSetting(word, pragmas);
    }
  }
  return pragmas;
}

function readSetting(word: string, pragmas: Pragmas): void {
  const [key, value] = word.split('=');
  const on = value === 'on' || value === 'true';
  const off = value === 'off' || value === 'false';
  if ((key === 'opens' || key === 'clicks') && (on || off)) pragmas.settings[key] = on;
  if (key === 'dialect' && (DIALECTS as readonly string[]).includes(value ?? '')) pragmas.dialect = value as Dialect;
  if (key === 'platform' && (PLATFORM_IDS as readonly string[]).includes(value ?? '')) pragmas.platform = value as PlatformId;
  if ((key === 'messageKind' || key === 'message') && (value === 'marketing' || value === 'transactional')) pragmas.messageKind = value as MessageKind;
}

/** Whether a finding of `ruleId` at `offset` (on 1-based `line`) is silenced by a pragma. */
export function isSuppressed(pragmas: Pragmas, ruleId: string, offset: number, line: number): boolean {
  if (pragmas.disabledLines.length === 0 && pragmas.disabledFrom.length === 0) return false;
  let index = suppressionIndexes.get(pragmas);
  if (!index) suppressionIndexes.set(pragmas, (index = indexSuppressions(pragmas)));
  const onLine = index.lines.get(line);
  if (onLine && (onLine.has('*') || onLine.has(ruleId))) return true;
  return isInRanges(index.ranges.get('*'), offset) || isInRanges(index.ranges.get(ruleId), offset);
}

/**
 * Pragmas indexed for lookups: a template with thousands of pragmas and thousands of findings
 * must not compare each finding with each pragma. Built once per (unchanging) parsed Pragmas.
 */
interface SuppressionIndex {
  lines: Map<number, Set<string>>;
  ranges: Map<string, RuleRanges>;
}

/** One rule's disabled ranges by start, with the furthest end among each prefix of them. */
interface RuleRanges {
  starts: number[];
  furthestEnds: number[];
}

const suppressionIndexes = new WeakMap<Pragmas, SuppressionIndex>();

function indexSuppressions(pragmas: Pragmas): SuppressionIndex {
  const lines = new Map<number, Set<string>>();
  for (const { rule, line } of pragmas.disabledLines) {
    const rules = lines.get(line);
    if (rules) rules.add(rule);
    else lines.set(line, new Set([rule]));
  }
  const byRule = new Map<string, { offset: number; until: number }[]>();
  for (const { rule, offset, until } of pragmas.disabledFrom) {
    const list = byRule.get(rule) ?? [];
    list.push({ offset, until: until ?? Infinity });
    byRule.set(rule, list);
  }
  const ranges = new Map<string, RuleRanges>();
  for (const [rule, list] of byRule) {
    list.sort((a, b) => a.offset - b.offset);
    let furthest = -Infinity;
    ranges.set(rule, { starts: list.map((range) => range.offset), furthestEnds: list.map((range) => (furthest = Math.max(furthest, range.until))) });
  }
  return { lines, ranges };
}

/** Whether some range starting at or before `offset` ends after it. */
function isInRanges(ranges: RuleRanges | undefined, offset: number): boolean {
  if (!ranges) return false;
  let low = 0;
  let high = ranges.starts.length; // first start > offset, by binary search
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ranges.starts[middle]! <= offset) low = middle + 1;
    else high = middle;
  }
  return low > 0 && ranges.furthestEnds[low - 1]! > offset;
}
