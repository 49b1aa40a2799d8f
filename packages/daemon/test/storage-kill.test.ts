import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createStorage, DURABILITY_MODES, type Durability } from '../src/storage/index';
import { killRandom } from './support/kill-seed';
import { useTempDataDirs } from './support/storage-tmp';

const WRITER = fileURLToPath(new URL('./support/storage-writer.ts', import.meta.url));

/** Runs the writer child until it has acknowledged `acks` logs, SIGKILLs it, and returns every seq it acknowledged. */
function runAndKill(dataDir: string, acks: number, durability: Durability): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(16 * 1024), durability], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: number[] = [];
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) acknowledged.push(Number(line));
      if (acknowledged.length >= acks && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    // 'close' comes after stdout has ended: every acknowledgement printed before the kill is in.
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (code ${code}): ${stderr}`));
      else resolve(acknowledged);
    });
  });
}

describe('storage: durability under kill -9', () => {
  const tempDataDir = useTempDataDirs();

  for (const durability of DURABILITY_MODES) it(`${durability} durability: keeps every acknowledged log, without duplicates, across three kills at random moments`, async function () {
    this.timeout(60_000);
    const dataDir = tempDataDir();
    const everAcknowledged = new Set<number>();
    const random = killRandom('storage kill');
    for (let round = 0; round < 3; round++) {
      const acknowledged = await runAndKill(dataDir, 200 + random.int(600), durability);
      for (const seq of acknowledged) everAcknowledged.add(seq);

      const storage = createStorage(dataDir);
      const report = await storage.open();
      const stored = (await storage.readLogs(0)).map((log) => log.seq);
      await storage.close();

      assert.equal(report.logs, stored.length);
      // A snapshot is replaced atomically: a kill never leaves one that does not match the journal.
      assert.ok(!(report.snapshot && 'ignored' in report.snapshot), `round ${round}: ${JSON.stringify(report.snapshot)}`);
      assert.ok(stored.every((seq, i) => i === 0 || seq > stored[i - 1]!), `round ${round}: seqs are strictly increasing (no duplicates)`);
      const storedSet = new Set(stored);
      const missing = [...everAcknowledged].filter((seq) => !storedSet.has(seq));
      assert.deepEqual(missing, [], `round ${round} (LINKTRACE_KILL_SEED=${random.seed}): acknowledged seqs missing after the kill`);
    }
    assert.ok(everAcknowledged.size >= 600);
  });
});
