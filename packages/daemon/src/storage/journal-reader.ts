// Rebuilds the log index on open: from the index snapshot plus the journal written after it, or,
// without a usable snapshot, from the whole journal. Only each record's ids and position are kept
// (log-index.ts), never the logs.
//
// Damage is survived, not obeyed: unreadable lines anywhere but the very end are a damaged span —
// skipped, every intact record after it recovered, and reported (file, offset, bytes, lines); the
// span's bytes are copied aside under `damaged/` first and the journal itself is left as found.
// Unreadable lines at the very end of the newest segment are a torn tail (a crash mid-write): copied
// aside too, then cut away so appends continue after the last good record.
import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import type { TrackingLog } from '@linktrace/core';
import { decodeRecord, isClearRecord, segmentIndex } from './journal-format';
import { LogIndex } from './log-index';
import type { IndexSnapshot } from './log-snapshot';
import { openOwnFile, writeNewFile } from './safe-files';
import type { DamagedSpan, OpenReport } from './types';

export interface SegmentInfo {
  index: number;
  file: string;
  size: number;
}

export interface JournalState {
  index: LogIndex;
  /** Highest seq ever assigned, including cleared logs. */
  lastSeq: number;
  /** In index order; the last one is where appends continue. */
  segments: SegmentInfo[];
  droppedTail?: OpenReport['droppedTail'];
  damaged: DamagedSpan[];
  /** The newest logs replayed (at most `recentLimit`), and the seq after which they are all of them. */
  recent: { logs: TrackingLog[]; coversAfter: number };
  /** Rows taken from the snapshot rather than parsed from the journal. */
  fromSnapshot?: number;
  /** Journal lines read (records, tombstones and unreadable lines): 0 when the snapshot was current. */
  linesRead: number;
  /** Dead segments left by an interrupted compaction: not read, to be deleted. */
  deadSegments: number;
  /** A snapshot was given but did not match the journal: everything was replayed. */
  snapshotIgnored?: string;
}

/** Where copies of damaged journal bytes are kept, in the data directory. */
export const DAMAGED_DIR = 'damaged';

const NEWLINE = 0x0a;

async function listSegments(journalDir: string): Promise<{ index: number; file: string }[]> {
  const names = await readdir(journalDir);
  return names
    .map((name) => ({ index: segmentIndex(name), file: path.join(journalDir, name) }))
    .filter((s): s is { index: number; file: string } => s.index !== undefined)
    .sort((a, b) => a.index - b.index);
}

const readAt = promisify(fs.read);

/**
 * Reads a segment from byte `from` on in as few thread-pool requests as the OS allows (one,
 * normally), so the read of the next segment progresses while the main thread parses this one.
 */
async function readFrom(file: string, from: number): Promise<{ bytes: Buffer; size: number }> {
  const handle = await openOwnFile(file, 'read');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(Math.max(0, size - from));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await readAt(handle.fd, bytes, filled, bytes.length - filled, from + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled), size };
  } finally {
    await handle.close();
  }
}

