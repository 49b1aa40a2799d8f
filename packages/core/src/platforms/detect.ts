// Which platform a template was written for, and why: the platform tags it uses, counted in one
// pass over the text; without any, the platform its personalization syntax implies.
import type { Dialect } from '../types';
import { GENERIC_PLATFORM, PLATFORMS, platformOfDialect } from './index';
import type { PlatformProfile, PlatformSignal } from './profile';

export interface PlatformChoice {
  platform: PlatformProfile;
  /** Why this platform, for `linktrace links` and the editor: "found *|UNSUB|* (Mailchimp merge tag) and 3 more". */
  reason: string;
}

interface IndexedSignal {
  platformIndex: number;
  signal: PlatformSignal;
  sticky: RegExp;
}

const INDEXED: readonly IndexedSignal[] = PLATFORMS.flatMap((platform, platformIndex) =>
  platform.signals.map((signal) => ({ platformIndex, signal, sticky: new RegExp(signal.pattern.source, 'y') })),
);
/** Every signal in one pattern, so the text is read once whatever the number of platforms. */
const ANY_SIGNAL = new RegExp(INDEXED.map(({ signal }) => `(?:${signal.pattern.source})`).join('|'), 'g');
const MAX_COUNT = 1000;
const MAX_SHOWN = 60;

export function detectPlatform(text: string, dialect: Dialect): PlatformChoice {
  const counts = new Array<number>(PLATFORMS.length).fill(0);
  const first: ({ text: string; what: string } | undefined)[] = new Array(PLATFORMS.length).fill(undefined);
  ANY_SIGNAL.lastIndex = 0;
  let match: RegExpExecArray | null;
  let total = 0;
  while (total < MAX_COUNT * 4 && (match = ANY_SIGNAL.exec(text)) !== null) {
    const at = match.index;
    for (const { platformIndex, signal, sticky } of INDEXED) {
      if (counts[platformIndex]! >= MAX_COUNT) continue;
      sticky.lastIndex = at;
      const found = sticky.exec(text);
      if (!found) continue;
      counts[platformIndex]!++;
      total++;
      first[platformIndex] ??= { text: found[0], what: signal.what };
    }
    ANY_SIGNAL.lastIndex = at + 1; // signals of two platforms may start at the same place
  }
  let best = -1;
  counts.forEach((count, i) => {
    if (count > 0 && (best === -1 || count > counts[best]!)) best = i;
  });
  if (best !== -1) {
    const evidence = first[best]!;
    const more = counts[best]! - 1;
    return {
      platform: PLATFORMS[best]!,
      reason: `found ${shown(evidence.text)} (${evidence.what})${more > 0 ? ` and ${more} more ${PLATFORMS[best]!.name} tag${more === 1 ? '' : 's'}` : ''}`,
    };
  }
  const implied = platformOfDialect(dialect);
  if (implied !== GENERIC_PLATFORM) return { platform: implied, reason: `its personalization syntax is ${implied.name}'s` };
  return {
    platform: GENERIC_PLATFORM,
    reason: 'no platform tag found: assumed a platform that tracks links after rendering (set "platform" in linktrace.config.json to be exact)',
  };
}

function shown(found: string): string {
  const oneLine = found.replace(/\s+/g, ' ');
  return oneLine.length > MAX_SHOWN ? `${oneLine.slice(0, MAX_SHOWN - 3)}...` : oneLine;
}
