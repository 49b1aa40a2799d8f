// Finding the running daemon of a data directory (DIR/daemon.json) and talking to it: its
// token-protected JSON API over node:http and its WebSocket log stream. Loads nothing of the
// daemon's own code, so client commands start fast.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import WebSocket from 'ws';
import { parseServerMessage, WS_PATH, type TrackingLog } from '@linktrace/core';

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
    `no daemon running for ${dataDir}; start one with \`linktrace daemon --data ${dataDir}\` (or \`npm start\`), then try again (${why}).`,
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
  const url = new URL(WS_PATH, info.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export interface FollowOptions {
  dataDir: string;
  /** Seq cursor: logs after it are delivered (the backlog first, then live ones). */
  after: number;
  deliveryId?: string;
  /** The daemon to connect to first; later connections look it up again (it may have restarted elsewhere). */
  daemon?: DaemonInfo;
  onLog(log: TrackingLog): void;
  /** Connection changes worth telling a person about (lost, waiting, back). */
  onStatus?(message: string): void;
}

export interface LogFollower {
  /** The highest seq delivered so far. */
  readonly lastSeq: number;
  /** Resolves once the first subscription is live (its backlog delivered). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 5000;

/**
 * Streams logs over the WebSocket and keeps doing so across daemon restarts: each reconnection
 * subscribes again from the last seq received, and logs at or below it are dropped, so every
 * log is delivered exactly once and in order.
 */
export function followLogs(options: FollowOptions): LogFollower {
  let lastSeq = options.after;
  let closed = false;
  let socket: WebSocket | undefined;
  let wakeSleeper: (() => void) | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const status = (message: string) => options.onStatus?.(message);

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** One connection: resolves when it ends, with whether it got as far as a live subscription. */
  const connect = (info: DaemonInfo) =>
    new Promise<boolean>((resolve) => {
      let subscribed = false;
      const ws = new WebSocket(streamUrl(info), { headers: { authorization: `Bearer ${info.token}` }, perMessageDeflate: false, handshakeTimeout: 5000 });
      socket = ws;
      ws.on('open', () => {
        ws.send(JSON.stringify({ type: 'subscribe', id: 1, after: lastSeq, ...(options.deliveryId ? { deliveryId: options.deliveryId } : {}) }));
      });
      ws.on('message', (data) => {
        const parsed = parseServerMessage(data.toString());
        if (!parsed.ok) {
          status(`ignored a message from the daemon: ${parsed.error}`);
          return;
        }
        const message = parsed.message;
        if (message.type === 'log') {
          if (message.log.seq <= lastSeq) return;
          lastSeq = message.log.seq;
          options.onLog(message.log);
        } else if (message.type === 'result' && message.id === 1) {
          subscribed = true;
          markReady();
        } else if (message.type === 'error') {
          status(`the daemon refused: ${message.message}`);
        }
      });
      ws.on('unexpected-response', (_req, res) => {
        status(`the daemon refused the stream (HTTP ${res.statusCode})`);
        res.resume();
        ws.terminate();
      });
      ws.on('error', () => undefined); // 'close' follows and decides what happens next
      ws.on('close', () => resolve(subscribed));
    });

  const run = async () => {
    let info = options.daemon;
    let delay = FIRST_RETRY_MS;
    let waitingSaid = false;
    while (!closed) {
      if (!info) {
        try {
          info = await findDaemon(options.dataDir);
        } catch (error) {
          if (!waitingSaid) status(`waiting for the daemon: ${(error as Error).message}`);
          waitingSaid = true;
        }
      }
      if (info && !closed) {
        if (waitingSaid) status(`reconnected to ${info.url}`);
        waitingSaid = false;
        const wasLive = await connect(info);
        info = undefined;
        if (closed) break;
        if (wasLive) {
          delay = FIRST_RETRY_MS;
          status('lost the connection to the daemon; reconnecting');
          waitingSaid = true;
        }
      }
      await sleep(delay);
      delay = Math.min(delay * 2, LONGEST_RETRY_MS);
    }
  };
  const running = run();

  return {
    get lastSeq() {
      return lastSeq;
    },
    ready,
    async close() {
      closed = true;
      wakeSleeper?.();
      if (socket && socket.readyState !== WebSocket.CLOSED) {
        socket.close();
        setTimeout(() => socket?.terminate(), 1000).unref();
      }
      await running;
    },
  };
}

/** Every stored log after `after` (of one delivery when given), paging through the API. */
export async function fetchLogs(info: DaemonInfo, after = 0, deliveryId?: string): Promise<TrackingLog[]> {
  const all: TrackingLog[] = [];
  let cursor = after;
  for (;;) {
    const query = new URLSearchParams({ after: String(cursor) });
    if (deliveryId) query.set('delivery', deliveryId);
    const page = await callApi<{ logs: TrackingLog[]; lastSeq: number }>(info, 'GET', `/api/logs?${query}`);
    all.push(...page.logs);
    const last = page.logs.at(-1);
    if (!last || last.seq >= page.lastSeq) return all;
    cursor = last.seq;
  }
}
