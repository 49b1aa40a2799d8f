// `linktrace start` (what `npm start` runs) as a child process in an empty working directory:
// it finds the bundled example next to the program, prints a test email URL that answers, and
// streams the logs of what is clicked until Ctrl-C.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { DEFAULT_DAEMON_PORT } from '@linktrace/core';
import { spawnCli, startCliDaemon, type CliProcess } from './cli-process';
import { ensureCliBuilt, runCli, tempDir } from './run-cli';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36';

describe('linktrace start', function () {
  this.timeout(60_000);
  let temp: ReturnType<typeof tempDir>;
  let started: CliProcess | undefined;

  before(() => ensureCliBuilt());
  beforeEach(() => (temp = tempDir('start')));
  afterEach(async function () {
    await started?.stop('SIGKILL');
    started = undefined;
    temp.remove();
  });

  it('prints a clickable test email URL that answers 200, then streams each log live; Ctrl-C exits 0', async function () {
    started = spawnCli(['start'], temp.dir);
    const emailLine = await started.waitForLine('stdout', /Test email.*http:\/\//, 20_000);
    const emailUrl = emailLine.match(/http:\/\/127\.0\.0\.1:\d+\/e\/\S+/)![0];
    const mirrorLine = await started.waitForLine('stdout', /Mirror page.*http:\/\//);
    assert.match(mirrorLine, /http:\/\/127\.0\.0\.1:\d+\/m\/\S+/);
    assert.ok(existsSync(path.join(temp.dir, '.linktrace', 'daemon.json')), 'data in .linktrace/ of the working directory');

    const email = await fetch(emailUrl, { headers: { 'user-agent': BROWSER } });
    assert.equal(email.status, 200);
    const html = await email.text();
    assert.match(html, /Welcome aboard, Ada!/, 'the bundled example, personalized for the bundled recipients');

    // Do what a reader of the email does: its pixel loads, then a link is clicked.
    const origin = new URL(emailUrl).origin;
    const pixel = html.match(/src="(http:\/\/127\.0\.0\.1:\d+\/o\/[^"]+)"/)![1]!;
    assert.equal((await fetch(pixel, { headers: { 'user-agent': BROWSER } })).status, 200);
    const hero = html.match(/href="([^"]+)"[^>]*>Browse this week/)![1]!;
    assert.ok(hero.startsWith(`${origin}/c/`), hero);
    const click = await fetch(hero, { redirect: 'manual', headers: { 'user-agent': BROWSER } });
    assert.equal(click.status, 302);
    assert.equal(click.headers.get('location'), 'https://www.example.com/roasts?utm_source=welcome&utm_medium=email&utm_content=hero');

    await started.waitForLine('stdout', /#1\s+open\s+ada\b/);
    await started.waitForLine('stdout', /#2\s+click\s+ada\s+hero-cta\s+https:\/\/www\.example\.com\/roasts/);

    const { code } = await started.stop('SIGINT');
    assert.equal(code, 0);
    assert.equal((await fetch(`${origin}/healthz`).catch(() => undefined))?.status, undefined, 'the daemon stopped with it');
  });

  it('reuses a daemon already running on the data directory', async function () {
    const daemon = await startCliDaemon('.linktrace', temp.dir);
    try {
      started = spawnCli(['start'], temp.dir);
      const emailLine = await started.waitForLine('stdout', /Test email.*http:\/\//, 20_000);
      assert.ok(emailLine.includes(`${daemon.url}/e/`), emailLine);
      assert.match(started.stderr(), /already running .* using it/);
      assert.equal((await fetch(emailLine.match(/http:\/\/\S+/)![0])).status, 200);
      assert.equal((await started.stop('SIGINT')).code, 0);
      assert.equal((await fetch(`${daemon.url}/healthz`)).status, 200, 'a daemon it did not start keeps running');
    } finally {
      await daemon.stop();
    }
  });

  it('takes over when the joined daemon stops: same address, logs keep coming', async function () {
    const daemon = await startCliDaemon('.linktrace', temp.dir);
    started = spawnCli(['start'], temp.dir);
    const emailLine = await started.waitForLine('stdout', /Test email.*http:\/\//, 20_000);
    const emailUrl = emailLine.match(/http:\/\/\S+/)![0];
    assert.ok(emailUrl.startsWith(`${daemon.url}/`), 'joined');
    await daemon.stop();
    await started.waitForLine('stderr', /the daemon at .* stopped; this process runs it now/, 20_000);
    const email = await fetch(emailUrl, { headers: { 'user-agent': BROWSER } });
    assert.equal(email.status, 200, 'the test email opened before still answers');
    const pixel = (await email.text()).match(/src="(http:\/\/127\.0\.0\.1:\d+\/o\/[^"]+)"/)![1]!;
    assert.equal((await fetch(pixel, { headers: { 'user-agent': BROWSER } })).status, 200);
    await started.waitForLine('stdout', /#\d+\s+open\s+ada\b/, 20_000);
    assert.equal((await started.stop('SIGINT')).code, 0);
    assert.equal((await fetch(emailUrl).catch(() => undefined))?.status, undefined, 'the daemon it took over stops with it');
  });

  it('falls back to a free port when the default one is busy', async function () {
    // Hold the default port unless something already does: either way start finds it busy.
    const blocker = net.createServer();
    const held = await new Promise<boolean>((resolve) => {
      blocker.once('error', () => resolve(false));
      blocker.listen(DEFAULT_DAEMON_PORT, '127.0.0.1', () => resolve(true));
    });
    try {
      started = spawnCli(['start'], temp.dir);
      const emailLine = await started.waitForLine('stdout', /Test email.*http:\/\//, 20_000);
      const url = new URL(emailLine.match(/http:\/\/\S+/)![0]);
      assert.notEqual(Number(url.port), DEFAULT_DAEMON_PORT);
      assert.match(started.stderr(), new RegExp(`port ${DEFAULT_DAEMON_PORT} is busy; using a free port instead`));
      assert.equal((await fetch(url)).status, 200);
    } finally {
      if (held) await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a busy port given with --port: no fallback, exit 1', async function () {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const busy = await runCli(['start', '--port', String(port)], temp.dir);
      assert.equal(busy.code, 1);
      assert.match(busy.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a bad --port with exit 2', async function () {
    const result = await runCli(['start', '--port', 'x'], temp.dir);
    assert.equal(result.code, 2);
  });
});
