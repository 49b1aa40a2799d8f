// One writer, provably: twenty processes find the same stale lock and try to take it at the same
// instant, round after round; exactly one wins each time, the others are told the directory is
// locked, and nothing is left behind (no second lock, no takeover claims).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE } from '../src/storage/index';
import { useTempDataDirs } from './support/storage-tmp';

const RACER = fileURLToPath(new URL('./support/lock-racer.ts', import.meta.url));
const RACERS = 20;
const ROUNDS = 15;

interface Racer {
  child: ChildProcess;
  /** The next line this racer prints. */
  next(): Promise<string>;
}

function startRacer(dataDir: string): Racer {
  const child = spawn(process.execPath, ['--import', 'tsx', RACER, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop()!;
    for (const line of parts) {
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  return { child, next: () => (lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise((resolve) => waiting.push(resolve))) };
}

/** The claim name the lock gives a stale lock written without an id (see ownerKey in lock.ts). */
function claimKey(owner: { pid: number; startedAt: string }): string {
  return createHash('sha256').update(JSON.stringify([owner.pid, owner.startedAt, null])).digest('hex').slice(0, 16);
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('storage: lock race between processes', () => {
  const tempDataDir = useTempDataDirs();
  let racers: Racer[] = [];
  afterEach(() => {
    for (const racer of racers.splice(0)) racer.child.kill('SIGKILL');
  });

  it(`gives a stale lock found by ${RACERS} processes at once to exactly one of them, ${ROUNDS} times in a row`, async function () {
    this.timeout(120_000);
    const dataDir = tempDataDir();
    const lockFile = path.join(dataDir, LOCK_FILE);
    racers = Array.from({ length: RACERS }, () => startRacer(dataDir));
    assert.deepEqual(new Set(await Promise.all(racers.map((racer) => racer.next()))), new Set(['ready']));
    const dead = deadPid();

    for (let round = 0; round < ROUNDS; round++) {
      // Stale locks of every shape: one with an id (this version), one without (an older one).
      const stale: { pid: number; startedAt: string; id?: string } = round % 2 === 0 ? { pid: dead, startedAt: `2025-01-01T00:00:${String(round).padStart(2, '0')}.000Z`, id: `dead${String(round).padStart(12, '0')}` } : { pid: dead, startedAt: `2025-01-02T00:00:${String(round).padStart(2, '0')}.000Z` };
      fs.writeFileSync(lockFile, JSON.stringify(stale) + '\n', { mode: 0o600 });
      if (round % 3 === 2) {
        // A racer of an earlier start-up died in the middle of its takeover, leaving its claim.
        fs.writeFileSync(`${lockFile}.takeover-${stale.id ?? claimKey(stale)}`, JSON.stringify({ pid: dead, startedAt: '2025-01-03T00:00:00.000Z', id: `c1a1${String(round).padStart(12, '0')}` }) + '\n', { mode: 0o600 });
      }
      for (const racer of racers) racer.child.stdin!.write('acquire\n');
      const outcomes = await Promise.all(racers.map((racer) => racer.next()));
      const winners = racers.filter((_, i) => outcomes[i] === 'won');
      assert.equal(winners.length, 1, `round ${round}: ${outcomes.join(', ')}`);
      assert.equal(outcomes.filter((outcome) => outcome === 'locked').length, RACERS - 1, `round ${round}: ${outcomes.join(', ')}`);
      assert.equal(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid, winners[0]!.child.pid, 'the lock names the winner');
      assert.deepEqual(fs.readdirSync(dataDir).filter((name) => name.startsWith(`${LOCK_FILE}.`) || name.startsWith(`.${LOCK_FILE}`)), [], 'no claim or temp file is left');

      for (const racer of racers) racer.child.stdin!.write('release\n');
      assert.deepEqual(new Set(await Promise.all(racers.map((racer) => racer.next()))), new Set(['released']));
      assert.ok(!fs.existsSync(lockFile), 'the winner removed its own lock on release');
    }
  });
});
