// A snapshot of the log index (log-index.ts), written in the background while the daemon runs and
// when it stops, so a start — also after a crash or kill -9 — loads the index in one read and
// replays only the journal written after the snapshot's cursor. The logs themselves are not in it:
// they stay in the journal. Layout: a 4-byte length, a JSON header (cursor, segment sizes, id
// table, row count), then each column's raw bytes, 8-byte aligned. The snapshot is only a shortcut:
// one that is missing, damaged, or does not match the journal (a segment changed size or is gone,
// the cursor is not on a record boundary) is ignored with the reason and the whole journal is
// replayed, which rebuilds the same index.
import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { LOG_TYPES } from '@linktrace/core';
import { COLUMN_NAMES, COLUMN_TYPES, type IndexColumns } from './log-index';
import type { FileHandle } from 'node:fs/promises';
import { openOwnFile, writeFileAtomically } from './safe-files';

export const SNAPSHOT_FILE = 'logs-index.snapshot';
/** The JSON snapshot of earlier versions (every log in it): removed when found. */
export const LEGACY_SNAPSHOT_FILE = 'logs-snapshot.json';
const FORMAT = 'linktrace-log-index';
const VERSION = 2;

/** Where the journal stood when the snapshot was taken: replay resumes at this byte. */
export interface SnapshotCursor {
  segment: number;
  offset: number;
  /** Highest seq ever assigned then, cleared logs included. */
  lastSeq: number;
}

export interface IndexSnapshot {
  cursor: SnapshotCursor;
  /** Every journal segment then and its size (the cursor's segment: the cursor's offset). */
  segments: { index: number; size: number }[];
  columns: IndexColumns;
  ids: string[];
}

interface Header {
  format: typeof FORMAT;
  version: typeof VERSION;
  cursor: SnapshotCursor;
  segments: { index: number; size: number }[];
  count: number;
  ids: string[];
}

export function snapshotPath(dataDir: string): string {
  return path.join(dataDir, SNAPSHOT_FILE);
}

/** The temp files writeFileAtomically writes the snapshot through (safe-files.ts tempPathFor). */
const STALE_TEMP = /^\.logs-index\.snapshot\.[0-9a-f]+\.tmp$/;

const align8 = (n: number) => (n + 7) & ~7;

export async function writeSnapshot(dataDir: string, snapshot: IndexSnapshot): Promise<void> {
  const { columns } = snapshot;
  const header: Header = { format: FORMAT, version: VERSION, cursor: snapshot.cursor, segments: snapshot.segments, count: columns.count, ids: snapshot.ids };
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(align8(4 + json.length));
  head.writeUInt32LE(json.length, 0);
  json.copy(head, 4);
  const parts: Uint8Array[] = [head];
  // Views on the live arrays, not copies: rows below `count` are never changed in place.
  for (const name of COLUMN_NAMES) {
    const column = columns[name];
    const bytes = new Uint8Array(column.buffer, column.byteOffset, columns.count * column.BYTES_PER_ELEMENT);
    parts.push(bytes);
    const padding = align8(bytes.length) - bytes.length;
    if (padding > 0) parts.push(new Uint8Array(padding));
  }
  await writeFileAtomically(snapshotPath(dataDir), parts);
}