async function truncateDurably(file: string, size: number): Promise<void> {
  const handle = await openOwnFile(file, 'readwrite');
  try {
    await handle.truncate(size);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Keeps a copy of damaged bytes where a person can look at them; an existing copy is kept. */
async function saveAside(dataDir: string, file: string, offset: number, bytes: Buffer): Promise<string> {
  const dir = path.join(dataDir, DAMAGED_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const copy = path.join(dir, `${path.basename(file)}.at-${offset}.bin`);
  try {
    await writeNewFile(copy, bytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return copy;
}

/** Each line of `bytes` (complete lines only), with its byte offset and length (newline included). */
function* lines(bytes: Buffer, completeLength: number): Generator<{ text: string; start: number; length: number }> {
  // JSON lines are almost always ASCII: latin1 decoding of those is a plain copy. Lines are decoded
  // one by one, never the whole segment as one string (a segment is up to 64 MB).
  const encoding = isAscii(bytes.subarray(0, completeLength)) ? 'latin1' : 'utf8';
  for (let start = 0; start < completeLength; ) {
    const end = bytes.indexOf(NEWLINE, start);
    yield { text: bytes.toString(encoding, start, end), start, length: end + 1 - start };
    start = end + 1;
  }
}

/**
 * Segments older than every segment of the snapshot: dead ones whose deletion a crash interrupted
 * (the snapshot that no longer lists them is written before they are deleted).
 */
function deadBefore(snapshot: IndexSnapshot, found: readonly { index: number; file: string }[]): { index: number; file: string }[] {
  const first = Math.min(snapshot.cursor.segment, ...snapshot.segments.map((s) => s.index));
  return found.filter((segment) => segment.index < first);
}

/** Why the snapshot does not describe this journal, or undefined when it does. */
function snapshotMismatch(snapshot: IndexSnapshot, found: readonly { index: number; file: string }[], sizes: ReadonlyMap<number, number>): string | undefined {
  const { cursor } = snapshot;
  const onDisk = new Set(found.map((s) => s.index));
  for (const segment of snapshot.segments) {
    if (!onDisk.has(segment.index)) return `journal segment ${segment.index} is gone`;
    if (segment.index !== cursor.segment && sizes.get(segment.index) !== segment.size) return `journal segment ${segment.index} changed size`;
  }
  const dead = new Set(deadBefore(snapshot, found));
  for (const segment of found) if (!dead.has(segment) && segment.index < cursor.segment && !snapshot.segments.some((s) => s.index === segment.index)) return `journal segment ${segment.index} is not in it`;
  if (!onDisk.has(cursor.segment)) return `journal segment ${cursor.segment} is gone`;
  return undefined;
}

export interface ReadJournalOptions {
  dataDir: string;
  journalDir: string;
  snapshot?: IndexSnapshot;
  /** How many of the newest logs to hand back as objects (the in-memory tail). */
  recentLimit: number;
}

/**
 * Rebuilds the index: the snapshot's rows plus the journal after its cursor, or, when there is no
 * snapshot or it does not match the journal, the whole journal.
 */
export async function readJournal(options: ReadJournalOptions): Promise<JournalState> {
  const { dataDir, journalDir, snapshot, recentLimit } = options;
  const found = await listSegments(journalDir);
  const sizes = new Map<number, number>();
  for (const segment of found) sizes.set(segment.index, (await fs.promises.lstat(segment.file)).size);
  const fullReplay = async (why: string) => ({ ...(await readJournal({ ...options, snapshot: undefined })), snapshotIgnored: why });

  let index: LogIndex;
  let lastSeq: number;
  let deadSegments = 0;
  let toRead = found;
  let from = 0;
  const segments: SegmentInfo[] = [];
  if (snapshot) {
    const mismatch = snapshotMismatch(snapshot, found, sizes);
    if (mismatch) return fullReplay(mismatch);
    const at = found.findIndex((segment) => segment.index === snapshot.cursor.segment);
    const dead = deadBefore(snapshot, found);
    deadSegments = dead.length;
    // Older segments hold only what the snapshot has: they are not read. Dead ones are still listed
    // (as sealed), so the writer deletes them with the next compaction.
    for (const older of found.slice(0, at)) segments.push({ ...older, size: sizes.get(older.index)! });
    toRead = found.slice(at);
    from = snapshot.cursor.offset;
    const cursorSize = sizes.get(snapshot.cursor.segment)!;
    if (from > cursorSize) return fullReplay(`its cursor is past the end of journal segment ${snapshot.cursor.segment}`);
    if (from > 0) {
      const { bytes } = await readFrom(toRead[0]!.file, from - 1);
      if (bytes[0] !== NEWLINE) return fullReplay(`its cursor is not at a record boundary of journal segment ${snapshot.cursor.segment}`);
    }
    index = LogIndex.fromState(snapshot.columns, snapshot.ids);
    lastSeq = snapshot.cursor.lastSeq;
  } else {
    index = new LogIndex();
    lastSeq = 0;
  }

  let recent: TrackingLog[] = [];
  let coversAfter = lastSeq;
  let clearAllUpto = 0;
  const clearDeliveryUpto = new Map<string, number>();
  const damaged: DamagedSpan[] = [];
  let droppedTail: JournalState['droppedTail'];
  let cutTo: { file: string; size: number } | undefined;
  let linesRead = 0;

  // The next segment is read while this one is parsed.
  let nextRead = toRead.length > 0 ? readFrom(toRead[0]!.file, from) : undefined;
  for (const [position, { index: segmentNumber, file }] of toRead.entries()) {
    const isNewest = position === toRead.length - 1;
    const { bytes, size } = await nextRead!;
    nextRead = isNewest ? undefined : readFrom(toRead[position + 1]!.file, 0);
    nextRead?.catch(() => undefined); // awaited (and its error raised) on the next turn
    const base = position === 0 ? from : 0;
    const completeLength = bytes.lastIndexOf(NEWLINE) + 1;

    /** The unreadable lines being skipped: where they start (in `bytes`) and how many. */
    let span: { start: number; lines: number } | undefined;
    const closeSpan = async (end: number) => {
      if (!span) return;
      const offset = base + span.start;
      const savedAs = await saveAside(dataDir, file, offset, bytes.subarray(span.start, end));
      damaged.push({ file, offset, bytes: end - span.start, records: span.lines, savedAs });
      span = undefined;
    };
    for (const line of lines(bytes, completeLength)) {
      linesRead++;
      const record = decodeRecord(line.text);
      const unreadable = typeof record === 'string' || (!isClearRecord(record) && record.seq <= lastSeq);
      if (unreadable) {
        span ??= { start: line.start, lines: 0 };
        span.lines++;
        continue;
      }
      await closeSpan(line.start);
      if (isClearRecord(record)) {
        const { uptoSeq, deliveryId } = record.clear;
        if (deliveryId === undefined) clearAllUpto = Math.max(clearAllUpto, uptoSeq);
        else clearDeliveryUpto.set(deliveryId, Math.max(clearDeliveryUpto.get(deliveryId) ?? 0, uptoSeq));
        lastSeq = Math.max(lastSeq, uptoSeq);
        continue;
      }
      lastSeq = record.seq;
      index.addLog(record, segmentNumber, base + line.start, line.length);
      recent.push(record);
      if (recent.length > 2 * recentLimit) {
        coversAfter = recent[recent.length - recentLimit - 1]!.seq;
        recent = recent.slice(-recentLimit);
      }
    }

    // A line cut short (no newline) is unreadable too.
    if (completeLength < bytes.length) {
      linesRead++;
      span ??= { start: completeLength, lines: 0 };
      span.lines++;
    }
    if (span && isNewest) {
      // Nothing readable after it, at the end of the newest segment: a torn tail.
      const offset = base + span.start;
      const savedAs = await saveAside(dataDir, file, offset, bytes.subarray(span.start));
      droppedTail = { file, offset, bytes: bytes.length - span.start, records: span.lines, savedAs };
      cutTo = { file, size: offset };
      span = undefined;
    }
    await closeSpan(bytes.length);
    segments.push({ index: segmentNumber, file, size: cutTo?.file === file ? cutTo.size : size });
  }

  // Only once every line was read and every damaged byte copied aside.
  if (cutTo) await truncateDurably(cutTo.file, cutTo.size);

  // A tombstone only ever covers logs written before it (seq <= uptoSeq), so applying all of them
  // after the replay gives the same result as applying each in place, in one pass.
  if (clearAllUpto > 0 || clearDeliveryUpto.size > 0) {
    index.clear(clearAllUpto, clearDeliveryUpto);
    recent = recent.filter((log) => log.seq > clearAllUpto && log.seq > (clearDeliveryUpto.get(log.deliveryId) ?? 0));
  }
  if (recent.length > recentLimit) {
    coversAfter = Math.max(coversAfter, recent[recent.length - recentLimit - 1]!.seq);
    recent = recent.slice(-recentLimit);
  }
  return {
    index,
    lastSeq,
    segments,
    damaged,
    linesRead,
    deadSegments,
    recent: { logs: recent, coversAfter },
    ...(droppedTail ? { droppedTail } : {}),
    ...(snapshot ? { fromSnapshot: snapshot.columns.count } : {}),
  };
}
