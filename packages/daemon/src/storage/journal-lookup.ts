// Reads logs from the journal at the places the index says they are (log-index.ts): neighbouring
// lines are fetched in one read, each segment is opened once per lookup, and every line read must
// be the log the index expects.
import fs from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import type { TrackingLog } from '@linktrace/core';
import { CorruptDataError } from './errors';
import { decodeRecord, isClearRecord, segmentFileName } from './journal-format';
import type { LogLocation } from './log-index';
import { openOwnFile } from './safe-files';

const readAt = promisify(fs.read);

/** Lines closer than this are read together, gap included: one read beats two. */
const JOIN_GAP_BYTES = 64 * 1024;
/** The most one read fetches. */
const MAX_READ_BYTES = 4 * 1024 * 1024;

interface Chunk {
  start: number;
  end: number;
  locations: LogLocation[];
}

function chunksOf(locations: readonly LogLocation[]): Chunk[] {
  const chunks: Chunk[] = [];
  let chunk: Chunk | undefined;
  for (const location of locations) {
    const end = location.offset + location.length;
    if (chunk && location.offset >= chunk.end && location.offset - chunk.end <= JOIN_GAP_BYTES && end - chunk.start <= MAX_READ_BYTES) {
      chunk.end = end;
      chunk.locations.push(location);
    } else {
      chunk = { start: location.offset, end, locations: [location] };
      chunks.push(chunk);
    }
  }
  return chunks;
}

/**
 * The logs at `locations` (in seq order), in the same order. A segment deleted meanwhile (everything
 * was cleared) yields none of its logs: they are cleared.
 */
export async function readLogsAt(journalDir: string, locations: readonly LogLocation[]): Promise<TrackingLog[]> {
  const logs: TrackingLog[] = [];
  for (let i = 0; i < locations.length; ) {
    const segment = locations[i]!.segment;
    let j = i;
    while (j < locations.length && locations[j]!.segment === segment) j++;
    await readSegment(path.join(journalDir, segmentFileName(segment)), locations.slice(i, j), logs);
    i = j;
  }
  return logs;
}

async function readSegment(file: string, locations: readonly LogLocation[], into: TrackingLog[]): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await openOwnFile(file, 'read');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    for (const chunk of chunksOf(locations)) {
      const bytes = Buffer.allocUnsafe(chunk.end - chunk.start);
      let filled = 0;
      while (filled < bytes.length) {
        const { bytesRead } = await readAt(handle.fd, bytes, filled, bytes.length - filled, chunk.start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      for (const location of chunk.locations) {
        const from = location.offset - chunk.start;
        const to = from + location.length - 1; // without the newline
        const record = to <= filled ? decodeRecord(bytes.toString('utf8', from, to)) : 'cut short';
        if (typeof record === 'string' || isClearRecord(record) || record.seq !== location.seq) {
          throw new CorruptDataError(file, `the log with seq ${location.seq} is not where the index says (byte ${location.offset}): the journal changed under the daemon`);
        }
        into.push(record);
      }
    }
  } finally {
    await handle.close();
  }
}
