// Loaded by the extension host as extensionTestsPath (bundled to dist/test/index.js). The suites
// are imported lazily, after mocha has put describe/it on the global object. The result file is a
// side channel for the outer runner: a crashed extension host reports exit code 0.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

/** Where the bundle's suites came from: every `*.test.ts` here is bundled (esbuild glob import) and run. */
const SUITES_DIRECTORY = path.resolve(__dirname, '../../test/host');

export async function run(): Promise<void> {
  // LINKTRACE_TEST_GREP runs a subset while working on one feature.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, grep: process.env.LINKTRACE_TEST_GREP || undefined });
  mocha.suite.emit('pre-require', globalThis, 'linktrace', mocha);
  const suites = readdirSync(SUITES_DIRECTORY).filter((name) => name.endsWith('.test.ts')).sort();
  if (suites.length === 0) throw new Error(`no *.test.ts suites in ${SUITES_DIRECTORY}`);
  // Activation first: it checks that nothing activated the extension eagerly.
  for (const name of [...suites.filter((name) => name.startsWith('activation')), ...suites.filter((name) => !name.startsWith('activation'))]) {
    await import(`./${name.slice(0, -'.test.ts'.length)}.test.ts`);
  }

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
