// The extension's daemon process handling and live-stream client against the real bundled daemon
// (a child process on an ephemeral loopback port, a temp data directory). Needs no `vscode`, so it
// also runs under plain mocha: `npx mocha --no-config --node-option import=tsx <this file>`.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrackingLog } from '@linktrace/core';
import { fetchAllLogs, prepareDelivery } from '../../src/daemon/api';
import { DaemonClient } from '../../src/daemon/client';
import { readDaemonInfo } from '../../src/daemon/daemonInfo';
import { spawnDaemon, type DaemonProcess } from '../../src/daemon/daemonProcess';
import { bundledCli, clickUrlsOf, get, isProcessAlive, tempDir, waitFor } from './daemonSupport';

const TEMPLATE = `<html><body>
<a href="https://shop.example/sale" data-label="hero">Shop</a>
<a href="https://shop.example/" data-label="footer">Home</a>
</body></html>`;

describe('daemon process and live-stream client', function () {
  this.timeout(60_000);
  const started: DaemonProcess[] = [];
  const clients: DaemonClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const daemon of started.splice(0)) await daemon.stop();
  });

  async function start(dataDir: string, port = 0): Promise<DaemonProcess> {
    const daemon = await spawnDaemon({ cliPath: bundledCli(), dataDir, port });
    started.push(daemon);
    return daemon;
  }

  it('spawns the bundled daemon, reads its URL and stops it with SIGTERM', async () => {
    const dataDir = path.join(tempDir('linktrace-vscode-daemon-'), 'data');
    const daemon = await start(dataDir);
    assert.match(daemon.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await get(`${daemon.url}/healthz`)).status, 200);
    const info = await readDaemonInfo(dataDir);
    assert.equal(info.url, daemon.url);
    await daemon.stop();
    assert.equal(await daemon.exited, 0, 'the daemon flushes and exits 0 on SIGTERM');
    assert.equal(isProcessAlive(daemon.pid), false);
    await assert.rejects(get(`${daemon.url}/healthz`));
  });

  it('reports why a daemon could not start, with its own message', async () => {
    const dataDir = path.join(tempDir('linktrace-vscode-daemon-'), 'data');
    await start(dataDir);
    const output: string[] = [];
    await assert.rejects(
      spawnDaemon({ cliPath: bundledCli(), dataDir, port: 0, onOutput: (line) => output.push(line) }),
      /exited with code [1-9]/,
    );
    assert.ok(output.some((line) => line.includes(dataDir)), `the second daemon names the data directory: ${output.join(' | ')}`);
  });

  it('gives a clear error for a daemon.json without a token', async () => {
    const dataDir = tempDir('linktrace-vscode-info-');
    writeFileSync(path.join(dataDir, 'daemon.json'), '{"url": "http://127.0.0.1:1"}');
    await assert.rejects(readDaemonInfo(dataDir), /daemon\.json holds no daemon token/);
    await assert.rejects(readDaemonInfo(path.join(dataDir, 'missing')), /does not exist/);
  });

  it('refuses a wrong token and keeps trying without crashing', async () => {
    const daemon = await start(path.join(tempDir('linktrace-vscode-daemon-'), 'data'));
    const lines: string[] = [];
    const client = new DaemonClient({ url: daemon.url, token: 'f'.repeat(64), minBackoffMs: 50, log: (line) => lines.push(line) });
    clients.push(client);
    void client.connect().catch(() => {});
    await waitFor('a refusal', () => lines.find((line) => line.includes('HTTP 401')));
    assert.notEqual(client.connectionState, 'connected');
  });

  it('streams every log once, across a daemon restart, with no gap', async () => {
    const dataDir = path.join(tempDir('linktrace-vscode-daemon-'), 'data');
    let daemon = await start(dataDir);
    const port = Number(new URL(daemon.url).port);
    const { token } = await readDaemonInfo(dataDir);
    const endpoint = { url: daemon.url, token };

    // A slow first retry, so the clicks made while the daemon is back but the client is not are a real gap.
    const client = new DaemonClient({ url: daemon.url, token, minBackoffMs: 1500, maxBackoffMs: 3000 });
    clients.push(client);
    const received: TrackingLog[] = [];
    const states: string[] = [];
    client.onLog((log) => received.push(log));
    client.onState((state) => states.push(state));
    await client.connect();

    const { delivery } = await prepareDelivery(endpoint, { template: TEMPLATE, name: 'restart.html' });
    const clicks = await clickUrlsOf(delivery.recipients[0]!.emailUrl, daemon.url);
    assert.equal(clicks.length, 2);
    for (const url of clicks) {
      const answer = await get(url);
      assert.equal(answer.status, 302);
    }
    await waitFor('the first two logs', () => received.length === 2);

    await daemon.stop();
    await waitFor('the client to notice', () => client.connectionState === 'disconnected');
    daemon = await start(dataDir, port);
    for (const url of [...clicks, ...clicks]) assert.equal((await get(url)).status, 302);
    await waitFor('the reconnection', () => client.connectionState === 'connected', 15_000);
    assert.equal((await get(clicks[0]!)).status, 302);

    const stored = await fetchAllLogs(endpoint);
    assert.equal(stored.length, 7);
    await waitFor('every stored log', () => received.length >= stored.length);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a duplicate would arrive now
    assert.deepEqual(
      received.map((log) => log.seq),
      stored.map((log) => log.seq),
    );
    assert.deepEqual(
      received.map((log) => log.linkId),
      stored.map((log) => log.linkId),
    );
    assert.equal(client.lastSeq, stored.at(-1)!.seq);
    assert.ok(states.includes('disconnected') && states.at(-1) === 'connected', states.join(' → '));
  });

  it('answers requests by id and survives the daemon rejecting one', async () => {
    const dataDir = path.join(tempDir('linktrace-vscode-daemon-'), 'data');
    const daemon = await start(dataDir);
    const { token } = await readDaemonInfo(dataDir);
    const client = new DaemonClient({ url: daemon.url, token });
    clients.push(client);
    await client.connect();
    const [stats, pong] = await Promise.all([client.request('stats'), client.request('ping')]);
    assert.equal(stats.url, daemon.url);
    assert.deepEqual(pong, { pong: true });
    await assert.rejects(client.request('report', { deliveryId: 'nope' }), /nope/);
    assert.equal(client.connectionState, 'connected');
    assert.deepEqual(await client.request('deliveries'), []);
  });
});
