import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createStorage, DataDirLockedError, ForeignFileError, LOCK_FILE } from '../src/storage/index';
import { useTempDataDirs } from './support/storage-tmp';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('storage: one daemon per data directory', () => {
  const tempDataDir = useTempDataDirs();

  it('refuses a second open while the first holds the directory, naming its pid, URL and the directory', async () => {
    const dataDir = tempDataDir();
    const first = createStorage(dataDir);
    await first.open();
    await first.setOwnerInfo({ url: 'http://127.0.0.1:4319' });
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'));
    assert.equal(lock.pid, process.pid);
    assert.equal(lock.url, 'http://127.0.0.1:4319');
    assert.ok(!Number.isNaN(Date.parse(lock.startedAt)));

    const error = await createStorage(dataDir).open().then(() => assert.fail('second open succeeded'), (e: unknown) => e);
    assert.ok(error instanceof DataDirLockedError);
    assert.match(error.message, new RegExp(`pid ${process.pid}, http://127\\.0\\.0\\.1:4319`));
    assert.ok(error.message.includes(dataDir), error.message);
    await first.appendLog({ at: '2025-03-01T10:00:00.000Z', type: 'open', deliveryId: 'd1', recipientId: 'r1' });

    await first.close();
    assert.ok(!fs.existsSync(path.join(dataDir, LOCK_FILE)), 'close removes the lock');
    const third = createStorage(dataDir);
    assert.deepEqual(await third.open(), { logs: 1 });
    await third.close();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = tempDataDir();
    const pid = deadPid();
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid, startedAt: '2025-01-01T00:00:00.000Z', url: 'http://127.0.0.1:1' }));
    const storage = createStorage(dataDir);
    await storage.open();
    assert.equal(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')).pid, process.pid);
    await storage.close();
  });

  it('takes over a lock naming this process’s pid that this process does not hold (pid reuse after a crash)', async () => {
    const dataDir = tempDataDir();
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: process.pid, startedAt: '2025-01-01T00:00:00.000Z' }));
    const storage = createStorage(dataDir);
    assert.deepEqual(await storage.open(), { logs: 0 });
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'));
    assert.equal(lock.pid, process.pid);
    assert.notEqual(lock.startedAt, '2025-01-01T00:00:00.000Z', 'the lock was written anew, not adopted');
    const second = await createStorage(dataDir).open().then(() => 'opened', (error: unknown) => error);
    assert.ok(second instanceof DataDirLockedError, 'now held: a second open is refused');
    await storage.close();
    assert.ok(!fs.existsSync(path.join(dataDir, LOCK_FILE)), 'close removes the lock');
  });

  it('refuses an empty or foreign lock file, naming it, and leaves it as it was (a Linktrace lock is never seen half written)', async () => {
    for (const content of ['', 'not json', '{"pid":"1"}', '[1]']) {
      const dataDir = tempDataDir();
      const lockFile = path.join(dataDir, LOCK_FILE);
      fs.writeFileSync(lockFile, content);
      const error = await createStorage(dataDir).open().then(() => assert.fail(`opened over ${JSON.stringify(content)}`), (e: unknown) => e);
      assert.ok(error instanceof ForeignFileError, String(error));
      assert.ok(error.message.includes(lockFile), error.message);
      assert.equal(fs.readFileSync(lockFile, 'utf8'), content);
    }
  });

  it('gives a stale lock found by two openers at once to exactly one of them', async () => {
    const dataDir = tempDataDir();
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: deadPid(), startedAt: '2025-01-01T00:00:00.000Z' }));
    const contenders = Array.from({ length: 4 }, () => createStorage(dataDir));
    const outcomes = await Promise.allSettled(contenders.map((storage) => storage.open()));
    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    assert.equal(winners.length, 1, JSON.stringify(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'opened'))));
    for (const outcome of outcomes) if (outcome.status === 'rejected') assert.ok(outcome.reason instanceof DataDirLockedError, String(outcome.reason));
    await Promise.all(contenders.map((storage) => storage.close()));
  });

  it('removes only its own lock on close, never one another process put in its place', async () => {
    const dataDir = tempDataDir();
    const lockFile = path.join(dataDir, LOCK_FILE);
    const storage = createStorage(dataDir);
    await storage.open();
    const other = JSON.stringify({ pid: process.ppid, startedAt: '2025-01-01T00:00:00.000Z', id: 'someone-else' }) + '\n';
    fs.writeFileSync(`${lockFile}.swap`, other);
    fs.renameSync(`${lockFile}.swap`, lockFile);
    await storage.close();
    assert.equal(fs.readFileSync(lockFile, 'utf8'), other);
  });
});
