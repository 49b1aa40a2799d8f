// Child process for the lock race test: holds one DataDirLock of DATA_DIR and obeys stdin, one
// command a line — "acquire" (answers "won" or "locked" or "error <message>"), "release"
// (answers "released") — so a test can start many racers once and race them many times.
//   node --import tsx packages/daemon/test/support/lock-racer.ts DATA_DIR
import readline from 'node:readline';
import { DataDirLockedError } from '../../src/storage/errors';
import { DataDirLock } from '../../src/storage/lock';

const [dataDir] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: lock-racer.ts DATA_DIR');

let lock: DataDirLock | undefined;
process.stdout.write('ready\n');
for await (const command of readline.createInterface({ input: process.stdin })) {
  if (command === 'acquire') {
    const attempt = new DataDirLock(dataDir);
    try {
      await attempt.acquire();
      lock = attempt;
      process.stdout.write('won\n');
    } catch (error) {
      process.stdout.write(error instanceof DataDirLockedError ? 'locked\n' : `error ${(error as Error).message.replace(/\n/g, ' ')}\n`);
    }
  } else if (command === 'release') {
    await lock?.release();
    lock = undefined;
    process.stdout.write('released\n');
  }
}
