// `linktrace daemon` as a real child process: the --json line scripts rely on, logs on stderr,
// a clean stop on SIGTERM/SIGINT that keeps what was logged, and clear refusals for a busy port
// and for a data directory another daemon already owns.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { PrepareResult, TrackingLog } from '@linktrace/core';
import { daemonApi, startCliDaemon, type CliDaemon } from './cli-process';
import { ensureCliBuilt, runCli, tempDir } from './run-cli';

const TEMPLATE = '<p><a href="https://shop.example/spring" data-label="hero">Spring</a></p>';

async function clickFirstLink(daemon: CliDaemon): Promise<PrepareResult> {
  const prepared = await daemonApi<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: TEMPLATE });
  const { delivery } = prepared;
  const link = delivery.links[0]!;
  const response = await fetch(`${daemon.url}/c/${delivery.id}/${delivery.recipients[0]!.id}/${link.linkId}`, { redirect: 'manual' });
  assert.equal(response.status, 302);
  return prepared;
}

describe('linktrace daemon (child process)', function () {
  this.timeout(60_000);
  let temp: ReturnType<typeof tempDir>;
  const running: CliDaemon[] = [];

  before(() => ensureCliBuilt());
  beforeEach(() => (temp = tempDir('daemon-cli')));
  afterEach(async () => {
    await Promise.all(running.splice(0).map((daemon) => daemon.stop('SIGKILL')));
    temp.remove();
  });

  it('prints exactly {"url","pid","data"} as its first stdout line and serves that URL', async function () {
    const daemon = await startCliDaemon('data', temp.dir);
    running.push(daemon);
    const [line] = daemon.stdout().split('\n');
    const dataDir = path.join(temp.dir, 'data');
    assert.match(line!, /^\{"url":"http:\/\/127\.0\.0\.1:\d{1,5}","pid":\d+,"data":".+"\}$/);
    assert.deepEqual(Object.keys(JSON.parse(line!)), ['url', 'pid', 'data']);
    assert.equal(daemon.pid, daemon.child.pid, 'the pid of the daemon process itself');
    assert.equal(daemon.data, dataDir, 'the data directory, resolved against the working directory');
    assert.notEqual(new URL(daemon.url).port, '0');
    const health = await fetch(`${daemon.url}/healthz`);
    assert.equal(health.status, 200);
    const info = JSON.parse(readFileSync(path.join(dataDir, 'daemon.json'), 'utf8')) as { url: string; pid: number };
    assert.deepEqual([info.url, info.pid], [daemon.url, daemon.pid]);
  });

  it('writes one line per tracking log to stderr, never to stdout', async function () {
    const daemon = await startCliDaemon('data', temp.dir);
    running.push(daemon);
    const { delivery } = await clickFirstLink(daemon);
    const line = await daemon.waitForLine('stderr', /\bclick\b/);
    assert.match(line, new RegExp(`#1\\s+click\\s+${delivery.recipients[0]!.id}\\s+hero\\s+https://shop\\.example/spring`));
    assert.equal(daemon.stdout().trim().split('\n').length, 1, 'stdout holds only the --json line');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops on ${signal} with exit code 0 and keeps every acknowledged log`, async function () {
      const daemon = await startCliDaemon('data', temp.dir);
      running.push(daemon);
      const { delivery } = await clickFirstLink(daemon);
      const started = Date.now();
      const { code, signal: killedBy } = await daemon.stop(signal);
      assert.deepEqual({ code, killedBy }, { code: 0, killedBy: null });
      assert.ok(Date.now() - started < 5000, 'stops promptly');
      const info = JSON.parse(readFileSync(path.join(temp.dir, 'data', 'daemon.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(info.url, undefined, 'daemon.json no longer names a running daemon');

      const again = await startCliDaemon('data', temp.dir);
      running.push(again);
      const { logs } = await daemonApi<{ logs: TrackingLog[] }>(again, 'GET', '/api/logs?after=0');
      assert.deepEqual(logs.map((log) => [log.seq, log.type, log.deliveryId, log.label]), [[1, 'click', delivery.id, 'hero']]);
    });
  }

  it('refuses a busy port with a clear message and exit code 1', async function () {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const result = await runCli(['daemon', '--json', '--port', String(port), '--data', 'data'], temp.dir);
      assert.equal(result.code, 1);
      assert.equal(result.stdout, '', 'no --json line for a daemon that is not running');
      assert.match(result.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
      assert.match(result.stderr, /--port 0/);
      assert.doesNotMatch(result.stderr, /at .*\.(ts|js|cjs):\d+/, 'no stack trace');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a second daemon on the same data directory, naming the running one', async function () {
    const first = await startCliDaemon('data', temp.dir);
    running.push(first);
    const second = await runCli(['daemon', '--json', '--port', '0', '--data', 'data'], temp.dir);
    assert.equal(second.code, 1);
    assert.equal(second.stdout, '');
    assert.match(second.stderr, new RegExp(`pid ${first.pid}, ${first.url.replace(/\./g, '\\.')}`));
    assert.match(second.stderr, /already using the data directory/);
    // The first one is undisturbed.
    assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
  });

  it('rejects bad options with usage exit code 2', async function () {
    const badPort = await runCli(['daemon', '--port', 'eighty'], temp.dir);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr, /--port needs a port number/);
    const tooHigh = await runCli(['daemon', '--port', '70000'], temp.dir);
    assert.equal(tooHigh.code, 2);
    const unknown = await runCli(['daemon', '--verbose'], temp.dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--verbose/);
  });

  it('uses --recipients as the default test recipients of every delivery', async function () {
    writeFileSync(path.join(temp.dir, 'team.json'), JSON.stringify([{ id: 'lin', email: 'lin@example.test', fields: { firstName: 'Lin' } }]));
    const daemon = await startCliDaemon('data', temp.dir, ['--recipients', 'team.json']);
    running.push(daemon);
    const { delivery } = await daemonApi<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: '<p>Hi <%= recipient.firstName %></p>' });
    assert.deepEqual(delivery.recipients.map((r) => [r.id, r.email]), [['lin', 'lin@example.test']]);
    assert.match(await (await fetch(delivery.recipients[0]!.emailUrl)).text(), /Hi Lin/);
  });

  it('reports a broken recipients file by name and does not start', async function () {
    const result = await runCli(['daemon', '--port', '0', '--data', 'data', '--recipients', 'missing.json'], temp.dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /missing\.json: file not found/);
  });
});
