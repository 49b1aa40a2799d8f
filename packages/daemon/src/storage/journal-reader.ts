// Replays the log journal on open. Every segment is read in full; a line cut short at the very end
// of the newest segment (a crash mid-write, never acknowledged) is truncated away and reported, and
// anything else that does not parse stops the open with the file and line — never skipped.
import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import { readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import type { TrackingLog } from '@linktrace/core';
import { CorruptDataError } from './errors';
import { decodeRecord, isClearRecord, segmentIndex } from './journal-format';
import type { LogSnapshot } from './log-snapshot';
import { openOwnFile } from './safe-files';
import type { OpenReport } from './types';

export interface SegmentInfo {
  index: number;
  file: string;
  size: number;
}

export interface JournalState {
  /** Surviving logs (tombstones applied), in seq order. */
  logs: TrackingLog[];
  /** Highest seq ever assigned, including cleared logs. */
  lastSeq: number;
  /** In index order; the last one is where appends continue. */
  segments: SegmentInfo[];
  droppedTail?: OpenReport['droppedTail'];
  /** Logs taken from the snapshot rather than parsed from the journal. */
  fromSnapshot?: number;
  /** A snapshot was given but did not match the journal: everything was replayed. */
  snapshotIgnored?: string;
}

const NEWLINE = 0x0a;

/**
 * Repeated values (ids, URLs, user agents) are shared instead of held once per log; with a million
 * logs this is the difference between hundreds of megabytes of heap and a fraction of that.
 */
class StringPool {
  private readonly strings = new Map<string, string>();
  intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }
}

/** The long values that repeat across many logs; short ids are cheaper to keep than to look up. */
function internLog(log: TrackingLog, pool: StringPool): void {
  if (log.url !== undefined) log.url = pool.intern(log.url);
  if (log.label !== undefined) log.label = pool.intern(log.label);
  if (log.userAgent !== undefined) log.userAgent = pool.intern(log.userAgent);
}

/** JSON lines are almost always ASCII; latin1 decoding of those is a plain copy. */
function decodeText(bytes: Buffer, length: number): string {
  const complete = bytes.subarray(0, length);
  return isAscii(complete) ? complete.toString('latin1') : complete.toString('utf8');
}

async function listSegments(journalDir: string): Promise<{ index: number; file: string }[]> {
  const names = await readdir(journalDir);
  return names
    .map((name) => ({ index: segmentIndex(name), file: path.join(journalDir, name) }))
    .filter((s): s is { index: number; file: string } => s.index !== undefined)
    .sort((a, b) => a.index - b.index);
}

const readAt = promisify(fs.read);

/**
 * Reads a whole segment in as few thread-pool requests as the OS allows (one, normally), so the read
 * of the next segment progresses while the main thread is busy parsing this one — unlike
 * fs.readFile, whose chunked reads each wait for a turn of the event loop.
 */
