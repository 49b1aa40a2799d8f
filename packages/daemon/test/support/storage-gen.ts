// Bulk-creates a tracking-log journal by writing its lines directly (no group commit, no fsync per
// log), so tests and benchmarks can start from a data directory holding millions of logs in seconds.
//   node --import tsx packages/daemon/test/support/storage-gen.ts DATA_DIR COUNT
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOG_TYPES, type TrackingLog } from '@linktrace/core';
import { DEFAULT_SEGMENT_MAX_BYTES, encodeRecord, JOURNAL_DIR, segmentFileName } from '../../src/storage/index';
import { DATA_DIR_MARKER_FILE } from '../../src/storage/data-dir';
import { markAsDataDir } from './storage-tmp';

export interface GenerateOptions {
  deliveries?: number;
  recipientsPerDelivery?: number;
  maxSegmentBytes?: number;
  /** Seq of the first generated log. */
  firstSeq?: number;
}

const USER_AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

/** The log `generateJournal` writes at position i (0-based); tests use it to check what was loaded. */
export function generatedLog(i: number, options: GenerateOptions = {}): TrackingLog {
  const deliveries = options.deliveries ?? 20;
  const recipients = options.recipientsPerDelivery ?? 500;
  const delivery = i % deliveries;
  const recipient = Math.floor(i / deliveries) % recipients;
  const link = i % 12;
  const type = LOG_TYPES[i % 7 === 0 ? 0 : i % 50 === 1 ? 3 : 1]!;
  const log: TrackingLog = {
    seq: (options.firstSeq ?? 1) + i,
    at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    type,
    deliveryId: `d${delivery}`,
    recipientId: `d${delivery}-r${recipient}`,
    userAgent: USER_AGENT,
  };
  if (type === 'click') {
    log.linkId = `lnk${delivery}x${link}`;
    log.url = `https://shop.example.com/collections/spring-${link}?utm_source=newsletter&utm_campaign=d${delivery}`;
    log.label = `Link ${link}`;
  }
  return log;
}

/** Appends `count` logs to the journal of `dataDir` in new segments after any existing ones. */
export function generateJournal(dataDir: string, count: number, options: GenerateOptions = {}): void {
  const journalDir = path.join(dataDir, JOURNAL_DIR);
  // Stands in for the daemon's earlier runs, so the directory is one the daemon made.
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(path.join(dataDir, DATA_DIR_MARKER_FILE))) markAsDataDir(dataDir);
  fs.mkdirSync(journalDir, { recursive: true, mode: 0o700 });
  const maxSegmentBytes = options.maxSegmentBytes ?? DEFAULT_SEGMENT_MAX_BYTES;
  const existing = fs.readdirSync(journalDir).map((name) => /^journal-(\d+)\.jsonl$/.exec(name)?.[1]).filter(Boolean).map(Number);
  let segment = Math.max(0, ...existing);
  let fd = -1;
  let size = Infinity;
  let chunk: string[] = [];
  let chunkBytes = 0;
  const flush = () => {
    if (chunk.length) fs.writeSync(fd, chunk.join(''));
    chunk = [];
    chunkBytes = 0;
  };
  for (let i = 0; i < count; i++) {
    const line = encodeRecord(generatedLog(i, options));
    const bytes = Buffer.byteLength(line);
    if (size + bytes > maxSegmentBytes) {
      if (fd >= 0) {
        flush();
        fs.closeSync(fd);
      }
      fd = fs.openSync(path.join(journalDir, segmentFileName(++segment)), 'wx', 0o600);
      size = 0;
    }
    chunk.push(line);
    chunkBytes += bytes;
    size += bytes;
    if (chunkBytes > 1 << 20) flush();
  }
  if (fd >= 0) {
    flush();
    fs.closeSync(fd);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [dataDir, count] = process.argv.slice(2);
  if (!dataDir || !count) throw new Error('usage: storage-gen.ts DATA_DIR COUNT');
  generateJournal(dataDir, Number(count));
}
