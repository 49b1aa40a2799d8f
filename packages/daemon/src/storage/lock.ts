// One writer per data directory: `daemon.lock` holds the owner's pid, the kernel's start time of
// that process (so a recycled pid is not mistaken for the owner) and a random id per acquisition
// (and the URL once listening). The lock is written in full to a private temp file and then linked
// into place — link() is an exclusive create — so it never exists half written, and a lock that
// does not parse was not written by Linktrace and stops the open, untouched.
//
// Stale-lock takeover is race-free by construction: a stale lock is removed only by the process
// that exclusively created `daemon.lock.takeover-<its id>`, and an id is never used twice, so no
// racer can remove a lock other than the stale one it judged (see takeOver).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { link, unlink } from 'node:fs/promises';
import path from 'node:path';
import { DataDirLockedError, ForeignFileError } from './errors';
import { readOwnFile, tempPathFor, writeFileAtomically, writeNewFile } from './safe-files';

export const LOCK_FILE = 'daemon.lock';

export interface LockOwner {
  pid: number;
  startedAt: string;
  /** The owner process's start time in clock ticks since boot (Linux /proc/PID/stat field 22). */
  processStart?: string;
  /** Random per acquisition: tells this holder's lock from any other with the same pid. */
  id?: string;
  url?: string;
}

/**
 * Ids of the locks this process holds or is acquiring (added before the link, so a concurrent
 * acquirer in this process never mistakes a just-linked lock for a stale one). A lock naming our
 * own pid with an id not in here was left by an earlier process that had the same pid.
 */
const idsOfThisProcess = new Set<string>();

