import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createStorage, CorruptDataError, DELIVERIES_FILE } from '../src/storage/index';
import { SNAPSHOT_FILE } from '../src/storage/log-snapshot';
import { journalFiles, logEntry, useTempDataDirs } from './support/storage-tmp';

async function writeLogs(dataDir: string, count: number, maxSegmentBytes?: number): Promise<void> {
  const storage = createStorage(dataDir, { maxSegmentBytes });
  await storage.open();
  for (let i = 0; i < count; i++) await storage.appendLog(logEntry({ recipientId: `r${i + 1}` }));
  await storage.close();
}

function snapshot(file: string): { bytes: Buffer; mtimeMs: number } {
  return { bytes: fs.readFileSync(file), mtimeMs: fs.statSync(file).mtimeMs };
}

describe('storage: recovery on open', () => {
  const tempDataDir = useTempDataDirs();

  it('drops a torn last line, reports it, truncates the file and keeps every complete log', async () => {
    const dataDir = tempDataDir();
    await writeLogs(dataDir, 3);
    const [journal] = journalFiles(dataDir);
    const complete = fs.statSync(journal!).size;
    const torn = '{"seq":4,"at":"2025-03-01T10:00:00.000Z","type":"cli';
    fs.appendFileSync(journal!, torn);

    const storage = createStorage(dataDir);
    const report = await storage.open();
    assert.deepEqual(report, { logs: 3, droppedTail: { file: journal, bytes: torn.length, records: 1 }, snapshot: { logs: 3 } });
    assert.deepEqual(storage.logsAfter(0).map((log) => log.recipientId), ['r1', 'r2', 'r3']);
    assert.equal(fs.statSync(journal!).size, complete);
    assert.equal((await storage.appendLog(logEntry())).seq, 4);
    await storage.close();

    const reopened = createStorage(dataDir);
    assert.deepEqual(await reopened.open(), { logs: 4, snapshot: { logs: 4 } }, 'the appended log follows the cut cleanly');
    await reopened.close();
  });

  it('drops unreadable whole lines at the very end of the newest segment (a power cut in process mode) as a torn tail, counting them', async () => {
    const dataDir = tempDataDir();
    await writeLogs(dataDir, 3);
    const [journal] = journalFiles(dataDir);
    const complete = fs.statSync(journal!).size;
    // What ext4 can leave after a power cut: the file grew, but its last blocks hold zeros.
    const garbage = '\0'.repeat(40) + '\n' + '{"seq":5,"at":"2025-03-01T10:00:00.000Z","ty\0\0\0\n' + '\0\0\0';
    fs.appendFileSync(journal!, garbage);

    const storage = createStorage(dataDir);
    const report = await storage.open();
    assert.deepEqual(report, { logs: 3, droppedTail: { file: journal, bytes: Buffer.byteLength(garbage), records: 3 }, snapshot: { logs: 3 } });
    assert.equal(fs.statSync(journal!).size, complete, 'cut back to the last complete record');
    assert.equal((await storage.appendLog(logEntry())).seq, 4);
    await storage.close();
    assert.deepEqual(await (async () => { const again = createStorage(dataDir); const r = await again.open(); await again.close(); return r; })(), { logs: 4, snapshot: { logs: 4 } });
  });

  it('refuses a journal with an invalid line in the middle, naming file and line, and leaves it as it was', async () => {
    const dataDir = tempDataDir();
    await writeLogs(dataDir, 4);
    const [journal] = journalFiles(dataDir);
    const lines = fs.readFileSync(journal!, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"type"', '"type');
    fs.writeFileSync(journal!, lines.join('\n') + '{"seq":5,"at":"torn');
    const before = snapshot(journal!);

    const storage = createStorage(dataDir);
    const error = await storage.open().then(() => assert.fail('open succeeded'), (e: unknown) => e);
    assert.ok(error instanceof CorruptDataError);
    assert.equal(error.file, journal);
    assert.equal(error.line, 2);
    assert.ok(error.message.includes(`${journal}:2`), error.message);
    assert.deepEqual(snapshot(journal!), before, 'not even the torn tail is cut');
    assert.ok(!fs.existsSync(path.join(dataDir, 'daemon.lock')), 'a failed open releases the lock');
  });

  it('refuses a line that is JSON but not a tracking log, and a seq that goes backwards', async () => {
    const dataDir = tempDataDir();
    await writeLogs(dataDir, 2);
    const [journal] = journalFiles(dataDir);
    const original = fs.readFileSync(journal!, 'utf8');

    fs.writeFileSync(journal!, original + '{"hello":"world"}\n' + original);
    await assert.rejects(createStorage(dataDir).open(), (e: CorruptDataError) => e.line === 3 && /seq is not a positive integer/.test(e.message));

    fs.writeFileSync(journal!, original + original);
    await assert.rejects(createStorage(dataDir).open(), (e: CorruptDataError) => e.line === 3 && /seq 1 does not follow seq 2/.test(e.message));
  });

  it('refuses an incomplete line at the end of a segment that is not the newest', async () => {
    const dataDir = tempDataDir();
    await writeLogs(dataDir, 6, 300);
    const [oldest] = journalFiles(dataDir);
    // Without the snapshot of the clean stop, whose cursor lies past this segment, every segment is read.
    fs.rmSync(path.join(dataDir, SNAPSHOT_FILE));
    fs.appendFileSync(oldest!, '{"seq":');
    const before = snapshot(oldest!);
    await assert.rejects(createStorage(dataDir).open(), (e: CorruptDataError) => e.file === oldest && /not the newest/.test(e.message));
    assert.deepEqual(snapshot(oldest!), before);
  });

  for (const [problem, content, message] of [
    ['invalid JSON', '{"format": "linktrace-deliveries", "version": 1, "deliveries": [', /not valid JSON/],
    ['foreign JSON', '{"users": []}', /not a Linktrace deliveries file/],
    ['JSON null', 'null', /not a Linktrace deliveries file/],
    ['a newer version', '{"format": "linktrace-deliveries", "version": 3, "deliveries": []}', /version 3 is not supported/],
    ['a malformed delivery', '{"format": "linktrace-deliveries", "version": 1, "deliveries": [{"id": 1}]}', /deliveries\[0\] is not a delivery/],
  ] as const) {
    it(`refuses a deliveries.json holding ${problem}, naming the file, and never overwrites it`, async () => {
      const dataDir = tempDataDir();
      const file = path.join(dataDir, DELIVERIES_FILE);
      fs.writeFileSync(file, content);
      const before = snapshot(file);
      const error = await createStorage(dataDir).open().then(() => assert.fail('open succeeded'), (e: unknown) => e);
      assert.ok(error instanceof CorruptDataError);
      assert.equal(error.file, file);
      assert.match(error.message, message);
      assert.ok(error.message.startsWith(file), error.message);
      assert.deepEqual(snapshot(file), before);
    });
  }
});
