// Finding the running daemon of a data directory (DIR/daemon.json) and talking to it: its
// token-protected JSON API over node:http and its WebSocket log stream. Loads nothing of the
// daemon's own code, so client commands start fast.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const DEFAULT_DATA_DIR = '.linktrace';
export const INFO_FILE = 'daemon.json';

export interface DaemonInfo {
  url: string;
  pid: number;
  token: string;
}

/** No daemon is running for the data directory (or it does not answer). Exit code 1. */
export class DaemonNotRunningError extends Error {
  override readonly name = 'DaemonNotRunningError';
}

/** The daemon answered with an error status. */
export class DaemonApiError extends Error {
  override readonly name = 'DaemonApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function resolveDataDir(dataDir: string | undefined, cwd = process.cwd()): string {
  return path.resolve(cwd, dataDir ?? DEFAULT_DATA_DIR);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function notRunning(dataDir: string, why: string): DaemonNotRunningError {
  return new DaemonNotRunningError(
    `No Linktrace daemon is running for ${dataDir} (${why}). Start one with \`linktrace daemon --data ${dataDir}\` ` +
      `(or \`npm start\`), then try again.`,
  );
}

/** Reads DIR/daemon.json and checks that its daemon is alive and answering. */
export async function findDaemon(dataDir: string): Promise<DaemonInfo> {
  const file = path.join(dataDir, INFO_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notRunning(dataDir, `no ${INFO_FILE}`);
    throw error;
  }
  let info: Partial<DaemonInfo>;
  try {
    info = JSON.parse(text) as Partial<DaemonInfo>;
  } catch {
    throw notRunning(dataDir, `${file} is not valid JSON`);
  }
  if (typeof info.url !== 'string' || typeof info.token !== 'string' || !info.url || !info.token) {
    throw notRunning(dataDir, `${file} names no running daemon`);
  }
  if (typeof info.pid === 'number' && info.pid > 0 && !isAlive(info.pid)) {
    throw notRunning(dataDir, `process ${info.pid} from ${file} has exited`);
  }
  const found = info as DaemonInfo;
  try {
    const health = await request(found, 'GET', '/healthz', undefined, 2000);
    if (health.status !== 200) throw new Error(`status ${health.status}`);
  } catch (error) {
    throw notRunning(dataDir, `${found.url} does not answer: ${(error as Error).message}`);
  }
  return found;
}

interface RawResponse {
  status: number;
  body: string;
}

function request(info: DaemonInfo, method: string, pathname: string, body?: unknown, timeoutMs = 30_000): Promise<RawResponse> {
  const url = new URL(pathname, info.url);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        headers: {
          authorization: `Bearer ${info.token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Calls the daemon's JSON API; rejects with DaemonApiError on a non-2xx status. */
export async function callApi<T>(info: DaemonInfo, method: string, pathname: string, body?: unknown): Promise<T> {
  const response = await request(info, method, pathname, body);
  let parsed: unknown = undefined;
  if (response.body !== '') {
    try {
      parsed = JSON.parse(response.body);
    } catch {
      parsed = response.body;
    }
  }
  if (response.status < 200 || response.status >= 300) {
    const detail =
      parsed && typeof parsed === 'object' && 'error' in parsed
        ? String((parsed as { error: unknown }).error)
        : typeof parsed === 'string' && parsed
          ? parsed
          : `HTTP ${response.status}`;
    throw new DaemonApiError(response.status, `${method} ${pathname}: ${detail}`);
  }
  return parsed as T;
}

/** The WebSocket URL of the daemon's live stream. */
export function streamUrl(info: DaemonInfo): string {
  const url = new URL('/ws', info.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
