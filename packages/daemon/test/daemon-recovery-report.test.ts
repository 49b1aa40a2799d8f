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
        recovery: { droppedTail: { file: 'logs/journal-000001.jsonl', bytes: torn.length, records: 1 } },
      });
      assert.ok(
        lines.some((line) => line.includes('torn tail of 1 unfinished record(s)') && line.includes(`${torn.length} bytes`) && line.includes('journal-000001.jsonl')),
        lines.join('\n'),
      );
    } finally {
      await daemon.close();
    }
  });
});
