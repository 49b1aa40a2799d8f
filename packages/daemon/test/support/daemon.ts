// A real daemon on 127.0.0.1, port 0, over a fresh temp data directory, with raw HTTP and
// WebSocket clients that let tests set any header (Host, Origin, Authorization).
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { PrepareRequest, PrepareResult, ServerMessage, TrackingLog } from '@linktrace/core';
import { startDaemon, type Daemon, type DaemonOptions } from '../../src/index';

export interface TestDaemon extends Daemon {
  /** Stops the daemon and removes its data directory. */
  dispose(): Promise<void>;
}

export async function startTestDaemon(options: Partial<DaemonOptions> = {}): Promise<TestDaemon> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'linktrace-daemon-')));
  const daemon = await startDaemon({ port: 0, ...options, dataDir });
  return Object.assign(daemon, {
    dispose: async () => {
      await daemon.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface RawRequest {
  method?: string;
  /** Path and query as sent on the request line, untouched. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One HTTP request with exactly the given request line and headers (Host defaults to the daemon's). */
export function request(daemon: Pick<Daemon, 'port'>, options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: daemon.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${daemon.port}`, 'user-agent': 'Mozilla/5.0 (test) Firefox/140.0', ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A path (with query) of one of the daemon's absolute URLs. */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

export async function api<T = unknown>(daemon: TestDaemon, method: string, pathname: string, body?: unknown): Promise<{ status: number; json: T }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const response = await request(daemon, {
    method,
    path: pathname,
    headers: { authorization: `Bearer ${daemon.token}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
    body: payload,
  });
  return { status: response.status, json: JSON.parse(response.text) as T };
}

export async function prepare(daemon: TestDaemon, body: PrepareRequest): Promise<PrepareResult> {
  const { status, json } = await api<PrepareResult>(daemon, 'POST', '/api/deliveries', body);
  if (status !== 201) throw new Error(`prepare failed: ${status} ${JSON.stringify(json)}`);
  return json;
}

/** A WebSocket client that queues what it receives so tests can await messages in order. */
export class StreamClient {
  readonly messages: ServerMessage[] = [];
  private waiters: (() => void)[] = [];
  closed: { code: number; reason: string } | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(daemon: Pick<Daemon, 'port' | 'token'>, headers: Record<string, string> = {}): Promise<StreamClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${daemon.port}/ws`, { headers: { authorization: `Bearer ${daemon.token}`, ...headers } });
    const client = new StreamClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Waits until `predicate` holds over the messages received so far. */
  async until(predicate: (messages: ServerMessage[]) => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a request and resolves with its result or error message. */
  async call(message: Record<string, unknown> & { id: number }): Promise<ServerMessage> {
    this.socket.send(JSON.stringify(message));
    let reply: ServerMessage | undefined;
    await this.until((messages) => {
      reply = messages.find((m) => (m.type === 'result' || m.type === 'error') && m.id === message.id);
      return reply !== undefined;
    }, `reply to ${message.id}`);
    return reply!;
  }

  logs(): TrackingLog[] {
    return this.messages.flatMap((m) => (m.type === 'log' ? [m.log] : []));
  }

  async waitForClose(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    await this.until(() => this.closed !== undefined, 'close', timeoutMs).catch((error: Error) => {
      if (!this.closed) throw error;
    });
    return this.closed!;
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Outcome of a WebSocket handshake the daemon may refuse. */
export function tryHandshake(daemon: Pick<Daemon, 'port'>, headers: Record<string, string>, pathname = '/ws'): Promise<{ opened: boolean; status?: number }> {
  const socket = new WebSocket(`ws://127.0.0.1:${daemon.port}${pathname}`, { headers });
  return new Promise((resolve) => {
    socket.once('open', () => {
      socket.close();
      resolve({ opened: true });
    });
    socket.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ opened: false, status: res.statusCode });
      socket.terminate();
    });
    socket.once('error', () => resolve({ opened: false }));
  });
}

export async function assertHealthy(daemon: Pick<Daemon, 'port'>): Promise<void> {
  const response = await request(daemon, { path: '/healthz' });
  if (response.status !== 200 || JSON.parse(response.text).ok !== true) throw new Error(`healthz answered ${response.status} ${response.text}`);
}
