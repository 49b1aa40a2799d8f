// File operations inside the data directory that never go through a link someone else planted:
// opens use O_NOFOLLOW, every file opened is checked to be a regular file of this user, and
// replacements are written to an exclusively created temp file beside their target first.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ForeignFileError } from './errors';

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL } = fs.constants;
/** Undefined on Windows, where lstat checks before each open are what remains. */
export const O_NOFOLLOW: number = fs.constants.O_NOFOLLOW ?? 0;

const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/** Why `stat` is not a file or directory of ours, or undefined when it is. */
function foreignReason(stat: fs.Stats, kind: 'file' | 'directory'): string | undefined {
  if (stat.isSymbolicLink()) return 'is a symbolic link';
  if (kind === 'file' && !stat.isFile()) return 'is not a regular file';
  if (kind === 'directory' && !stat.isDirectory()) return 'is not a directory';
  if (uid !== undefined && stat.uid !== uid) return `belongs to another user (uid ${stat.uid})`;
  return undefined;
}

export function assertOwn(file: string, stat: fs.Stats, kind: 'file' | 'directory'): void {
  const reason = foreignReason(stat, kind);
  if (reason) throw new ForeignFileError(file, reason);
}

/** lstat, or undefined when nothing is there. */
export async function lstatIfExists(file: string): Promise<fs.Stats | undefined> {
  try {
    return await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A directory of ours (not a link), or undefined when missing. */
export async function checkOwnDirectory(dir: string): Promise<fs.Stats | undefined> {
  const stat = await lstatIfExists(dir);
  if (stat) assertOwn(dir, stat, 'directory');
  return stat;
}

function refusedByNoFollow(error: unknown): boolean {
  // Linux says ELOOP for a final-component symlink under O_NOFOLLOW; the BSDs say EMLINK or EFTYPE.
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE';
}

/**
 * Opens an existing file of ours without following a link; the descriptor is checked with fstat
 * so a link swapped in between a check and the open is still caught.
 */
export async function openOwnFile(file: string, mode: 'read' | 'readwrite', extraFlags = 0): Promise<FileHandle> {
  const before = await lstatIfExists(file);
  if (before) assertOwn(file, before, 'file');
  let handle: FileHandle;
  try {
    handle = await open(file, (mode === 'read' ? O_RDONLY : O_RDWR) | O_NOFOLLOW | extraFlags);
  } catch (error) {
    if (refusedByNoFollow(error)) throw new ForeignFileError(file, 'is a symbolic link');
    throw error;
  }
  try {
    assertOwn(file, await handle.stat(), 'file');
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

const openRaw = promisify(fs.open);
const fstatRaw = promisify(fs.fstat);
const closeRaw = promisify(fs.close);

/** openOwnFile for read and write as a raw descriptor, for writers that must not hold a FileHandle. */
export async function openOwnFd(file: string, extraFlags = 0): Promise<number> {
  const before = await lstatIfExists(file);
  if (before) assertOwn(file, before, 'file');
  let fd: number;
  try {
    fd = await openRaw(file, O_RDWR | O_NOFOLLOW | extraFlags);
  } catch (error) {
    if (refusedByNoFollow(error)) throw new ForeignFileError(file, 'is a symbolic link');
    throw error;
  }
  try {
    assertOwn(file, await fstatRaw(fd), 'file');
  } catch (error) {
    await closeRaw(fd);
    throw error;
  }
  return fd;
}

/** The bytes of a file of ours, or undefined when it does not exist. */
export async function readOwnFile(file: string): Promise<Buffer | undefined> {
  let handle: FileHandle;
  try {
    handle = await openOwnFile(file, 'read');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Creates `file` (mode 0600); fails with EEXIST when anything, a dangling link included, is there. */
export function createExclusive(file: string): Promise<FileHandle> {
  return open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
}

/** A temp file beside `file` that nobody could have planted: random name, created exclusively. */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes a new file of ours durably; EEXIST when the name is taken. */
export async function writeNewFile(file: string, data: string | Buffer | readonly Uint8Array[]): Promise<void> {
  const handle = await createExclusive(file);
  try {
    // Parts are written one after the other (each writeFile continues where the last stopped).
    for (const part of typeof data === 'string' || Buffer.isBuffer(data) ? [data] : data) await handle.writeFile(part);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` with `data` atomically (temp file, fsync, rename). A link or foreign file at the
 * target is refused rather than replaced.
 */
export async function writeFileAtomically(file: string, data: string | Buffer | readonly Uint8Array[]): Promise<void> {
  const target = await lstatIfExists(file);
  if (target) assertOwn(file, target, 'file');
  const temp = tempPathFor(file);
  try {
    await writeNewFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** A new or renamed directory entry is durable only once its directory is synced; Windows cannot open one. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, O_RDONLY | O_NOFOLLOW);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
