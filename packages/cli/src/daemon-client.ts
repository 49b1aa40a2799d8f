// Finding the running daemon of a data directory (DIR/daemon.json) and calling its
// token-protected JSON API (with the daemon package's client, shared with the VS Code extension).
// The file's name, the default directory and the not-running error are the daemon's own, so the
// two sides cannot drift apart.
import path from 'node:path';
import type { TrackingLog } from '@linktrace/core';
import { DEFAULT_DATA_DIR, DaemonApiError, DaemonNotRunningError, callDaemonApi, locateDaemon, requestDaemon, type DaemonInfo } from '@linktrace/daemon';
import type { CliIo } from './io';

export type { DaemonInfo };
export { DaemonApiError };

export function resolveDataDir(dataDir: string | undefined, cwd = process.cwd()): string {
  return path.resolve(cwd, dataDir ?? DEFAULT_DATA_DIR);
}

function notRunning(dataDir: string, why: string): DaemonNotRunningError {
  return new DaemonNotRunningError(
    `no daemon running for ${dataDir}; start one with \`linktrace daemon --data ${dataDir}\` (or \`npm start\`), then try again (${why}).`,
  );
}

/**
 * Reads DIR/daemon.json and checks that it names a loopback URL and the live pid holding the
 * directory's lock, and that the daemon answers; nothing is sent anywhere before that.
 */
export async function findDaemon(dataDir: string): Promise<DaemonInfo> {
  const found = await locateDaemon(dataDir);
  if ('problem' in found) throw notRunning(dataDir, found.problem);
  try {
    const health = await requestDaemon(found, 'GET', '/healthz', undefined, 2000);
    if (health.status !== 200) throw new Error(`status ${health.status}`);
  } catch (error) {
    throw notRunning(dataDir, `${found.url} does not answer: ${(error as Error).message}`);
  }
  return found;
}

/** The daemon is away or refused the request: the user's to fix (exit 1), not a bug. */
export function isDaemonFailure(error: unknown): error is DaemonNotRunningError | DaemonApiError {
  return error instanceof DaemonNotRunningError || error instanceof DaemonApiError;
}

/** Runs `call` against the daemon; a daemon failure is printed as `linktrace COMMAND: why` and gives undefined. */
export async function withDaemon<T>(command: string, io: CliIo, call: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (!isDaemonFailure(error)) throw error;
    io.stderr(`linktrace ${command}: ${error.message}\n`);
    return undefined;
  }
}

/**
 * Every stored log after `after` (of one delivery when given), paging through the API: each page
 * goes to `onPage` as it arrives, so a million logs are never held at once.
 */
export async function forEachLogPage(info: DaemonInfo, after: number, deliveryId: string | undefined, onPage: (logs: TrackingLog[]) => void): Promise<void> {
  let cursor = after;
  for (;;) {
    const query = new URLSearchParams({ after: String(cursor) });
    if (deliveryId) query.set('delivery', deliveryId);
    const page = await callDaemonApi<{ logs: TrackingLog[]; lastSeq: number }>(info, 'GET', `/api/logs?${query}`);
    if (page.logs.length > 0) onPage(page.logs);
    const last = page.logs.at(-1);
    if (!last || last.seq >= page.lastSeq) return;
    cursor = last.seq;
  }
}
