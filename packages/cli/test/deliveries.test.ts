// `linktrace deliveries list|rm ID`: through a running child daemon (its DELETE /api/deliveries/:id
// route, token and all), and on the data directory itself once no daemon runs.
import assert from 'node:assert/strict';
import type { PrepareResult, TrackingLog } from '@linktrace/core';
import { daemonApi, startCliDaemon, type CliDaemon } from './cli-process';
import { ensureCliBuilt, runCli, tempDir } from './run-cli';

const TEMPLATE = '<p><a href="https://shop.example/a">A</a></p>';

describe('linktrace deliveries', function () {
  this.timeout(60_000);
  let temp: ReturnType<typeof tempDir>;
  let daemon: CliDaemon | undefined;

  before(function () {
    ensureCliBuilt();
    temp = tempDir('deliveries');
  });
  after(async function () {
    await daemon?.stop();
    temp?.remove();
  });

  it('lists the deliveries and deletes one with its logs through the daemon, then without it', async function () {
    daemon = await startCliDaemon('data', temp.dir);
    const first = (await daemonApi<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: TEMPLATE, name: 'first.html' })).delivery;
    while (Date.now() <= Date.parse(first.createdAt)) await new Promise((resolve) => setImmediate(resolve));
    const second = (await daemonApi<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: TEMPLATE, name: 'second.html' })).delivery;
    const click = await fetch(`${daemon.url}/c/${first.id}/${first.recipients[0]!.id}/${first.links[0]!.linkId}`, { redirect: 'manual' });
    assert.equal(click.status, 302);

    const listed = await runCli(['deliveries', 'list', '--data', 'data', '--json'], temp.dir);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual((JSON.parse(listed.stdout) as { id: string; name: string }[]).map((d) => [d.id, d.name]), [[first.id, 'first.html'], [second.id, 'second.html']]);

    const removed = await runCli(['deliveries', 'rm', first.id, '--data', 'data'], temp.dir);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, new RegExp(`Deleted delivery ${first.id} and its logs`));
    const gone = await fetch(`${daemon.url}/c/${first.id}/${first.recipients[0]!.id}/${first.links[0]!.linkId}`, { redirect: 'manual' });
    assert.equal(gone.status, 404, 'its links no longer redirect');
    const logs = await daemonApi<{ logs: TrackingLog[] }>(daemon, 'GET', '/api/logs');
    assert.deepEqual(logs.logs.filter((log) => log.deliveryId === first.id), [], 'its logs are gone');

    const again = await runCli(['deliveries', 'rm', first.id, '--data', 'data'], temp.dir);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`no delivery ${first.id}`));

    await daemon.stop();
    daemon = undefined;
    const offline = await runCli(['deliveries', 'rm', second.id, '--data', 'data'], temp.dir);
    assert.equal(offline.code, 0, offline.stderr);
    const empty = await runCli(['deliveries', 'list', '--data', 'data'], temp.dir);
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /^No deliveries in /);
  });

  it('refuses a missing or unknown subcommand with usage, exit 2', async function () {
    const result = await runCli(['deliveries', 'purge', '--data', 'data'], temp.dir);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown subcommand "purge" \(list, rm ID\)/);
  });
});
