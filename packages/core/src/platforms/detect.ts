// Which platform a template was written for, and why: the platform tags it uses, counted in one
// pass over the text; without any, the platform its personalization syntax implies.
import type { Dialect } from '../types';
import { GENERIC_PLATFORM, PLATFORMS, platformOfDialect } from './index';
import type { PlatformProfile } from './profile';

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
  for (let examined = 0; examined < MAX_EXAMINED && (match = ANY_PATTERN.exec(text)) !== null; examined++) {
    const at = match.index;
    for (const { platformIndex, what, sticky } of PATTERNS) {
      if (evidence[platformIndex]!.count >= MAX_COUNT) continue;
      sticky.lastIndex = at;
      const found = sticky.exec(text);
      if (!found) continue;
      note(platformIndex, at, found[0], what);
    }
    ANY_PATTERN.lastIndex = at + 1; // signals of two platforms may start at the same place
  }
  for (const { platformIndex, what, literal } of LITERALS) {
    for (let at = text.indexOf(literal); at !== -1 && evidence[platformIndex]!.count < MAX_COUNT; at = text.indexOf(literal, at + literal.length)) {
      note(platformIndex, at, literal, what);
    }
  }
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
