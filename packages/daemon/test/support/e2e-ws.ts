// A real `ws` client on the daemon's live stream, the way the CLI and the editor connect: Bearer
// token, no Origin. Collects every log it is sent and lets a test wait for the ones it expects.
import WebSocket from 'ws';
import type { ServerMessage, TrackingLog } from '@linktrace/core';

export interface LogSubscriber {
  logs: TrackingLog[];
  /** Messages other than logs (hello, results, errors), in order. */
  others: ServerMessage[];
  /** Resolves with the logs once `done(logs)` is true; rejects after `timeoutMs`. */
  waitFor(done: (logs: readonly TrackingLog[]) => boolean, timeoutMs?: number, what?: string): Promise<TrackingLog[]>;
  close(): Promise<void>;
}

export function wsUrlOf(daemonUrl: string): string {
  return daemonUrl.replace(/^http/, 'ws') + '/ws';
}

export async function subscribeLogs(daemonUrl: string, token: string, after = 0, deliveryId?: string): Promise<LogSubscriber> {
  const socket = new WebSocket(wsUrlOf(daemonUrl), { headers: { Authorization: `Bearer ${token}` }, perMessageDeflate: false });
  const logs: TrackingLog[] = [];
  const others: ServerMessage[] = [];
  let waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as ServerMessage;
    if (message.type === 'log') logs.push(message.log);
    else others.push(message);
    const current = waiters;
    waiters = [];
    for (const wake of current) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: HTTP ${res.statusCode}`)));
  });
  socket.send(JSON.stringify({ type: 'subscribe', id: 1, after, ...(deliveryId ? { deliveryId } : {}) }));
  const subscriber: LogSubscriber = {
    logs,
    others,
    waitFor(done, timeoutMs = 5000, what = 'logs') {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(logs.map((l) => [l.seq, l.type, l.label]))}`));
        }, timeoutMs);
        const check = () => {
          if (done(logs)) {
            clearTimeout(timer);
            resolve([...logs]);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
        setTimeout(() => socket.terminate(), 1000).unref();
      }),
  };
  // The subscribe result arrives after the backlog: once it is here, the backlog is complete.
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no subscribe result from the daemon')), 5000);
    const check = () => {
      if (others.some((m) => m.type === 'result' && m.id === 1)) {
        clearTimeout(timer);
        resolve();
      } else if (others.some((m) => m.type === 'error')) {
        clearTimeout(timer);
        reject(new Error(`subscribe refused: ${JSON.stringify(others)}`));
      } else waiters.push(check);
    };
    check();
  });
  return subscriber;
}
