// What the daemon keeps in memory about its stored logs: not the logs (they stay in the journal and
// are read when asked for), but one compact row per log in typed arrays — seq, where its line is
// (segment, offset, length) and the ids a query or a count filters on (delivery, recipient, link,
// type) as numbers into a table of distinct ids. About 33 bytes per log, no object per log, so the
// garbage collector never walks them: a million logs are ~33 MB of plain memory.
import { LOG_TYPES, type LogType, type TrackingLog } from '@linktrace/core';
import type { LogFilter } from './types';

/** Where one log's line is in the journal. */
export interface LogLocation {
  seq: number;
  segment: number;
  offset: number;
  length: number;
}

const TYPE_NUMBER = new Map<string, number>(LOG_TYPES.map((type, i) => [type, i]));
const NO_LINK = 0xffffffff;
const FIRST_CAPACITY = 1024;

/** The columns of a LogIndex, as written to and read from its snapshot. */
export interface IndexColumns {
  count: number;
  seq: Float64Array;
  segment: Uint32Array;
  offset: Uint32Array;
  length: Uint32Array;
  delivery: Uint32Array;
  recipient: Uint32Array;
  /** NO_LINK where the log has no link. */
  link: Uint32Array;
  type: Uint8Array;
}

export const COLUMN_NAMES = ['seq', 'segment', 'offset', 'length', 'delivery', 'recipient', 'link', 'type'] as const;
export type ColumnName = (typeof COLUMN_NAMES)[number];
export const COLUMN_TYPES = { seq: Float64Array, segment: Uint32Array, offset: Uint32Array, length: Uint32Array, delivery: Uint32Array, recipient: Uint32Array, link: Uint32Array, type: Uint8Array } as const;

function emptyColumns(capacity: number): IndexColumns {
  return {
    count: 0,
    seq: new Float64Array(capacity),
    segment: new Uint32Array(capacity),
    offset: new Uint32Array(capacity),
    length: new Uint32Array(capacity),
    delivery: new Uint32Array(capacity),
    recipient: new Uint32Array(capacity),
    link: new Uint32Array(capacity),
    type: new Uint8Array(capacity),
  };
}

/** Per-delivery figures from the index alone: what a count needs without reading a log. */
export interface DeliveryCounts {
  byType: Partial<Record<LogType, number>>;
  byLink: Map<string, number>;
  byRecipient: Map<string, number>;
}

export class LogIndex {
  private columns: IndexColumns = emptyColumns(FIRST_CAPACITY);
  /** Distinct ids (deliveries, recipients, links); columns hold their numbers. */
  private ids: string[] = [];
  private idNumbers = new Map<string, number>();
  /**
   * Per-delivery counts, built from the columns the first time a delivery is asked for (one scan)
   * and kept current from then on; a start-up computes none of them.
   */
  private counts = new Map<number, { byType: number[]; byLink: Map<number, number>; byRecipient: Map<number, number> }>();

  get size(): number {
    return this.columns.count;
  }

  /** The lowest journal segment any live log is in (Infinity when there is none). */
  firstSegment(): number {
    return this.columns.count === 0 ? Infinity : this.columns.segment[0]!;
  }

  /** The highest seq indexed, or 0. */
  lastSeq(): number {
    const { count, seq } = this.columns;
    return count === 0 ? 0 : seq[count - 1]!;
  }

  /** Adds the row of a log whose line is at `segment`/`offset`, `length` bytes. Logs arrive in seq order (the journal's). */
  addLog(log: Pick<TrackingLog, 'seq' | 'type' | 'deliveryId' | 'recipientId' | 'linkId'>, segment: number, offset: number, length: number): void {
    let c = this.columns;
    if (c.count === c.seq.length) c = this.columns = grow(c, c.count * 2);
    const i = c.count;
    const delivery = this.idNumber(log.deliveryId);
    const recipient = this.idNumber(log.recipientId);
    const link = log.linkId === undefined ? NO_LINK : this.idNumber(log.linkId);
    const type = TYPE_NUMBER.get(log.type)!;
    c.seq[i] = log.seq;
    c.segment[i] = segment;
    c.offset[i] = offset;
    c.length[i] = length;
    c.delivery[i] = delivery;
    c.recipient[i] = recipient;
    c.link[i] = link;
    c.type[i] = type;
    c.count = i + 1;
    this.counts.get(delivery) && this.count(delivery, recipient, link, type);
  }

