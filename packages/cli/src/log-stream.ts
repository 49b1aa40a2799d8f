// The daemon's live log stream over WebSocket, followed across daemon restarts (logs --follow,
// the daemon's own echo, start).
import WebSocket from 'ws';
import { parseServerMessage, WS_PATH, type TrackingLog } from '@linktrace/core';
import { findDaemon, type DaemonInfo } from './daemon-client';

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
  /** No daemon runs for the data directory (it stopped): a chance to start one before the next try. */
  onDaemonMissing?(): Promise<void>;
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
          if (options.onDaemonMissing && !closed) {
            await options.onDaemonMissing();
            continue;
          }
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
