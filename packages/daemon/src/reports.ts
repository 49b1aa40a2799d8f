// Per-delivery reports from its logs: every figure twice, raw and human (likely machine traffic
// excluded), plus each recipient's own tracking history.
import type { Counts, Delivery, DeliveryReport, LabelReport, LinkReport, LogType, Ratio, TrackingLog } from '@linktrace/core';
import { BURST_REASON_PREFIX, BURST_WINDOW_MS } from './machine-traffic';

/**
 * Logs judged machine traffic: flagged when logged, plus the first click of a burst, which
 * could not be known as one until the next click arrived.
 */
export function machineLogs(logs: readonly TrackingLog[]): Set<TrackingLog> {
  const machine = new Set<TrackingLog>();
  const clicksByRecipient = new Map<string, TrackingLog[]>();
  for (const log of logs) {
    if (log.machine) machine.add(log);
    if (log.type !== 'click') continue;
    const key = `${log.deliveryId}/${log.recipientId}`;
    const list = clicksByRecipient.get(key) ?? [];
    list.push(log);
    clicksByRecipient.set(key, list);
  }
  for (const clicks of clicksByRecipient.values()) {
    for (const burst of clicks) {
      if (!burst.machine?.startsWith(BURST_REASON_PREFIX)) continue;
      const burstAt = Date.parse(burst.at);
      for (const earlier of clicks) {
        const gap = burstAt - Date.parse(earlier.at);
        if (earlier.seq < burst.seq && gap >= 0 && gap < BURST_WINDOW_MS) machine.add(earlier);
      }
    }
  }
  return machine;
}

function counts(logs: readonly TrackingLog[], machine: ReadonlySet<TrackingLog>): { total: Counts; unique: Counts } {
  const human = logs.filter((log) => !machine.has(log));
  const recipients = (list: readonly TrackingLog[]) => new Set(list.map((log) => log.recipientId)).size;
  return {
    total: { raw: logs.length, human: human.length },
    unique: { raw: recipients(logs), human: recipients(human) },
  };
}

function ratio(numerator: Counts, denominator: Counts): Ratio {
  return {
    raw: denominator.raw === 0 ? 0 : numerator.raw / denominator.raw,
    human: denominator.human === 0 ? 0 : numerator.human / denominator.human,
  };
}

export function buildReport(delivery: Delivery, logs: readonly TrackingLog[]): DeliveryReport {
  const own = logs.filter((log) => log.deliveryId === delivery.id);
  const machine = machineLogs(own);
  const ofType = (type: LogType) => own.filter((log) => log.type === type);
  const clicks = ofType('click');
  const opens = counts(ofType('open'), machine);
  const clickCounts = counts(clicks, machine);

  const links: LinkReport[] = delivery.links.map((link) => {
    const { total, unique } = counts(clicks.filter((log) => log.linkId === link.linkId), machine);
    return { linkId: link.linkId, sourceId: link.sourceId, url: link.url, ...(link.label !== undefined ? { label: link.label } : {}), type: link.type, line: link.line, total, unique };
  });

  const labelOf = new Map(delivery.links.map((link) => [link.linkId, link.label]));
  const byLabel = new Map<string, TrackingLog[]>();
  for (const log of clicks) {
    const label = log.label ?? (log.linkId ? labelOf.get(log.linkId) : undefined);
    if (label === undefined) continue;
    byLabel.set(label, [...(byLabel.get(label) ?? []), log]);
  }
  const labels: LabelReport[] = [...byLabel].map(([label, list]) => ({ label, ...counts(list, machine) }));

  const recipients = { raw: delivery.recipients.length, human: delivery.recipients.length };
  return {
    deliveryId: delivery.id,
    name: delivery.name,
    createdAt: delivery.createdAt,
    recipients: delivery.recipients.length,
    opens,
    clicks: clickCounts,
    links,
    labels,
    mirrorViews: counts(ofType('mirror'), machine),
    optOuts: counts(ofType('optout'), machine),
    clickThrough: ratio(clickCounts.unique, recipients),
    reactivity: ratio(clickCounts.unique, opens.unique),
    perRecipient: delivery.recipients.map((recipient) => ({
      id: recipient.id,
      email: recipient.email,
      optedOut: recipient.optedOut === true,
      history: own
        .filter((log) => log.recipientId === recipient.id)
        .map((log) => ({
          seq: log.seq,
          type: log.type,
          at: log.at,
          ...(log.linkId !== undefined ? { linkId: log.linkId } : {}),
          ...(log.url !== undefined ? { url: log.url } : {}),
          ...(log.label !== undefined ? { label: log.label } : {}),
          ...(machine.has(log) ? { machine: log.machine ?? `${BURST_REASON_PREFIX}: first click of a burst` } : {}),
        })),
    })),
  };
}