  /**
   * Drops the rows with seq <= uptoSeq (of one delivery, or all; several tombstones at once). The
   * survivors are copied into new arrays: a snapshot being written from the old ones is not changed.
   */
  clear(clearAllUpto: number, clearDeliveryUpto: ReadonlyMap<string, number> = new Map()): void {
    const byNumber = new Map<number, number>();
    for (const [id, upto] of clearDeliveryUpto) {
      const number = this.idNumbers.get(id);
      if (number !== undefined) byNumber.set(number, upto);
    }
    const old = this.columns;
    const keep = (i: number) => old.seq[i]! > clearAllUpto && old.seq[i]! > (byNumber.get(old.delivery[i]!) ?? 0);
    let kept = 0;
    for (let i = 0; i < old.count; i++) if (keep(i)) kept++;
    if (kept === old.count) return;
    const next = emptyColumns(Math.max(FIRST_CAPACITY, kept * 2));
    for (let i = 0; i < old.count; i++) {
      if (!keep(i)) continue;
      for (const name of COLUMN_NAMES) next[name][next.count] = old[name][i]!;
      next.count++;
    }
    this.columns = next;
    this.counts.clear();
  }

  /** Where the logs after `afterSeq` that match the filter are, in seq order, at most `limit`. */
  locate(afterSeq: number, filter: LogFilter = {}, limit = Infinity): LogLocation[] {
    const found: LogLocation[] = [];
    if (!(limit > 0)) return found;
    const c = this.columns;
    const want = (id: string | undefined): number | undefined | false => (id === undefined ? undefined : (this.idNumbers.get(id) ?? false));
    const delivery = want(filter.deliveryId);
    const recipient = want(filter.recipientId);
    const type = filter.type === undefined ? undefined : TYPE_NUMBER.get(filter.type);
    if (delivery === false || recipient === false) return found;
    for (let i = firstAfter(c, afterSeq); i < c.count && found.length < limit; i++) {
      if (delivery !== undefined && c.delivery[i] !== delivery) continue;
      if (recipient !== undefined && c.recipient[i] !== recipient) continue;
      if (type !== undefined && c.type[i] !== type) continue;
      found.push({ seq: c.seq[i]!, segment: c.segment[i]!, offset: c.offset[i]!, length: c.length[i]! });
    }
    return found;
  }

  /** This delivery's figures (kept current with every log), without reading any log. */
  countsOf(deliveryId: string): DeliveryCounts {
    const number = this.idNumbers.get(deliveryId);
    const counts = number === undefined ? undefined : (this.counts.get(number) ?? this.countDelivery(number));
    const byType: DeliveryCounts['byType'] = {};
    const byLink = new Map<string, number>();
    const byRecipient = new Map<string, number>();
    if (counts) {
      counts.byType.forEach((n, type) => n > 0 && (byType[LOG_TYPES[type]!] = n));
      for (const [link, n] of counts.byLink) byLink.set(this.ids[link]!, n);
      for (const [recipient, n] of counts.byRecipient) byRecipient.set(this.ids[recipient]!, n);
    }
    return { byType, byLink, byRecipient };
  }

  /** The columns and id table, for the snapshot (the arrays are shared, not copied: never changed in place). */
  exportState(): { columns: IndexColumns; ids: readonly string[] } {
    return { columns: { ...this.columns }, ids: [...this.ids] };
  }

  /** Takes over the state of a snapshot that was checked (log-snapshot.ts). */
  static fromState(columns: IndexColumns, ids: string[]): LogIndex {
    const index = new LogIndex();
    index.columns = columns.count === columns.seq.length ? grow(columns, Math.max(FIRST_CAPACITY, columns.count * 2)) : { ...columns };
    index.ids = ids;
    index.idNumbers = new Map(ids.map((id, i) => [id, i]));
    return index;
  }

  private idNumber(id: string): number {
    let number = this.idNumbers.get(id);
    if (number === undefined) {
      number = this.ids.push(id) - 1;
      this.idNumbers.set(id, number);
    }
    return number;
  }

  private count(delivery: number, recipient: number, link: number, type: number): void {
    const counts = this.counts.get(delivery)!;
    counts.byType[type]! += 1;
    counts.byRecipient.set(recipient, (counts.byRecipient.get(recipient) ?? 0) + 1);
    if (link !== NO_LINK) counts.byLink.set(link, (counts.byLink.get(link) ?? 0) + 1);
  }

  private countDelivery(delivery: number): NonNullable<ReturnType<typeof this.counts.get>> {
    const counts = { byType: LOG_TYPES.map(() => 0), byLink: new Map<number, number>(), byRecipient: new Map<number, number>() };
    this.counts.set(delivery, counts);
    const c = this.columns;
    for (let i = 0; i < c.count; i++) if (c.delivery[i] === delivery) this.count(delivery, c.recipient[i]!, c.link[i]!, c.type[i]!);
    return counts;
  }
}

function grow(old: IndexColumns, capacity: number): IndexColumns {
  const next = emptyColumns(capacity);
  for (const name of COLUMN_NAMES) (next[name] as { set(a: ArrayLike<number>): void }).set(old[name].subarray(0, old.count));
  next.count = old.count;
  return next;
}

/** First row whose seq is greater than afterSeq (rows are in seq order). */
function firstAfter(c: IndexColumns, afterSeq: number): number {
  let low = 0;
  let high = c.count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (c.seq[mid]! <= afterSeq) low = mid + 1;
    else high = mid;
  }
  return low;
}
