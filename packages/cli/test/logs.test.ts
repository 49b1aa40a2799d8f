// `linktrace logs` against a real child daemon: the backlog as JSON lines or a table, a delivery
// filter, and --follow receiving new clicks live, across a daemon restart, each exactly once.
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import type { PrepareResult, TrackingLog } from '@linktrace/core';
import { daemonApi, spawnCli, startCliDaemon, type CliDaemon, type CliProcess } from './cli-process';
import { ensureCliBuilt, runCli, tempDir } from './run-cli';
import { generateJournal } from '../../daemon/test/support/storage-gen';

const TEMPLATE = '<p><a href="https://shop.example/a" data-label="first">A</a> <a href="https://shop.example/b">B</a></p>';

async function prepare(daemon: CliDaemon): Promise<PrepareResult['delivery']> {
  return (await daemonApi<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: TEMPLATE, name: 'logs.html' })).delivery;
}

async function click(daemon: Pick<CliDaemon, 'url'>, delivery: PrepareResult['delivery'], linkIndex: number, userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0'): Promise<void> {
  const url = `${daemon.url}/c/${delivery.id}/${delivery.recipients[0]!.id}/${delivery.links[linkIndex]!.linkId}`;
  const response = await fetch(url, { redirect: 'manual', headers: { 'user-agent': userAgent } });
  assert.equal(response.status, 302);
}

const jsonLines = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as TrackingLog);

