// One writer per data directory: `daemon.lock` holds the owner's pid (and URL once listening).
// A lock whose pid is dead is stale — the daemon crashed — and is taken over.
import fs from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataDirLockedError } from './errors';

export const LOCK_FILE = 'daemon.lock';

export interface LockOwner {
  pid: number;
  startedAt: string;
  url?: string;
}

/**
 * Lock files this process holds. A lock naming our own pid that is not in here was left by an
 * earlier process that had the same pid (common in containers), so it is stale.
 */
const heldByThisProcess = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  // A lock is created and then written, so a reader can catch it empty for an instant.
  for (let attempt = 0; attempt < 5; attempt++) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const owner = JSON.parse(text) as Partial<LockOwner>;
      if (typeof owner.pid === 'number' && Number.isInteger(owner.pid) && owner.pid > 0) return owner as LockOwner;
    } catch {
      // fall through and look again
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

export class DataDirLock {
  private owner: LockOwner | undefined;

  constructor(private readonly dataDir: string) {}

  get file(): string {
    return path.join(this.dataDir, LOCK_FILE);
  }

  async acquire(): Promise<void> {
    const file = this.file;
    const owner: LockOwner = { pid: process.pid, startedAt: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx', 0o600);
        try {
          fs.writeSync(fd, JSON.stringify(owner) + '\n');
        } finally {
          fs.closeSync(fd);
        }
        this.owner = owner;
        heldByThisProcess.add(file);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
      }
      const current = await readOwner(file);
      if (current && isAlive(current.pid) && (current.pid !== process.pid || heldByThisProcess.has(file))) {
        throw new DataDirLockedError(this.dataDir, file, current);
      }
      // Stale (or unreadable after retries): take it over. ENOENT means someone else just did.
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
  }

  /** Records where the daemon listens, so a second one can say which daemon holds the directory. */
  async update(info: { url?: string }): Promise<void> {
    if (!this.owner) throw new Error('The data directory lock is not held');
    this.owner = { ...this.owner, ...info };
    // Rename over the lock so a concurrent reader never sees it half written.
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(this.owner) + '\n', { mode: 0o600 });
    await rename(temp, this.file);
  }

  async release(): Promise<void> {
    if (!this.owner) return;
    this.owner = undefined;
    heldByThisProcess.delete(this.file);
    await unlink(this.file).catch(() => undefined);
  }
}