async function readWhole(file: string): Promise<Buffer> {
  const handle = await openOwnFile(file, 'read');
  try {
    const { size } = await handle.stat();
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await readAt(handle.fd, bytes, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
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

/** Whether any line from `from` on decodes as a record (only asked once a line did not). */
function anyRecordFrom(text: string, from: number): boolean {
  for (let start = from; start < text.length; ) {
    const end = text.indexOf('\n', start);
    if (typeof decodeRecord(text.slice(start, end)) !== 'string') return true;
    start = end + 1;
  }
  return false;
}

/**
 * Replays the journal: all of it, or, given a snapshot, only what was written after the snapshot's
 * cursor (on top of the snapshot's logs). A snapshot whose cursor does not land on a line boundary
 * of an existing segment is ignored, and everything replayed.
 */
export async function readJournal(journalDir: string, snapshot?: LogSnapshot): Promise<JournalState> {
  const all = await listSegments(journalDir);
  let found = all;
  const segments: SegmentInfo[] = [];
  let skip = 0;
  const fullReplay = async (why: string) => ({ ...(await readJournal(journalDir)), snapshotIgnored: why });
  if (snapshot) {
    const at = all.findIndex((segment) => segment.index === snapshot.cursor.segment);
    if (at === -1) return fullReplay(`journal segment ${snapshot.cursor.segment} is gone`);
    // Older segments hold only logs the snapshot has: they are not read.
    for (const older of all.slice(0, at)) segments.push({ ...older, size: 0 });
    found = all.slice(at);
    skip = snapshot.cursor.offset;
  }
  const parsed: TrackingLog[] = [];
  const pool = new StringPool();
  let lastSeq = snapshot?.cursor.lastSeq ?? 0;
  let clearAllUpto = 0;
  const clearDeliveryUpto = new Map<string, number>();
  let droppedTail: JournalState['droppedTail'];

  // The next segment is read while this one is parsed.
  let nextRead = found.length > 0 ? readWhole(found[0]!.file) : undefined;
  for (const [position, { index, file }] of found.entries()) {
    const isNewest = position === found.length - 1;
    const bytes = await nextRead!;
    nextRead = isNewest ? undefined : readWhole(found[position + 1]!.file);
    nextRead?.catch(() => undefined); // awaited (and its error raised) on the next turn
    const completeLength = bytes.lastIndexOf(NEWLINE) + 1;
    // The snapshot's cursor segment is parsed from the cursor on.
    const from = position === 0 ? skip : 0;
    if (from > 0 && (from > bytes.length || bytes[from - 1] !== NEWLINE)) return fullReplay(`its cursor is not at a record boundary of ${file}`);
    const text = decodeText(bytes.subarray(from), completeLength - from);
    const linesBefore = () => (from === 0 ? 0 : bytes.subarray(0, from).toString('latin1').split('\n').length - 1);

    let lineNumber = 0;
    /** Where the newest segment's torn tail starts (a byte offset), when its last lines are unreadable. */
    let tornFrom: number | undefined;
    let tornLines = 0;
    for (let start = 0; start < text.length; ) {
      const end = text.indexOf('\n', start);
      lineNumber++;
      const record = decodeRecord(text.slice(start, end));
      if (typeof record === 'string') {
        // Unreadable lines with nothing readable after them, at the end of the newest segment, are
        // a torn tail: bytes a crash or power cut left half written (never acknowledged in 'disk'
        // mode; in 'process' mode, at most the last sync interval). Anywhere else: corruption.
        if (isNewest && !anyRecordFrom(text, end + 1)) {
          tornFrom = from + Buffer.byteLength(text.slice(0, start), 'utf8'); // ASCII or UTF-8 text: its byte offset
          tornLines = text.slice(start).split('\n').length - 1;
          break;
        }
        throw new CorruptDataError(file, `${record}, not a Linktrace tracking log`, linesBefore() + lineNumber);
      }
      start = end + 1;
      if (isClearRecord(record)) {
        const { uptoSeq, deliveryId } = record.clear;
        if (deliveryId === undefined) clearAllUpto = Math.max(clearAllUpto, uptoSeq);
        else clearDeliveryUpto.set(deliveryId, Math.max(clearDeliveryUpto.get(deliveryId) ?? 0, uptoSeq));
        lastSeq = Math.max(lastSeq, uptoSeq);
        continue;
      }
      if (record.seq <= lastSeq) throw new CorruptDataError(file, `seq ${record.seq} does not follow seq ${lastSeq}`, linesBefore() + lineNumber);
      lastSeq = record.seq;
      internLog(record, pool);
      parsed.push(record);
    }

    if (completeLength < bytes.length && !isNewest) {
      throw new CorruptDataError(file, 'ends in an incomplete line, but it is not the newest journal segment', lineNumber + 1);
    }
    const keptLength = tornFrom ?? completeLength;
    if (keptLength < bytes.length) {
      droppedTail = { file, bytes: bytes.length - keptLength, records: tornLines + (completeLength < bytes.length ? 1 : 0) };
    }
    segments.push({ index, file, size: keptLength });
  }

  // Only once every line is known good: a corrupt journal is left exactly as it was found.
  if (droppedTail) await truncateDurably(droppedTail.file, segments[segments.length - 1]!.size);

  // A tombstone only ever covers logs written before it (seq <= uptoSeq), so applying all of them
  // after the replay gives the same result as applying each in place, in one pass.
  const replayed = snapshot && snapshot.logs.length > 0 ? snapshot.logs.concat(parsed) : parsed;
  const logs =
    clearAllUpto === 0 && clearDeliveryUpto.size === 0
      ? replayed
      : replayed.filter((log) => log.seq > clearAllUpto && log.seq > (clearDeliveryUpto.get(log.deliveryId) ?? 0));
  return { logs, lastSeq, segments, droppedTail, ...(snapshot ? { fromSnapshot: snapshot.logs.length } : {}) };
}