export async function removeSnapshot(dataDir: string): Promise<void> {
  await unlink(snapshotPath(dataDir)).catch(() => undefined);
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/**
 * The snapshot, or why it cannot be used (then the journal is replayed in full). Every row is
 * checked against the header, so a damaged or forged file can make start-up slower, never wrong in
 * shape; whether it matches the journal is checked by the caller (journal-reader.ts).
 */
export async function readSnapshot(dataDir: string): Promise<IndexSnapshot | { unusable: string } | undefined> {
  await unlink(path.join(dataDir, LEGACY_SNAPSHOT_FILE)).catch(() => undefined);
  // A snapshot being written when the daemon was killed leaves its temp file (the lock is held: no
  // one else is writing one now).
  for (const name of await readdir(dataDir)) if (STALE_TEMP.test(name)) await unlink(path.join(dataDir, name)).catch(() => undefined);
  let handle: FileHandle;
  try {
    handle = await openOwnFile(snapshotPath(dataDir), 'read');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { unusable: (error as Error).message };
  }
  try {
    return await readOpenSnapshot(handle);
  } catch (error) {
    return { unusable: (error as Error).message };
  } finally {
    await handle.close();
  }
}

/** Reads exactly `into.length` bytes at `position`; false when the file ends first. */
async function readExactly(handle: FileHandle, into: Uint8Array, position: number): Promise<boolean> {
  for (let filled = 0; filled < into.length; ) {
    const { bytesRead } = await handle.read(into, filled, into.length - filled, position + filled);
    if (bytesRead === 0) return false;
    filled += bytesRead;
  }
  return true;
}

async function readOpenSnapshot(handle: FileHandle): Promise<IndexSnapshot | { unusable: string }> {
  const { size: fileSize } = await handle.stat();
  const lengthBytes = Buffer.alloc(4);
  if (!(await readExactly(handle, lengthBytes, 0))) return { unusable: 'it is cut short' };
  const jsonLength = lengthBytes.readUInt32LE(0);
  if (4 + jsonLength > fileSize) return { unusable: 'it is cut short' };
  const json = Buffer.alloc(jsonLength);
  if (!(await readExactly(handle, json, 4))) return { unusable: 'it is cut short' };
  let header: Partial<Header>;
  try {
    header = JSON.parse(json.toString('utf8')) as Partial<Header>;
  } catch {
    return { unusable: 'its header is not valid JSON' };
  }
  if (typeof header !== 'object' || header === null || header.format !== FORMAT || header.version !== VERSION) return { unusable: 'not a Linktrace log index of this version' };
  const { cursor, segments, count, ids } = header;
  if (
    typeof cursor !== 'object' || cursor === null || ![cursor.segment, cursor.offset, cursor.lastSeq].every(isCount) ||
    !Array.isArray(segments) || !segments.every((s) => typeof s === 'object' && s !== null && isCount(s.index) && isCount(s.size)) ||
    !isCount(count) || !Array.isArray(ids) || !ids.every((id) => typeof id === 'string')
  ) {
    return { unusable: 'its header is damaged' };
  }
  let at = align8(4 + jsonLength);
  let end = at;
  for (const name of COLUMN_NAMES) end = align8(end + count * COLUMN_TYPES[name].BYTES_PER_ELEMENT);
  if (end > fileSize) return { unusable: 'it is cut short' };
  if (end !== fileSize) return { unusable: 'its length does not match its header' };
  const columns = { count } as IndexColumns;
  // Room for the logs to come, so the index does not have to grow (copy) at once. Each column is
  // read straight into its array: no copy of the file in between.
  const capacity = count + Math.max(1024, count >>> 2);
  for (const name of COLUMN_NAMES) {
    const Type = COLUMN_TYPES[name];
    const column = new Type(capacity);
    const byteLength = count * Type.BYTES_PER_ELEMENT;
    if (!(await readExactly(handle, new Uint8Array(column.buffer, 0, byteLength), at))) return { unusable: 'it is cut short' };
    (columns as unknown as Record<string, unknown>)[name] = column;
    at = align8(at + byteLength);
  }
  const sizeOf = new Map(segments.map((s) => [s.index, s.size]));
  // Locals, not property reads in the loop: this runs once per row of a million-row index.
  const { seq: seqs, segment: segmentOf, offset: offsets, length: lengths, delivery, recipient, link, type } = columns;
  const idCount = ids.length;
  const typeCount = LOG_TYPES.length;
  const lastSeq = cursor.lastSeq;
  let previous = 0;
  let segmentOfRow = -1;
  let size = -1;
  for (let i = 0; i < count; i++) {
    const seq = seqs[i]!;
    // Rows come segment by segment: one lookup per segment, not per row.
    if (segmentOf[i] !== segmentOfRow) {
      segmentOfRow = segmentOf[i]!;
      size = sizeOf.get(segmentOfRow) ?? -1;
    }
    // Seqs are whole numbers in a Float64Array: seq > previous >= 0 and equal to its own floor.
    if (!(seq > previous && seq <= lastSeq && Math.floor(seq) === seq)) return { unusable: `row ${i} is damaged (seq)` };
    if (lengths[i] === 0 || offsets[i]! + lengths[i]! > size) return { unusable: `row ${i} is damaged (position)` };
    if (delivery[i]! >= idCount || recipient[i]! >= idCount || (link[i]! >= idCount && link[i] !== 0xffffffff) || type[i]! >= typeCount) {
      return { unusable: `row ${i} is damaged (ids)` };
    }
    previous = seq;
  }
  return { cursor, segments, columns, ids };
}
