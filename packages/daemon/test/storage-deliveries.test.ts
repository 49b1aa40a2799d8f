import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Delivery } from '@linktrace/core';
import { createStorage, DELIVERIES_DIR, DELIVERIES_FILE, DeliveryLimitError } from '../src/storage/index';
import { useTempDataDirs } from './support/storage-tmp';

function delivery(id: string, createdAt = '2025-03-01T09:00:00.000Z'): Delivery {
  return {
    id,
    createdAt,
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
    assert.deepEqual(new Set(storage.listDeliveries().map((d) => `${d.id} ${d.name}`)), new Set(['d1 renamed.html', 'd2 spring.html']));
    assert.equal(storage.getDelivery('missing'), undefined);
    await storage.close();

    const document = JSON.parse(fs.readFileSync(path.join(dataDir, DELIVERIES_FILE), 'utf8'));
    assert.equal(document.format, 'linktrace-deliveries');
    assert.equal(document.version, 2);
    assert.deepEqual(document.deliveries.map((entry: { id: string }) => entry.id), ['d2', 'd1']);
    assert.equal(fs.readdirSync(path.join(dataDir, DELIVERIES_DIR)).length, 2, 'one file per delivery; the replaced one is gone');

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

  it('writes each delivery once to its own file: the index stays small and earlier deliveries are never rewritten', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir);
    await storage.open();
    const big = (id: string, at: string) => ({ ...delivery(id, at), template: `<p>${'x'.repeat(200_000)}</p>` });
    await storage.saveDelivery(big('d1', '2025-03-01T09:00:00.000Z'));
    const [firstFile] = fs.readdirSync(path.join(dataDir, DELIVERIES_DIR));
    const first = fs.statSync(path.join(dataDir, DELIVERIES_DIR, firstFile!));
    for (let i = 2; i <= 10; i++) await storage.saveDelivery(big(`d${i}`, `2025-03-01T09:00:${String(i).padStart(2, '0')}.000Z`));
    const after = fs.statSync(path.join(dataDir, DELIVERIES_DIR, firstFile!));
    assert.deepEqual([after.ino, after.mtimeMs, after.size], [first.ino, first.mtimeMs, first.size], 'the first delivery’s file was not touched again');
    assert.ok(fs.statSync(path.join(dataDir, DELIVERIES_FILE)).size < 4096, 'the index holds no templates');
    await storage.close();
  });

  it('keeps the newest N deliveries: saving one more retires the oldest with its file and its logs', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir, { keepDeliveries: 3 });
    await storage.open();
    for (let i = 1; i <= 5; i++) {
      await storage.saveDelivery(delivery(`d${i}`, `2025-03-0${i}T09:00:00.000Z`));
      await storage.appendLog({ at: '2025-03-01T10:00:00.000Z', type: 'open', deliveryId: `d${i}`, recipientId: 'r1' });
    }
    assert.deepEqual(storage.listDeliveries().map((d) => d.id).sort(), ['d3', 'd4', 'd5']);
    assert.equal(storage.getDelivery('d1'), undefined);
    assert.deepEqual(fs.readdirSync(path.join(dataDir, DELIVERIES_DIR)).map((name) => name.split('.')[0]).sort(), ['d3', 'd4', 'd5']);
    assert.deepEqual((await storage.readLogs(0)).map((log) => log.deliveryId), ['d3', 'd4', 'd5'], 'the retired deliveries’ logs went with them');
    await storage.close();
    const reopened = createStorage(dataDir, { keepDeliveries: 3 });
    await reopened.open();
    assert.deepEqual(reopened.listDeliveries().map((d) => d.id).sort(), ['d3', 'd4', 'd5']);
    assert.deepEqual((await reopened.readLogs(0)).map((log) => log.deliveryId), ['d3', 'd4', 'd5']);
    await reopened.close();
  });

  it('deletes a delivery with its file and logs, for good', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir);
    await storage.open();
    await storage.saveDelivery(delivery('d1'));
    await storage.saveDelivery(delivery('d2'));
    await storage.appendLog({ at: '2025-03-01T10:00:00.000Z', type: 'open', deliveryId: 'd1', recipientId: 'r1' });
    await storage.appendLog({ at: '2025-03-01T10:00:00.000Z', type: 'open', deliveryId: 'd2', recipientId: 'r1' });
    assert.equal(await storage.deleteDelivery('d1'), true);
    assert.equal(await storage.deleteDelivery('d1'), false, 'a second delete finds nothing');
    assert.equal(storage.getDelivery('d1'), undefined);
    assert.deepEqual((await storage.readLogs(0)).map((log) => log.deliveryId), ['d2']);
    await storage.close();
    const reopened = createStorage(dataDir);
    await reopened.open();
    assert.deepEqual(reopened.listDeliveries().map((d) => d.id), ['d2']);
    assert.deepEqual(fs.readdirSync(path.join(dataDir, DELIVERIES_DIR)).map((name) => name.split('.')[0]), ['d2']);
    await reopened.close();
  });

  it('refuses a delivery over the limits (template size, links, recipients) with a clear error, storing nothing', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir, { deliveryLimits: { maxTemplateBytes: 100, maxLinks: 1, maxRecipients: 2 } });
    await storage.open();
    const cases: [Delivery, RegExp][] = [
      [{ ...delivery('big'), template: 'x'.repeat(101) }, /template is 101 bytes; a stored delivery holds at most 100/],
      [{ ...delivery('links'), links: [...delivery('x').links, ...delivery('y').links] }, /2 links; a stored delivery holds at most 1/],
      [{ ...delivery('many'), recipients: [...delivery('x').recipients, { id: 'r3', email: 'c@example.com', fields: {} }] }, /3 recipients; a stored delivery holds at most 2/],
    ];
    for (const [candidate, message] of cases) {
      await assert.rejects(storage.saveDelivery(candidate), (error: Error) => error instanceof DeliveryLimitError && message.test(error.message));
      assert.equal(storage.getDelivery(candidate.id), undefined);
    }
    assert.deepEqual(fs.readdirSync(path.join(dataDir, DELIVERIES_DIR)), []);
    await storage.close();
  });

  it('never serves a delivery whose save failed, and leaves no file of it', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir);
    await storage.open();
    await storage.saveDelivery(delivery('kept'));
    // The index cannot be replaced: something that is not a file stands in its place.
    const index = path.join(dataDir, DELIVERIES_FILE);
    const saved = fs.readFileSync(index);
    fs.rmSync(index);
    fs.mkdirSync(index);
    await assert.rejects(storage.saveDelivery(delivery('failed')));
    assert.equal(storage.getDelivery('failed'), undefined, 'not served');
    assert.deepEqual(fs.readdirSync(path.join(dataDir, DELIVERIES_DIR)).map((name) => name.split('.')[0]), ['kept'], 'its file was removed');
    fs.rmdirSync(index);
    fs.writeFileSync(index, saved, { mode: 0o600 });
    await storage.saveDelivery(delivery('later'));
    assert.deepEqual(storage.listDeliveries().map((d) => d.id).sort(), ['kept', 'later']);
    await storage.close();
  });

  it('migrates a one-document deliveries.json of the earlier format into one file per delivery, opt-outs included', async () => {
    const dataDir = tempDataDir();
    const optedOut = { ...delivery('d2'), recipients: [delivery('d2').recipients[0]!, { ...delivery('d2').recipients[1]!, optedOut: true }] };
    fs.writeFileSync(path.join(dataDir, DELIVERIES_FILE), JSON.stringify({ format: 'linktrace-deliveries', version: 1, deliveries: [delivery('d1'), optedOut] }), { mode: 0o600 });
    const storage = createStorage(dataDir);
    const report = await storage.open();
    assert.equal(report.migratedDeliveries, 2);
    assert.deepEqual(storage.getDelivery('d1'), delivery('d1'));
    assert.deepEqual(storage.getDelivery('d2'), optedOut);
    await storage.close();
    const index = JSON.parse(fs.readFileSync(path.join(dataDir, DELIVERIES_FILE), 'utf8'));
    assert.equal(index.version, 2);
    assert.deepEqual(index.deliveries.map((e: { id: string; optedOut: string[] }) => [e.id, e.optedOut]), [['d1', []], ['d2', ['r2']]]);

    const reopened = createStorage(dataDir);
    const again = await reopened.open();
    assert.equal(again.migratedDeliveries, undefined, 'migrated once');
    assert.deepEqual(reopened.getDelivery('d2'), optedOut);
    await reopened.setOptedOut('d1', 'r1');
    await reopened.close();
    const third = createStorage(dataDir);
    await third.open();
    assert.equal(third.getDelivery('d1')!.recipients[0]!.optedOut, true);
    await third.close();
  });
});
