// 'process' durability: a log is acknowledged once write(2) has put it in the OS, without waiting
// for the disk; the disk catches up in a background fdatasync within the sync interval, and a
// failed background sync stops all further acknowledgements.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createStorage, type JournalIo } from '../src/storage/index';
import { nodeJournalIo } from '../src/storage/journal-writer';
import { journalFiles, logEntry, useTempDataDirs } from './support/storage-tmp';

const until = async (condition: () => boolean, what: string, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

describe('storage: process durability (the default)', () => {
  const tempDataDir = useTempDataDirs();

  it('acknowledges a log once it is written, while its fdatasync is still held, and the bytes are in the file', async () => {
    const dataDir = tempDataDir();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let syncsStarted = 0;
    const io: JournalIo = { ...nodeJournalIo, fdatasync: async (fd) => (syncsStarted++, await held, nodeJournalIo.fdatasync(fd)) };
    const storage = createStorage(dataDir, { journalIo: io, syncIntervalMs: 1 });
    await storage.open();

    const log = await storage.appendLog(logEntry({ recipientId: 'fast' }));
    assert.equal(log.seq, 1);
    assert.match(fs.readFileSync(journalFiles(dataDir)[0]!, 'utf8'), /"recipientId":"fast"/, 'written to the OS before the acknowledgement');
    await until(() => syncsStarted > 0, 'the background fdatasync');
    // Acknowledgements keep coming while the disk is slow.
    const more = await Promise.all([storage.appendLog(logEntry()), storage.appendLog(logEntry())]);
    assert.deepEqual(more.map((l) => l.seq), [2, 3]);
    assert.equal(storage.lastSeq(), 3);
    release();
    await storage.close();
  });

  it('syncs written logs in the background within the sync interval, once per interval rather than per batch', async () => {
    const dataDir = tempDataDir();
    const syncedAt: number[] = [];
    const io: JournalIo = { ...nodeJournalIo, fdatasync: async (fd) => (syncedAt.push(Date.now()), nodeJournalIo.fdatasync(fd)) };
    // An interval long enough that 20 appends fit in one even on a loaded machine: the count of
    // syncs then tells per-interval from per-batch without a clock assertion.
    const storage = createStorage(dataDir, { journalIo: io, syncIntervalMs: 1500 });
    await storage.open();
    for (let i = 0; i < 20; i++) await storage.appendLog(logEntry({ recipientId: `r${i}` }));
    await until(() => syncedAt.length > 0, 'a background fdatasync with no further append');
    assert.ok(syncedAt.length <= 2, `${syncedAt.length} syncs for 20 sequential batches: grouped by interval`);
    await storage.close();
  });

  it('refuses every append after a background fdatasync fails, and reports it', async () => {
    const dataDir = tempDataDir();
    const reported: Error[] = [];
    const io: JournalIo = { ...nodeJournalIo, fdatasync: async () => Promise.reject(Object.assign(new Error('EIO: injected'), { code: 'EIO' })) };
    const storage = createStorage(dataDir, { journalIo: io, syncIntervalMs: 1, onSyncError: (error) => reported.push(error) });
    await storage.open();
    await storage.appendLog(logEntry());
    await until(() => reported.length > 0, 'the failed sync to be reported');
    assert.match(reported[0]!.message, /EIO/);
    await assert.rejects(storage.appendLog(logEntry()), /EIO/);
    await assert.rejects(storage.close(), /EIO/);
  });

  it('rejects unknown modes and sync intervals out of range', () => {
    assert.throws(() => createStorage(tempDataDir(), { durability: 'memory' as never }), /durability must be "process" or "disk"/);
    assert.throws(() => createStorage(tempDataDir(), { syncIntervalMs: 0 }), /syncIntervalMs must be an integer from 1 to 60000/);
  });
});
