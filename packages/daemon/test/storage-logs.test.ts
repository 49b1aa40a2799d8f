import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createStorage } from '../src/storage/index';
import { journalFiles, logEntry, useTempDataDirs } from './support/storage-tmp';

describe('storage: tracking logs', () => {
  const tempDataDir = useTempDataDirs();

  it('appends logs with consecutive seqs and returns them from readLogs in seq order', async () => {
    const storage = createStorage(tempDataDir());
    assert.deepEqual(await storage.open(), { logs: 0 });
    const first = await storage.appendLog(logEntry({ userAgent: 'UA', extra: 'dropped' } as never));
    const second = await storage.appendLog(logEntry({ type: 'click', linkId: 'k1', url: 'https://a.example/', label: 'Buy' }));
    assert.deepEqual(first, { seq: 1, at: '2025-03-01T10:00:00.000Z', type: 'open', deliveryId: 'd1', recipientId: 'r1', userAgent: 'UA' });
    assert.equal(second.seq, 2);
    assert.equal(storage.lastSeq(), 2);
    assert.deepEqual(await storage.readLogs(0), [first, second]);
    assert.deepEqual(await storage.readLogs(1), [second]);
    assert.deepEqual(await storage.readLogs(2), []);
    await storage.close();
  });

  it('filters by delivery, recipient and type, alone and combined, and honours the limit', async () => {
    const storage = createStorage(tempDataDir());
    await storage.open();
    const entries = [
      logEntry({ deliveryId: 'd1', recipientId: 'r1', type: 'open' }),
      logEntry({ deliveryId: 'd1', recipientId: 'r2', type: 'click' }),
      logEntry({ deliveryId: 'd2', recipientId: 'r1', type: 'click' }),
      logEntry({ deliveryId: 'd1', recipientId: 'r1', type: 'click' }),
      logEntry({ deliveryId: 'd2', recipientId: 'r2', type: 'optout' }),
      logEntry({ deliveryId: 'd1', recipientId: 'r1', type: 'mirror' }),
    ];
    await Promise.all(entries.map((entry) => storage.appendLog(entry)));
    const seqs = async (...args: Parameters<typeof storage.readLogs>) => (await storage.readLogs(...args)).map((log) => log.seq);

    assert.deepEqual(await seqs(0, { deliveryId: 'd1' }), [1, 2, 4, 6]);
    assert.deepEqual(await seqs(0, { recipientId: 'r1' }), [1, 3, 4, 6]);
    assert.deepEqual(await seqs(0, { type: 'click' }), [2, 3, 4]);
    assert.deepEqual(await seqs(0, { deliveryId: 'd1', recipientId: 'r1' }), [1, 4, 6]);
    assert.deepEqual(await seqs(0, { deliveryId: 'd1', recipientId: 'r1', type: 'click' }), [4]);
    assert.deepEqual(await seqs(2, { deliveryId: 'd1' }), [4, 6]);
    assert.deepEqual(await seqs(0, { deliveryId: 'd1' }, 2), [1, 2]);
    assert.deepEqual(await seqs(3, {}, 2), [4, 5]);
    assert.deepEqual(await seqs(0, {}, 0), []);
    assert.deepEqual(await seqs(0, { deliveryId: 'unknown' }), []);
    assert.deepEqual(await seqs(0, { deliveryId: 'd2', type: 'open' }), []);
    await storage.close();
  });

  it('keeps logs across a restart and continues the seq after the last one', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir);
    await storage.open();
    for (let i = 0; i < 5; i++) await storage.appendLog(logEntry({ recipientId: `r${i}` }));
    const before = await storage.readLogs(0);
    await storage.close();

    const reopened = createStorage(dataDir);
    assert.deepEqual(await reopened.open(), { logs: 5, snapshot: { logs: 5 } });
    assert.deepEqual(await reopened.readLogs(0), before);
    assert.equal(reopened.lastSeq(), 5);
    assert.equal((await reopened.appendLog(logEntry())).seq, 6);
    await reopened.close();
  });

  it('clears one delivery’s logs, durably, and keeps counting seqs up', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir);
    await storage.open();
    await storage.appendLog(logEntry({ deliveryId: 'd1' }));
    await storage.appendLog(logEntry({ deliveryId: 'd2' }));
    await storage.appendLog(logEntry({ deliveryId: 'd1' }));
    await storage.clearLogs('d1');
    assert.deepEqual((await storage.readLogs(0)).map((log) => [log.seq, log.deliveryId]), [[2, 'd2']]);
    assert.deepEqual(await storage.readLogs(0, { deliveryId: 'd1' }), []);
    const after = await storage.appendLog(logEntry({ deliveryId: 'd1' }));
    assert.equal(after.seq, 4);
    await storage.close();

    const reopened = createStorage(dataDir);
    assert.deepEqual(await reopened.open(), { logs: 2, snapshot: { logs: 2 } });
    assert.deepEqual((await reopened.readLogs(0)).map((log) => [log.seq, log.deliveryId]), [[2, 'd2'], [4, 'd1']]);
    assert.equal((await reopened.appendLog(logEntry())).seq, 5);
    await reopened.close();
  });

  it('clears all logs, drops the old segments, and never reuses a seq after a restart', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir, { maxSegmentBytes: 300 });
    await storage.open();
    for (let i = 0; i < 10; i++) await storage.appendLog(logEntry());
    const segmentsBefore = journalFiles(dataDir);
    assert.ok(segmentsBefore.length > 1, 'the logs span several segments');
    await storage.clearLogs();
    assert.deepEqual(await storage.readLogs(0), []);
    assert.equal(storage.lastSeq(), 10);
    const remaining = journalFiles(dataDir);
    assert.equal(remaining.length, 1);
    assert.ok(!segmentsBefore.includes(remaining[0]!), 'the tombstone starts a new segment');
    assert.deepEqual(JSON.parse(fs.readFileSync(remaining[0]!, 'utf8')), { clear: { uptoSeq: 10 } });
    await storage.close();

    const reopened = createStorage(dataDir);
    assert.deepEqual(await reopened.open(), { logs: 0, snapshot: { logs: 0 } });
    assert.equal(reopened.lastSeq(), 10);
    assert.equal((await reopened.appendLog(logEntry())).seq, 11);
    await reopened.close();
  });

  it('clears the logs appended before the call, including those not yet durable, and none after', async () => {
    const storage = createStorage(tempDataDir());
    await storage.open();
    const before = [storage.appendLog(logEntry()), storage.appendLog(logEntry())];
    const cleared = storage.clearLogs();
    const after = storage.appendLog(logEntry());
    await Promise.all([...before, cleared, after]);
    assert.deepEqual((await storage.readLogs(0)).map((log) => log.seq), [3]);
    await storage.close();
  });

  it('rejects an invalid log without writing it or using up a seq', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir);
    await storage.open();
    await assert.rejects(storage.appendLog(logEntry({ type: 'bounce' as never })), /Invalid tracking log: "type"/);
    await assert.rejects(storage.appendLog(logEntry({ at: 'yesterday' })), /Invalid tracking log: "at"/);
    await assert.rejects(storage.appendLog(logEntry({ userAgent: 42 as never })), /"userAgent" is not a string/);
    assert.equal((await storage.appendLog(logEntry())).seq, 1);
    await storage.close();
    assert.equal(fs.readFileSync(journalFiles(dataDir)[0]!, 'utf8').split('\n').length, 2);
  });

  it('rejects appends after close, and close waits for appends in flight', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir);
    await storage.open();
    const pending = Array.from({ length: 50 }, () => storage.appendLog(logEntry()));
    await storage.close();
    assert.equal((await Promise.all(pending)).length, 50);
    await assert.rejects(storage.appendLog(logEntry()), /not open/);

    const reopened = createStorage(dataDir);
    assert.deepEqual(await reopened.open(), { logs: 50, snapshot: { logs: 50 } });
    await reopened.close();
  });

  it('counts a delivery\'s logs per type, link and recipient from memory, kept current through new logs and clears', async () => {
    const storage = createStorage(tempDataDir());
    await storage.open();
    await storage.appendLog(logEntry({ deliveryId: 'd1', recipientId: 'r1', type: 'open' }));
    await storage.appendLog(logEntry({ deliveryId: 'd1', recipientId: 'r1', type: 'click', linkId: 'k1' }));
    await storage.appendLog(logEntry({ deliveryId: 'd2', recipientId: 'r1', type: 'click', linkId: 'k9' }));
    const counts = (id: string) => {
      const { byType, byLink, byRecipient } = storage.countLogs(id);
      return { byType, byLink: Object.fromEntries(byLink), byRecipient: Object.fromEntries(byRecipient) };
    };
    assert.deepEqual(counts('d1'), { byType: { open: 1, click: 1 }, byLink: { k1: 1 }, byRecipient: { r1: 2 } });
    await storage.appendLog(logEntry({ deliveryId: 'd1', recipientId: 'r2', type: 'click', linkId: 'k1' }));
    assert.deepEqual(counts('d1'), { byType: { open: 1, click: 2 }, byLink: { k1: 2 }, byRecipient: { r1: 2, r2: 1 } });
    await storage.clearLogs('d1');
    assert.deepEqual(counts('d1'), { byType: {}, byLink: {}, byRecipient: {} });
    assert.deepEqual(counts('d2'), { byType: { click: 1 }, byLink: { k9: 1 }, byRecipient: { r1: 1 } });
    assert.deepEqual(counts('nobody'), { byType: {}, byLink: {}, byRecipient: {} });
    await storage.close();
  });
});
