// linktrace.config.json for each document: found by walking up from the template's folder to the
// workspace folder that holds it (to the filesystem root outside any), read and parsed once, and
// forgotten when a config file changes (workspace/didChangeWatchedFiles, or fs.watch on the
// folders walked when the client cannot watch files). Parsing and per-file resolution are core's
// (parseConfig, resolveFileOptions), so the server lints a file exactly as the CLI does.
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAME, parseConfig, type LinktraceConfig } from '@linktrace/core';

export interface ProjectConfig {
  /** Absolute path of the config file. */
  file: string;
  config: LinktraceConfig;
}

export interface ProjectConfigEvents {
  /** A config file could not be used (`message` names the file); said once per file until it changes. */
  onBrokenConfig(file: string, message: string): void;
  /** A config file appeared, changed or disappeared: every document must be linted again. */
  onDidChange(): void;
}

export class ProjectConfigs {
  private readonly cache = new Map<string, Promise<ProjectConfig | undefined>>();
  private readonly reported = new Set<string>();
  private readonly watchers = new Map<string, FSWatcher>();
  private workspaceFolders: string[] = [];
  /** Set when the client watches `**\/linktrace.config.json` for us (no fs.watch needed). */
  clientWatchesFiles = false;

  constructor(private readonly events: ProjectConfigEvents) {}

  setWorkspaceFolders(folders: readonly string[]): void {
    this.workspaceFolders = folders.map((folder) => path.resolve(folder));
  }

  /** The nearest usable config file of a template at `filePath`. */
  async forFile(filePath: string): Promise<ProjectConfig | undefined> {
    const stop = this.workspaceFolderOf(filePath);
    let directory = path.dirname(path.resolve(filePath));
    for (;;) {
      this.watchDirectory(directory);
      const config = await this.read(path.join(directory, CONFIG_FILE_NAME));
      if (config) return config;
      const parent = path.dirname(directory);
      if (directory === stop || parent === directory) return undefined;
      directory = parent;
    }
  }

  /** Forgets every cached config (a watched config file changed). */
  invalidate(): void {
    this.cache.clear();
    this.reported.clear();
    this.events.onDidChange();
  }

  dispose(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  /** The workspace folder holding a file, the innermost one; undefined outside every folder. */
  workspaceFolderOf(filePath: string): string | undefined {
    const resolved = path.resolve(filePath);
    return this.workspaceFolders
      .filter((folder) => resolved === folder || resolved.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep))
      .sort((a, b) => b.length - a.length)[0];
  }

  private read(file: string): Promise<ProjectConfig | undefined> {
    let pending = this.cache.get(file);
    if (!pending) {
      pending = readFile(file, 'utf8').then(
        (text) => {
          try {
            return { file, config: parseConfig(text, file) };
          } catch (error) {
            // A broken file is ignored (defaults apply) and said once, not on every keystroke.
            if (!this.reported.has(file)) {
              this.reported.add(file);
              this.events.onBrokenConfig(file, (error as Error).message);
            }
            return undefined;
          }
        },
        () => undefined, // no file here (or unreadable): keep walking up
      );
      this.cache.set(file, pending);
    }
    return pending;
  }

  /** Without the client's file watching, the folders walked are watched for a config file coming, changing or going. */
  private watchDirectory(directory: string): void {
    if (this.clientWatchesFiles || this.watchers.has(directory)) return;
    try {
      const watcher = watch(directory, { persistent: false }, (_event, name) => {
        if (name === null || name.toString() === CONFIG_FILE_NAME) this.invalidate();
      });
      watcher.on('error', () => {
        watcher.close();
        this.watchers.delete(directory);
      });
      this.watchers.set(directory, watcher);
    } catch {
      // Unwatchable (gone, no permission): a config change here is then noticed only with the
      // next config change elsewhere, which clears the whole cache. Not retried on each keystroke.
      this.watchers.set(directory, { close() {} } as FSWatcher);
    }
  }
}
