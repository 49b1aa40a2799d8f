// Small helpers shared by the benchmarks: interleaved timing, percentiles, table printing.

export interface Sample {
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: readonly number[]): Sample {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), p99: at(0.99), min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN, runs: sorted.length };
}

export interface Case {
  name: string;
  run: () => unknown;
}

/** Keeps results reachable so the optimizer cannot drop the work. */
let sink: unknown;
export const lastResult = (): unknown => sink;

/**
 * Runs every case once per round, in a rotating order (so no case always runs first or right
 * after another's garbage), after `warmup` untimed rounds. Returns the samples in ms per case.
 */
export function interleaved(cases: readonly Case[], rounds: number, warmup: number): Map<string, Sample> {
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let round = -warmup; round < rounds; round++) {
    for (let k = 0; k < cases.length; k++) {
      const item = cases[(k + Math.max(round, 0)) % cases.length]!;
      const start = performance.now();
      sink = item.run();
      const elapsed = performance.now() - start;
      if (round >= 0) samples.get(item.name)!.push(elapsed);
    }
  }
  return new Map([...samples].map(([name, values]) => [name, summarize(values)]));
}

export const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
export const kb = (chars: number): string => (chars >= 1024 * 1024 ? `${(chars / 1024 / 1024).toFixed(2)} MB` : `${(chars / 1024).toFixed(0)} KB`);

/** Prints rows as an aligned table (first row is the header). */
export function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  rows.forEach((row, i) => {
    console.log(`  ${row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ')}`);
    if (i === 0) console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  });
}

export const verdict = (met: boolean): string => (met ? 'PASS' : 'MISS');
