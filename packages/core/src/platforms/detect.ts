// Which platform a template was written for, and why: the platform tags it uses, counted in one
// pass over the text; without any, the platform its personalization syntax implies.
import type { Dialect } from '../types';
import { GENERIC_PLATFORM, PLATFORMS, platformOfDialect } from './index';
import type { PlatformProfile } from './profile';
import { countWork, countedExec } from '../work-meter';

export interface PlatformChoice {
  platform: PlatformProfile;
  /** Why this platform, for `linktrace links` and the editor: "found *|UNSUB|* (Mailchimp merge tag) and 3 more". */
  reason: string;
}

export interface IndexedSignal {
  platformIndex: number;
  what: string;
  sticky: RegExp;
}

export const PATTERNS: readonly IndexedSignal[] = PLATFORMS.flatMap((platform, platformIndex) =>
  platform.signals.flatMap(({ pattern, what }) => (pattern ? [{ platformIndex, what, sticky: new RegExp(pattern.source, 'y') }] : [])),
);
export const LITERALS = PLATFORMS.flatMap((platform, platformIndex) =>
  platform.signals.flatMap(({ literal, what }) => (literal ? [{ platformIndex, what, literal }] : [])),
);
/**
 * Every literal in one regex: one pass over the text finds them all, where an `indexOf` loop per
 * literal read a link-dense megabyte twenty times (about 15 ms against 2 ms).
 */
const ANY_LITERAL = new RegExp(trieSource(LITERALS.map(({ literal }) => literal)), 'g');

/**
 * A regex source matching exactly where one of `words` starts, with shared prefixes written once
 * (`mc:(?:edit|hideable)`): the engine then tests one prefix per position, not every word.
 */
function trieSource(words: readonly string[]): string {
  const escape = (char: string): string => char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const alternatives = new Map<string, string[]>();
  let endsHere = false;
  for (const word of words) {
    if (word === '') endsHere = true;
    else alternatives.set(word.charAt(0), [...(alternatives.get(word.charAt(0)) ?? []), word.slice(1)]);
  }
  // A word that ends here matches whatever follows: the shorter alternative is enough.
  if (endsHere) return '';
  const branches = [...alternatives].map(([first, rests]) => escape(first) + trieSource(rests));
  return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
}

/**
 * The character every match of a pattern source starts with, or undefined when the source does not
 * say (a class, or a top-level alternative that may start elsewhere): such patterns are tried at
 * every match of the union.
 */
function firstCharOf(source: string): number | undefined {
  const escaped = source.charAt(0) === '\\';
  const first = escaped ? source.charAt(1) : source.charAt(0);
  if (first === '' || (escaped && /[A-Za-z0-9]/.test(first)) || (!escaped && '([.^$'.includes(first))) return undefined;
  let depth = 0;
  for (let at = 0; at < source.length; at++) {
    const char = source.charAt(at);
    if (char === '\\') at++;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) return undefined;
  }
  return first.charCodeAt(0);
}

/** For each first character, the patterns that can match there, in their original order. */
const PATTERNS_BY_FIRST_CHAR = new Map<number, IndexedSignal[]>();
{
  const firsts = PATTERNS.map(({ sticky }) => firstCharOf(sticky.source));
  for (const code of new Set(firsts.filter((code): code is number => code !== undefined))) {
    PATTERNS_BY_FIRST_CHAR.set(code, PATTERNS.filter((_, i) => firsts[i] === code || firsts[i] === undefined));
  }
}
const PATTERNS_ANYWHERE = PATTERNS.filter(({ sticky }) => firstCharOf(sticky.source) === undefined);
/** Every pattern signal in one regex, so the text is read once whatever the number of platforms. */
const ANY_PATTERN = new RegExp(PATTERNS.map(({ sticky }) => `(?:${sticky.source})`).join('|'), 'g');
export const MAX_COUNT = 1000;
/** Signal matches looked at: the first few thousand decide, and a signal-dense text stays cheap. */
export const MAX_EXAMINED = 4000;
const MAX_SHOWN = 60;

