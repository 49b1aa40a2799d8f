import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createStorage, DataDirLockedError, LOCK_FILE } from '../src/storage/index';
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

  it('takes over an empty lock file (a crash between creating and writing it)', async () => {
    const dataDir = tempDataDir();
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), '');
    const storage = createStorage(dataDir);
    assert.deepEqual(await storage.open(), { logs: 0 });
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'));
    assert.equal(lock.pid, process.pid);
    assert.ok(!Number.isNaN(Date.parse(lock.startedAt)));
    await storage.close();
    assert.ok(!fs.existsSync(path.join(dataDir, LOCK_FILE)), 'close removes the lock');
  });
});
