// DIR/daemon.json: how clients (CLI, VS Code extension) find the running daemon of a data
// directory. Mode 0600: it holds the API token. The token survives restarts so configured
// clients keep working; url and pid are removed when the daemon stops. Clients believe it only
// when it names a loopback URL and the live pid that holds the directory's lock: a forged file
// (a cloned folder can ship one) then sends nothing anywhere.
import path from 'node:path';
import { DaemonNotRunningError } from './errors';
import { generateToken, TOKEN_PATTERN } from './security';
import { ForeignFileError } from './storage/errors';
import { LOCK_FILE, readLockOwner } from './storage/lock';
import { readOwnFile, writeFileAtomically } from './storage/safe-files';

export const DAEMON_INFO_FILE = 'daemon.json';

export interface DaemonInfo {
  url: string;
  pid: number;
  token: string;
}

const INFO_KEYS = new Set(['url', 'pid', 'token']);

/** Why `value` is not a daemon.json this daemon writes, or undefined when it is one. */
function infoProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const info = value as Record<string, unknown>;
  const unknown = Object.keys(info).find((key) => !INFO_KEYS.has(key));
  if (unknown !== undefined) return `unknown field ${JSON.stringify(unknown)}`;
  if (typeof info.token !== 'string' || !TOKEN_PATTERN.test(info.token)) return 'no valid token';
  if (info.url !== undefined && typeof info.url !== 'string') return '"url" is not a string';
  if (info.pid !== undefined && (typeof info.pid !== 'number' || !Number.isSafeInteger(info.pid) || info.pid <= 0)) return '"pid" is not a process id';
  return undefined;
}

type InfoFile = { info: Partial<DaemonInfo> & { token: string } } | { problem: string } | undefined;

async function readInfoFile(dataDir: string): Promise<InfoFile> {
  const bytes = await readOwnFile(path.join(dataDir, DAEMON_INFO_FILE));
  if (!bytes) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { problem: 'not valid JSON' };
  }
  const problem = infoProblem(value);
  return problem ? { problem } : { info: value as Partial<DaemonInfo> & { token: string } };
}

/**
 * The token of an earlier run, else a new one. A daemon.json in another shape stops start-up
 * untouched; `rotate` (a directory adopted on the user's word) never reuses a token found there.
 */
export async function loadOrCreateToken(dataDir: string, options: { rotate?: boolean } = {}): Promise<string> {
  const file = path.join(dataDir, DAEMON_INFO_FILE);
  const read = await readInfoFile(dataDir);
  if (read && 'problem' in read) throw new ForeignFileError(file, `is not a Linktrace daemon.json (${read.problem})`);
  return read && !options.rotate ? read.info.token : generateToken();
}

export function writeDaemonInfo(dataDir: string, info: DaemonInfo): Promise<void> {
  return writeFileAtomically(path.join(dataDir, DAEMON_INFO_FILE), JSON.stringify(info, null, 2) + '\n');
}

/** Leaves only the token: clients then see that no daemon is running. */
export function clearDaemonInfo(dataDir: string, token: string): Promise<void> {
  return writeFileAtomically(path.join(dataDir, DAEMON_INFO_FILE), JSON.stringify({ token }, null, 2) + '\n');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The daemon listens on loopback only; a client sends nothing to any other address. */
export function isLoopbackDaemonUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'http:' &&
    (parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]' || parsed.hostname === 'localhost') &&
    parsed.port !== '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.pathname === '/' &&
    parsed.search === '' &&
    parsed.hash === ''
  );
}

/** The running daemon of `dataDir`, or why there is none (nothing has been sent anywhere). */
export async function locateDaemon(dataDir: string): Promise<DaemonInfo | { problem: string }> {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, DAEMON_INFO_FILE);
  let read: InfoFile;
  try {
    read = await readInfoFile(dir);
  } catch (error) {
    return { problem: `${file} cannot be trusted: ${(error as Error).message}` };
  }
  if (!read) return { problem: `no ${file}` };
  if ('problem' in read) return { problem: `${file} names no running daemon (${read.problem})` };
  const { url, pid, token } = read.info;
  if (url === undefined || pid === undefined) return { problem: `${file} names no running daemon` };
  if (!isLoopbackDaemonUrl(url)) return { problem: `${file} names ${JSON.stringify(url)}, which is not a loopback address of a Linktrace daemon` };
  if (!isAlive(pid)) return { problem: `process ${pid} from ${file} has exited` };
  let lockOwner;
  try {
    lockOwner = await readLockOwner(path.join(dir, LOCK_FILE));
  } catch (error) {
    return { problem: (error as Error).message };
  }
  if (lockOwner?.pid !== pid) return { problem: `process ${pid} from ${file} does not hold ${path.join(dir, LOCK_FILE)}` };
  return { url, pid, token };
}

/** The running daemon of `dataDir` (url and token), or a DaemonNotRunningError saying why not. */
export async function readDaemonInfo(dataDir: string): Promise<DaemonInfo> {
  const dir = path.resolve(dataDir);
  const found = await locateDaemon(dir);
  if ('problem' in found) {
    throw new DaemonNotRunningError(`No Linktrace daemon is running for ${dir} (${found.problem}). Start one with \`linktrace daemon --data ${dir}\`.`);
  }
  return found;
}
