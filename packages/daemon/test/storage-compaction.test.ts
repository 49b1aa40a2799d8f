// Compaction after deliveries are deleted or retired: the oldest journal segments that no live log
// is in any more are deleted (with a snapshot that no longer lists them written first), and what is
// left reads back the same, also after a restart without the snapshot.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Delivery } from '@linktrace/core';
import { createStorage } from '../src/storage/index';
import { SNAPSHOT_FILE } from '../src/storage/log-snapshot';
import { journalFiles, logEntry, useTempDataDirs } from './support/storage-tmp';

function delivery(id: string, day: number): Delivery {
  return {
    id,
    createdAt: `2025-03-${String(day).padStart(2, '0')}T09:00:00.000Z`,
    name: 'spring.html',
    template: '<a href="https://shop.example.com/">Shop</a>',
    dialect: 'none',
    settings: { opens: true, clicks: true },
    links: [],
    recipients: [{ id: 'r1', email: 'ana@example.com', fields: {} }],
  };
}

describe('storage: compaction of cleared journal segments', () => {
  const tempDataDir = useTempDataDirs();

  it('deletes the oldest segments once every log in them is cleared, keeps the rest readable, and restarts without replaying them', async () => {
    const dataDir = tempDataDir();
    const options = { keepDeliveries: 2, maxSegmentBytes: 600 };
    const storage = createStorage(dataDir, options);
    await storage.open();
    // Each delivery's logs fill a segment or two; keeping 2 retires the older ones with their logs.
    for (let day = 1; day <= 6; day++) {
      await storage.saveDelivery(delivery(`d${day}`, day));
      for (let i = 0; i < 8; i++) await storage.appendLog(logEntry({ deliveryId: `d${day}`, recipientId: `r${i}` }));
    }
    await storage.flushSnapshot();
    const expected = await storage.readLogs(0);
    assert.deepEqual([...new Set(expected.map((log) => log.deliveryId))], ['d5', 'd6']);
    const kept = journalFiles(dataDir).map((file) => path.basename(file));
    assert.ok(!kept.includes('journal-000001.jsonl') && !kept.includes('journal-000002.jsonl'), `the first segments are gone: ${kept.join(' ')}`);
    const seq = (await storage.appendLog(logEntry({ deliveryId: 'd6' }))).seq;
    await storage.close();

    const reopened = createStorage(dataDir, options);
    const report = await reopened.open();
    assert.deepEqual(report.snapshot, { logs: expected.length + 1 });
    assert.deepEqual((await reopened.readLogs(0)).slice(0, -1), expected);
    await reopened.close();

    // Without any snapshot the remaining segments alone give the same logs and the seq goes on.
    fs.rmSync(path.join(dataDir, SNAPSHOT_FILE));
    const rebuilt = createStorage(dataDir, options);
    await rebuilt.open();
    assert.deepEqual((await rebuilt.readLogs(0)).slice(0, -1), expected);
    assert.equal((await rebuilt.appendLog(logEntry({ deliveryId: 'd6' }))).seq, seq + 1);
    await rebuilt.close();
  });

  it('deletes, on the next start, dead segments that a crash left between the snapshot and their deletion', async () => {
    const dataDir = tempDataDir();
    const options = { keepDeliveries: 1, maxSegmentBytes: 600 };
    const storage = createStorage(dataDir, options);
    await storage.open();
    await storage.saveDelivery(delivery('d1', 1));
    for (let i = 0; i < 8; i++) await storage.appendLog(logEntry({ deliveryId: 'd1', recipientId: `r${i}` }));
    const deadCopies = journalFiles(dataDir).slice(0, -1).map((file) => ({ file, bytes: fs.readFileSync(file) }));
    await storage.saveDelivery(delivery('d2', 2));
    for (let i = 0; i < 8; i++) await storage.appendLog(logEntry({ deliveryId: 'd2', recipientId: `r${i}` }));
    await storage.flushSnapshot();
    const expected = await storage.readLogs(0);
    await storage.close();
    // As if the crash came after the snapshot was written but before the dead segments were deleted.
    for (const { file, bytes } of deadCopies) fs.writeFileSync(file, bytes, { mode: 0o600 });

    const reopened = createStorage(dataDir, options);
    const report = await reopened.open();
    assert.ok(report.snapshot && 'logs' in report.snapshot, JSON.stringify(report.snapshot));
    assert.deepEqual(await reopened.readLogs(0), expected);
    await reopened.flushSnapshot();
    for (const { file } of deadCopies) assert.ok(!fs.existsSync(file), `${path.basename(file)} was deleted`);
    await reopened.close();
  });
});
