// One writer per data directory: `daemon.lock` holds the owner's pid (and URL once listening).
// A lock whose pid is dead is stale — the daemon crashed — and is taken over. The lock is written
// in full to a private temp file and then linked into place, so it never exists half written: a
// lock that does not parse was not written by Linktrace and stops the open, untouched.
import { randomBytes } from 'node:crypto';
import { link, unlink } from 'node:fs/promises';
import path from 'node:path';
import { DataDirLockedError, ForeignFileError } from './errors';
import { readOwnFile, tempPathFor, writeFileAtomically, writeNewFile } from './safe-files';

export const LOCK_FILE = 'daemon.lock';

export interface LockOwner {
  pid: number;
  startedAt: string;
  /** Random per acquisition: tells this holder's lock from any other with the same pid. */
  id?: string;
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

/** The lock's owner, undefined when there is no lock; ForeignFileError when it is not a Linktrace lock. */
export async function readLockOwner(file: string): Promise<LockOwner | undefined> {
  const bytes = await readOwnFile(file);
  if (!bytes) return undefined;
  let owner: Partial<LockOwner> | null;
  try {
    owner = JSON.parse(bytes.toString('utf8')) as Partial<LockOwner> | null;
  } catch {
    owner = null;
  }
  if (typeof owner !== 'object' || owner === null || typeof owner.pid !== 'number' || !Number.isInteger(owner.pid) || owner.pid <= 0 || typeof owner.startedAt !== 'string') {
    throw new ForeignFileError(file, 'is not a Linktrace lock (expected {"pid", "startedAt"})');
  }
  return owner as LockOwner;
}

const sameOwner = (a: LockOwner | undefined, b: LockOwner | undefined) => a !== undefined && b !== undefined && a.pid === b.pid && a.startedAt === b.startedAt && a.id === b.id;

export class DataDirLock {
  private owner: LockOwner | undefined;

  constructor(private readonly dataDir: string) {}

  get file(): string {
    return path.join(this.dataDir, LOCK_FILE);
  }

  async acquire(): Promise<void> {
    const file = this.file;
    const owner: LockOwner = { pid: process.pid, startedAt: new Date().toISOString(), id: randomBytes(8).toString('hex') };
    const temp = tempPathFor(file);
    await writeNewFile(temp, JSON.stringify(owner) + '\n');
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          // link() fails when anything is at `file`, a dangling symlink included: never followed.
          await link(temp, file);
          this.owner = owner;
          heldByThisProcess.add(file);
          return;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 50) throw error;
        }
        const current = await readLockOwner(file);
        if (current && isAlive(current.pid) && (current.pid !== process.pid || heldByThisProcess.has(file))) {
          throw new DataDirLockedError(this.dataDir, file, current);
        }
        if (current) await this.takeOver(file, current, temp);
      }
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /**
   * Removes a stale lock while holding `daemon.lock.takeover`, so that of several daemons finding
   * the same stale lock only one removes it: the others would otherwise remove the winner's fresh
   * lock. A takeover file left by a crashed process is itself stale and removed.
   */
  private async takeOver(file: string, stale: LockOwner, ownLock: string): Promise<void> {
    const takeover = `${file}.takeover`;
    try {
      await link(ownLock, takeover);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readLockOwner(takeover).catch(() => undefined);
      if (holder && !isAlive(holder.pid)) await unlink(takeover).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return;
    }
    try {
      if (sameOwner(await readLockOwner(file), stale)) await unlink(file);
    } finally {
      await unlink(takeover).catch(() => undefined);
    }
  }

  /** Records where the daemon listens, so a second one can say which daemon holds the directory. */
  async update(info: { url?: string }): Promise<void> {
    if (!this.owner) throw new Error('The data directory lock is not held');
    const current = await readLockOwner(this.file);
    if (!sameOwner(current, this.owner)) throw new ForeignFileError(this.file, 'was replaced by another process while this daemon held it');
    this.owner = { ...this.owner, ...info };
    // Rename over the lock so a concurrent reader never sees it half written.
    await writeFileAtomically(this.file, JSON.stringify(this.owner) + '\n');
  }

  /** Removes the lock only when it is still this holder's: never another daemon's. */
  async release(): Promise<void> {
    const owner = this.owner;
    if (!owner) return;
    this.owner = undefined;
    heldByThisProcess.delete(this.file);
    const current = await readLockOwner(this.file).catch(() => undefined);
    if (sameOwner(current, owner)) await unlink(this.file).catch(() => undefined);
  }
}
