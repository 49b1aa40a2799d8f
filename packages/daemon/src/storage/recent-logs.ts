// The newest logs, kept as objects so that live subscribers — who are nearly always caught up — are
// fed from memory on each click instead of from the journal. Bounded: at most twice `limit` logs.
import type { TrackingLog } from '@linktrace/core';
import type { LogFilter } from './types';

export const RECENT_LOGS = 4096;

function matches(log: TrackingLog, filter: LogFilter): boolean {
  return (
    (filter.deliveryId === undefined || log.deliveryId === filter.deliveryId) &&
    (filter.recipientId === undefined || log.recipientId === filter.recipientId) &&
    (filter.type === undefined || log.type === filter.type)
  );
}

export class RecentLogs {
  constructor(
    private logs: TrackingLog[],
    /** Every live log with a greater seq is in `logs`. */
    private coversAfter: number,
    private readonly limit = RECENT_LOGS,
  ) {}

  /** Logs arrive in seq order. */
  push(log: TrackingLog): void {
    this.logs.push(log);
    if (this.logs.length > 2 * this.limit) {
      this.coversAfter = this.logs[this.logs.length - this.limit - 1]!.seq;
      this.logs = this.logs.slice(-this.limit);
    }
  }

  clear(uptoSeq: number, deliveryId?: string): void {
    this.logs = this.logs.filter((log) => log.seq > uptoSeq || (deliveryId !== undefined && log.deliveryId !== deliveryId));
  }

  /** The matching logs after `afterSeq`, or undefined when some of them are no longer held here. */
  after(afterSeq: number, filter: LogFilter = {}, limit = Infinity): TrackingLog[] | undefined {
    if (afterSeq < this.coversAfter) return undefined;
    let low = 0;
    let high = this.logs.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.logs[mid]!.seq <= afterSeq) low = mid + 1;
      else high = mid;
    }
    const found: TrackingLog[] = [];
    for (let i = low; i < this.logs.length && found.length < limit; i++) if (matches(this.logs[i]!, filter)) found.push(this.logs[i]!);
    return found;
  }
}
