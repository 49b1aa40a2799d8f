// Adversarial fuzzing: grammar-aware hostile templates (support/adversarial.ts) must never make
// lint() throw or break a range, and must cost work linear in their size. Linearity is checked by
// counting work (support/work.ts: characters core's scanners read, and the rules' reads of links
// and segments), never by the clock: four times the text may cost at most LINEAR_WORK_BOUND times
// the work (a quadratic path costs sixteen times), the same on a busy machine as on an idle one.
// The benchmark (scripts/bench/core.ts) times the same shapes against htmlparser2's parse.
// Seeded like fuzz.test.ts: LINKTRACE_FUZZ_SEED replays a run.
import assert from 'node:assert/strict';
import { lint, lintTemplate, parseTemplate, type LintOptions, type Template } from '@linktrace/core';
import { adversarialCase, repetitionsFor, reviewedInputs, type AdversarialCase } from './support/adversarial';
import { findingProblems, templateProblems } from './support/invariants';
import { createRandom } from './support/mutate';
import { countingTemplate, LINEAR_WORK_BOUND, lintWork, superLinearWork } from './support/work';
import { countedIndexOf, workCounted } from '../src/work-meter';

const DEFAULT_SEED = 1313;
const seedFromEnv = Number.parseInt(process.env.LINKTRACE_FUZZ_SEED ?? '', 10);
const SEED = Number.isFinite(seedFromEnv) ? seedFromEnv >>> 0 : DEFAULT_SEED;

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

describe(`adversarial templates (seed ${SEED})`, () => {
  before(() => {
    console.log(`    adversarial seed ${SEED} (replay: LINKTRACE_FUZZ_SEED=${SEED})`);
  });

  it('the inputs the review found slow or throwing: no throw, linear work', function () {
    this.timeout(120_000);
    const failures: string[] = [];
    for (const input of reviewedInputs(40_000)) {
      const problems = problemsOf(input.text, input.options);
      if (problems.length) failures.push(`${input.name}: ${problems.slice(0, 3).join('; ')}`);
      const slow = superLinearWork(input.name, (length) => reviewedInputs(length).find((other) => other.name === input.name)!.text, input.options, 40_000);
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

  it('40 generated hostile templates cost work linear in their size', function () {
    this.timeout(300_000);
    const random = createRandom(SEED ^ 0x5ca1e);
    const cases: AdversarialCase[] = Array.from({ length: 40 }, () => adversarialCase(random));
    const failures = cases
      .map((testCase, i) => superLinearWork(`#${i} ${testCase.name}`, (length) => testCase.build(repetitionsFor(testCase, length)), testCase.options, 30_000))
      .filter((failure): failure is string => failure !== undefined);
    assert.deepEqual(failures, []);
  });

  it('the work count catches a quadratic scan and a quadratic rule', () => {
    // A stand-in with the shape of the old pragma scan: a search for `-->` from every `<!--`.
    const quadraticScan = (text: string): number => {
      const before = workCounted();
      for (let at = countedIndexOf(text, '<!--', 0); at !== -1; at = countedIndexOf(text, '<!--', at + 1)) countedIndexOf(text, '-->', at);
      return workCounted() - before;
    };
    const small = '<!--'.repeat(1_500);
    const scanRatio = quadraticScan(small.repeat(4)) / quadraticScan(small);
    assert.ok(scanRatio > LINEAR_WORK_BOUND, `a quadratic scan counted ${scanRatio.toFixed(1)}x the work for 4x the text`);

    // A stand-in rule comparing each link with every other, through the same counting template.
    const quadraticRule = (template: Template): void => {
      for (const link of template.links) for (const other of template.links) if (other !== link && other.raw === link.raw) break;
    };
    const rows = (n: number): string => Array.from({ length: n }, (_, i) => `<a href="https://example.com/${i}">x</a>\n`).join('');
    const ruleWork = (text: string): number => {
      const counted = countingTemplate(parseTemplate(text));
      quadraticRule(counted.template);
      return counted.reads();
    };
    const ruleRatio = ruleWork(rows(800)) / ruleWork(rows(200));
    assert.ok(ruleRatio > LINEAR_WORK_BOUND, `a quadratic rule counted ${ruleRatio.toFixed(1)}x the reads for 4x the links`);
  });

  it('the work count sees the same findings as lint(), and the same count every time', () => {
    const text = reviewedInputs(20_000).find((input) => input.name === 'safe fixes by the thousand')!.text;
    const first = lintWork(text);
    assert.deepEqual(first.findings, lint(text));
    assert.deepEqual(lintTemplate(parseTemplate(text)), first.findings);
    const again = lintWork(text);
    assert.equal(again.total, first.total);
    assert.ok(first.parse > text.length && first.rules > 0);
  });
});
