// Appends records to the newest journal segment with group commit: every record queued while the
// previous batch was being written (or within the same tick) goes out in one write, and each
// caller's promise settles only once its batch is committed. What "committed" means is the
// durability mode, and it is the only difference between the two modes:
// - 'disk': the batch is on stable storage (fdatasync, or an O_DSYNC write) — survives a power cut.
// - 'process': the batch is in the OS (write(2) returned) — survives any crash or kill of this
//   process; a background fdatasync runs at least every `syncIntervalMs`, so a power cut loses at
//   most that window. Appends are never acknowledged before their write(2) returns.
// Old segments are never written again; a segment rolls over once the next batch would push it
// past its maximum.
import fs from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { encodeRecord, isClearRecord, segmentFileName, type JournalRecord } from './journal-format';
import type { SegmentInfo } from './journal-reader';
import { StorageClosedError } from './errors';
import { O_NOFOLLOW, openOwnFd, syncDirectory } from './safe-files';

/** The file operations the writer needs; injectable so tests can count syncs and inject faults. */
export interface JournalIo {
  write(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number>;
  /**
   * The same write(2), synchronously. 'process' mode uses it when present: its batch only has to
   * reach the OS, which takes microseconds, and waiting for a thread-pool turn instead would keep
   * every click of the batch waiting longer than the write itself.
   */
  writeSync?(fd: number, buffer: Buffer, offset: number, length: number, position: number): number;
  fdatasync(fd: number): Promise<void>;
  ftruncate(fd: number, length: number): Promise<void>;
}

const writeAsync = promisify(fs.write);
// Raw descriptors, not FileHandles: a FileHandle would be closed under us if it were collected.
const openFd = promisify(fs.open);
const closeFd = promisify(fs.close);
export const nodeJournalIo: JournalIo = {
  write: async (fd, buffer, offset, length, position) => (await writeAsync(fd, buffer, offset, length, position)).bytesWritten,
  writeSync: (fd, buffer, offset, length, position) => fs.writeSync(fd, buffer, offset, length, position),
  fdatasync: promisify(fs.fdatasync),
  ftruncate: promisify(fs.ftruncate),
};

/**
 * With the real file operations, segments are opened O_DSYNC so one write is already durable: a
 * group commit costs one thread-pool round trip instead of a write plus an fdatasync. Injected
 * operations keep the explicit fdatasync, which is what they observe and fault.
 */
const { O_DSYNC, O_WRONLY, O_CREAT, O_EXCL } = fs.constants;
const writesAreDurable = (io: JournalIo) => io === nodeJournalIo && process.platform === 'linux' && O_DSYNC !== undefined;

/** Where a committed batch lies: its records are consecutive lines from `offset` on. */
export interface BatchPosition {
  segment: number;
  offset: number;
  /** Bytes of each record's line, newline included, in batch order. */
  lengths: readonly number[];
}

export interface CommitInfo {
  segment: string;
  records: number;
  bytes: number;
}

/** What an acknowledged append survives (see the top of this file and the README). */
export type Durability = 'process' | 'disk';
export const DURABILITY_MODES: readonly Durability[] = ['process', 'disk'];
export const DEFAULT_DURABILITY: Durability = 'process';
/** In 'process' mode, the longest a written batch waits for its background fdatasync. */
export const DEFAULT_SYNC_INTERVAL_MS = 50;

export interface JournalWriterOptions {
  maxSegmentBytes: number;
  durability: Durability;
  /** 'process' mode: written data is fdatasynced at most this long after its write. */
  syncIntervalMs: number;
  /** 'process' mode: a background sync failed; the writer refuses appends from then on. */
  onSyncError?: (error: Error) => void;
  io: JournalIo;
  /** Called once per committed batch (one write, plus its fdatasync in 'disk' mode). */
  onCommit?: (commit: CommitInfo) => void;
  /** Called with each committed batch before its callers' promises resolve. */
  onCommitted: (records: readonly JournalRecord[], where: BatchPosition) => void;
}

interface Pending {
  record: JournalRecord;
  resolve: () => void;
  reject: (error: Error) => void;
}

const isClearAll = (record: JournalRecord) => isClearRecord(record) && record.clear.deliveryId === undefined;

export class JournalWriter {
  private readonly segments: SegmentInfo[];
  private fd = -1;
  /** Bytes of the active segment known durable; writes go exactly there. */
  private size = 0;
  /** A failed write may have left bytes past `size`; they are cut before the next write. */
  private dirty = false;
  /** A new segment's directory entry still needs a directory sync before anything in it is acknowledged. */
  private directorySynced = true;
  private readonly writesAreDurable: boolean;
  private queue: Pending[] = [];
  private loop: Promise<void> | undefined;
  private closing = false;
  /** 'process' mode: bytes were written to the active segment since its last fdatasync. */
  private unsynced = false;
  private syncTimer: NodeJS.Timeout | undefined;
  /** The background sync in flight; the descriptor it syncs is not closed before it settles. */
  private syncing: Promise<void> | undefined;
  /** A background sync failed: what was written may not reach the disk, so nothing more is acknowledged. */
  private syncFailure: Error | undefined;

