import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createStorage, type CommitInfo } from '../src/storage/index';
import { generatedLog, generateJournal } from './support/storage-gen';
import { journalFiles, logEntry, useTempDataDirs } from './support/storage-tmp';

describe('storage: journal segments', () => {
  const tempDataDir = useTempDataDirs();

  it('rolls over at the configured size and never writes an older segment again', async () => {
    const dataDir = tempDataDir();
    const maxSegmentBytes = 1024;
    const commits: CommitInfo[] = [];
    const storage = createStorage(dataDir, { maxSegmentBytes, onCommit: (commit) => commits.push(commit) });
    await storage.open();
    const append = async (count: number) => {
      for (let i = 0; i < count; i++) await storage.appendLog(logEntry({ userAgent: 'Mozilla/5.0 (test)' }));
    };

    await append(30);
    const rolled = journalFiles(dataDir);
    assert.ok(rolled.length >= 3, `${rolled.length} segments`);
    for (const file of rolled) assert.ok(fs.statSync(file).size <= maxSegmentBytes, `${file} exceeds the maximum`);
    for (const file of rolled.slice(0, -1)) {
      assert.ok(fs.statSync(file).size > maxSegmentBytes - 150, `${file} was rolled over before it was full`);
    }
    const older = rolled.slice(0, -1).map((file) => ({ file, bytes: fs.readFileSync(file), mtimeMs: fs.statSync(file).mtimeMs }));

    commits.length = 0;
    await append(30);
    for (const { file, bytes, mtimeMs } of older) {
      assert.deepEqual(fs.readFileSync(file), bytes, `${file} changed`);
      assert.equal(fs.statSync(file).mtimeMs, mtimeMs, `${file} was touched`);
    }
    const olderFiles = new Set(older.map(({ file }) => file));
    assert.ok(commits.every((commit) => !olderFiles.has(commit.segment)), 'every commit went to a newer segment');
    assert.equal(commits[commits.length - 1]!.segment, journalFiles(dataDir).at(-1));
    await storage.close();

    const reopened = createStorage(dataDir);
    assert.deepEqual(await reopened.open(), { logs: 60, snapshot: { logs: 60 } });
    assert.deepEqual((await reopened.readLogs(0)).map((log) => log.seq), Array.from({ length: 60 }, (_, i) => i + 1));
    await reopened.close();
  });

  it('loads a journal bulk-written by the generator helper, across segments', async () => {
    const dataDir = tempDataDir();
    generateJournal(dataDir, 5000, { maxSegmentBytes: 256 * 1024 });
    assert.ok(journalFiles(dataDir).length > 1);
    const storage = createStorage(dataDir);
    assert.deepEqual(await storage.open(), { logs: 5000 });
    assert.deepEqual(await storage.readLogs(4997), [generatedLog(4997), generatedLog(4998), generatedLog(4999)]);
    assert.deepEqual(await storage.readLogs(0, { deliveryId: 'd3', type: 'click' }, 1), [generatedLog(3)]);
    assert.equal((await storage.appendLog(logEntry())).seq, 5001);
    await storage.close();
  });
});
