// The daemon's commands, one implementation behind both the JSON API and the WebSocket.
import { isId, PROTOCOL_VERSION, type ClearResult, type DaemonStats, type DeliveryReport, type DeliverySummary } from '@linktrace/core';
import type { DaemonContext } from './context';
import { summarizeDelivery } from './deliveries';
import { RequestError } from './errors';
import { buildReport } from './reports';

export { prepareDelivery } from './deliveries';

export function listDeliveries(context: DaemonContext): DeliverySummary[] {
  return context.storage.listDeliveries().map((delivery) => summarizeDelivery(delivery, context.baseUrl));
}

export async function deliveryReport(context: DaemonContext, deliveryId: string): Promise<DeliveryReport> {
  const delivery = isId(deliveryId) ? context.storage.getDelivery(deliveryId) : undefined;
  if (!delivery) throw new RequestError(404, `no delivery ${JSON.stringify(deliveryId)}`);
  // The delivery's logs are read from the journal (only their index and counts are in memory);
  // a delivery nobody opened yet needs no read at all.
  const counted = Object.values(context.storage.countLogs(delivery.id).byType).reduce((sum, n) => sum + n, 0);
  return buildReport(delivery, counted === 0 ? [] : await context.storage.readLogs(0, { deliveryId: delivery.id }));
}

export function daemonStats(context: DaemonContext): DaemonStats {
  return {
    version: PROTOCOL_VERSION,
    url: context.baseUrl,
    lastSeq: context.storage.lastSeq(),
    deliveries: context.storage.listDeliveries().length,
    subscribers: context.hub.size,
    uptimeMs: Date.now() - context.startedAt,
  };
}

export async function clearLogs(context: DaemonContext, deliveryId?: string): Promise<ClearResult> {
  if (deliveryId !== undefined) {
    if (!isId(deliveryId) || !context.storage.getDelivery(deliveryId)) throw new RequestError(404, `no delivery ${JSON.stringify(deliveryId)}`);
    await context.storage.clearLogs(deliveryId);
    return { cleared: true, deliveryId };
  }
  await context.storage.clearLogs();
  return { cleared: true };
}