  constructor(
    private readonly dir: string,
    existing: readonly SegmentInfo[],
    private readonly options: JournalWriterOptions,
  ) {
    this.segments = [...existing];
    // O_DSYNC would make every write wait for the disk: only 'disk' mode wants that.
    this.writesAreDurable = options.durability === 'disk' && writesAreDurable(options.io);
  }

  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await syncDirectory(path.dirname(this.dir));
    const active = this.segments[this.segments.length - 1];
    if (active) {
      this.fd = await openOwnFd(active.file, this.writesAreDurable ? O_DSYNC : 0);
      this.size = active.size;
    } else {
      await this.createSegment(1);
    }
  }

  /** The segments, oldest first, with the bytes written to each. */
  segmentList(): readonly SegmentInfo[] {
    return this.segments;
  }

  /**
   * Deletes the sealed segments numbered below `index` (never the active one). Only for segments
   * that hold nothing live: every log in them is cleared, and so is every log their tombstones
   * cover (a tombstone only covers logs written before it).
   */
  async removeSegmentsBefore(index: number): Promise<number> {
    const active = this.segments[this.segments.length - 1]!;
    let removed = 0;
    for (const segment of this.segments.filter((s) => s.index < index && s !== active)) {
      try {
        await unlink(segment.file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') continue; // only space is lost; retried next time
      }
      this.segments.splice(this.segments.indexOf(segment), 1);
      removed++;
    }
    if (removed > 0) await syncDirectory(this.dir).catch(() => undefined);
    return removed;
  }

  /** Where the next record goes: the active segment's number and its committed size. */
  position(): { segment: number; offset: number } {
    return { segment: this.segments[this.segments.length - 1]!.index, offset: this.size };
  }

  append(record: JournalRecord): Promise<void> {
    if (this.closing) return Promise.reject(new StorageClosedError('append'));
    if (this.syncFailure) return Promise.reject(this.syncFailure);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      this.loop ??= this.drain();
    });
  }

  /**
   * Makes everything written so far durable now ('process' mode; in 'disk' mode it already is).
   * Rejects if a sync failed: then what was written may not be on disk.
   */
  async sync(): Promise<void> {
    await this.syncNow();
    if (this.syncFailure) throw this.syncFailure;
  }

  /** Writes everything queued, then releases the active segment. */
  async close(): Promise<void> {
    this.closing = true;
    while (this.loop) await this.loop;
    clearTimeout(this.syncTimer);
    this.syncTimer = undefined;
    await this.syncNow();
    if (this.fd >= 0) {
      const fd = this.fd;
      this.fd = -1;
      await closeFd(fd);
    }
    // Written logs may not have reached the disk: the caller must hear it.
    if (this.syncFailure) throw this.syncFailure;
  }

  private async drain(): Promise<void> {
    // Appends issued in the same tick as the first one join its batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // The previous batch is durable but is published (onDurable) and its callers told only once the
    // next batch's write is issued: answering them (HTTP responses, broadcasts) then overlaps that
    // write instead of delaying it. Batches are still published and resolved strictly in order.
    let settlePrevious: (() => void) | undefined;
    while (this.queue.length > 0) {
      const clearAllAt = this.queue.findIndex((p) => isClearAll(p.record));
      const batch = this.queue.splice(0, clearAllAt === 0 ? 1 : clearAllAt === -1 ? this.queue.length : clearAllAt);
      const written = clearAllAt === 0 ? this.commitClearAll(batch[0]!) : this.commit(batch);
      settlePrevious?.();
      try {
        const where = await written;
        settlePrevious = () => {
          try {
            this.options.onCommitted(batch.map((p) => p.record), where);
          } catch (error) {
            for (const pending of batch) pending.reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          for (const pending of batch) pending.resolve();
        };
      } catch (error) {
        settlePrevious = undefined;
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const pending of batch) pending.reject(failure);
      }
    }
    settlePrevious?.();
    this.loop = undefined;
  }

  /** Commits the batch (see Durability); its callers are resolved by the drain loop. */
  private async commit(batch: Pending[]): Promise<BatchPosition> {
    const lines = batch.map((p) => encodeRecord(p.record));
    const text = lines.join('');
    const bytes = Buffer.from(text);
    // JSON lines are nearly always ASCII: then a line's bytes are its characters.
    const lengths = bytes.length === text.length ? lines.map((line) => line.length) : lines.map((line) => Buffer.byteLength(line));
    // Awaited only when there is work, so that the write itself is issued before this returns.
    if (this.dirty) await this.cutFailedWrite();
    if (this.size > 0 && this.size + bytes.length > this.options.maxSegmentBytes) await this.roll();
    const where = this.position();
    await this.writeDurably(bytes, batch);
    return { ...where, lengths };
  }

  /**
   * Clearing everything starts a fresh segment with the tombstone as its first line, then deletes
   * the older segments. A crash in between leaves old segments plus the tombstone, which replays to
   * the same empty state; the tombstone also keeps the seq high-water mark once they are gone.
   */
  private async commitClearAll(pending: Pending): Promise<BatchPosition> {
    await this.cutFailedWrite();
    const older = [...this.segments];
    await this.roll();
    const line = Buffer.from(encodeRecord(pending.record));
    const where = { ...this.position(), lengths: [line.length] };
    await this.writeDurably(line, [pending]);
    // The tombstone carries the seq high-water mark: it is on disk before the old segments go.
    if (this.options.durability === 'process') {
      await this.syncNow();
      if (this.syncFailure) throw this.syncFailure;
    }
    let removed = false;
    for (const segment of older) {
      try {
        await unlink(segment.file);
        this.segments.splice(this.segments.indexOf(segment), 1);
        removed = true;
      } catch {
        // Only space is lost: the tombstone already hides these logs, and the next clear retries.
      }
    }
    if (removed) await syncDirectory(this.dir).catch(() => undefined);
    return where;
  }

  private async writeDurably(bytes: Buffer, batch: readonly Pending[]): Promise<void> {
    const { io } = this.options;
    this.dirty = true;
    const writeNow = this.options.durability === 'process' ? io.writeSync : undefined;
    for (let written = 0; written < bytes.length; ) {
      const count = writeNow ? writeNow(this.fd, bytes, written, bytes.length - written, this.size + written) : await io.write(this.fd, bytes, written, bytes.length - written, this.size + written);
      if (count <= 0) throw new Error(`Journal write made no progress (${this.segments[this.segments.length - 1]!.file})`);
      written += count;
    }
    if (this.options.durability === 'disk') {
      if (!this.writesAreDurable) await io.fdatasync(this.fd);
      if (!this.directorySynced) {
        await syncDirectory(this.dir);
        this.directorySynced = true;
      }
    } else {
      this.unsynced = true;
      this.syncTimer ??= setTimeout(() => {
        this.syncTimer = undefined;
        void this.syncNow();
      }, this.options.syncIntervalMs);
    }
    this.size += bytes.length;
    this.dirty = false;
    const active = this.segments[this.segments.length - 1]!;
    active.size = this.size;
    this.options.onCommit?.({ segment: active.file, records: batch.length, bytes: bytes.length });
  }

  /**
   * 'process' mode's background commit to disk: one fdatasync of the active segment (and of the
   * journal directory when a segment is new). Never two at once, and never on a closed descriptor.
   */
  private syncNow(): Promise<void> {
    if (this.syncing) return this.syncing.then(() => (this.unsynced || !this.directorySynced ? this.syncNow() : undefined));
    if (!this.unsynced && this.directorySynced) return Promise.resolve();
    if (this.fd < 0) return Promise.resolve();
    const fd = this.fd;
    this.unsynced = false;
    const run = (async () => {
      try {
        await this.options.io.fdatasync(fd);
        if (!this.directorySynced) {
          this.directorySynced = true;
          await syncDirectory(this.dir);
        }
      } catch (error) {
        // After a failed fdatasync the kernel may have dropped the dirty pages: acknowledging
        // more would promise what cannot be kept (PostgreSQL's "fsyncgate").
        this.syncFailure ??= error instanceof Error ? error : new Error(String(error));
        this.options.onSyncError?.(this.syncFailure);
      }
    })();
    this.syncing = run.finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private async cutFailedWrite(): Promise<void> {
    if (!this.dirty) return;
    await this.options.io.ftruncate(this.fd, this.size);
    await this.options.io.fdatasync(this.fd);
    this.dirty = false;
  }

  private async roll(): Promise<void> {
    // The old segment is synced before its descriptor closes: a background sync cannot reach it later.
    if (this.options.durability === 'process') {
      clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
      await this.syncNow();
      if (this.syncFailure) throw this.syncFailure;
    }
    const previous = this.fd;
    await this.createSegment(this.segments[this.segments.length - 1]!.index + 1);
    await closeFd(previous).catch(() => undefined);
  }

  private async createSegment(index: number): Promise<void> {
    const file = path.join(this.dir, segmentFileName(index));
    this.fd = await openFd(file, (this.writesAreDurable ? O_WRONLY | O_CREAT | O_EXCL | O_DSYNC : O_WRONLY | O_CREAT | O_EXCL) | O_NOFOLLOW, 0o600);
    this.size = 0;
    this.directorySynced = false;
    this.segments.push({ index, file, size: 0 });
  }
}
