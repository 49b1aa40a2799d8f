// Storage for one data directory: deliveries in lowdb, tracking logs in a group-committed
// append-only journal indexed in memory, and a lock so only one daemon writes the directory.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { MAX_PREPARE_BYTES, type Delivery, type TrackingLog } from '@linktrace/core';
import { MAX_LINKS, MAX_RECIPIENTS } from '../delivery-limits';
import { DEFAULT_KEEP_DELIVERIES, DeliveryStore, type DeliveryLimits } from './deliveries';
import { DataDirLostError, StorageClosedError } from './errors';
import { DEFAULT_SEGMENT_MAX_BYTES, isClearRecord, JOURNAL_DIR, toTrackingLog, type JournalRecord } from './journal-format';
import { readJournal } from './journal-reader';
import { DEFAULT_DURABILITY, DEFAULT_SYNC_INTERVAL_MS, JournalWriter, nodeJournalIo, type CommitInfo, type Durability, type JournalIo } from './journal-writer';
import { prepareDataDir } from './data-dir';
import { DataDirLock } from './lock';
import { checkOwnDirectory } from './safe-files';
import { LogIndex } from './log-index';
import { readSnapshot, writeSnapshot } from './log-snapshot';
import type { LogFilter, OpenReport, Storage } from './types';

export type { LogFilter, OpenReport, Storage } from './types';
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
}

class DataDirStorage implements Storage {
  private readonly lock: DataDirLock;
  private readonly deliveries: DeliveryStore;
  private readonly logs = new LogIndex();
  private writer: JournalWriter | undefined;
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
      const journalDir = path.join(this.dataDir, JOURNAL_DIR);
      if (!(await checkOwnDirectory(journalDir))) await mkdir(journalDir, { mode: 0o700 });
      const snapshot = await readSnapshot(this.dataDir);
      const journal = await readJournal(journalDir, snapshot && 'cursor' in snapshot ? snapshot : undefined);
      const snapshotIgnored = snapshot && 'unusable' in snapshot ? snapshot.unusable : journal.snapshotIgnored;
      for (const log of journal.logs) this.logs.add(log);
      this.assignedSeq = this.durableSeq = journal.lastSeq;
      this.writer = new JournalWriter(journalDir, journal.segments, {
        maxSegmentBytes: this.options.maxSegmentBytes ?? DEFAULT_SEGMENT_MAX_BYTES,
        durability: this.options.durability ?? DEFAULT_DURABILITY,
        syncIntervalMs: this.options.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS,
        onSyncError: this.options.onSyncError,
        io: this.options.journalIo ?? nodeJournalIo,
        onCommit: this.options.onCommit,
        onCommitted: (records) => this.applyDurable(records),
      });
      await this.writer.start();
      this.state = 'open';
      // Also while idle, so /healthz turns 503 before the next click is refused.
      this.ownershipTimer = setInterval(() => this.lostBecause(), this.options.ownershipCheckMs ?? 1000);
      this.ownershipTimer.unref();
      return {
        logs: this.logs.size,
        ...(journal.droppedTail ? { droppedTail: journal.droppedTail } : {}),
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
    try {
      await this.writer!.close();
      await this.deliveries.flush();
      // The next start reads these logs at once and replays only what comes after (log-snapshot.ts).
      if (this.lost === undefined && this.lock.lostBecause() === undefined) {
        await writeSnapshot(this.dataDir, { cursor: { ...this.writer!.position(), lastSeq: this.durableSeq }, logs: this.logs.after(0) }).catch(() => undefined);
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

  logsAfter(afterSeq: number, filter?: LogFilter, limit?: number): TrackingLog[] {
    return this.logs.after(afterSeq, filter, limit);
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

  private applyDurable(records: readonly JournalRecord[]): void {
    // The last look before acknowledging: a batch written into a deleted or replaced directory is
    // refused (its callers answer 503), and nothing after it is written.
    const lost = this.lostBecause(true);
    if (lost !== undefined) throw new DataDirLostError(lost);
    for (const record of records) {
      if (isClearRecord(record)) {
        this.logs.clear(record.clear.uptoSeq, record.clear.deliveryId);
        this.durableSeq = Math.max(this.durableSeq, record.clear.uptoSeq);
      } else {
        this.logs.add(record);
        this.durableSeq = record.seq;
      }
    }
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
