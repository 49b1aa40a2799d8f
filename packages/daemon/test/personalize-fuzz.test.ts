// The personalization renderer on core's adversarial templates: it never throws, and 4x the text
// costs at most 9x the time (a quadratic path costs 16x). It runs at prepare, on every email view
// and on every click, so a hostile template must not stall the daemon. LINKTRACE_FUZZ_SEED replays.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { detectDialect, type Dialect, type LintOptions } from '@linktrace/core';
import { personalize } from '../src/personalize';

interface AdversarialCase {
  name: string;
  build(repetitions: number): string;
  options: LintOptions;
}
interface Support {
  adversarialCase(random: unknown): AdversarialCase;
  repetitionsFor(testCase: AdversarialCase, length: number): number;
  reviewedInputs(length: number): { name: string; text: string; options: LintOptions }[];
}

// core's generator, loaded by URL: it belongs to another package's tests.
const coreSupport = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../core/test/support');
const support = (await import(pathToFileURL(path.join(coreSupport, 'adversarial.ts')).href)) as Support;
const { createRandom } = (await import(pathToFileURL(path.join(coreSupport, 'mutate.ts')).href)) as { createRandom(seed: number): unknown };

const seedFromEnv = Number.parseInt(process.env.LINKTRACE_FUZZ_SEED ?? '', 10);
const SEED = Number.isFinite(seedFromEnv) ? seedFromEnv >>> 0 : 1313;
const RECIPIENT = { id: 'r1', email: 'r1@example.test', fields: { firstName: 'Ada', profile: { city: 'London' } } };
const LINEAR_BOUND = 9;
const NOISE_FLOOR_MS = 10;

const dialectOf = (text: string, options: LintOptions): Dialect => (options.dialect && options.dialect !== 'auto' ? options.dialect : detectDialect(text));

function renderBoth(text: string, dialect: Dialect): void {
  personalize(text, dialect, RECIPIENT, 'html');
  personalize(text, dialect, RECIPIENT, 'attribute-url');
}

function fastest(run: () => void, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function superLinearity(name: string, build: (length: number) => string, options: LintOptions, length: number): string | undefined {
  const small = build(length);
  const large = build(4 * length);
  const smallDialect = dialectOf(small, options);
  const largeDialect = dialectOf(large, options);
  fastest(() => renderBoth(small, smallDialect), 1);
  const smallMs = Math.max(fastest(() => renderBoth(small, smallDialect), 3), NOISE_FLOOR_MS);
  const largeMs = fastest(() => renderBoth(large, largeDialect), 3);
  return largeMs > LINEAR_BOUND * smallMs ? `${name}: ${smallMs.toFixed(1)} ms for ${small.length} chars, ${largeMs.toFixed(1)} ms for ${large.length}` : undefined;
}

describe(`personalize on adversarial templates (seed ${SEED})`, () => {
  it('500 generated hostile templates never make it throw', () => {
    const random = createRandom(SEED);
    const failures: string[] = [];
    for (let i = 0; i < 500 && failures.length < 5; i++) {
      const testCase = support.adversarialCase(random);
      const text = testCase.build(support.repetitionsFor(testCase, 1 + (i % 7) * 1_000));
      try {
        renderBoth(text, dialectOf(text, testCase.options));
      } catch (error) {
        failures.push(`#${i} ${testCase.name}: ${(error as Error)?.stack ?? error}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it('the review\'s inputs and 30 generated ones render in linear time', function () {
    this.timeout(120_000);
    const failures: (string | undefined)[] = support.reviewedInputs(40_000).map((input) =>
      superLinearity(input.name, (length) => support.reviewedInputs(length).find((other) => other.name === input.name)!.text, input.options, 40_000));
    const random = createRandom(SEED ^ 0xd4e);
    for (let i = 0; i < 30; i++) {
      const testCase = support.adversarialCase(random);
      failures.push(superLinearity(`#${i} ${testCase.name}`, (length) => testCase.build(support.repetitionsFor(testCase, length)), testCase.options, 30_000));
    }
    assert.deepEqual(failures.filter(Boolean), []);
  });
});
