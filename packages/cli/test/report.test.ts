// `linktrace report` against a real child daemon: the latest delivery by default or the one
// asked for, raw and human figures side by side, and clear messages when there is nothing to report.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeliveryReport, PrepareResult } from '@linktrace/core';
import { daemonApi, startCliDaemon, type CliDaemon } from './cli-process';
import { ensureCliBuilt, runCli, tempDir } from './run-cli';

const TEMPLATE = `<p><a href="https://shop.example/a" data-label="hero">A</a>
<a href="https://shop.example/b" data-label="footer">B</a>
<a href="https://shop.example/out" data-tracking="opt-out">Unsubscribe</a></p>`;

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';

describe('linktrace report', function () {
  this.timeout(60_000);
  let temp: ReturnType<typeof tempDir>;
  let daemon: CliDaemon;

  before(async function () {
    ensureCliBuilt();
    temp = tempDir('report');
    daemon = await startCliDaemon('data', temp.dir);
  });
  after(async function () {
    await daemon?.stop();
    temp?.remove();
  });

  it('says there is nothing to report before any delivery, exit 1', async function () {
    const result = await runCli(['report', '--data', 'data'], temp.dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no test delivery yet .*linktrace send-test FILE/);
  });

  it('reports the latest delivery by default, another with --delivery; raw and human counts', async function () {
    const older = (await daemonApi<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: TEMPLATE, name: 'older.html' })).delivery;
    // Distinct createdAt: wait for the clock to pass it rather than for a fixed time.
    while (Date.now() <= Date.parse(older.createdAt)) await new Promise((resolve) => setImmediate(resolve));
    const latest = (await daemonApi<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: TEMPLATE, name: 'latest.html' })).delivery;
    const clickUrl = (delivery: typeof latest, recipient: number, link: number) =>
      `${daemon.url}/c/${delivery.id}/${delivery.recipients[recipient]!.id}/${delivery.links[link]!.linkId}`;
    // A person clicks hero, and a HEAD request (a link checker) touches footer.
    assert.equal((await fetch(clickUrl(latest, 0, 0), { redirect: 'manual', headers: { 'user-agent': BROWSER } })).status, 302);
    assert.equal((await fetch(clickUrl(latest, 1, 1), { method: 'HEAD', redirect: 'manual', headers: { 'user-agent': BROWSER } })).status, 302);
    assert.equal((await fetch(clickUrl(older, 0, 0), { redirect: 'manual', headers: { 'user-agent': BROWSER } })).status, 302);

    const json = await runCli(['report', '--data', 'data', '--json'], temp.dir);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as DeliveryReport;
    assert.equal(report.deliveryId, latest.id);
    assert.equal(report.name, 'latest.html');
    assert.deepEqual(report.clicks.total, { raw: 2, human: 1 });
    const perLabel = Object.fromEntries(report.labels.map((label) => [label.label, label.total]));
    assert.deepEqual(perLabel, { hero: { raw: 1, human: 1 }, footer: { raw: 1, human: 0 } });

    const text = await runCli(['report', '--data', 'data'], temp.dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^Report for latest\\.html \\(delivery ${latest.id},`));
    assert.match(text.stdout, /^ {2}Clicks\s+2 \(human 1\)\s+2 \(human 1\)$/m);
    assert.match(text.stdout, /^ {2}\d+\s+footer\s+1 \(human 0\)\s+1 \(human 0\)\s+https:\/\/shop\.example\/b$/m);
    assert.match(text.stdout, /^\s+#\d+\s+\S+\s+click\s+footer\s+https:\/\/shop\.example\/b\s+\[machine: .*HEAD.*\]$/im);

    const other = await runCli(['report', '--data', 'data', '--json', '--delivery', older.id], temp.dir);
    assert.equal((JSON.parse(other.stdout) as DeliveryReport).deliveryId, older.id);
  });

  it('refuses an unknown delivery (exit 1) and a malformed id (exit 2)', async function () {
    const unknown = await runCli(['report', '--data', 'data', '--delivery', 'B'.repeat(22)], temp.dir);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no delivery/);
    const malformed = await runCli(['report', '--data', 'data', '--delivery', 'a/b'], temp.dir);
    assert.equal(malformed.code, 2);
  });

  it('defaults to the delivery last sent from this folder, not to whichever was created last', async function () {
    writeFileSync(path.join(temp.dir, 'mine.html'), TEMPLATE);
    const sent = await runCli(['send-test', 'mine.html', '--data', 'data', '--json'], temp.dir);
    assert.equal(sent.code, 0, sent.stderr);
    const mine = (JSON.parse(sent.stdout) as { deliveryId: string }).deliveryId;
    // Another window (or a joined daemon's user) prepares a newer one.
    await daemonApi<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: TEMPLATE, name: 'someone-else.html' });
    const report = await runCli(['report', '--data', 'data', '--json'], temp.dir);
    assert.equal((JSON.parse(report.stdout) as DeliveryReport).deliveryId, mine);
    // logs too: only that delivery's, saying so; --all for every delivery.
    const mineClick = await runCli(['send-test', 'mine.html', '--data', 'data', '--json'], temp.dir);
    const again = JSON.parse(mineClick.stdout) as { deliveryId: string; links: { trackedUrl: string | null }[] };
    assert.equal((await fetch(again.links[0]!.trackedUrl!, { redirect: 'manual', headers: { 'user-agent': BROWSER } })).status, 302);
    const logs = await runCli(['logs', '--data', 'data', '--json'], temp.dir);
    const lines = logs.stdout.trim().split('\n').map((line) => JSON.parse(line) as { deliveryId: string });
    assert.deepEqual([...new Set(lines.map((line) => line.deliveryId))], [again.deliveryId]);
    assert.match(logs.stderr, /the logs of mine\.html .*last sent or opened here; --all shows every delivery/);
    const all = await runCli(['logs', '--data', 'data', '--json', '--all'], temp.dir);
    assert.ok(new Set(all.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { deliveryId: string }).deliveryId)).size > 1);
  });

  it('reads the data directory when no daemon runs: report and logs', async function () {
    const live = await runCli(['report', '--data', 'data', '--json'], temp.dir);
    const liveLogs = await runCli(['logs', '--data', 'data', '--json', '--all'], temp.dir);
    assert.ok(liveLogs.stdout.trim().split('\n').length >= 3, liveLogs.stdout);
    await daemon.stop();
    const stored = await runCli(['report', '--data', 'data', '--json'], temp.dir);
    assert.equal(stored.code, 0, stored.stderr);
    assert.deepEqual(JSON.parse(stored.stdout), JSON.parse(live.stdout));
    const storedLogs = await runCli(['logs', '--data', 'data', '--json', '--all'], temp.dir);
    assert.equal(storedLogs.code, 0, storedLogs.stderr);
    assert.equal(storedLogs.stdout, liveLogs.stdout);
    const follow = await runCli(['logs', '--data', 'data', '--follow'], temp.dir);
    assert.equal(follow.code, 1);
    assert.match(follow.stderr, /--follow needs a running daemon/);
    const nowhere = await runCli(['report', '--data', 'nowhere'], temp.dir);
    assert.equal(nowhere.code, 1);
    assert.match(nowhere.stderr, /no daemon running for .*nowhere/);
  });
});
