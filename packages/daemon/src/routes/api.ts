// The token-protected JSON API the CLI uses. Browsers never get in: a request with an Origin
// header is refused before the token is even looked at.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isId, MAX_PREPARE_BYTES } from '@linktrace/core';
import { clearLogs, daemonStats, deliveryReport, listDeliveries, prepareDelivery } from '../commands';
import type { DaemonContext } from '../context';
import { summarizeDelivery } from '../deliveries';
import { RequestError } from '../errors';
import { readJsonBody, sendJson } from '../http';
import { hasOrigin, hasValidToken } from '../security';

/** Most logs one GET /api/logs returns; page on with after=<last seq>. */
export const MAX_LOGS_PER_PAGE = 5000;

export async function handleApi(context: DaemonContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (hasOrigin(req.headers)) throw new RequestError(403, 'browser requests are not allowed on the API');
  if (!hasValidToken(req.headers, context.token)) {
    res.setHeader('WWW-Authenticate', 'Bearer');
    throw new RequestError(401, 'missing or wrong token (Authorization: Bearer <token from daemon.json>)');
  }
  const method = req.method ?? 'GET';
  const parts = url.pathname.split('/').slice(2); // after '/api'
  const route = `${method} ${parts[0] ?? ''}`;

  if (parts.length === 1 && route === 'POST deliveries') {
    const body = await readJsonBody(req, MAX_PREPARE_BYTES);
    sendJson(res, 201, await prepareDelivery(context, body));
    return;
  }
  if (parts.length === 1 && route === 'GET deliveries') {
    sendJson(res, 200, listDeliveries(context));
    return;
  }
  if (parts.length === 2 && route === 'GET deliveries') {
    const delivery = isId(parts[1]) ? context.storage.getDelivery(parts[1]) : undefined;
    if (!delivery) throw new RequestError(404, `no delivery ${JSON.stringify(parts[1])}`);
    sendJson(res, 200, summarizeDelivery(delivery, context.baseUrl));
    return;
  }
  if (parts.length === 2 && route === 'DELETE deliveries') {
    // Its logs go with it: they could never be reported again.
    if (!isId(parts[1]) || !(await context.storage.deleteDelivery(parts[1]))) throw new RequestError(404, `no delivery ${JSON.stringify(parts[1])}`);
    sendJson(res, 200, { deleted: parts[1] });
    return;
  }
  if (parts.length === 2 && route === 'GET reports') {
    sendJson(res, 200, await deliveryReport(context, parts[1]!));
    return;
  }
  if (parts.length === 1 && route === 'GET logs') {
    const after = readSeq(url.searchParams.get('after'));
    const deliveryId = readDeliveryParam(url);
    // lastSeq as of the lookup: a page shorter than the limit covers everything up to it.
    const lastSeq = context.storage.lastSeq();
    const logs = await context.storage.readLogs(after, deliveryId ? { deliveryId } : undefined, MAX_LOGS_PER_PAGE);
    sendJson(res, 200, { logs, lastSeq });
    return;
  }
  if (parts.length === 1 && route === 'DELETE logs') {
    sendJson(res, 200, await clearLogs(context, readDeliveryParam(url)));
    return;
  }
  if (parts.length === 1 && route === 'GET stats') {
    sendJson(res, 200, daemonStats(context));
    return;
  }
  throw new RequestError(404, `no API route ${method} ${url.pathname}`);
}

function readSeq(value: string | null): number {
  if (value === null || value === '') return 0;
  if (!/^\d{1,15}$/.test(value)) throw new RequestError(400, '"after" must be a non-negative integer (a seq cursor)');
  return Number(value);
}

function readDeliveryParam(url: URL): string | undefined {
  const value = url.searchParams.get('delivery');
  if (value === null) return undefined;
  if (!isId(value)) throw new RequestError(400, '"delivery" is not a valid delivery id');
  return value;
}
