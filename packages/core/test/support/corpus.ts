// Locates the shared corpus of real email templates (never copied into the project): the
// directory named by LINKTRACE_CORPUS, else `<repo>/../shared/corpus`. Absent on a fresh clone.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is packages/core/test/support/corpus.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface CorpusFile {
  /** Path relative to the corpus root, with '/' separators: 'sendgrid/x.html'. */
  name: string;
  path: string;
  text: string;
}

/** Where the corpus is expected: LINKTRACE_CORPUS or `<repo>/../shared/corpus`. */
export function corpusLocation(): string {
  const fromEnv = process.env.LINKTRACE_CORPUS;
  return fromEnv && fromEnv.trim() !== '' ? path.resolve(fromEnv) : path.resolve(REPO_ROOT, '../shared/corpus');
}

/** The corpus root when it exists and is a directory, else undefined. */
export function corpusRoot(): string | undefined {
  const location = corpusLocation();
  return existsSync(location) && statSync(location).isDirectory() ? location : undefined;
}

let cached: CorpusFile[] | undefined;

/** Every .html file of the corpus, sorted by name; [] when there is no corpus. */
export function corpusFiles(): CorpusFile[] {
  if (cached) return cached;
  const root = corpusRoot();
  const files: CorpusFile[] = [];
  if (root) {
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && entry.name.toLowerCase().endsWith('.html')) {
          files.push({ name: path.relative(root, full).split(path.sep).join('/'), path: full, text: readFileSync(full, 'utf8') });
        }
      }
    };
    walk(root);
  }
  cached = files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return cached;
}

/** One corpus file by name, or undefined. */
export function corpusFile(name: string): CorpusFile | undefined {
  return corpusFiles().find((file) => file.name === name);
}
