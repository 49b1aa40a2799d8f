import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ensureCliBuilt, ROOT, runCli, tempDir } from './run-cli';

const COMMANDS = ['lint', 'links', 'daemon', 'send-test', 'logs', 'report', 'start'];

describe('linktrace (entry point)', function () {
  this.timeout(120_000);
  let work: ReturnType<typeof tempDir>;
  before(() => {
    ensureCliBuilt();
    work = tempDir('main');
  });
  after(() => work.remove());

  for (const args of [[], ['--help'], ['-h']]) {
    it(`prints usage listing every command for ${JSON.stringify(args)}, exit 0`, async () => {
      const run = await runCli(args, work.dir);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^Usage: linktrace <command>/);
      for (const command of COMMANDS) assert.match(run.stdout, new RegExp(`^  ${command}\\b`, 'm'), `lists ${command}`);
      assert.equal(run.stderr, '');
    });
  }

  it('is linked into the root node_modules/.bin, so `npx linktrace` runs it in place', () => {
    // Otherwise npx installs the repository itself as a package before running anything.
    const bin = path.join(ROOT, 'node_modules', '.bin', 'linktrace');
    assert.equal(realpathSync(bin), realpathSync(path.join(ROOT, 'packages/cli/bin/linktrace.cjs')));
    const run = spawnSync(bin, ['--version'], { cwd: work.dir, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'packages/cli/package.json'), 'utf8')) as { version: string };
    const run = await runCli(['--version'], work.dir);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, `${version}\n`);
  });

  it('rejects an unknown command with usage on stderr and exit 2', async () => {
    const run = await runCli(['lnit', 'x.html'], work.dir);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /unknown command "lnit"/);
    assert.match(run.stderr, /Usage: linktrace <command>/);
  });

  for (const command of ['lint', 'links']) {
    it(`prints ${command} --help with exit 0`, async () => {
      const run = await runCli([command, '--help'], work.dir);
      assert.equal(run.code, 0);
      assert.match(run.stdout, new RegExp(`^Usage: linktrace ${command}`));
    });
  }

  const usageErrors: { args: string[]; stderr: RegExp }[] = [
    { args: ['lint', '--bogus'], stderr: /linktrace lint: Unknown option '--bogus'/ },
    { args: ['lint', '--format', 'xml'], stderr: /--format must be one of stylish, json, sarif, not "xml"/ },
    { args: ['lint', '--max-warnings', 'many'], stderr: /--max-warnings needs a whole number/ },
    { args: ['lint', '--max-warnings'], stderr: /--max-warnings/ },
    { args: ['links'], stderr: /linktrace links: expects a FILE/ },
    { args: ['links', 'a.html', 'b.html'], stderr: /expects one FILE, got 2/ },
    { args: ['links', 'a.html', '--format', 'csv'], stderr: /--format must be one of table, json/ },
  ];
  for (const { args, stderr } of usageErrors) {
    it(`exits 2 with a clear message for ${args.join(' ')}`, async () => {
      const run = await runCli(args, work.dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, stderr);
      assert.match(run.stderr, /Run "linktrace \w+ --help" for usage/);
    });
  }
});
