// The data directory itself: created 0700 with a creation marker and a `.gitignore`, and on every
// open checked to be the directory that marker describes. A directory that arrived with a cloned
// or copied folder has no marker of its own (the marker records the directory's inode, which a
// copy cannot keep), so nothing in it is trusted until the user says so.
import { chmod, mkdir, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { ForeignFileError, UntrustedDataDirError } from './errors';
import { checkOwnDirectory, lstatIfExists, assertOwn, readOwnFile, writeFileAtomically, writeNewFile } from './safe-files';

export const DATA_DIR_MARKER_FILE = '.linktrace-data-dir.json';
export const GITIGNORE_FILE = '.gitignore';
const MARKER_FORMAT = 'linktrace-data-dir';
const GITIGNORE = '# Created by Linktrace: this directory holds a local API token and test recipients. Never commit it.\n*\n';

interface DataDirMarker {
  format: typeof MARKER_FORMAT;
  version: 1;
  /** Where it was created (real path) and its inode there: a clone or copy gets another. */
  path: string;
  inode: number;
  createdAt: string;
}

export interface DataDirOptions {
  /** The user vouched for an existing directory without a valid marker: it is adopted. */
  trust?: boolean;
}

export interface DataDirState {
  /** The directory was adopted on the user's word: secrets found in it must not be reused. */
  adopted: boolean;
}

/** The inode, not the path, identifies it: a folder moved on its disk keeps it, a copy never does. */
function sameDirectory(marker: Partial<DataDirMarker> | undefined, inode: number): boolean {
  return marker?.format === MARKER_FORMAT && marker.inode === inode;
}

async function readMarker(file: string): Promise<Partial<DataDirMarker> | undefined> {
  const bytes = await readOwnFile(file);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Partial<DataDirMarker>) : {};
  } catch {
    return {};
  }
}

async function writeGitignore(dir: string): Promise<void> {
  const file = path.join(dir, GITIGNORE_FILE);
  try {
    await writeNewFile(file, GITIGNORE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // The user's own .gitignore stays as it is; a link in its place stops the open.
    const existing = await lstatIfExists(file);
    if (existing) assertOwn(file, existing, 'file');
  }
}

/** The marker's content for the directory at `realPath` with inode `inode`. */
export function markerText(realPath: string, inode: number): string {
  const marker: DataDirMarker = { format: MARKER_FORMAT, version: 1, path: realPath, inode, createdAt: new Date().toISOString() };
  return JSON.stringify(marker, null, 2) + '\n';
}

/** Creates or checks the data directory; throws ForeignFileError or UntrustedDataDirError. */
export async function prepareDataDir(dir: string, options: DataDirOptions = {}): Promise<DataDirState> {
  let stat = await checkOwnDirectory(dir);
  if (!stat) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    stat = await checkOwnDirectory(dir);
    if (!stat) throw new ForeignFileError(dir, 'vanished while being created');
  }
  const realPath = await realpath(dir);
  const markerFile = path.join(dir, DATA_DIR_MARKER_FILE);
  const marker = await readMarker(markerFile);
  let adopted = false;
  if (!sameDirectory(marker, stat.ino)) {
    const empty = (await readdir(dir)).length === 0;
    if (!empty && !options.trust) {
      const detail =
        marker === undefined
          ? `it holds files but no ${DATA_DIR_MARKER_FILE}`
          : marker.format !== MARKER_FORMAT
            ? `${DATA_DIR_MARKER_FILE} is not a Linktrace marker`
            : `${DATA_DIR_MARKER_FILE} was written for another directory (${String(marker.path)})`;
      throw new UntrustedDataDirError(dir, detail);
    }
    adopted = !empty;
    await writeFileAtomically(markerFile, markerText(realPath, stat.ino));
  }
  await writeGitignore(dir);
  // Recipient addresses and the API token live here: no other user gets to list or read it.
  if ((stat.mode & 0o077) !== 0 && process.platform !== 'win32') await chmod(dir, 0o700);
  return { adopted };
}
