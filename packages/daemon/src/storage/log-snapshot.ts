// A snapshot of the stored logs, written when the daemon stops cleanly, so the next start reads it
// and replays only the journal written after it instead of parsing every line. It is columnar (a
// table of the distinct strings, then one array of indexes per field), which loads several times
// faster than the same logs as JSON lines. It stands in for the journal before its cursor (that
// part of the journal is append-only and not read again); a snapshot that is missing, unreadable,
// or whose cursor no longer lands on a record boundary of an existing segment is ignored and the
// whole journal replayed. The journal after the cursor is always replayed, so a crash after the
// snapshot loses nothing.
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { LOG_TYPES, type LogType, type TrackingLog } from '@linktrace/core';
import { readOwnFile, writeFileAtomically } from './safe-files';

export const SNAPSHOT_FILE = 'logs-snapshot.json';
const FORMAT = 'linktrace-log-snapshot';
const VERSION = 1;

/** Where the journal stood when the snapshot was taken: replay resumes at this byte. */
export interface SnapshotCursor {
  segment: number;
  offset: number;
  /** Highest seq ever assigned then, cleared logs included. */
  lastSeq: number;
}

export interface LogSnapshot {
  cursor: SnapshotCursor;
  logs: TrackingLog[];
}

const OPTIONAL_FIELDS = ['linkId', 'url', 'label', 'userAgent', 'machine'] as const;
const REQUIRED_FIELDS = ['deliveryId', 'recipientId'] as const;
const STRING_FIELDS = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS] as const;
type StringField = (typeof STRING_FIELDS)[number];

interface SnapshotDocument {
  format: typeof FORMAT;
  version: typeof VERSION;
  cursor: SnapshotCursor;
  strings: string[];
  seq: number[];
  at: string[];
  type: number[];
  /** Per field, an index into `strings` for each log; -1 where the log has no such field. */
  fields: Record<StringField, number[]>;
}

export function snapshotPath(dataDir: string): string {
  return path.join(dataDir, SNAPSHOT_FILE);
}

export async function writeSnapshot(dataDir: string, snapshot: LogSnapshot): Promise<void> {
  const strings: string[] = [];
  const indexOf = new Map<string, number>();
  const intern = (value: string | undefined): number => {
    if (value === undefined) return -1;
    let index = indexOf.get(value);
    if (index === undefined) {
      index = strings.push(value) - 1;
      indexOf.set(value, index);
    }
    return index;
  };
  const { logs } = snapshot;
  const fields = Object.fromEntries(STRING_FIELDS.map((field) => [field, logs.map((log) => intern(log[field]))])) as Record<StringField, number[]>;
  const doc: SnapshotDocument = {
    format: FORMAT,
    version: VERSION,
    cursor: snapshot.cursor,
    strings,
    seq: logs.map((log) => log.seq),
    at: logs.map((log) => log.at),
    type: logs.map((log) => LOG_TYPES.indexOf(log.type)),
    fields,
  };
  await writeFileAtomically(snapshotPath(dataDir), JSON.stringify(doc));
}

export async function removeSnapshot(dataDir: string): Promise<void> {
  await unlink(snapshotPath(dataDir)).catch(() => undefined);
}

const isIndexArray = (value: unknown, length: number): value is number[] => Array.isArray(value) && value.length === length;

/**
 * The snapshot, or why it cannot be used (then the journal is replayed in full). Every index is
 * checked, so a damaged or forged file can make start-up slower, never wrong in shape.
 */
export async function readSnapshot(dataDir: string): Promise<LogSnapshot | { unusable: string } | undefined> {
  let bytes: Buffer | undefined;
  try {
    bytes = await readOwnFile(snapshotPath(dataDir));
  } catch (error) {
    return { unusable: (error as Error).message };
  }
  if (!bytes) return undefined;
  let doc: Partial<SnapshotDocument>;
  try {
    doc = JSON.parse(bytes.toString('utf8')) as Partial<SnapshotDocument>;
  } catch {
    return { unusable: 'not valid JSON' };
  }
  if (typeof doc !== 'object' || doc === null || doc.format !== FORMAT || doc.version !== VERSION) return { unusable: 'not a Linktrace log snapshot of this version' };
  const { cursor, strings, seq, at, type, fields } = doc;
  if (
    typeof cursor !== 'object' || cursor === null ||
    ![cursor.segment, cursor.offset, cursor.lastSeq].every((n) => Number.isSafeInteger(n) && n >= 0) ||
    !Array.isArray(strings) || !strings.every((s) => typeof s === 'string') ||
    !Array.isArray(seq) || !Array.isArray(at) || !isIndexArray(type, seq.length) || at.length !== seq.length ||
    typeof fields !== 'object' || fields === null || !STRING_FIELDS.every((field) => isIndexArray(fields[field], seq.length))
  ) {
    return { unusable: 'its shape is damaged' };
  }
  const logs: TrackingLog[] = new Array(seq.length);
  let previous = 0;
  for (let i = 0; i < seq.length; i++) {
    const s = seq[i]!;
    const typeName = LOG_TYPES[type[i]!];
    const when = at[i];
    if (!Number.isSafeInteger(s) || s <= previous || s > cursor.lastSeq || typeName === undefined || typeof when !== 'string') return { unusable: `log ${i} is damaged` };
    previous = s;
    const log: TrackingLog = { seq: s, at: when, type: typeName as LogType, deliveryId: '', recipientId: '' };
    for (const field of STRING_FIELDS) {
      const index = fields[field][i]!;
      if (index === -1 && (field === 'deliveryId' || field === 'recipientId')) return { unusable: `log ${i} has no ${field}` };
      if (index === -1) continue;
      const value = strings[index];
      if (value === undefined || !Number.isInteger(index)) return { unusable: `log ${i} is damaged` };
      log[field] = value;
    }
    logs[i] = log;
  }
  return { cursor, logs };
}
