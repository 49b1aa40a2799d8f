import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createStorage, type CommitInfo, type JournalIo } from '../src/storage/index';
import { nodeJournalIo } from '../src/storage/journal-writer';
import { journalFiles, logEntry, useTempDataDirs } from './support/storage-tmp';

/** A promise that can be settled from outside, to hold a file operation until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const ioError = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

describe('storage: group commit (disk durability, and what both modes share)', () => {
  const tempDataDir = useTempDataDirs();

  it('writes 1000 concurrent appends in far fewer syncs, and persists every one in order', async () => {
    const dataDir = tempDataDir();
    let syncs = 0;
    const commits: CommitInfo[] = [];
    const io: JournalIo = { ...nodeJournalIo, fdatasync: (fd) => (syncs++, nodeJournalIo.fdatasync(fd)) };
    const storage = createStorage(dataDir, { durability: 'disk', journalIo: io, onCommit: (commit) => commits.push(commit) });
    await storage.open();

    const logs = await Promise.all(Array.from({ length: 1000 }, (_, i) => storage.appendLog(logEntry({ recipientId: `r${i}` }))));

    assert.deepEqual(logs.map((log) => log.seq), Array.from({ length: 1000 }, (_, i) => i + 1));
    assert.deepEqual(logs.map((log) => log.recipientId), Array.from({ length: 1000 }, (_, i) => `r${i}`));
    assert.equal(commits.reduce((sum, commit) => sum + commit.records, 0), 1000);
    assert.ok(commits.length <= 10, `${commits.length} commits for 1000 appends`);
    assert.equal(syncs, commits.length, 'one sync per commit');
    await storage.close();

    const reopened = createStorage(dataDir);
    assert.deepEqual(await reopened.open(), { logs: 1000, snapshot: { logs: 1000 } });
    assert.deepEqual(await reopened.readLogs(0), logs);
    await reopened.close();
  });

  it('acknowledges no append before its sync returns, and batches the appends that arrive meanwhile', async () => {
    const held: ReturnType<typeof gate>[] = [];
    const io: JournalIo = {
      ...nodeJournalIo,
      fdatasync: async (fd) => {
        await nodeJournalIo.fdatasync(fd);
        const hold = gate();
        held.push(hold);
        await hold.promise;
      },
    };
    const commits: CommitInfo[] = [];
    const storage = createStorage(tempDataDir(), { durability: 'disk', journalIo: io, onCommit: (commit) => commits.push(commit) });
    await storage.open();
    const acknowledged: number[] = [];
    const append = () => storage.appendLog(logEntry()).then((log) => (acknowledged.push(log.seq), log));

    const first = append();
    while (held.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    const meanwhile = [append(), append(), append()];
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(acknowledged, [], 'nothing is acknowledged while its sync is outstanding');
    assert.deepEqual(await storage.readLogs(0), [], 'nothing is visible before it is durable');

    held[0]!.open();
    await first;
    assert.deepEqual(acknowledged, [1]);
    while (held.length === 1) await new Promise((resolve) => setTimeout(resolve, 1));
    held[1]!.open();
    await Promise.all(meanwhile);
    assert.deepEqual(acknowledged, [1, 2, 3, 4]);
    assert.deepEqual(commits.map((commit) => commit.records), [1, 3]);
    await storage.close();
  });

  // 'process' mode writes with writeSync (a batch only has to reach the OS); the asynchronous write is the other path.
  for (const path of ['writeSync', 'write'] as const) it(`rejects the appends of a batch whose ${path} fails half-way, and stays usable without a torn line`, async () => {
    const dataDir = tempDataDir();
    let failNextWrite = false;
    const io: JournalIo = {
      ...nodeJournalIo,
      write: async (fd, buffer, offset, length, position) => {
        if (!failNextWrite) return nodeJournalIo.write(fd, buffer, offset, length, position);
        failNextWrite = false;
        await nodeJournalIo.write(fd, buffer, offset, Math.floor(length / 2), position);
        throw ioError('EIO');
      },
      writeSync:
        path === 'write'
          ? undefined
          : (fd, buffer, offset, length, position) => {
              if (!failNextWrite) return nodeJournalIo.writeSync!(fd, buffer, offset, length, position);
              failNextWrite = false;
              nodeJournalIo.writeSync!(fd, buffer, offset, Math.floor(length / 2), position);
              throw ioError('EIO');
            },
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const storage = createStorage(dataDir, { journalIo: io });
      await storage.open();
      await storage.appendLog(logEntry({ recipientId: 'kept-1' }));

      failNextWrite = true;
      // Half of this batch is longer than the next line, so a write that merely overwrote it would leave debris.
      const failed = await Promise.allSettled(Array.from({ length: 10 }, () => storage.appendLog(logEntry())));
      assert.deepEqual(new Set(failed.map((result) => result.status)), new Set(['rejected']));
      assert.match(String((failed[0] as PromiseRejectedResult).reason), /EIO/);
      assert.deepEqual((await storage.readLogs(0)).map((log) => log.recipientId), ['kept-1']);

      const next = await storage.appendLog(logEntry({ recipientId: 'kept-2' }));
      assert.equal(next.seq, 12, 'the seqs of the failed batch are not handed out again');
      await storage.close();

      const lines = fs.readFileSync(journalFiles(dataDir)[0]!, 'utf8').split('\n');
      assert.deepEqual(lines.slice(0, -1).map((line) => JSON.parse(line).recipientId), ['kept-1', 'kept-2']);
      const reopened = createStorage(dataDir);
      assert.deepEqual(await reopened.open(), { logs: 2, snapshot: { logs: 2 } });
      await reopened.close();
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('rejects a batch whose sync fails, and cuts what it wrote before the next batch', async () => {
    const dataDir = tempDataDir();
    let failSync = false;
    let failTruncate = false;
    const io: JournalIo = {
      ...nodeJournalIo,
      fdatasync: async (fd) => {
        if (failSync) throw ioError('EIO');
        return nodeJournalIo.fdatasync(fd);
      },
      ftruncate: async (fd, length) => {
        if (failTruncate) throw ioError('ENOSPC');
        return nodeJournalIo.ftruncate(fd, length);
      },
    };
    const storage = createStorage(dataDir, { durability: 'disk', journalIo: io });
    await storage.open();
    failSync = true;
    await assert.rejects(storage.appendLog(logEntry({ recipientId: 'lost' })), /EIO/);
    failSync = false;
    failTruncate = true;
    await assert.rejects(storage.appendLog(logEntry({ recipientId: 'blocked' })), /ENOSPC/, 'nothing is written after bytes it cannot cut');
    failTruncate = false;
    await storage.appendLog(logEntry({ recipientId: 'kept' }));
    await storage.close();

    const reopened = createStorage(dataDir);
    await reopened.open();
    assert.deepEqual((await reopened.readLogs(0)).map((log) => [log.seq, log.recipientId]), [[3, 'kept']]);
    await reopened.close();
  });
});