/** The kernel's start time of `pid`, where the OS tells it (Linux); undefined elsewhere or when gone. */
export function processStartTime(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const thisProcessStart = processStartTime(process.pid);

/** Whether the process that wrote `owner` still runs (not merely a process with the same pid). */
function ownerIsAlive(owner: LockOwner): boolean {
  if (owner.pid === process.pid) return owner.id !== undefined && idsOfThisProcess.has(owner.id);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = owner.processStart === undefined ? undefined : processStartTime(owner.pid);
  return start === undefined || start === owner.processStart;
}

/** Names the acquisition `owner` made: its random id, or a digest for locks written without one. */
function ownerKey(owner: LockOwner): string {
  if (owner.id !== undefined && /^[0-9a-f]{8,64}$/.test(owner.id)) return owner.id;
  return createHash('sha256').update(JSON.stringify([owner.pid, owner.startedAt, owner.id ?? null])).digest('hex').slice(0, 16);
}

const isCode = (error: unknown, code: string) => (error as NodeJS.ErrnoException).code === code;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

/** The file's identity: a directory or lock deleted and made again has another. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

export class DataDirLock {
  private owner: LockOwner | undefined;
  private lockIdentity: FileIdentity | undefined;
  private dirIdentity: FileIdentity | undefined;
  /** update() replaces the lock (a new inode) and then remembers it: not a loss meanwhile. */
  private updating = false;

  constructor(private readonly dataDir: string) {}

  get file(): string {
    return path.join(this.dataDir, LOCK_FILE);
  }

  async acquire(): Promise<void> {
    const file = this.file;
    const owner: LockOwner = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      ...(thisProcessStart !== undefined ? { processStart: thisProcessStart } : {}),
      id: randomBytes(8).toString('hex'),
    };
    const temp = tempPathFor(file);
    await writeNewFile(temp, JSON.stringify(owner) + '\n');
    idsOfThisProcess.add(owner.id!);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          // link() fails when anything is at `file`, a dangling symlink included: never followed.
          await link(temp, file);
          this.owner = owner;
          this.rememberIdentity();
          return;
        } catch (error) {
          if (!isCode(error, 'EEXIST') || attempt >= 200) throw error;
        }
        const current = await readLockOwner(file);
        if (current && ownerIsAlive(current)) throw new DataDirLockedError(this.dataDir, file, current);
        if (current) await this.takeOver(file, current, temp);
      }
    } catch (error) {
      idsOfThisProcess.delete(owner.id!);
      throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  /**
   * Removes the stale lock `stale` (found at `target`), unless another process is doing so. Only
   * the process that exclusively creates `<target>.takeover-<stale's id>` may remove it; once it
   * has, that id is gone for good (ids are random per acquisition), so re-reading `target` and
   * finding the same id means it is still the stale lock — nobody else could have replaced it.
   * A claimant that died mid-takeover leaves its claim, which is itself a stale lock on the
   * claim's name and taken over the same way, one level deeper.
   */
  private async takeOver(target: string, stale: LockOwner, ownLock: string, depth = 0): Promise<void> {
    const claim = `${target}.takeover-${ownerKey(stale)}`;
    try {
      await link(ownLock, claim);
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
      const claimant = await readLockOwner(claim).catch(() => undefined);
      if (claimant && !ownerIsAlive(claimant) && depth < 4) await this.takeOver(claim, claimant, ownLock, depth + 1);
      else await pause(2 + Math.random() * 8); // a live claimant is finishing: look again after it
      return;
    }
    try {
      const current = await readLockOwner(target).catch(() => undefined);
      if (current && ownerKey(current) === ownerKey(stale)) await unlink(target).catch((error: unknown) => (isCode(error, 'ENOENT') ? undefined : Promise.reject(error)));
    } finally {
      await unlink(claim).catch(() => undefined);
    }
  }

  private rememberIdentity(): void {
    const lock = fs.lstatSync(this.file);
    const dir = fs.lstatSync(this.dataDir);
    this.lockIdentity = { dev: lock.dev, ino: lock.ino };
    this.dirIdentity = { dev: dir.dev, ino: dir.ino };
  }

  /**
   * Why this holder can no longer trust that it owns the directory — it was deleted, replaced or
   * moved away, or its lock was removed or replaced — or undefined while all is as acquired.
   * `quick` (before each acknowledgement batch) looks at the lock only: one lstat, and a directory
   * deleted, moved or replaced takes the lock with it; the periodic check looks at both.
   */
  lostBecause(quick = false): string | undefined {
    if (!this.owner || !this.lockIdentity || !this.dirIdentity) return 'the data directory lock is not held';
    const same = (stat: fs.Stats | undefined, identity: FileIdentity) => stat !== undefined && stat.dev === identity.dev && stat.ino === identity.ino;
    const lstat = (file: string) => fs.lstatSync(file, { throwIfNoEntry: false });
    try {
      if (!quick && !same(lstat(this.dataDir), this.dirIdentity)) return `the data directory ${this.dataDir} was deleted or replaced`;
      if (!this.updating && !same(lstat(this.file), this.lockIdentity)) {
        return same(lstat(this.dataDir), this.dirIdentity) ? `${this.file} was deleted or replaced` : `the data directory ${this.dataDir} was deleted or replaced`;
      }
    } catch (error) {
      return `the data directory ${this.dataDir} cannot be checked (${(error as Error).message})`;
    }
    return undefined;
  }

  /** Records where the daemon listens, so a second one can say which daemon holds the directory. */
  async update(info: { url?: string }): Promise<void> {
    if (!this.owner) throw new Error('The data directory lock is not held');
    const current = await readLockOwner(this.file);
    if (!sameOwner(current, this.owner)) throw new ForeignFileError(this.file, 'was replaced by another process while this daemon held it');
    this.owner = { ...this.owner, ...info };
    // Rename over the lock so a concurrent reader never sees it half written; it then has a new inode.
    this.updating = true;
    try {
      await writeFileAtomically(this.file, JSON.stringify(this.owner) + '\n');
      this.rememberIdentity();
    } finally {
      this.updating = false;
    }
  }

  /** Removes the lock only when it is still this holder's: never another daemon's. */
  async release(): Promise<void> {
    const owner = this.owner;
    if (!owner) return;
    this.owner = undefined;
    const current = await readLockOwner(this.file).catch(() => undefined);
    // Nobody else removes or replaces a live holder's lock (see takeOver), so what was read is still there.
    if (sameOwner(current, owner)) await unlink(this.file).catch(() => undefined);
    idsOfThisProcess.delete(owner.id!);
  }
}
