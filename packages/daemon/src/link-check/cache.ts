// The on-disk cache of URL checks, so a re-run within the TTL sends no request for URLs already
// checked. One JSON file, written whole to a temporary name and renamed, so an interrupted run
// never leaves half a file; an unreadable or foreign file is treated as empty, never as an error.
// It usually lives in the data directory, so it is read and written as the daemon's own files are:
// never through a planted link, and a missing directory is created as a data directory.
import path from 'node:path';
import { prepareDataDir } from '../storage/data-dir';
import { lstatIfExists, readOwnFile, writeFileAtomically } from '../storage/safe-files';
import { isCacheable, type CheckMethod, type UrlCheck } from './url-check';

const VERSION = 1;

interface Entry {
  at: number;
  check: UrlCheck;
}

export class LinkCheckCache {
  private dirty = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly ttlMs: number,
    private readonly entries: Map<string, Entry>,
    private readonly now: () => number,
  ) {}

  /** A cache backed by `file`; with no file or a TTL of 0, a cache that remembers nothing. */
  static async open(file: string | undefined, ttlMs: number, now: () => number = Date.now): Promise<LinkCheckCache> {
    const entries = new Map<string, Entry>();
    if (file && ttlMs > 0) {
      try {
        const parsed: unknown = JSON.parse((await readOwnFile(file))?.toString('utf8') ?? '');
        if (isCacheFile(parsed)) {
          for (const [key, entry] of Object.entries(parsed.entries)) {
            if (isEntry(entry) && now() - entry.at < ttlMs) entries.set(key, entry);
          }
        }
      } catch {
        // Missing or damaged: start empty, the next save replaces it.
      }
    }
    return new LinkCheckCache(ttlMs > 0 ? file : undefined, ttlMs, entries, now);
  }

  /** `scope` is what else decided the result (the allowedHosts in force): a blocked URL stays blocked for another project. */
  get(method: CheckMethod, url: string, scope = ''): UrlCheck | undefined {
    const entry = this.entries.get(key(method, url, scope));
    if (!entry || this.now() - entry.at >= this.ttlMs) return undefined;
    return entry.check;
  }

  set(check: UrlCheck, scope = ''): void {
    if (!this.file || !isCacheable(check)) return;
    this.entries.set(key(check.method, check.url, scope), { at: this.now(), check });
    this.dirty = true;
  }

  /** Writes the file when something was added; failures are reported to the caller, who decides. */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    const fresh = Object.fromEntries([...this.entries].filter(([, entry]) => this.now() - entry.at < this.ttlMs));
    const dir = path.dirname(this.file);
    // A new directory is made a data directory (0700, marker, .gitignore) so a daemon started on it later recognises it.
    if (!(await lstatIfExists(dir))) await prepareDataDir(dir);
    await writeFileAtomically(this.file, JSON.stringify({ version: VERSION, entries: fresh }));
    this.dirty = false;
  }
}

function key(method: CheckMethod, url: string, scope: string): string {
  return scope ? `${method} ${url} ${scope}` : `${method} ${url}`;
}

function isCacheFile(value: unknown): value is { version: number; entries: Record<string, unknown> } {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === VERSION
    && typeof (value as { entries?: unknown }).entries === 'object' && (value as { entries?: unknown }).entries !== null;
}

function isEntry(value: unknown): value is Entry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<Entry>;
  return typeof entry.at === 'number' && typeof entry.check === 'object' && entry.check !== null
    && typeof entry.check.url === 'string' && Array.isArray(entry.check.hops) && typeof entry.check.finalUrl === 'string';
}
