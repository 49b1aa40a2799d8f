// The on-disk format of the log journal: numbered JSON-lines segments under `logs/`, each line one
// record — a tracking log, or a tombstone that clears the logs written before it. Kept apart from
// the reader and writer so the format has one definition (test helpers write it too).
import { LOG_TYPES, type LogType, type TrackingLog } from '@linktrace/core';

export const JOURNAL_DIR = 'logs';
/** Large enough that rollover is rare, small enough that one segment is read in one buffer. */
export const DEFAULT_SEGMENT_MAX_BYTES = 64 * 1024 * 1024;

const SEGMENT_PATTERN = /^journal-(\d{6,})\.jsonl$/;

export function segmentFileName(index: number): string {
  return `journal-${String(index).padStart(6, '0')}.jsonl`;
}

/** The segment's number, or undefined when the name is not a journal segment. */
export function segmentIndex(fileName: string): number | undefined {
  const match = SEGMENT_PATTERN.exec(fileName);
  return match ? Number(match[1]) : undefined;
}

/** Clears the logs with seq <= uptoSeq (of one delivery, or all). Also persists the seq high-water mark. */
export interface ClearRecord {
  clear: { uptoSeq: number; deliveryId?: string };
}

export type JournalRecord = TrackingLog | ClearRecord;

export function isClearRecord(record: JournalRecord): record is ClearRecord {
  return (record as ClearRecord).clear !== undefined;
}

const LOG_TYPE_SET: ReadonlySet<string> = new Set(LOG_TYPES);
const OPTIONAL_STRING_FIELDS = ['linkId', 'url', 'label', 'userAgent', 'machine'] as const;

/**
 * Builds a clean TrackingLog (known fields only, fixed key order) or returns what is wrong.
 * Used both before writing and when reading, so nothing the writer accepts can fail a later open.
 */
export function toTrackingLog(value: unknown, seq: unknown): TrackingLog | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return 'seq is not a positive integer';
  if (typeof v.at !== 'string' || Number.isNaN(Date.parse(v.at))) return '"at" is not an ISO date';
  if (typeof v.type !== 'string' || !LOG_TYPE_SET.has(v.type)) return `"type" is not one of ${LOG_TYPES.join(', ')}`;
  if (typeof v.deliveryId !== 'string' || v.deliveryId === '') return '"deliveryId" is not a non-empty string';
  if (typeof v.recipientId !== 'string' || v.recipientId === '') return '"recipientId" is not a non-empty string';
  const log: TrackingLog = { seq, at: v.at, type: v.type as LogType, deliveryId: v.deliveryId, recipientId: v.recipientId };
  for (const field of OPTIONAL_STRING_FIELDS) {
    const fieldValue = v[field];
    if (fieldValue === undefined) continue;
    if (typeof fieldValue !== 'string') return `"${field}" is not a string`;
    log[field] = fieldValue;
  }
  return log;
}

/**
 * Parses one journal line into a record, or returns what is wrong with it. The parsed object is
 * checked in place rather than copied: this runs once per stored log on every open.
 */
export function decodeRecord(line: string): JournalRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (v.clear !== undefined) return checkClearRecord(v.clear);
  const problem = problemWithStoredLog(v);
  return problem ?? (v as unknown as TrackingLog);
}

function problemWithStoredLog(v: Record<string, unknown>): string | undefined {
  const { seq } = v;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return 'seq is not a positive integer';
  if (typeof v.at !== 'string') return '"at" is not a string';
  if (typeof v.type !== 'string' || !LOG_TYPE_SET.has(v.type)) return `"type" is not one of ${LOG_TYPES.join(', ')}`;
  if (typeof v.deliveryId !== 'string' || v.deliveryId === '') return '"deliveryId" is not a non-empty string';
  if (typeof v.recipientId !== 'string' || v.recipientId === '') return '"recipientId" is not a non-empty string';
  for (const field of OPTIONAL_STRING_FIELDS) {
    const fieldValue = v[field];
    if (fieldValue !== undefined && typeof fieldValue !== 'string') return `"${field}" is not a string`;
  }
  return undefined;
}

function checkClearRecord(clear: unknown): ClearRecord | string {
  if (typeof clear !== 'object' || clear === null) return '"clear" is not an object';
  const { uptoSeq, deliveryId } = clear as Record<string, unknown>;
  if (typeof uptoSeq !== 'number' || !Number.isSafeInteger(uptoSeq) || uptoSeq < 0) return 'clear.uptoSeq is not an integer';
  if (deliveryId !== undefined && typeof deliveryId !== 'string') return 'clear.deliveryId is not a string';
  return deliveryId === undefined ? { clear: { uptoSeq } } : { clear: { uptoSeq, deliveryId } };
}

/**
 * Each log's JSON as it was written to the journal: the live stream sends that same text instead of
 * encoding the log again for every subscriber. Held only as long as the log object is.
 */
const writtenJson = new WeakMap<TrackingLog, string>();

export function encodeRecord(record: JournalRecord): string {
  const json = JSON.stringify(record);
  if (!isClearRecord(record)) writtenJson.set(record, json);
  return json + '\n';
}

/** The log's JSON: the text written to the journal when this object was, else encoded now. */
export function logJson(log: TrackingLog): string {
  return writtenJson.get(log) ?? JSON.stringify(log);
}
