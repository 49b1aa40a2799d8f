// The one interface through which the daemon reaches storage (lowdb-style: a small core and
// swappable adapters). Deliveries are few and small: a lowdb JSON document. Tracking logs are
// many: an append-only journal, so a write never costs more as the log grows.
import type { Delivery, LogType, TrackingLog } from '@linktrace/core';
import type { DeliveryCounts } from './log-index';

export type { DeliveryCounts } from './log-index';

export interface LogFilter {
  deliveryId?: string;
  recipientId?: string;
  type?: LogType;
}

/** Unreadable journal lines that were skipped on open; every intact record around them was kept. */
export interface DamagedSpan {
  file: string;
  /** Byte offset of the first unreadable line in `file`. */
  offset: number;
  bytes: number;
  /** Unreadable lines in the span. */
  records: number;
  /** A copy of the span's bytes (the journal itself is left as it was). */
  savedAs: string;
}

export interface OpenReport {
  logs: number;
  /**
   * A torn journal tail (a crash mid-write, or a power cut in 'process' mode) that was dropped on
   * open: the incomplete or unreadable lines at the very end of the newest segment, never
   * acknowledged in 'disk' mode. Everything before it was kept; a copy of its bytes is `savedAs`.
   */
  droppedTail?: { file: string; offset: number; bytes: number; records: number; savedAs: string };
  /** Damaged spans inside the journal, skipped (see DamagedSpan). */
  damaged?: DamagedSpan[];
  /** An existing directory without its own creation marker was opened on the user's word. */
  adoptedDataDir?: true;
  /**
   * The logs indexed from the index snapshot (written in the background and on stop; only the
   * journal after it was parsed), or why it was ignored (the whole journal was parsed; nothing is
   * lost either way).
   */
  snapshot?: { logs: number } | { ignored: string };
  /** Deliveries moved from a one-document deliveries.json of an earlier version into their own files. */
  migratedDeliveries?: number;
}

export interface Storage {
  open(): Promise<OpenReport>;
  /** Flushes pending writes and releases files. */
  close(): Promise<void>;
  /**
   * Records facts about the running daemon in the data directory's lock (call after listen), so a
   * second daemon refused by the lock can name the URL of the one that holds it.
   */
  setOwnerInfo(info: { url?: string }): Promise<void>;

  /**
   * Why this storage stopped writing — its data directory or lock was deleted or replaced — or
   * undefined while it is the directory's one writer. Checked before every acknowledgement.
   */
  lostBecause(): string | undefined;

  /**
   * Stores a delivery in its own file and lists it in the index; it is served (getDelivery) only
   * once both are on disk. Beyond the retention the oldest delivery is retired, with its logs.
   * DeliveryLimitError when it is over the limits.
   */
  saveDelivery(delivery: Delivery): Promise<void>;
  /** Removes a delivery and its logs; false when there is none with that id. */
  deleteDelivery(id: string): Promise<boolean>;
  getDelivery(id: string): Delivery | undefined;
  listDeliveries(): Delivery[];
  setOptedOut(deliveryId: string, recipientId: string): Promise<void>;

  /**
   * Resolves once the log is committed — written to the OS ('process' durability) or on disk
   * ('disk') — only then may a request be acknowledged.
   */
  appendLog(entry: Omit<TrackingLog, 'seq'>): Promise<TrackingLog>;
  /** Logs with seq > afterSeq, in seq order, read from the journal. */
  readLogs(afterSeq: number, filter?: LogFilter, limit?: number): Promise<TrackingLog[]>;
  /**
   * The same from memory, where only the newest logs are held: undefined when some log after
   * `afterSeq` is no longer there (then readLogs). What a live subscriber needs per click.
   */
  recentLogs(afterSeq: number, filter?: LogFilter, limit?: number): TrackingLog[] | undefined;
  /** How many logs a delivery has, per type, link and recipient (kept in memory; no log is read). */
  countLogs(deliveryId: string): DeliveryCounts;
  lastSeq(): number;
  /** Writes the log index snapshot now if logs changed since the last one (it is also written every few seconds and on close). */
  flushSnapshot(): Promise<void>;
  /** Removes logs (of one delivery, or all); seq keeps counting up. */
  clearLogs(deliveryId?: string): Promise<void>;
}
