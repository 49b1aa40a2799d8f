import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Delivery } from '@linktrace/core';
import { createStorage, DELIVERIES_FILE } from '../src/storage/index';
import { useTempDataDirs } from './support/storage-tmp';

function delivery(id: string): Delivery {
  return {
    id,
    createdAt: '2025-03-01T09:00:00.000Z',
    name: 'spring.html',
    template: '<a href="https://shop.example.com/">Shop</a>',
    dialect: 'none',
    settings: { opens: true, clicks: true },
    links: [{ linkId: `${id}-k1`, sourceId: 'L1', url: 'https://shop.example.com/', type: 'tracked' as Delivery['links'][number]['type'], line: 1 }],
    recipients: [
      { id: 'r1', email: 'ana@example.com', fields: { firstName: 'Ana' } },
      { id: 'r2', email: 'bo@example.com', fields: {} },
    ],
  };
}

describe('storage: deliveries', () => {
  const tempDataDir = useTempDataDirs();

  it('creates a missing data directory with mode 0700', async () => {
    const dataDir = path.join(tempDataDir(), 'nested', '.linktrace');
    const storage = createStorage(dataDir);
    await storage.open();
    assert.equal(fs.statSync(dataDir).mode & 0o777, 0o700);
    await storage.close();
  });

  it('saves, replaces and lists deliveries, and reads them back after a restart', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir);
    await storage.open();
    await storage.saveDelivery(delivery('d1'));
    await storage.saveDelivery(delivery('d2'));
    await storage.saveDelivery({ ...delivery('d1'), name: 'renamed.html' });
    assert.deepEqual(storage.listDeliveries().map((d) => [d.id, d.name]), [['d1', 'renamed.html'], ['d2', 'spring.html']]);
    assert.equal(storage.getDelivery('missing'), undefined);
    await storage.close();

    const document = JSON.parse(fs.readFileSync(path.join(dataDir, DELIVERIES_FILE), 'utf8'));
    assert.equal(document.format, 'linktrace-deliveries');
    assert.equal(document.version, 1);

    const reopened = createStorage(dataDir);
    await reopened.open();
    assert.deepEqual(reopened.getDelivery('d1'), { ...delivery('d1'), name: 'renamed.html' });
    assert.deepEqual(reopened.getDelivery('d2'), delivery('d2'));
    await reopened.close();
  });

  it('keeps its own copy: changing the saved object afterwards changes nothing stored', async () => {
    const storage = createStorage(tempDataDir());
    await storage.open();
    const original = delivery('d1');
    await storage.saveDelivery(original);
    original.recipients[0]!.email = 'changed@example.com';
    assert.equal(storage.getDelivery('d1')!.recipients[0]!.email, 'ana@example.com');
    assert.ok(Object.isFrozen(storage.getDelivery('d1')!.recipients[0]), 'readers cannot change it behind storage’s back');
    await storage.close();
  });

  it('marks a recipient opted out, durably, and refuses unknown deliveries and recipients', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir);
    await storage.open();
    await storage.saveDelivery(delivery('d1'));
    const before = storage.getDelivery('d1')!;
    await storage.setOptedOut('d1', 'r2');
    await storage.setOptedOut('d1', 'r2');
    assert.equal(storage.getDelivery('d1')!.recipients[1]!.optedOut, true);
    assert.equal(before.recipients[1]!.optedOut, undefined, 'an earlier reader keeps a consistent snapshot');
    await assert.rejects(storage.setOptedOut('d9', 'r1'), /No delivery d9/);
    await assert.rejects(storage.setOptedOut('d1', 'r9'), /no recipient r9/);
    await storage.close();

    const reopened = createStorage(dataDir);
    await reopened.open();
    assert.deepEqual(reopened.getDelivery('d1')!.recipients.map((r) => r.optedOut), [undefined, true]);
    await reopened.close();
  });
});