export interface Evidence {
  count: number;
  /** The earliest match, for the reason. */
  first?: { at: number; text: string; what: string };
}

export function detectPlatform(text: string, dialect: Dialect): PlatformChoice {
  const evidence: Evidence[] = PLATFORMS.map(() => ({ count: 0 }));
  const note = (platformIndex: number, at: number, found: string, what: string): void => {
    const entry = evidence[platformIndex]!;
    entry.count++;
    if (!entry.first || at < entry.first.at) entry.first = { at, text: found, what };
  };
  ANY_PATTERN.lastIndex = 0;
  let match: RegExpExecArray | null;
  for (let examined = 0; examined < MAX_EXAMINED && (match = countedExec(ANY_PATTERN, text)) !== null; examined++) {
    const at = match.index;
    for (const { platformIndex, what, sticky } of PATTERNS_BY_FIRST_CHAR.get(text.charCodeAt(at)) ?? PATTERNS_ANYWHERE) {
      if (evidence[platformIndex]!.count >= MAX_COUNT) continue;
      sticky.lastIndex = at;
      const found = sticky.exec(text);
      countWork(found ? found[0].length : 1);
      if (!found) continue;
      note(platformIndex, at, found[0], what);
    }
    ANY_PATTERN.lastIndex = at + 1; // signals of two platforms may start at the same place
  }
  // Literals count as a separate indexOf loop per literal would, in the order they are listed:
  // each adds its non-overlapping occurrences up to the platform's cap, the first of them as evidence.
  const occurrences = LITERALS.map(() => ({ count: 0, first: -1, nextAllowed: 0 }));
  ANY_LITERAL.lastIndex = 0;
  while ((match = countedExec(ANY_LITERAL, text)) !== null) {
    const at = match.index;
    for (let i = 0; i < LITERALS.length; i++) {
      const seen = occurrences[i]!;
      if (at < seen.nextAllowed || seen.count >= MAX_COUNT || !text.startsWith(LITERALS[i]!.literal, at)) continue;
      if (seen.count++ === 0) seen.first = at;
      seen.nextAllowed = at + LITERALS[i]!.literal.length;
    }
    ANY_LITERAL.lastIndex = at + 1; // literals may overlap
  }
  LITERALS.forEach(({ platformIndex, what, literal }, i) => {
    const entry = evidence[platformIndex]!;
    const counted = Math.min(occurrences[i]!.count, MAX_COUNT - entry.count);
    if (counted <= 0) return;
    note(platformIndex, occurrences[i]!.first, literal, what);
    entry.count += counted - 1;
  });
  return choiceFrom(evidence, dialect);
}

/** The platform with the most evidence (the first on a tie), else the one the dialect implies; incremental/ counts evidence its own way. */
export function choiceFrom(evidence: readonly Evidence[], dialect: Dialect): PlatformChoice {
  let best = -1;
  evidence.forEach(({ count }, i) => {
    if (count > 0 && (best === -1 || count > evidence[best]!.count)) best = i;
  });
  if (best !== -1) {
    const { count, first } = evidence[best]!;
    const more = count - 1;
    const platform = PLATFORMS[best]!;
    return {
      platform,
      reason: `found ${shown(first!.text)} (${first!.what})${more > 0 ? ` and ${more} more ${platform.name} tag${more === 1 ? '' : 's'}` : ''}`,
    };
  }
  const implied = platformOfDialect(dialect);
  if (implied !== GENERIC_PLATFORM) return { platform: implied, reason: `its personalization syntax is ${implied.name}'s` };
  return {
    platform: GENERIC_PLATFORM,
    reason: 'no platform tag found; set "platform" in linktrace.config.json to be exact',
  };
}

function shown(found: string): string {
  const oneLine = found.replace(/\s+/g, ' ');
  return oneLine.length > MAX_SHOWN ? `${oneLine.slice(0, MAX_SHOWN - 3)}...` : oneLine;
}
