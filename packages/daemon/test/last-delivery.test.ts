// DIR/last-delivery.json: what report and logs default to. Written atomically, read leniently.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAST_DELIVERY_FILE, readLastDelivery, writeLastDelivery } from '../src/last-delivery';

describe('last delivery of a data directory', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'linktrace-last-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what was written, and nothing when there is no file', async () => {
    assert.equal(await readLastDelivery(dir), undefined);
    await writeLastDelivery(dir, 'D_1-a');
    assert.equal(await readLastDelivery(dir), 'D_1-a');
    await writeLastDelivery(dir, 'D2');
    assert.equal(await readLastDelivery(dir), 'D2');
  });

  it('ignores a file that is not JSON or names no valid id', async () => {
    for (const text of ['not json', '{"deliveryId": "../x"}', '[]', 'null', '{"deliveryId": 3}']) {
      writeFileSync(path.join(dir, LAST_DELIVERY_FILE), text);
      assert.equal(await readLastDelivery(dir), undefined, text);
    }
  });

  it('never writes through a link planted at its temporary name', async () => {
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, path.join(dir, `${LAST_DELIVERY_FILE}.${process.pid}.tmp`));
    await writeLastDelivery(dir, 'D3');
    assert.equal(readFileSync(victim, 'utf8'), 'untouched');
    assert.equal(await readLastDelivery(dir), 'D3');
  });

  it('costs nothing when the directory is gone', async () => {
    await writeLastDelivery(path.join(dir, 'missing'), 'D4');
    assert.equal(await readLastDelivery(path.join(dir, 'missing')), undefined);
  });
});
