// The migration of a one-document deliveries.json too large to parse as one string: its
// deliveries are found in the bytes and parsed one by one, whatever their templates contain.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Delivery } from '@linktrace/core';
import { createStorage, DELIVERIES_FILE } from '../src/storage/index';
import { CorruptDataError } from '../src/storage/errors';
import { splitDeliveriesDocument, WHOLE_PARSE_MAX_BYTES } from '../src/storage/legacy-deliveries';
import { useTempDataDirs } from './support/storage-tmp';

function legacyDelivery(id: string, template: string): Delivery {
  return {
    id,
    createdAt: `2025-03-01T09:00:00.000Z`,
    name: `${id}.html`,
    template,
    dialect: 'none',
    settings: { opens: true, clicks: true },
    links: [{ linkId: `${id}k`, sourceId: 'L1', url: 'https://shop.example.com/', type: 'tracked' as Delivery['links'][number]['type'], line: 1 }],
    recipients: [{ id: 'r1', email: 'ana@example.com', fields: { note: '] } " \\ [' } }],
  };
}

describe('storage: migrating a very large legacy deliveries.json', () => {
  const tempDataDir = useTempDataDirs();

  it('splits the deliveries array without being fooled by brackets, quotes and escapes inside strings', () => {
    const tricky = [legacyDelivery('a', '<p title="]}">"quoted" \\ back\\slash [x]</p>'), legacyDelivery('b', '{{{ ]]] }}}')];
    const bytes = Buffer.from(JSON.stringify({ format: 'linktrace-deliveries', version: 1, deliveries: tricky }, null, 2));
    const split = splitDeliveriesDocument('f.json', bytes);
    assert.deepEqual(split.deliveries, tricky);
    assert.deepEqual(split.skeleton, { format: 'linktrace-deliveries', version: 1, deliveries: [] });
    assert.throws(() => splitDeliveriesDocument('f.json', bytes.subarray(0, bytes.length - 10)), CorruptDataError);
    assert.throws(() => splitDeliveriesDocument('f.json', Buffer.from('{"format": "linktrace-deliveries", "version": 1, "other": []}')), /"deliveries" is not an array/);
  });

  it(`migrates a file over ${WHOLE_PARSE_MAX_BYTES / 1024 / 1024} MB delivery by delivery, into one file each`, async function () {
    this.timeout(60_000);
    const dataDir = tempDataDir();
    const template = `<p>${'x'.repeat(1_600_000)}</p>`;
    const count = Math.ceil(WHOLE_PARSE_MAX_BYTES / template.length) + 1;
    const deliveries = Array.from({ length: count }, (_, i) => legacyDelivery(`d${i}`, template));
    fs.writeFileSync(path.join(dataDir, DELIVERIES_FILE), JSON.stringify({ format: 'linktrace-deliveries', version: 1, deliveries }, null, 2), { mode: 0o600 });
    assert.ok(fs.statSync(path.join(dataDir, DELIVERIES_FILE)).size > WHOLE_PARSE_MAX_BYTES);

    const storage = createStorage(dataDir);
    const report = await storage.open();
    assert.equal(report.migratedDeliveries, count);
    assert.equal(storage.listDeliveries().length, count);
    assert.deepEqual(storage.getDelivery(`d${count - 1}`), deliveries[count - 1]);
    await storage.close();
    assert.ok(fs.statSync(path.join(dataDir, DELIVERIES_FILE)).size < 64 * 1024, 'the index that replaced it is small');
  });
});
