// Temporary data directories for storage tests, removed after each test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TrackingLog } from '@linktrace/core';
import { DATA_DIR_MARKER_FILE, markerText } from '../../src/storage/data-dir';

/**
 * Marks `dir` as created by Linktrace, as the daemon does for a new directory: tests that lay out
 * files before the first open then get them read rather than refused as a cloned folder's.
 */
export function markAsDataDir(dir: string): string {
  fs.writeFileSync(path.join(dir, DATA_DIR_MARKER_FILE), markerText(fs.realpathSync(dir), fs.statSync(dir).ino), { mode: 0o600 });
  return dir;
}

/** Registers cleanup in the calling suite and returns a factory for fresh data directories. */
export function useTempDataDirs(): () => string {
  const created: string[] = [];
  afterEach(() => {
    for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linktrace-storage-'));
    created.push(dir);
    return markAsDataDir(dir);
  };
}

export function logEntry(overrides: Partial<Omit<TrackingLog, 'seq'>> = {}): Omit<TrackingLog, 'seq'> {
  return { at: '2025-03-01T10:00:00.000Z', type: 'open', deliveryId: 'd1', recipientId: 'r1', ...overrides };
}

export function journalFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'logs');
  return fs.readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort().map((name) => path.join(dir, name));
}
