// Loaded by the extension host as extensionTestsPath (bundled to dist/test/index.js). The suites
// are imported lazily, after mocha has put describe/it on the global object. The result file is a
// side channel for the outer runner: a crashed extension host reports exit code 0.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000 });
  mocha.suite.emit('pre-require', globalThis, 'linktrace', mocha);
  await import('./activation.test');

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
