// Reading DIR/daemon.json, the daemon's own record of where it listens and of its API token. The
// extension needs the token to open the live stream; it never stores or shows it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isLoopbackDaemonUrl } from '@linktrace/daemon';

export const DAEMON_INFO_FILE = 'daemon.json';

export interface DaemonInfo {
  /** Absent when no daemon is running for the directory (the token outlives the daemon). */
  url?: string;
  pid?: number;
  token: string;
}

/** The daemon.json of `dataDir`, or a clear error naming the file. */
export async function readDaemonInfo(dataDir: string): Promise<DaemonInfo> {
  const file = path.join(dataDir, DAEMON_INFO_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${file} does not exist: no daemon has run with this data directory`);
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  const info = (typeof value === 'object' && value !== null ? value : {}) as Partial<DaemonInfo>;
  if (typeof info.token !== 'string' || info.token.length < 16) throw new Error(`${file} holds no daemon token`);
  return {
    token: info.token,
    // A URL that is not loopback (a forged file) is no daemon of ours: never contacted.
    ...(typeof info.url === 'string' && isLoopbackDaemonUrl(info.url) ? { url: info.url } : {}),
    ...(typeof info.pid === 'number' ? { pid: info.pid } : {}),
  };
}
