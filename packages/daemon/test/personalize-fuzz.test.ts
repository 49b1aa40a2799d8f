// The personalization renderer on core's adversarial templates: it never throws, and 4x the text
// costs at most 4.6x the work, counted rather than timed (support/work.ts: the tokenizer's and the
// renderer's reads, the same on a busy machine as on an idle one; a quadratic path counts 16x). It
// runs at prepare, on every email view and on every click, so a hostile template must not stall
// the daemon. The seed is printed in the suite's title; LINKTRACE_FUZZ_SEED replays it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { detectDialect, type Dialect, type LintOptions } from '@linktrace/core';
import { personalize } from '../src/personalize';
import { superLinearRender } from './support/work';

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

const dialectOf = (text: string, options: LintOptions): Dialect => (options.dialect && options.dialect !== 'auto' ? options.dialect : detectDialect(text));

function renderBoth(text: string, dialect: Dialect): void {
  personalize(text, dialect, RECIPIENT, 'html');
  personalize(text, dialect, RECIPIENT, 'attribute-url');
}

/** Undefined when rendering 4x the text (dialect detected outside the count) costs at most 4.6x the work. */
function superLinearity(name: string, build: (length: number) => string, options: LintOptions, length: number): string | undefined {
  const dialects = new Map<string, Dialect>();
  const built = (size: number): string => {
    const text = build(size);
    dialects.set(text, dialectOf(text, options));
    return text;
  };
  return superLinearRender(name, built, (text) => renderBoth(text, dialects.get(text)!), length);
}

describe(`personalize on adversarial templates (seed ${SEED})`, () => {
  before(() => {
    console.log(`    personalize fuzz seed ${SEED} (replay: LINKTRACE_FUZZ_SEED=${SEED})`);
  });

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

  it('the review\'s inputs and 30 generated ones render with work linear in their size', function () {
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
