// DIR/daemon.json: how clients (CLI, VS Code extension) find the running daemon of a data
// directory. Mode 0600: it holds the API token. The token survives restarts so configured
// clients keep working; url and pid are removed when the daemon stops.
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DaemonNotRunningError } from './errors';
import { generateToken, TOKEN_PATTERN } from './security';

export const DAEMON_INFO_FILE = 'daemon.json';

export interface DaemonInfo {
  url: string;
  pid: number;
  token: string;
}

async function readInfoFile(dataDir: string): Promise<Partial<DaemonInfo> | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, DAEMON_INFO_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Partial<DaemonInfo>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token of an earlier run when daemon.json holds a valid one, else a new one. */
export async function loadOrCreateToken(dataDir: string): Promise<string> {
  const info = await readInfoFile(dataDir);
  return typeof info?.token === 'string' && TOKEN_PATTERN.test(info.token) ? info.token : generateToken();
}

async function writeInfoFile(dataDir: string, value: Partial<DaemonInfo>): Promise<void> {
  const file = path.join(dataDir, DAEMON_INFO_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  // The mode of writeFile applies only to a new file; make sure of it before it goes live.
  await chmod(temp, 0o600);
  await rename(temp, file);
}

export function writeDaemonInfo(dataDir: string, info: DaemonInfo): Promise<void> {
  return writeInfoFile(dataDir, info);
}

/** Leaves only the token: clients then see that no daemon is running. */
export function clearDaemonInfo(dataDir: string, token: string): Promise<void> {
  return writeInfoFile(dataDir, { token });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running daemon of `dataDir` (url and token), or a DaemonNotRunningError saying why not. */
export async function readDaemonInfo(dataDir: string): Promise<DaemonInfo> {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, DAEMON_INFO_FILE);
  const notRunning = (why: string) =>
    new DaemonNotRunningError(`No Linktrace daemon is running for ${dir} (${why}). Start one with \`linktrace daemon --data ${dir}\`.`);
  const info = await readInfoFile(dir);
  if (!info) throw notRunning(`no readable ${file}`);
  if (typeof info.url !== 'string' || typeof info.pid !== 'number' || typeof info.token !== 'string' || !TOKEN_PATTERN.test(info.token)) {
    throw notRunning(`${file} names no running daemon`);
  }
  if (!isAlive(info.pid)) throw notRunning(`process ${info.pid} from ${file} has exited`);
  return { url: info.url, pid: info.pid, token: info.token };
}
