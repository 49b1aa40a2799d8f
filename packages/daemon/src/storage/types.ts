// The one interface through which the daemon reaches storage (lowdb-style: a small core and
// swappable adapters). Deliveries are few and small: a lowdb JSON document. Tracking logs are
// many: an append-only journal, so a write never costs more as the log grows.
import type { Delivery, LogType, TrackingLog } from '@linktrace/core';

export interface LogFilter {
  deliveryId?: string;
  recipientId?: string;
  type?: LogType;
}

export interface OpenReport {
  logs: number;
  /**
   * A torn journal tail (a crash mid-write, or a power cut in 'process' mode) that was dropped on
   * open: the incomplete or unreadable lines at the very end of the newest segment, never
   * acknowledged in 'disk' mode. Everything before it was kept.
   */
  droppedTail?: { file: string; bytes: number; records: number };
  /** An existing directory without its own creation marker was opened on the user's word. */
  adoptedDataDir?: true;
  /**
   * The logs read from the snapshot of the last clean stop (only the journal after it was parsed),
   * or why the snapshot was ignored (the whole journal was parsed; nothing is lost either way).
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
  /** Logs with seq > afterSeq, in seq order. */
  logsAfter(afterSeq: number, filter?: LogFilter, limit?: number): TrackingLog[];
  lastSeq(): number;
  /** Removes logs (of one delivery, or all); seq keeps counting up. */
  clearLogs(deliveryId?: string): Promise<void>;
}
