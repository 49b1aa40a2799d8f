// The index snapshot (written in the background and at a clean stop): the next open takes the index
// it holds and replays only the journal written after it; a snapshot that is damaged or no longer
// matches the journal is ignored (and said so), and every log is still there.
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

/** Changes the JSON header of an index snapshot, keeping its columns where they were. */
function rewriteHeader(file: string, change: (header: Record<string, unknown>) => void): void {
  const bytes = fs.readFileSync(file);
  const length = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as Record<string, unknown>;
  change(header);
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc((4 + json.length + 7) & ~7);
  head.writeUInt32LE(json.length, 0);
  json.copy(head, 4);
  fs.writeFileSync(file, Buffer.concat([head, bytes.subarray((4 + length + 7) & ~7)]));
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
      return await storage.readLogs(0);
    });
    // As after a crash: the snapshot is the one of an earlier stop.
    fs.writeFileSync(snapshot, olderSnapshot);

    await withStorage(dataDir, async (storage, report) => {
      assert.deepEqual(report, { logs: expected.length, snapshot: { logs: 6 } });
      assert.deepEqual(await storage.readLogs(0), expected);
      assert.ok(expected.every((log) => log.deliveryId === 'd1'));
      assert.equal((await storage.appendLog(logEntry())).seq, 13, 'numbering goes on after the journal, not the snapshot');
    });
  });

  for (const [problem, damage, reason] of [
    ['is cut short', (file: string) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2)), /cut short/],
    ['has a header that is not JSON', (file: string) => {
      const bytes = fs.readFileSync(file);
      bytes.write('{{{{', 4);
      fs.writeFileSync(file, bytes);
    }, /header is not valid JSON/],
    ['points at an id that does not exist', (file: string) => rewriteHeader(file, (header) => (header.ids = [])), /row 0 is damaged/],
    ['has a cursor inside a record', (file: string) => rewriteHeader(file, (header) => ((header.cursor as { offset: number }).offset -= 3)), /cursor is not at a record boundary/],
  ] as const) {
    it(`ignores a snapshot that ${problem}, says why, and replays the whole journal`, async () => {
      const dataDir = tempDataDir();
      const expected = await withStorage(dataDir, async (storage) => {
        for (let i = 1; i <= 5; i++) await storage.appendLog(logEntry({ recipientId: `r${i}` }));
        return await storage.readLogs(0);
      });
      damage(path.join(dataDir, SNAPSHOT_FILE));
      await withStorage(dataDir, async (storage, report) => {
        assert.equal(report.logs, 5);
        assert.match((report.snapshot as { ignored: string }).ignored, reason);
        assert.deepEqual(await storage.readLogs(0), expected);
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
      assert.deepEqual((await storage.readLogs(0)).map((log) => [log.seq, log.recipientId]), [[4, 'after-clear']]);
    });
  });

  it('starts after a crash from the index snapshot written in the background, replaying only the journal after it', async () => {
    const dataDir = tempDataDir();
    const crashed = tempDataDir();
    const storage = createStorage(dataDir, { snapshotIntervalMs: 60_000 });
    await storage.open();
    for (let i = 1; i <= 20; i++) await storage.appendLog(logEntry({ deliveryId: `d${i % 3}`, recipientId: `r${i}` }));
    await storage.flushSnapshot();
    for (let i = 21; i <= 25; i++) await storage.appendLog(logEntry({ deliveryId: `d${i % 3}`, recipientId: `r${i}` }));
    const expected = await storage.readLogs(0);
    // What a kill -9 now leaves behind: the journal and the background snapshot, no clean stop.
    fs.cpSync(dataDir, crashed, { recursive: true });
    fs.rmSync(path.join(crashed, 'daemon.lock'));
    await storage.close();

    const restarted = createStorage(crashed, { trustDataDir: true });
    const report = await restarted.open();
    assert.deepEqual(report.snapshot, { logs: 20 });
    assert.equal(report.logs, 25);
    assert.deepEqual(await restarted.readLogs(0), expected);
    assert.deepEqual(restarted.countLogs('d1').byType, { open: 9 });
    await restarted.close();
  });

  it('removes the temp file of a snapshot that a kill interrupted', async () => {
    const dataDir = tempDataDir();
    await withStorage(dataDir, async (storage) => void (await storage.appendLog(logEntry())));
    const leftover = path.join(dataDir, '.logs-index.snapshot.0123456789ab.tmp');
    fs.writeFileSync(leftover, 'half a snapshot');
    await withStorage(dataDir, async (_storage, report) => assert.deepEqual(report.snapshot, { logs: 1 }));
    assert.ok(!fs.existsSync(leftover));
  });
});
