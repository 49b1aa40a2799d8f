// Adversarial fuzzing: grammar-aware hostile templates (support/adversarial.ts) must never make
// lint() throw or break a range, and must cost time linear in their size. Linearity is checked by
// scaling: four times the text may cost at most LINEAR_BOUND times the time (a quadratic path costs
// sixteen times). The benchmark (scripts/bench/core.ts) runs longer and reports the ratios to
// htmlparser2's parse. Seeded like fuzz.test.ts: LINKTRACE_FUZZ_SEED replays a run.
import assert from 'node:assert/strict';
import { lint, parseTemplate, type LintOptions } from '@linktrace/core';
import { adversarialCase, repetitionsFor, reviewedInputs, type AdversarialCase } from './support/adversarial';
import { findingProblems, templateProblems } from './support/invariants';
import { createRandom } from './support/mutate';
import { cpuMilliseconds } from './support/cpu-time';

const DEFAULT_SEED = 1313;
const seedFromEnv = Number.parseInt(process.env.LINKTRACE_FUZZ_SEED ?? '', 10);
const SEED = Number.isFinite(seedFromEnv) ? seedFromEnv >>> 0 : DEFAULT_SEED;

/** Time for 4x the text over time for the text: 4 when linear; quadratic gives 16. Generous for GC and a shared machine. */
const LINEAR_BOUND = 9;
/** Below this the small run is mostly timer and GC noise: the large run must then stay under the bound times it. */
const NOISE_FLOOR_MS = 10;
/** A small run slower than this is already far from an ordinary template's cost: no need to wait for the large one. */
const SMALL_RUN_LIMIT_MS = 400;

function problemsOf(text: string, options: LintOptions): string[] {
  try {
    return [
      ...templateProblems(text, parseTemplate(text, options)).map((problem) => `parse: ${problem}`),
      ...findingProblems(text, lint(text, options)).map((problem) => `lint: ${problem}`),
    ];
  } catch (error) {
    return [`threw: ${(error as Error)?.stack ?? error}`];
  }
}

function fastest(text: string, options: LintOptions, runs: number): number {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    best = Math.min(best, cpuMilliseconds(() => lint(text, options)));
  }
  return best;
}

/** Undefined when 4x the text costs at most LINEAR_BOUND times as much (measured twice before failing). */
function superLinearity(name: string, build: (length: number) => string, options: LintOptions, length: number): string | undefined {
  const small = build(length);
  const large = build(4 * length);
  let ratio = Infinity;
  let times = '';
  for (let attempt = 0; attempt < 2 && ratio > LINEAR_BOUND; attempt++) {
    fastest(small, options, 1); // warm-up: compiled code, not the text, is the first run's cost
    const smallMs = Math.max(fastest(small, options, 3), NOISE_FLOOR_MS);
    if (smallMs > SMALL_RUN_LIMIT_MS) return `${name} (${JSON.stringify(options)}): ${smallMs.toFixed(0)} ms for ${small.length} chars`;
    const largeMs = fastest(large, options, 3);
    ratio = Math.min(ratio, largeMs / smallMs);
    times = `${small.length} chars: ${smallMs.toFixed(1)} ms, ${large.length} chars: ${largeMs.toFixed(1)} ms`;
  }
  return ratio > LINEAR_BOUND ? `${name} (${JSON.stringify(options)}): ${ratio.toFixed(1)}x the time for 4x the text (${times})` : undefined;
}

describe(`adversarial templates (seed ${SEED})`, () => {
  it('the inputs the review found slow or throwing: no throw, linear time', function () {
    this.timeout(120_000);
    const failures: string[] = [];
    for (const input of reviewedInputs(40_000)) {
      const problems = problemsOf(input.text, input.options);
      if (problems.length) failures.push(`${input.name}: ${problems.slice(0, 3).join('; ')}`);
      const slow = superLinearity(input.name, (length) => reviewedInputs(length).find((other) => other.name === input.name)!.text, input.options, 40_000);
      if (slow) failures.push(slow);
    }
    assert.deepEqual(failures, []);
  });

  it('600 generated hostile templates never throw and keep every range exact', function () {
    this.timeout(120_000);
    const random = createRandom(SEED);
    const failures: string[] = [];
    for (let i = 0; i < 600 && failures.length < 5; i++) {
      const testCase = adversarialCase(random);
      const text = testCase.build(repetitionsFor(testCase, 1 + random.int(6_000)));
      const problems = problemsOf(text, testCase.options);
      if (problems.length) failures.push(`#${i} ${testCase.name}: ${problems.slice(0, 3).join('; ')}`);
    }
    assert.deepEqual(failures, []);
  });

  it('40 generated hostile templates cost time linear in their size', function () {
    this.timeout(300_000);
    const random = createRandom(SEED ^ 0x5ca1e);
    const cases: AdversarialCase[] = Array.from({ length: 40 }, () => adversarialCase(random));
    const failures = cases
      .map((testCase, i) => superLinearity(`#${i} ${testCase.name}`, (length) => testCase.build(repetitionsFor(testCase, length)), testCase.options, 30_000))
      .filter((failure): failure is string => failure !== undefined);
    assert.deepEqual(failures, []);
  });

  it('the scaling check catches a quadratic scan', () => {
    // A stand-in for lint with the shape of the old pragma scan: an indexOf from every opener.
    const quadratic = (text: string): number => {
      let found = 0;
      for (let at = text.indexOf('<!--'); at !== -1; at = text.indexOf('<!--', at + 1)) found += text.indexOf('-->', at) === -1 ? 1 : 0;
      return found;
    };
    const time = (text: string): number => {
      let best = Infinity;
      for (let run = 0; run < 3; run++) {
        best = Math.min(best, cpuMilliseconds(() => quadratic(text)));
      }
      return best;
    };
    const small = '<!--'.repeat(1_500);
    const ratio = time(small.repeat(4)) / Math.max(time(small), 1);
    assert.ok(ratio > LINEAR_BOUND, `a quadratic scan took ${ratio.toFixed(1)}x for 4x the text`);
  });
});
