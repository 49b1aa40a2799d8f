// Test templates and the temporary project folders they are opened from.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/**
 * newsletter.html: line 4 (0-based 3) has a URL with a leading space (url-whitespace, a safe fix),
 * line 5 a mailto: link (url-untracked-scheme, info), line 6 a localhost URL (url-nonproduction-host).
 */
export const NEWSLETTER = readFileSync(path.join(FIXTURES, 'newsletter.html'), 'utf8');

export interface Project {
  dir: string;
  /** Writes a file of the project (relative path) and returns its file: URI. */
  write(relative: string, text: string): string;
  uri(relative: string): string;
  remove(): void;
}

export function tempProject(): Project {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linktrace-lsp-'));
  return {
    dir,
    write(relative, text) {
      writeFileSync(path.join(dir, relative), text);
      return pathToFileURL(path.join(dir, relative)).href;
    },
    uri: (relative) => pathToFileURL(path.join(dir, relative)).href,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
