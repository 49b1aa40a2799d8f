// Platform detection across versions: the platform signals (platforms/detect.ts) found in the
// previous version are kept where the edit cannot have changed them and looked for again only
// around it. A signal found at a position reads at most SIGNAL_REACH characters from there (every
// signal's pattern is bounded; test/incremental.test.ts checks each against this reach, and that
// no literal signal overlaps itself), so positions more than that before the change, and
// positions after it, match as before. The evidence is then counted as detectPlatform counts it;
// where its caps would cut the count short, detectPlatform itself decides.
import { choiceFrom, detectPlatform, LITERALS, MAX_COUNT, MAX_EXAMINED, PATTERNS, type Evidence, type PlatformChoice } from '../platforms/detect';
import { PLATFORMS } from '../platforms/index';
import type { Dialect } from '../types';
import { commonEnds } from './html-scan';

/** The most characters a platform signal reads from where it starts: its longest match and the character a `\b` looks at. */
export const SIGNAL_REACH = 128;

/** Every pattern signal in one regex, as detectPlatform has it. */
const ANY_PATTERN = new RegExp(PATTERNS.map(({ sticky }) => `(?:${sticky.source})`).join('|'), 'g');

/** One signal found: where, which (pattern index, or PATTERNS.length + literal index: the order detectPlatform notes them in), and its text. */
interface Hit {
  at: number;
  signal: number;
  text: string;
}

export class IncrementalPlatformDetection {
  /** The previous version, with its signals once a later version needed them. */
  private previous: { text: string; hits: Hit[] | undefined } | undefined;

  /** Forgets the previous version. */
  reset(): void {
    this.previous = undefined;
  }

  /** `detectPlatform(text, dialect)`, looking for signals again only around the change since the previous call. */
  readonly detect = (text: string, dialect: Dialect): PlatformChoice => {
    const previous = this.previous;
    if (!previous) {
      // A document's first version (an editor opening it): detectPlatform's own pass is the fastest,
      // and the signals are listed only if an edit follows.
      this.previous = { text, hits: undefined };
      return detectPlatform(text, dialect);
    }
    let hits: Hit[];
    if (!previous.hits) {
      hits = hitsBetween(text, 0, text.length);
    } else {
      const { prefix, suffix } = commonEnds(previous.text, text);
      const delta = text.length - previous.text.length;
      const windowStart = Math.max(0, prefix - SIGNAL_REACH);
      const oldChangeEnd = previous.text.length - suffix;
      hits = [];
      for (const hit of previous.hits) if (hit.at < windowStart) hits.push(hit);
      for (const hit of hitsBetween(text, windowStart, text.length - suffix)) hits.push(hit);
      for (const hit of previous.hits) if (hit.at >= oldChangeEnd) hits.push(delta === 0 ? hit : { at: hit.at + delta, signal: hit.signal, text: hit.text });
    }
    this.previous = { text, hits };
    return choiceFromHits(hits, text, dialect);
  };
}

/** Signals starting in [from, to) of `text`, read from a slice that ends SIGNAL_REACH past `to`. */
function hitsBetween(text: string, from: number, to: number): Hit[] {
  const hits: Hit[] = [];
  if (from >= to) return hits;
  const slice = text.slice(from, Math.min(text.length, to + SIGNAL_REACH));
  const limit = to - from;
  ANY_PATTERN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = ANY_PATTERN.exec(slice)) !== null && match.index < limit) {
    const at = match.index;
    PATTERNS.forEach(({ sticky }, signal) => {
      sticky.lastIndex = at;
      const found = sticky.exec(slice);
      if (found) hits.push({ at: from + at, signal, text: found[0] });
    });
    ANY_PATTERN.lastIndex = at + 1;
  }
  LITERALS.forEach(({ literal }, index) => {
    for (let at = slice.indexOf(literal); at !== -1 && at < limit; at = slice.indexOf(literal, at + literal.length)) {
      hits.push({ at: from + at, signal: PATTERNS.length + index, text: literal });
    }
  });
  return hits;
}

/** The evidence detectPlatform would count from these signals; detectPlatform itself where its caps apply. */
function choiceFromHits(hits: readonly Hit[], text: string, dialect: Dialect): PlatformChoice {
  const evidence: Evidence[] = PLATFORMS.map(() => ({ count: 0 }));
  const firstSignal: number[] = PLATFORMS.map(() => Infinity);
  const examined = new Set<number>();
  for (const hit of hits) {
    const isPattern = hit.signal < PATTERNS.length;
    const { platformIndex, what } = isPattern ? PATTERNS[hit.signal]! : LITERALS[hit.signal - PATTERNS.length]!;
    if (isPattern) examined.add(hit.at);
    const entry = evidence[platformIndex]!;
    entry.count++;
    // The earliest; at one place, the signal detectPlatform notes first.
    if (!entry.first || hit.at < entry.first.at || (hit.at === entry.first.at && hit.signal < firstSignal[platformIndex]!)) {
      entry.first = { at: hit.at, text: hit.text, what };
      firstSignal[platformIndex] = hit.signal;
    }
  }
  if (examined.size >= MAX_EXAMINED || evidence.some((entry) => entry.count >= MAX_COUNT)) return detectPlatform(text, dialect);
  return choiceFrom(evidence, dialect);
}
