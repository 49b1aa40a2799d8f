// Storage for one data directory: deliveries in lowdb, tracking logs in a group-committed
// append-only journal indexed in memory, and a lock so only one daemon writes the directory.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MAX_PREPARE_BYTES, type Delivery, type TrackingLog } from '@linktrace/core';
import { MAX_LINKS, MAX_RECIPIENTS } from '../delivery-limits';
import { DEFAULT_KEEP_DELIVERIES, DeliveryStore, type DeliveryLimits } from './deliveries';
import { DataDirLostError, StorageClosedError } from './errors';
import { DEFAULT_SEGMENT_MAX_BYTES, isClearRecord, JOURNAL_DIR, toTrackingLog, type JournalRecord } from './journal-format';
import { readLogsAt } from './journal-lookup';
import { readJournal } from './journal-reader';
import { DEFAULT_DURABILITY, DEFAULT_SYNC_INTERVAL_MS, JournalWriter, nodeJournalIo, type BatchPosition, type CommitInfo, type Durability, type JournalIo } from './journal-writer';
import { prepareDataDir } from './data-dir';
import { DataDirLock } from './lock';
import { checkOwnDirectory } from './safe-files';
import { LogIndex, type DeliveryCounts } from './log-index';
import { readSnapshot, writeSnapshot, type IndexSnapshot } from './log-snapshot';
import { RECENT_LOGS, RecentLogs } from './recent-logs';
import type { LogFilter, OpenReport, Storage } from './types';

export type { DamagedSpan, DeliveryCounts, LogFilter, OpenReport, Storage } from './types';
export { DAMAGED_DIR } from './journal-reader';
export { CorruptDataError, DataDirLockedError, DataDirLostError, DeliveryLimitError, ForeignFileError, StorageClosedError, UntrustedDataDirError } from './errors';
export { DATA_DIR_MARKER_FILE, GITIGNORE_FILE } from './data-dir';
export type { CommitInfo, Durability, JournalIo } from './journal-writer';
export { DEFAULT_DURABILITY, DEFAULT_SYNC_INTERVAL_MS, DURABILITY_MODES } from './journal-writer';
export { DEFAULT_KEEP_DELIVERIES, DELIVERIES_DIR, DELIVERIES_FILE, type DeliveryLimits } from './deliveries';
export { LOCK_FILE } from './lock';
export { JOURNAL_DIR, DEFAULT_SEGMENT_MAX_BYTES, segmentFileName, encodeRecord } from './journal-format';

/** Where data lives unless told otherwise: `.linktrace/` in the working directory. */
export const DEFAULT_DATA_DIR = '.linktrace';

export interface StorageOptions {
  /** What an acknowledged append survives: 'process' (default; kill -9) or 'disk' (power cut too). */
  durability?: Durability;
  /** 'process' mode: the longest written logs wait for their background fdatasync (default 50 ms). */
  syncIntervalMs?: number;
  /** 'process' mode: a background fdatasync failed; appends are refused from then on. */
  onSyncError?: (error: Error) => void;
  /** A journal segment rolls over before a batch would take it past this size. */
  maxSegmentBytes?: number;
  /** Called once per group commit (one write + one fdatasync). */
  onCommit?: (commit: CommitInfo) => void;
  /** File operations of the journal writer; replaced in tests to inject faults. */
  journalIo?: JournalIo;
  /** The user vouched for an existing directory that has no creation marker of its own. */
  trustDataDir?: boolean;
  /** Deliveries kept: saving one more retires the oldest, with its logs (default 200). */
  keepDeliveries?: number;
  /** What one stored delivery may hold (default: the limits prepare enforces). */
  deliveryLimits?: Partial<DeliveryLimits>;
  /** How often an idle daemon checks that its data directory and lock are still its own (default 1 s). */
  ownershipCheckMs?: number;
  /** Called once when the data directory or lock is found deleted or replaced. */
  onLost?: (reason: string) => void;
  /**
   * How often the index snapshot is rewritten in the background while logs arrive (default 10 s),
   * so a start after a crash replays at most this much of the journal.
   */
  snapshotIntervalMs?: number;
  /** A background index snapshot failed (nothing is lost: the journal stays the record). */
  onSnapshotError?: (error: Error) => void;
}

export const DEFAULT_SNAPSHOT_INTERVAL_MS = 10_000;

