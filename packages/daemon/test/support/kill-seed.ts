// Seeded randomness for the kill tests: each run picks a new seed (kills at new moments) and prints
// it; LINKTRACE_KILL_SEED replays the same moments after a failure.

export interface SeededRandom {
  seed: number;
  /** An integer in [0, max). */
  int(max: number): number;
}

/** A seeded PRNG (mulberry32) whose seed comes from LINKTRACE_KILL_SEED, or is new and printed. */
export function killRandom(testName: string): SeededRandom {
  const fromEnv = Number.parseInt(process.env.LINKTRACE_KILL_SEED ?? '', 10);
  const seed = Number.isFinite(fromEnv) ? fromEnv >>> 0 : Math.floor(Math.random() * 2 ** 32) >>> 0;
  console.log(`      ${testName}: kill seed ${seed} (replay: LINKTRACE_KILL_SEED=${seed})`);
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, int: (max) => Math.floor(next() * max) };
}
