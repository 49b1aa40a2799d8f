// Durable tracking logs, held in memory in seq order. logsAfter() binary-searches seq and, when a
// filter is given, walks the smallest of the per-delivery / per-recipient / per-type lists, so a
// selective query does not scan every log.
import type { LogType, TrackingLog } from '@linktrace/core';
import type { LogFilter } from './types';

type Keyed = Map<string, TrackingLog[]>;

function pushTo(map: Keyed, key: string, log: TrackingLog): void {
  const list = map.get(key);
  if (list) list.push(log);
  else map.set(key, [log]);
}

/** First index whose seq is greater than afterSeq (the list is sorted by seq). */
function firstAfter(list: readonly TrackingLog[], afterSeq: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]!.seq <= afterSeq) low = mid + 1;
    else high = mid;
  }
  return low;
}

export class LogIndex {
  private all: TrackingLog[] = [];
  private byDelivery: Keyed = new Map();
  private byRecipient: Keyed = new Map();
  private byType: Keyed = new Map();

  get size(): number {
    return this.all.length;
  }

  /** Logs must arrive in increasing seq order (the journal's order). */
  add(log: TrackingLog): void {
    this.all.push(log);
    pushTo(this.byDelivery, log.deliveryId, log);
    pushTo(this.byRecipient, log.recipientId, log);
    pushTo(this.byType, log.type, log);
  }

  /** Drops the logs with seq <= uptoSeq, of one delivery or of all. */
  clear(uptoSeq: number, deliveryId?: string): void {
    const cleared = (log: TrackingLog) => log.seq <= uptoSeq && (deliveryId === undefined || log.deliveryId === deliveryId);
    const kept = this.all.filter((log) => !cleared(log));
    if (kept.length === this.all.length) return;
    this.all = [];
    this.byDelivery = new Map();
    this.byRecipient = new Map();
    this.byType = new Map();
    for (const log of kept) this.add(log);
  }

  after(afterSeq: number, filter: LogFilter = {}, limit = Infinity): TrackingLog[] {
    if (!(limit > 0)) return [];
    const candidates: (TrackingLog[] | undefined)[] = [];
    if (filter.deliveryId !== undefined) candidates.push(this.byDelivery.get(filter.deliveryId));
    if (filter.recipientId !== undefined) candidates.push(this.byRecipient.get(filter.recipientId));
    if (filter.type !== undefined) candidates.push(this.byType.get(filter.type satisfies LogType));
    let list = this.all;
    for (const candidate of candidates) {
      if (!candidate) return [];
      if (candidate.length < list.length) list = candidate;
    }
    const result: TrackingLog[] = [];
    for (let i = firstAfter(list, afterSeq); i < list.length && result.length < limit; i++) {
      const log = list[i]!;
      if (filter.deliveryId !== undefined && log.deliveryId !== filter.deliveryId) continue;
      if (filter.recipientId !== undefined && log.recipientId !== filter.recipientId) continue;
      if (filter.type !== undefined && log.type !== filter.type) continue;
      result.push(log);
    }
    return result;
  }
}
