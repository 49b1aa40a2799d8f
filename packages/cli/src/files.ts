// Which files a command works on (files, directories, globs) and reading them as text, refusing
// what is not a UTF-8 text template rather than linting garbage or writing it back changed.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';

/** Extensions of email templates found when a directory is given (a config's `include` adds globs). */
export const TEMPLATE_EXTENSIONS: readonly string[] = ['.html', '.htm', '.mjml', '.hbs', '.handlebars', '.mustache', '.liquid', '.njk', '.twig', '.tpl'];

/** Never descended into when expanding a directory or a glob. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', 'dist', '.linktrace']);

/** Larger than any email; most likely not a template at all. */
export const MAX_TEMPLATE_BYTES = 50 * 1024 * 1024;

export interface ExpandedTargets {
  /** Absolute paths, in the order given, each once. */
  files: string[];
  /** One line per target that gave nothing usable. */
  problems: string[];
}

/** Whether a file found in a directory is a template although its extension is not one (a config's `include`). */
export type IncludedFile = (file: string) => Promise<boolean>;

/**
 * Expands command-line targets: a file as is, a directory to its templates (and to the files
 * `isIncluded` adds), a glob to its matches.
 */
export async function expandTargets(targets: readonly string[], cwd: string, isIncluded?: IncludedFile): Promise<ExpandedTargets> {
  const files: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    let kind: 'file' | 'directory' | 'other' | 'missing';
    try {
      const info = await stat(absolute);
      kind = info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
    } catch (error) {
      if (!isMissing(error)) {
        problems.push(`${target}: ${describeFsError(error)}`);
        continue;
      }
      kind = 'missing';
    }
    if (kind === 'file') add(absolute);
    else if (kind === 'directory') {
      const before = files.length;
      await collectTemplates(absolute, add, problems, isIncluded);
      if (files.length === before) problems.push(`${target}: no email templates found (looked for ${TEMPLATE_EXTENSIONS.join(' ')}, text parts and the config's "include" globs)`);
    } else if (kind === 'other') problems.push(`${target}: not a regular file or directory`);
    else if (picomatch.scan(target).isGlob) {
      const before = files.length;
      await collectGlob(target, cwd, add, problems);
      if (files.length === before) problems.push(`${target}: no files match this pattern`);
    } else problems.push(`${target}: ${FILE_NOT_FOUND}`);
  }
  return { files, problems };
}

/**
 * A `.txt` file is linted from a directory only when it is clearly the text part of an email:
 * it sits beside a template of the same name, or its name says so (`welcome.text.txt`,
 * `welcome-plain.txt`), so READMEs and licence files stay out.
 */
export function isEmailTextPart(fileName: string, siblings: ReadonlySet<string>): boolean {
  if (!/\.txt$/i.test(fileName)) return false;
  const stem = fileName.slice(0, -4);
  if (TEMPLATE_EXTENSIONS.some((extension) => siblings.has(stem + extension))) return true;
  return /(^|[._-])(text|plain|plaintext)$/i.test(stem);
}

function isTemplateName(name: string, siblings: ReadonlySet<string>): boolean {
  const extension = path.extname(name).toLowerCase();
  return TEMPLATE_EXTENSIONS.includes(extension) || isEmailTextPart(name, siblings);
}

async function collectTemplates(directory: string, add: (file: string) => void, problems: string[], isIncluded?: IncludedFile): Promise<void> {
  await walk(directory, problems, async (file, siblings) => {
    if (isTemplateName(path.basename(file), siblings) || (isIncluded && (await isIncluded(file)))) add(file);
  });
}

async function collectGlob(pattern: string, cwd: string, add: (file: string) => void, problems: string[]): Promise<void> {
  const normalized = pattern.replace(/\\/g, '/');
  const scan = picomatch.scan(normalized);
  const base = path.resolve(cwd, scan.base || '.');
  const absolutePattern = path.isAbsolute(normalized);
  const matches = picomatch(absolutePattern ? normalized : normalized.replace(/^(\.\/)+/, ''), { dot: true });
  try {
    if (!(await stat(base)).isDirectory()) return;
  } catch (error) {
    if (!isMissing(error)) problems.push(`${pattern}: ${describeFsError(error)}`);
    return;
  }
  await walk(base, problems, (file) => {
    const candidate = absolutePattern ? file : path.relative(cwd, file);
    if (matches(candidate.split(path.sep).join('/'))) add(file);
  });
}

/** Depth-first, names sorted, skipping SKIPPED_DIRECTORIES; symlinked directories are not followed (no cycles). */
async function walk(directory: string, problems: string[], visit: (file: string, siblings: ReadonlySet<string>) => void | Promise<void>): Promise<void> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    problems.push(`${directory}: ${describeFsError(error)}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const names = new Set(entries.map((entry) => entry.name));
  const subdirectories: string[] = [];
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) subdirectories.push(full);
    } else if (entry.isFile()) await visit(full, names);
    else if (entry.isSymbolicLink()) {
      let isFile = false;
      try {
        isFile = (await stat(full)).isFile();
      } catch {
        // A dangling link is not a template; nothing to say about it.
      }
      if (isFile) await visit(full, names);
    }
  }
  for (const subdirectory of subdirectories) await walk(subdirectory, problems, visit);
}

export type ReadTemplateResult =
  | { ok: true; text: string; /** The file started with a UTF-8 byte-order mark (kept when writing). */ bom: boolean }
  | { ok: false; problem: string };

/** Reads a template as UTF-8 text; binary, non-UTF-8 and unreadable files give a problem line. */
export async function readTemplate(file: string): Promise<ReadTemplateResult> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.size > MAX_TEMPLATE_BYTES) {
      return { ok: false, problem: `too large to be an email template (${Math.round(info.size / 1024 / 1024)} MB; the limit is ${MAX_TEMPLATE_BYTES / 1024 / 1024} MB)` };
    }
    bytes = await readFile(file);
  } catch (error) {
    return { ok: false, problem: isMissing(error) ? FILE_NOT_FOUND : `cannot read: ${describeFsError(error)}` };
  }
  const problem = binaryProblem(bytes);
  if (problem) return { ok: false, problem };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { ok: true, text: bom ? text.slice(1) : text, bom };
  } catch {
    return { ok: false, problem: 'not valid UTF-8 (a binary file, or text in another encoding such as Windows-1252: save it as UTF-8)' };
  }
}

/** Writes text back, with the byte-order mark the file had. */
export async function writeTemplate(file: string, text: string, bom: boolean): Promise<void> {
  await writeFile(file, bom ? `\ufeff${text}` : text, 'utf8');
}

function binaryProblem(bytes: Buffer): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return 'UTF-16 encoded; save it as UTF-8';
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return `binary file (NUL byte at offset ${nul}); not a text template`;
  return undefined;
}

/** The one wording every command uses for a path that does not exist: `FILE: file not found`. */
export const FILE_NOT_FOUND = 'file not found';

/** Nothing at that path (or a file where a directory was expected): absent, not unreadable. */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return FILE_NOT_FOUND;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return (error as Error)?.message ?? String(error);
  }
}
