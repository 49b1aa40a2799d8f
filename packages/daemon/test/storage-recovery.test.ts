import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createStorage, CorruptDataError, DAMAGED_DIR, DELIVERIES_FILE } from '../src/storage/index';
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
    const savedAs = path.join(dataDir, DAMAGED_DIR, `${path.basename(journal!)}.at-${complete}.bin`);
    assert.deepEqual(report, { logs: 3, droppedTail: { file: journal, offset: complete, bytes: torn.length, records: 1, savedAs }, snapshot: { logs: 3 } });
    assert.equal(fs.readFileSync(savedAs, 'utf8'), torn, 'the dropped bytes are kept aside');
    assert.deepEqual((await storage.readLogs(0)).map((log) => log.recipientId), ['r1', 'r2', 'r3']);
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
    const savedAs = path.join(dataDir, DAMAGED_DIR, `${path.basename(journal!)}.at-${complete}.bin`);
    assert.deepEqual(report, { logs: 3, droppedTail: { file: journal, offset: complete, bytes: Buffer.byteLength(garbage), records: 3, savedAs }, snapshot: { logs: 3 } });
    assert.equal(fs.statSync(journal!).size, complete, 'cut back to the last complete record');
    assert.equal((await storage.appendLog(logEntry())).seq, 4);
    await storage.close();
    assert.deepEqual(await (async () => { const again = createStorage(dataDir); const r = await again.open(); await again.close(); return r; })(), { logs: 4, snapshot: { logs: 4 } });
  });

  // Issue 10 over issue 11's earlier rule: damage in the middle no longer stops start-up; every
  // intact record is recovered, the damage is named, kept aside, and the journal left as it was.
  it('skips an invalid line in the middle, recovers every record after it, names the span and keeps a copy', async () => {
    const dataDir = tempDataDir();
    await writeLogs(dataDir, 4);
    fs.rmSync(path.join(dataDir, SNAPSHOT_FILE));
    const [journal] = journalFiles(dataDir);
    const lines = fs.readFileSync(journal!, 'utf8').split('\n');
    const damagedLine = lines[1]!.replace('"type"', '"type');
    lines[1] = damagedLine;
    fs.writeFileSync(journal!, lines.join('\n'));
    const before = snapshot(journal!);

    const storage = createStorage(dataDir);
    const report = await storage.open();
    const offset = Buffer.byteLength(lines[0]!) + 1;
    const savedAs = path.join(dataDir, DAMAGED_DIR, `${path.basename(journal!)}.at-${offset}.bin`);
    assert.deepEqual(report.damaged, [{ file: journal, offset, bytes: Buffer.byteLength(damagedLine) + 1, records: 1, savedAs }]);
    assert.equal(report.logs, 3);
    assert.deepEqual((await storage.readLogs(0)).map((log) => log.recipientId), ['r1', 'r3', 'r4']);
    assert.equal(fs.readFileSync(savedAs, 'utf8'), damagedLine + '\n');
    assert.deepEqual(snapshot(journal!), before, 'the journal itself is not rewritten');
    assert.equal((await storage.appendLog(logEntry({ recipientId: 'r5' }))).seq, 5, 'seq goes on after the highest recovered');
    await storage.close();

    const reopened = createStorage(dataDir);
    assert.deepEqual(await reopened.open(), { logs: 4, snapshot: { logs: 4 } }, 'the index snapshot skips the damage from now on');
    assert.deepEqual((await reopened.readLogs(0)).map((log) => log.recipientId), ['r1', 'r3', 'r4', 'r5']);
    await reopened.close();
  });

  it('treats JSON that is not a tracking log and a seq that goes backwards as damage, recovering what follows', async () => {
    const dataDir = tempDataDir();
    await writeLogs(dataDir, 2);
    fs.rmSync(path.join(dataDir, SNAPSHOT_FILE));
    const [journal] = journalFiles(dataDir);
    const original = fs.readFileSync(journal!, 'utf8');
    const third = '{"seq":3,"at":"2025-03-01T10:00:00.000Z","type":"open","deliveryId":"d1","recipientId":"r3"}\n';
    // A foreign line, then the first two records again (seqs going backwards), then a good record.
    fs.writeFileSync(journal!, original + '{"hello":"world"}\n' + original + third);

    const storage = createStorage(dataDir);
    const report = await storage.open();
    assert.deepEqual(report.damaged?.map(({ offset, bytes, records }) => ({ offset, bytes, records })), [
      { offset: Buffer.byteLength(original), bytes: Buffer.byteLength('{"hello":"world"}\n' + original), records: 3 },
    ]);
    assert.deepEqual((await storage.readLogs(0)).map((log) => log.seq), [1, 2, 3]);
    await storage.close();
  });

  it('skips an incomplete line at the end of a segment that is not the newest and reads the next segment', async () => {
    const dataDir = tempDataDir();
    await writeLogs(dataDir, 6, 300);
    const [oldest] = journalFiles(dataDir);
    // Without the index snapshot of the clean stop, whose cursor lies past this segment, every segment is read.
    fs.rmSync(path.join(dataDir, SNAPSHOT_FILE));
    const size = fs.statSync(oldest!).size;
    fs.appendFileSync(oldest!, '{"seq":');
    const before = snapshot(oldest!);
    const storage = createStorage(dataDir);
    const report = await storage.open();
    assert.deepEqual(report.damaged?.map(({ file, offset, bytes, records }) => ({ file, offset, bytes, records })), [{ file: oldest, offset: size, bytes: 7, records: 1 }]);
    assert.equal(report.logs, 6);
    assert.deepEqual((await storage.readLogs(0)).map((log) => log.seq), [1, 2, 3, 4, 5, 6]);
    await storage.close();
    assert.deepEqual(snapshot(oldest!), before);
  });

  it('recovers every intact record from a journal with a torn tail, garbage in the middle and no index snapshot, naming what it dropped', async () => {
    const dataDir = tempDataDir();
    await writeLogs(dataDir, 40, 1200);
    const segments = journalFiles(dataDir);
    assert.ok(segments.length >= 3, 'several segments');
    fs.rmSync(path.join(dataDir, SNAPSHOT_FILE));
    // Garbage over the second line of the middle segment (same length: what a bad sector does).
    const middle = segments[1]!;
    const middleLines = fs.readFileSync(middle, 'utf8').split('\n');
    const hit = middleLines[1]!;
    const lostSeq = (JSON.parse(hit) as { seq: number }).seq;
    middleLines[1] = 'x'.repeat(hit.length);
    fs.writeFileSync(middle, middleLines.join('\n'));
    // And a torn record at the end of the newest.
    const newest = segments[segments.length - 1]!;
    fs.appendFileSync(newest, '{"seq":41,"at":"2025-03-01');

    const storage = createStorage(dataDir);
    const report = await storage.open();
    assert.equal(report.logs, 39);
    assert.deepEqual(report.damaged?.map(({ file, records }) => ({ file, records })), [{ file: middle, records: 1 }]);
    assert.equal(report.droppedTail?.file, newest);
    assert.equal(report.droppedTail?.records, 1);
    assert.ok(fs.existsSync(report.damaged![0]!.savedAs) && fs.existsSync(report.droppedTail!.savedAs));
    const expected = Array.from({ length: 40 }, (_, i) => i + 1).filter((seq) => seq !== lostSeq);
    assert.deepEqual((await storage.readLogs(0)).map((log) => log.seq), expected);
    await storage.close();
  });

  it('rebuilds the index from the journal when its snapshot is damaged, and says why', async () => {
    const dataDir = tempDataDir();
    await writeLogs(dataDir, 10);
    const file = path.join(dataDir, SNAPSHOT_FILE);
    const bytes = fs.readFileSync(file);
    bytes.fill(0xff, bytes.length - 40); // the end of the columns: rows point nowhere
    fs.writeFileSync(file, bytes);
    const storage = createStorage(dataDir);
    const report = await storage.open();
    assert.equal(report.logs, 10);
    assert.ok(report.snapshot && 'ignored' in report.snapshot, JSON.stringify(report.snapshot));
    assert.deepEqual((await storage.readLogs(0)).map((log) => log.recipientId), Array.from({ length: 10 }, (_, i) => `r${i + 1}`));
    await storage.close();
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