describe('linktrace logs', function () {
  this.timeout(60_000);
  let temp: ReturnType<typeof tempDir>;
  let daemon: CliDaemon;
  let followers: CliProcess[] = [];

  before(() => ensureCliBuilt());
  beforeEach(async function () {
    temp = tempDir('logs');
    daemon = await startCliDaemon('data', temp.dir);
  });
  afterEach(async function () {
    await Promise.all(followers.map((follower) => follower.stop('SIGKILL')));
    followers = [];
    await daemon.stop('SIGKILL');
    temp.remove();
  });

  it('prints the stored logs as JSON lines or a table, optionally of one delivery', async function () {
    const first = await prepare(daemon);
    const second = await prepare(daemon);
    await click(daemon, first, 0);
    await click(daemon, second, 1);
    await click(daemon, first, 1);

    const all = await runCli(['logs', '--data', 'data', '--json'], temp.dir);
    assert.equal(all.code, 0, all.stderr);
    assert.deepEqual(jsonLines(all.stdout).map((log) => [log.seq, log.deliveryId, log.label ?? null]), [
      [1, first.id, 'first'],
      [2, second.id, null],
      [3, first.id, null],
    ]);
    const one = await runCli(['logs', '--data', 'data', '--json', '--delivery', second.id], temp.dir);
    assert.deepEqual(jsonLines(one.stdout).map((log) => log.seq), [2]);

    const table = await runCli(['logs', '--data', 'data'], temp.dir);
    assert.equal(table.code, 0);
    const rows = table.stdout.trim().split('\n');
    assert.match(rows[0]!, /^time\s+seq\s+type\s+recipient\s+label\s+url$/);
    assert.match(rows[1]!, /^\d\d:\d\d:\d\d\s+#1\s+click\s+r1\s+first\s+https:\/\/shop\.example\/a$/);
    assert.equal(rows.length, 4);
  });

  it('pages through more logs than one read holds, with the daemon and without it, each log once in order', async function () {
    const COUNT = 12_000; // more than two pages of the API and of the offline reader (5,000 each)
    generateJournal(path.join(temp.dir, 'many'), COUNT);
    const seqs = (text: string) => jsonLines(text).map((log) => log.seq);
    const expected = Array.from({ length: COUNT }, (_, i) => i + 1);

    const offline = await runCli(['logs', '--data', 'many', '--all', '--json'], temp.dir);
    assert.equal(offline.code, 0, offline.stderr);
    assert.deepEqual(seqs(offline.stdout), expected);

    const many = await startCliDaemon('many', temp.dir);
    try {
      const online = await runCli(['logs', '--data', 'many', '--all', '--json'], temp.dir);
      assert.equal(online.code, 0, online.stderr);
      assert.deepEqual(seqs(online.stdout), expected);
    } finally {
      await many.stop('SIGKILL');
    }
  });

  it('shows attacker-controlled fields without terminal control characters', async function () {
    const delivery = await prepare(daemon);
    // HTTP parsers refuse C0 controls in headers, but a C1 control (0x9B, CSI: what some terminals
    // take for ESC [) goes through as a latin1 byte.
    const evil = 'Evil\u009b31mAgent';
    const target = new URL(`${daemon.url}/c/${delivery.id}/${delivery.recipients[0]!.id}/${delivery.links[0]!.linkId}`);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http.get(target, { headers: { 'user-agent': evil }, agent: false }, (res) => resolve(res.resume().statusCode)).on('error', reject);
    });
    assert.equal(status, 302);
    const json = await runCli(['logs', '--data', 'data', '--json'], temp.dir);
    assert.doesNotMatch(json.stdout, /[\u007f-\u009f]/);
    assert.match(json.stdout, /Evil\\u009b31mAgent/);
    assert.equal(jsonLines(json.stdout)[0]!.userAgent, evil, 'the JSON still decodes to the logged value');
    const table = await runCli(['logs', '--data', 'data'], temp.dir);
    assert.doesNotMatch(table.stdout, /[\u007f-\u009f]/);
  });

  it('refuses an unknown delivery and a missing daemon with exit 1, a malformed id with exit 2', async function () {
    const unknown = await runCli(['logs', '--data', 'data', '--delivery', 'A'.repeat(22)], temp.dir);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no delivery/);
    const malformed = await runCli(['logs', '--data', 'data', '--delivery', '../x'], temp.dir);
    assert.equal(malformed.code, 2);
    const none = await runCli(['logs', '--data', 'elsewhere'], temp.dir);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no daemon running for .*elsewhere/);
  });

  it('--follow prints the backlog, then each new click live, and keeps going across a daemon restart', async function () {
    const delivery = await prepare(daemon);
    await click(daemon, delivery, 0);
    const follower = spawnCli(['logs', '--data', 'data', '--json', '--follow'], temp.dir);
    followers.push(follower);
    await follower.waitForLine('stderr', /following/);
    assert.deepEqual(jsonLines(follower.stdout()).map((log) => log.seq), [1], 'the backlog first');

    await click(daemon, delivery, 1);
    const live = await follower.waitForLine('stdout', /"seq":2,/, 5000);
    assert.equal(JSON.parse(live).linkId, delivery.links[1]!.linkId);

    // The daemon goes away and comes back on another port: the follower finds it through daemon.json.
    const { code } = await daemon.stop('SIGTERM');
    assert.equal(code, 0);
    daemon = await startCliDaemon('data', temp.dir);
    await click(daemon, delivery, 0);
    await click(daemon, delivery, 1);
    await follower.waitForLine('stdout', /"seq":4,/, 15_000);
    assert.deepEqual(jsonLines(follower.stdout()).map((log) => log.seq), [1, 2, 3, 4], 'every log exactly once, in order');

    const { code: followerCode } = await follower.stop('SIGINT');
    assert.equal(followerCode, 0);
  });

  it('--follow of one delivery ignores the others', async function () {
    const watched = await prepare(daemon);
    const other = await prepare(daemon);
    const follower = spawnCli(['logs', '--data', path.join(temp.dir, 'data'), '--json', '--follow', '--delivery', watched.id], temp.dir);
    followers.push(follower);
    await follower.waitForLine('stderr', /following/);
    await click(daemon, other, 0);
    await click(daemon, watched, 1);
    await follower.waitForLine('stdout', /"seq":2,/);
    assert.deepEqual(jsonLines(follower.stdout()).map((log) => [log.seq, log.deliveryId]), [[2, watched.id]]);
  });
});
