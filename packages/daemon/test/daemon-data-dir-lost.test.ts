// A daemon whose data directory is deleted under it stops acknowledging (503) instead of logging
// clicks into a deleted file, and when it stops it leaves the files of the daemon that took the
// directory's place alone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DAEMON_INFO_FILE } from '../src/daemon-info';
import { LOCK_FILE } from '../src/storage/index';
import { pathOf, prepare, request, startTestDaemon } from './support/daemon';

const TEMPLATE = '<p><a href="https://shop.example/a">A</a></p>';

describe('daemon: data directory deleted while running', function () {
  this.timeout(30_000);

  it('answers 503 to clicks and /healthz, and never rewrites the next daemon’s lock or daemon.json', async () => {
    const first = await startTestDaemon();
    const { delivery } = await prepare(first, { template: TEMPLATE, name: 't.html' });
    const click = pathOf(`${first.url}/c/${delivery.id}/${delivery.recipients[0]!.id}/${delivery.links[0]!.linkId}`);
    assert.equal((await request(first, { path: click })).status, 302);

    fs.rmSync(first.dataDir, { recursive: true });
    const refused = await request(first, { path: click });
    assert.equal(refused.status, 503, refused.text);
    const health = await request(first, { path: '/healthz' });
    assert.equal(health.status, 503);
    assert.match(JSON.parse(health.text).error, /was deleted or replaced/);

    const second = await startTestDaemon({ dataDir: first.dataDir });
    const lock = fs.readFileSync(path.join(first.dataDir, LOCK_FILE), 'utf8');
    const info = fs.readFileSync(path.join(first.dataDir, DAEMON_INFO_FILE), 'utf8');
    await first.close();
    assert.equal(fs.readFileSync(path.join(first.dataDir, LOCK_FILE), 'utf8'), lock, 'the new daemon’s lock is untouched');
    assert.equal(fs.readFileSync(path.join(first.dataDir, DAEMON_INFO_FILE), 'utf8'), info, 'the new daemon’s daemon.json is untouched');
    assert.equal((await request(second, { path: '/healthz' })).status, 200);
    await second.dispose();
  });
});
