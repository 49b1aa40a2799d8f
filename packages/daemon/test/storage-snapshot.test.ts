// The snapshot of a clean stop: the next open takes the logs it holds and replays only the journal
// written after it; a snapshot that is damaged or no longer matches the journal is ignored (and
// said so), and every log is still there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createStorage } from '../src/storage/index';
import { SNAPSHOT_FILE } from '../src/storage/log-snapshot';
import { logEntry, useTempDataDirs } from './support/storage-tmp';

async function withStorage<T>(dataDir: string, use: (storage: ReturnType<typeof createStorage>, report: Awaited<ReturnType<ReturnType<typeof createStorage>['open']>>) => Promise<T>): Promise<T> {
  const storage = createStorage(dataDir, { maxSegmentBytes: 400 });
  const report = await storage.open();
  try {
    return await use(storage, report);
  } finally {
    await storage.close();
  }
}

describe('storage: start-up snapshot', () => {
  const tempDataDir = useTempDataDirs();

  it('takes the logs of the last clean stop from the snapshot and replays only what was written after it, clears included', async () => {
    const dataDir = tempDataDir();
    const snapshot = path.join(dataDir, SNAPSHOT_FILE);
    await withStorage(dataDir, async (storage) => {
      for (let i = 1; i <= 6; i++) await storage.appendLog(logEntry({ deliveryId: `d${i % 2}`, recipientId: `r${i}`, url: `https://shop.example/${i}`, machine: i === 3 ? 'prefetch' : undefined }));
    });
    const olderSnapshot = fs.readFileSync(snapshot);
    const expected = await withStorage(dataDir, async (storage) => {
      // After the snapshot: more logs (in a new segment too) and a clear of one delivery.
      for (let i = 7; i <= 12; i++) await storage.appendLog(logEntry({ deliveryId: `d${i % 2}`, recipientId: `r${i}` }));
      await storage.clearLogs('d0');
      return storage.logsAfter(0);
    });
    // As after a crash: the snapshot is the one of an earlier stop.
    fs.writeFileSync(snapshot, olderSnapshot);

    await withStorage(dataDir, async (storage, report) => {
      assert.deepEqual(report, { logs: expected.length, snapshot: { logs: 6 } });
      assert.deepEqual(storage.logsAfter(0), expected);
      assert.ok(expected.every((log) => log.deliveryId === 'd1'));
      assert.equal((await storage.appendLog(logEntry())).seq, 13, 'numbering goes on after the journal, not the snapshot');
    });
  });

  for (const [problem, damage, reason] of [
    ['is not JSON', (file: string) => fs.writeFileSync(file, '{"format": "linktrace-log-sn'), /not valid JSON/],
    ['points at a string that does not exist', (file: string) => {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      doc.fields.deliveryId[0] = 999;
      fs.writeFileSync(file, JSON.stringify(doc));
    }, /log 0 is damaged/],
    ['has a cursor inside a record', (file: string) => {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      doc.cursor.offset -= 3;
      fs.writeFileSync(file, JSON.stringify(doc));
    }, /cursor is not at a record boundary/],
  ] as const) {
    it(`ignores a snapshot that ${problem}, says why, and replays the whole journal`, async () => {
      const dataDir = tempDataDir();
      const expected = await withStorage(dataDir, async (storage) => {
        for (let i = 1; i <= 5; i++) await storage.appendLog(logEntry({ recipientId: `r${i}` }));
        return storage.logsAfter(0);
      });
      damage(path.join(dataDir, SNAPSHOT_FILE));
      await withStorage(dataDir, async (storage, report) => {
        assert.equal(report.logs, 5);
        assert.match((report.snapshot as { ignored: string }).ignored, reason);
        assert.deepEqual(storage.logsAfter(0), expected);
      });
    });
  }

  it('ignores a snapshot whose journal segment was removed by a later clear of everything', async () => {
    const dataDir = tempDataDir();
    const snapshot = path.join(dataDir, SNAPSHOT_FILE);
    await withStorage(dataDir, async (storage) => {
      for (let i = 1; i <= 3; i++) await storage.appendLog(logEntry());
    });
    const older = fs.readFileSync(snapshot);
    await withStorage(dataDir, async (storage) => {
      await storage.clearLogs();
      await storage.appendLog(logEntry({ recipientId: 'after-clear' }));
    });
    fs.writeFileSync(snapshot, older);
    await withStorage(dataDir, async (storage, report) => {
      assert.match((report.snapshot as { ignored: string }).ignored, /journal segment 1 is gone/);
      assert.deepEqual(storage.logsAfter(0).map((log) => [log.seq, log.recipientId]), [[4, 'after-clear']]);
    });
  });
});
