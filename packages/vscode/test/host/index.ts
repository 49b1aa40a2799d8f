// Loaded by the extension host as extensionTestsPath (bundled to dist/test/index.js). The suites
// are imported lazily, after mocha has put describe/it on the global object. The result file is a
// side channel for the outer runner: a crashed extension host reports exit code 0.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import { scaledTimeout, TIMEOUT_SCALE, WAIT_TIMEOUT_MS } from './helpers';

/** Where the bundle's suites came from: every `*.test.ts` here is bundled (esbuild glob import) and run. */
const SUITES_DIRECTORY = path.resolve(__dirname, '../../test/host');

export async function run(): Promise<void> {
  // LINKTRACE_TEST_GREP runs a subset while working on one feature. The per-test timeout is a
  // guard against a hang, not a speed check: twice helpers' WAIT_TIMEOUT_MS, so a test fails on a
  // wait's own message ("timed out waiting for ...") rather than mocha's.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 2 * WAIT_TIMEOUT_MS, grep: process.env.LINKTRACE_TEST_GREP || undefined });
  mocha.suite.emit('pre-require', globalThis, 'linktrace', mocha);
  const suites = readdirSync(SUITES_DIRECTORY).filter((name) => name.endsWith('.test.ts')).sort();
  if (suites.length === 0) throw new Error(`no *.test.ts suites in ${SUITES_DIRECTORY}`);
  // Activation first: it checks that nothing activated the extension eagerly.
  for (const name of [...suites.filter((name) => name.startsWith('activation')), ...suites.filter((name) => !name.startsWith('activation'))]) {
    await import(`./${name.slice(0, -'.test.ts'.length)}.test.ts`);
  }
  // LINKTRACE_TEST_TIMEOUT_SCALE stretches the suites' own this.timeout(...) like the waits.
  if (TIMEOUT_SCALE !== 1) scaleTimeouts(mocha.suite);

  const resultFile = process.env.VSC_TEST_RESULT_FILE;
  await new Promise<void>((resolve, reject) => {
    const failed: { title: string; err: string }[] = [];
    let passes = 0;
    const runner = mocha.run((failures) => {
      console.log(`${passes} passed, ${failures} failed`);
      if (resultFile) writeFileSync(resultFile, JSON.stringify({ passes, failures, failed }, null, 2));
      if (failures > 0) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
    runner.on('pass', () => passes++);
    runner.on('fail', (test, error: Error) => failed.push({ title: test.fullTitle(), err: String(error?.message) }));
  });
}

/**
 * Multiplies the timeout of every hook and test (0, no timeout, stays 0) by TIMEOUT_SCALE. Each
 * copied its suite's timeout when declared, and mocha reads only theirs while running; a suite's
 * own setter is left alone, since it would overwrite the timeouts of every suite and test within.
 */
function scaleTimeouts(suite: Mocha.Suite): void {
  // mocha keeps a suite's hooks in these arrays.
  const hooks = suite as unknown as Record<'_beforeAll' | '_beforeEach' | '_afterEach' | '_afterAll', Mocha.Hook[] | undefined>;
  for (const runnable of [...suite.tests, ...(hooks._beforeAll ?? []), ...(hooks._beforeEach ?? []), ...(hooks._afterEach ?? []), ...(hooks._afterAll ?? [])]) {
    const ms = runnable.timeout();
    if (ms > 0) runnable.timeout(scaledTimeout(ms));
  }
  for (const child of suite.suites) scaleTimeouts(child);
}
