// A daemon that starts on a journal with a torn tail says what it dropped: in its log, and in
// /healthz for clients that were not watching the terminal.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startDaemon } from '../src/server';
import { createStorage } from '../src/storage/index';
import { journalFiles, logEntry, useTempDataDirs } from './support/storage-tmp';

describe('daemon: start-up recovery report', () => {
  const tempDataDir = useTempDataDirs();

  it('names the file, bytes and records of a torn tail in its log and in /healthz, with the durability mode', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir);
    await storage.open();
    await storage.appendLog(logEntry());
    await storage.close();
    const torn = '{"seq":2,"at":"2025-03-01T1';
    fs.appendFileSync(journalFiles(dataDir)[0]!, torn);

    const lines: string[] = [];
    const daemon = await startDaemon({ dataDir, port: 0, durability: 'disk', log: (line) => lines.push(line) });
    try {
      const health = (await (await fetch(`${daemon.url}/healthz`)).json()) as Record<string, unknown>;
      assert.deepEqual(health, {
        ok: true,
        durability: 'disk',
        recovery: { droppedTail: { file: 'logs/journal-000001.jsonl', offset: 93, bytes: torn.length, records: 1, savedAs: 'damaged/journal-000001.jsonl.at-93.bin' } },
      });
      assert.ok(
        lines.some((line) => line.includes('torn tail of 1 unfinished record(s)') && line.includes(`${torn.length} bytes`) && line.includes('journal-000001.jsonl')),
        lines.join('\n'),
      );
    } finally {
      await daemon.close();
    }
  });

  it('skips damage in the middle of the journal, names it in its log and in /healthz, and keeps every intact log', async () => {
    const dataDir = tempDataDir();
    const storage = createStorage(dataDir);
    await storage.open();
    for (let i = 1; i <= 3; i++) await storage.appendLog(logEntry({ recipientId: `r${i}` }));
    await storage.close();
    fs.rmSync(`${dataDir}/logs-index.snapshot`);
    const [journal] = journalFiles(dataDir);
    const lines = fs.readFileSync(journal!, 'utf8').split('\n');
    const offset = Buffer.byteLength(lines[0]!) + 1;
    const bytes = Buffer.byteLength(lines[1]!) + 1;
    lines[1] = '\0'.repeat(lines[1]!.length);
    fs.writeFileSync(journal!, lines.join('\n'));

    const log: string[] = [];
    const daemon = await startDaemon({ dataDir, port: 0, log: (line) => log.push(line) });
    try {
      const health = (await (await fetch(`${daemon.url}/healthz`)).json()) as { recovery: unknown };
      assert.deepEqual(health.recovery, { damaged: [{ file: 'logs/journal-000001.jsonl', offset, bytes, records: 1, savedAs: `damaged/journal-000001.jsonl.at-${offset}.bin` }] });
      assert.ok(log.some((line) => line.includes('skipped 1 damaged line(s)') && line.includes(`${bytes} bytes from byte ${offset}`)), log.join('\n'));
      const logs = (await (await fetch(`${daemon.url}/api/logs`, { headers: { authorization: `Bearer ${daemon.token}` } })).json()) as { logs: { recipientId: string }[] };
      assert.deepEqual(logs.logs.map((entry) => entry.recipientId), ['r1', 'r3']);
    } finally {
      await daemon.close();
    }
  });
});
