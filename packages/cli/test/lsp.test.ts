// `linktrace lsp` as a command: its help, and its usage errors (exit 2) before any server starts.
// The server itself is tested in packages/lsp/test over every transport.
import assert from 'node:assert/strict';
import { ensureCliBuilt, runCli, tempDir } from './run-cli';

describe('linktrace lsp (command line)', function () {
  this.timeout(120_000);
  let work: ReturnType<typeof tempDir>;
  before(() => {
    ensureCliBuilt();
    work = tempDir('lsp');
  });
  after(() => work.remove());

  it('--help names the transports and the features, exit 0', async () => {
    const run = await runCli(['lsp', '--help'], work.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Usage: linktrace lsp \[--stdio \| --node-ipc \| --socket=PORT \| --pipe=NAME\]/);
    assert.match(run.stdout, /linktrace\.setTrackingType/);
  });

  for (const [args, message] of [
    [['--stdio', '--node-ipc'], /name one transport/],
    [['--socket=http'], /--socket needs a port number/],
    [['--clientProcessId=me'], /--clientProcessId needs a process id/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['file.html'], /unexpected argument "file.html"/],
  ] as const) {
    it(`refuses ${args.join(' ')} with exit 2, starting no server`, async () => {
      const run = await runCli(['lsp', ...args], work.dir);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '', 'nothing on stdout: an LSP client would read it as protocol');
    });
  }
});
