import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createStorage, DataDirLockedError, DataDirLostError, ForeignFileError, LOCK_FILE } from '../src/storage/index';
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
    assert.deepEqual(await third.open(), { logs: 1, snapshot: { logs: 1 } });
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

describe('storage: a lock of a recycled pid, and a directory that disappears', () => {
  const tempDataDir = useTempDataDirs();

  // Linux: start times come from /proc (elsewhere a live pid is taken to be the owner).
  it('takes over a lock whose pid is alive but belongs to a later process (its start time differs)', async () => {
    const dataDir = tempDataDir();
    // The parent of this test runs, but it is not the process that wrote this lock.
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: process.ppid, startedAt: '2025-01-01T00:00:00.000Z', processStart: '1', id: 'aaaaaaaaaaaaaaaa' }));
    const storage = createStorage(dataDir);
    await storage.open();
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'));
    assert.equal(lock.pid, process.pid);
    assert.match(lock.processStart, /^\d+$/, 'the new lock records its own start time');
    await storage.close();
  });

  it('stops writing and acknowledging once its data directory is deleted, and leaves the next owner’s lock alone', async () => {
    const dataDir = tempDataDir();
    const lost: string[] = [];
    const storage = createStorage(dataDir, { onLost: (reason) => lost.push(reason) });
    await storage.open();
    await storage.appendLog({ at: '2025-03-01T10:00:00.000Z', type: 'open', deliveryId: 'd1', recipientId: 'r1' });
    assert.equal(storage.lostBecause(), undefined);

    fs.rmSync(dataDir, { recursive: true });
    await assert.rejects(storage.appendLog({ at: '2025-03-01T10:00:00.000Z', type: 'open', deliveryId: 'd1', recipientId: 'r1' }), (error: Error) => error instanceof DataDirLostError && /was deleted or replaced/.test(error.message));
    assert.match(storage.lostBecause() ?? '', /was deleted or replaced/);
    assert.equal(lost.length, 1, 'reported once');

    // A new daemon makes the directory again; the old one stopping must not touch its files.
    fs.mkdirSync(dataDir, { mode: 0o700 });
    const next = createStorage(dataDir);
    await next.open();
    const nextLock = fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8');
    await assert.rejects(storage.saveDelivery({ id: 'x' } as never), DataDirLostError);
    await storage.close();
    assert.equal(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'), nextLock);
    assert.equal(next.lostBecause(), undefined);
    await next.close();
  });

  it('notices a lock file replaced under it, even while idle', async () => {
    const dataDir = tempDataDir();
    const lockFile = path.join(dataDir, LOCK_FILE);
    const lost: string[] = [];
    const storage = createStorage(dataDir, { ownershipCheckMs: 5, onLost: (reason) => lost.push(reason) });
    await storage.open();
    const copy = fs.readFileSync(lockFile);
    fs.writeFileSync(`${lockFile}.swap`, copy);
    fs.renameSync(`${lockFile}.swap`, lockFile);
    const deadline = Date.now() + 5000;
    while (lost.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.match(lost[0] ?? '', /daemon\.lock was deleted or replaced/);
    await storage.close();
  });
});