class DataDirStorage implements Storage {
  private readonly lock: DataDirLock;
  private readonly deliveries: DeliveryStore;
  private index = new LogIndex();
  private recent = new RecentLogs([], 0);
  private writer: JournalWriter | undefined;
  private journalDir = '';
  /** Where the journal ends after the last batch applied to the index: the snapshot's cursor. */
  private applied = { segment: 0, offset: 0 };
  /** Records applied since the last snapshot was taken. */
  private changesSinceSnapshot = 0;
  private snapshotTimer: NodeJS.Timeout | undefined;
  /** The snapshot being written; never two at once. */
  private snapshotting: Promise<void> | undefined;
  /** Dead segments being deleted (compact()). */
  private compacting: Promise<void> | undefined;
  /** Last seq handed out (some may still be on their way to disk). */
  private assignedSeq = 0;
  /** Last seq that is committed (see Durability), counting cleared logs. */
  private durableSeq = 0;
  private state: 'new' | 'opening' | 'open' | 'closed' = 'new';
  /** Set once the directory or lock is gone: nothing more is written or acknowledged. */
  private lost: string | undefined;
  private ownershipTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly options: StorageOptions,
  ) {
    this.lock = new DataDirLock(dataDir);
    this.deliveries = new DeliveryStore(
      dataDir,
      { maxTemplateBytes: MAX_PREPARE_BYTES, maxLinks: MAX_LINKS, maxRecipients: MAX_RECIPIENTS, ...options.deliveryLimits },
      options.keepDeliveries ?? DEFAULT_KEEP_DELIVERIES,
    );
  }

  async open(): Promise<OpenReport> {
    if (this.state !== 'new') throw new Error(`Storage for ${this.dataDir} was already opened`);
    this.state = 'opening';
    let adopted: boolean;
    try {
      ({ adopted } = await prepareDataDir(this.dataDir, { trust: this.options.trustDataDir }));
      await this.lock.acquire();
    } catch (error) {
      this.state = 'closed';
      throw error;
    }
    try {
      const { migrated } = await this.deliveries.load();
      const journalDir = (this.journalDir = path.join(this.dataDir, JOURNAL_DIR));
      if (!(await checkOwnDirectory(journalDir))) await mkdir(journalDir, { mode: 0o700 });
      const snapshot = await readSnapshot(this.dataDir);
      const journal = await readJournal({ dataDir: this.dataDir, journalDir, snapshot: snapshot && 'cursor' in snapshot ? snapshot : undefined, recentLimit: RECENT_LOGS });
      const snapshotIgnored = snapshot && 'unusable' in snapshot ? snapshot.unusable : journal.snapshotIgnored;
      this.index = journal.index;
      this.recent = new RecentLogs(journal.recent.logs, journal.recent.coversAfter);
      this.assignedSeq = this.durableSeq = journal.lastSeq;
      this.writer = new JournalWriter(journalDir, journal.segments, {
        maxSegmentBytes: this.options.maxSegmentBytes ?? DEFAULT_SEGMENT_MAX_BYTES,
        durability: this.options.durability ?? DEFAULT_DURABILITY,
        syncIntervalMs: this.options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS,
        onSyncError: this.options.onSyncError,
        io: this.options.journalIo ?? nodeJournalIo,
        onCommit: this.options.onCommit,
        onCommitted: (records, where) => this.applyDurable(records, where),
      });
      await this.writer.start();
      this.applied = this.writer.position();
      // A start that replayed more than a snapshot's worth writes one soon, not only at the next stop.
      this.changesSinceSnapshot = journal.fromSnapshot === undefined || snapshotIgnored !== undefined ? 1 : journal.linesRead;
      this.state = 'open';
      this.snapshotTimer = setInterval(() => void this.snapshotInBackground(), this.options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS);
      this.snapshotTimer.unref();
      if (journal.deadSegments > 0) void this.compact();
      // Also while idle, so /healthz turns 503 before the next click is refused.
      this.ownershipTimer = setInterval(() => this.lostBecause(), this.options.ownershipCheckMs ?? 1000);
      this.ownershipTimer.unref();
      return {
        logs: this.index.size,
        ...(journal.droppedTail ? { droppedTail: journal.droppedTail } : {}),
        ...(journal.damaged.length > 0 ? { damaged: journal.damaged } : {}),
        ...(adopted ? { adoptedDataDir: true } : {}),
        ...(migrated !== undefined ? { migratedDeliveries: migrated } : {}),
        ...(journal.fromSnapshot !== undefined && snapshotIgnored === undefined ? { snapshot: { logs: journal.fromSnapshot } } : {}),
        ...(snapshotIgnored !== undefined ? { snapshot: { ignored: snapshotIgnored } } : {}),
      };
    } catch (error) {
      this.state = 'closed';
      await this.writer?.close().catch(() => undefined);
      await this.lock.release();
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closed';
    clearInterval(this.ownershipTimer);
    clearInterval(this.snapshotTimer);
    try {
      try {
        await this.writer!.close();
      } catch (error) {
        // A directory that was deleted under us cannot be synced: that loss was already reported.
        if (this.lostBecause() === undefined) throw error;
      }
      await this.deliveries.flush();
      await this.compacting;
      await this.snapshotting;
      // The next start loads this index and replays nothing (log-snapshot.ts).
      if (this.lost === undefined && this.lock.lostBecause() === undefined && this.changesSinceSnapshot > 0) {
        await writeSnapshot(this.dataDir, this.takeSnapshot()).catch(() => undefined);
      }
    } finally {
      // release() itself removes only a lock that is still this holder's.
      await this.lock.release();
    }
  }

  lostBecause(quick = false): string | undefined {
    if (this.lost === undefined && this.state === 'open') {
      const reason = this.lock.lostBecause(quick);
      if (reason !== undefined) {
        this.lost = reason;
        this.options.onLost?.(reason);
      }
    }
    return this.lost;
  }

  /**
   * The error a write gets when it must not happen, or undefined when it may. Appends rely on the
   * check each batch gets before it is acknowledged; rarer writes look afresh.
   */
  private refusal(operation: string): Error | undefined {
    if (this.state !== 'open') return new StorageClosedError(operation);
    const lost = operation === 'appendLog' ? this.lost : this.lostBecause();
    return lost === undefined ? undefined : new DataDirLostError(lost);
  }

  setOwnerInfo(info: { url?: string }): Promise<void> {
    const refused = this.refusal('setOwnerInfo');
    if (refused) return Promise.reject(refused);
    return this.lock.update(info);
  }

  async saveDelivery(delivery: Delivery): Promise<void> {
    const refused = this.refusal('saveDelivery');
    if (refused) throw refused;
    const retired = await this.deliveries.save(delivery);
    // A retired delivery's logs could never be reported again: they go with it.
    for (const id of retired) await this.clearLogs(id);
  }

  async deleteDelivery(id: string): Promise<boolean> {
    const refused = this.refusal('deleteDelivery');
    if (refused) throw refused;
    if (!(await this.deliveries.remove(id))) return false;
    await this.clearLogs(id);
    return true;
  }

  getDelivery(id: string): Delivery | undefined {
    return this.deliveries.get(id);
  }

  listDeliveries(): Delivery[] {
    return this.deliveries.list();
  }

  setOptedOut(deliveryId: string, recipientId: string): Promise<void> {
    const refused = this.refusal('setOptedOut');
    if (refused) return Promise.reject(refused);
    return this.deliveries.setOptedOut(deliveryId, recipientId);
  }

  appendLog(entry: Omit<TrackingLog, 'seq'>): Promise<TrackingLog> {
    const refused = this.refusal('appendLog');
    if (refused) return Promise.reject(refused);
    const log = toTrackingLog(entry, this.assignedSeq + 1);
    if (typeof log === 'string') return Promise.reject(new TypeError(`Invalid tracking log: ${log}`));
    // Seqs of a batch that fails are not handed out again: a caller may have seen them in an error.
    this.assignedSeq = log.seq;
    return this.writer!.append(log).then(() => log);
  }

  readLogs(afterSeq: number, filter?: LogFilter, limit?: number): Promise<TrackingLog[]> {
    if (this.state !== 'open') return Promise.reject(new StorageClosedError('readLogs'));
    return readLogsAt(this.journalDir, this.index.locate(afterSeq, filter, limit));
  }

  recentLogs(afterSeq: number, filter?: LogFilter, limit?: number): TrackingLog[] | undefined {
    return this.recent.after(afterSeq, filter, limit);
  }

  countLogs(deliveryId: string): DeliveryCounts {
    return this.index.countsOf(deliveryId);
  }

  lastSeq(): number {
    return this.durableSeq;
  }

  clearLogs(deliveryId?: string): Promise<void> {
    const refused = this.refusal('clearLogs');
    if (refused) return Promise.reject(refused);
    const uptoSeq = this.assignedSeq;
    return this.writer!.append(deliveryId === undefined ? { clear: { uptoSeq } } : { clear: { uptoSeq, deliveryId } });
  }

  private applyDurable(records: readonly JournalRecord[], where: BatchPosition): void {
    // The last look before acknowledging: a batch written into a deleted or replaced directory is
    // refused (its callers answer 503), and nothing after it is written.
    const lost = this.lostBecause(true);
    if (lost !== undefined) throw new DataDirLostError(lost);
    let offset = where.offset;
    for (const [i, record] of records.entries()) {
      const length = where.lengths[i]!;
      if (isClearRecord(record)) {
        const { uptoSeq, deliveryId } = record.clear;
        if (deliveryId === undefined) this.index.clear(uptoSeq);
        else this.index.clear(0, new Map([[deliveryId, uptoSeq]]));
        this.recent.clear(uptoSeq, deliveryId);
        this.durableSeq = Math.max(this.durableSeq, uptoSeq);
        if (deliveryId !== undefined) void this.compact();
      } else {
        this.index.addLog(record, where.segment, offset, length);
        this.recent.push(record);
        this.durableSeq = record.seq;
      }
      offset += length;
    }
    this.applied = { segment: where.segment, offset };
    this.changesSinceSnapshot += records.length;
  }

  /**
   * After a delivery's logs were cleared (deleted or retired delivery): the oldest sealed segments
   * that no live log is in any more are deleted. A fresh snapshot that no longer lists them is
   * written first, so a crash in between leaves segments the next start knows to be dead. Segments
   * with some live logs are kept whole (rewriting them is the next step; see the README).
   */
  private compact(): Promise<void> {
    this.compacting ??= (async () => {
      try {
        // Rounds until nothing more is dead (a clear may land while one runs).
        for (;;) {
          await this.snapshotting;
          const segments = this.writer!.segmentList();
          const active = this.writer!.position();
          // The newest record carries the seq high-water mark: while the active segment is still
          // empty, the segment before it stays.
          const keepFrom = active.offset > 0 || segments.length < 2 ? active.segment : segments[segments.length - 2]!.index;
          const before = Math.min(this.index.firstSegment(), keepFrom, this.applied.segment);
          if (this.state !== 'open' || this.lost !== undefined || !segments.some((s) => s.index < before)) return;
          const snapshot = this.takeSnapshot();
          snapshot.segments = snapshot.segments.filter((s) => s.index >= before);
          await (this.snapshotting = this.writer!.sync()
            .then(() => writeSnapshot(this.dataDir, snapshot))
            .finally(() => (this.snapshotting = undefined)));
          await this.writer!.removeSegmentsBefore(before);
        }
      } catch (error) {
        this.changesSinceSnapshot++;
        this.options.onSnapshotError?.(error as Error);
      } finally {
        this.compacting = undefined;
      }
    })();
    return this.compacting;
  }

  /** The index as of the last applied batch, and the journal position it covers. */
  private takeSnapshot(): IndexSnapshot {
    const cursor = { ...this.applied, lastSeq: this.durableSeq };
    const segments = this.writer!.segmentList()
      .filter((segment) => segment.index <= cursor.segment)
      .map((segment) => ({ index: segment.index, size: segment.index === cursor.segment ? cursor.offset : segment.size }));
    const { columns, ids } = this.index.exportState();
    this.changesSinceSnapshot = 0;
    return { cursor, segments, columns, ids: [...ids] };
  }

  /**
   * Rewrites the index snapshot when logs arrived since the last one. The rows are taken at once
   * (views on the index's arrays, which are never changed in place); the file is written off the
   * main thread, so clicks go on meanwhile.
   */
  private snapshotInBackground(): Promise<void> {
    // Not while dead segments are being deleted: that snapshot must not list them again.
    if (this.state !== 'open' || this.snapshotting || this.compacting || this.changesSinceSnapshot === 0 || this.lost !== undefined) return this.snapshotting ?? Promise.resolve();
    const snapshot = this.takeSnapshot();
    // The journal it covers is made durable first: a snapshot must never point past what a power
    // cut would leave of the journal ('process' mode syncs in the background).
    this.snapshotting = this.writer!.sync()
      .then(() => writeSnapshot(this.dataDir, snapshot))
      .catch((error: Error) => {
        this.changesSinceSnapshot++;
        this.options.onSnapshotError?.(error);
      })
      .finally(() => (this.snapshotting = undefined));
    return this.snapshotting;
  }

  /** Writes the index snapshot now (tests, benchmarks); resolves once it is on disk. */
  async flushSnapshot(): Promise<void> {
    await this.compacting;
    await this.snapshotting;
    await this.snapshotInBackground();
  }
}

/** Storage for the data directory `dataDir` (created with mode 0700 on open if missing). */
export function createStorage(dataDir: string, options: StorageOptions = {}): Storage {
  const { durability, syncIntervalMs } = options;
  if (durability !== undefined && durability !== 'process' && durability !== 'disk') throw new TypeError(`durability must be "process" or "disk", not ${JSON.stringify(durability)}`);
  if (syncIntervalMs !== undefined && !(Number.isInteger(syncIntervalMs) && syncIntervalMs >= 1 && syncIntervalMs <= 60_000)) {
    throw new TypeError(`syncIntervalMs must be an integer from 1 to 60000, not ${String(syncIntervalMs)}`);
  }
  const { keepDeliveries } = options;
  if (keepDeliveries !== undefined && !(Number.isSafeInteger(keepDeliveries) && keepDeliveries >= 1)) throw new TypeError(`keepDeliveries must be a whole number of at least 1, not ${String(keepDeliveries)}`);
  return new DataDirStorage(path.resolve(dataDir), options);
}
