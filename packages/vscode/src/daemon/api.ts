// The daemon's token-protected JSON API (the daemon package's client), for what does not fit the WebSocket:
// preparing big templates (MAX_PREPARE_BYTES, not WS_MAX_PAYLOAD) and paging through every
// stored log for an export.
import http from 'node:http';
import { checkTrackingLog, MAX_PREPARE_BYTES, type PrepareRequest, type PrepareResult, type TrackingLog } from '@linktrace/core';
import { callDaemonApi, DaemonApiError, type DaemonEndpoint } from '@linktrace/daemon';

export type { DaemonEndpoint };
export { DaemonApiError };

const call = (endpoint: DaemonEndpoint, method: string, pathAndQuery: string, body?: unknown): Promise<unknown> => callDaemonApi(endpoint, method, pathAndQuery, body);

export async function prepareDelivery(endpoint: DaemonEndpoint, request: PrepareRequest): Promise<PrepareResult> {
  const size = Buffer.byteLength(JSON.stringify(request));
  if (size > MAX_PREPARE_BYTES) throw new Error(`the template is too big for a test delivery (${size} bytes, at most ${MAX_PREPARE_BYTES})`);
  return (await call(endpoint, 'POST', '/api/deliveries', request)) as PrepareResult;
}

/** Every stored log (optionally of one delivery), page by page, each validated. */
export async function fetchAllLogs(endpoint: DaemonEndpoint, deliveryId?: string): Promise<TrackingLog[]> {
  const logs: TrackingLog[] = [];
  let after = 0;
  for (;;) {
    const query = new URLSearchParams({ after: String(after) });
    if (deliveryId) query.set('delivery', deliveryId);
    const page = (await call(endpoint, 'GET', `/api/logs?${query}`)) as { logs?: unknown };
    if (!Array.isArray(page?.logs)) throw new Error('the daemon sent an unexpected answer to GET /api/logs');
    for (const log of page.logs) {
      const problem = checkTrackingLog(log);
      if (problem) throw new Error(`the daemon sent an invalid log: ${problem}`);
    }
    const batch = page.logs as TrackingLog[];
    if (batch.length === 0) return logs;
    logs.push(...batch);
    after = batch[batch.length - 1]!.seq;
  }
}

/** Resolves when GET /healthz answers 200. */
export async function isHealthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(new URL('/healthz', url), { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}
