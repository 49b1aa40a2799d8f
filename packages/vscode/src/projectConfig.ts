// linktrace.config.json in the editor: found by walking up from a template's folder to its
// workspace folder, read through vscode.workspace.fs (remote and virtual workspaces too), cached
// until a config file changes. Parsing and per-file resolution are core's (parseConfig,
// resolveFileOptions), so the editor and the CLI lint a file the same way.
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, parseConfig, resolveFileOptions, type AttributeStyle, type LintOptions, type LinktraceConfig, type TemplateFormat } from '@linktrace/core';
import type { Settings } from './config';

export { CONFIG_FILE_NAME };

export interface ProjectConfig {
  uri: vscode.Uri;
  config: LinktraceConfig;
}

/** What one document is linted with, and how the editor writes attributes in it. */
export interface DocumentOptions {
  lint: LintOptions;
  attributeStyle: AttributeStyle;
  config?: ProjectConfig;
}

export class ProjectConfigs implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<ProjectConfig | undefined>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
  /** Config files whose error was shown: each is reported once until it changes. */
  private readonly reported = new Set<string>();
  readonly onDidChange = this.changed.event;

  constructor() {
    const reload = () => {
      this.cache.clear();
      this.reported.clear();
      this.changed.fire();
    };
    this.watcher.onDidCreate(reload);
    this.watcher.onDidChange(reload);
    this.watcher.onDidDelete(reload);
  }

  /** The nearest usable config file of a document inside a workspace folder (none outside one). */
  async forDocument(uri: vscode.Uri): Promise<ProjectConfig | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    let directory = vscode.Uri.joinPath(uri, '..');
    for (;;) {
      const config = await this.read(vscode.Uri.joinPath(directory, CONFIG_FILE_NAME));
      if (config) return config;
      if (directory.path === folder.uri.path || !directory.path.startsWith(folder.uri.path)) return undefined;
      directory = vscode.Uri.joinPath(directory, '..');
    }
  }

  private read(uri: vscode.Uri): Promise<ProjectConfig | undefined> {
    const key = uri.toString();
    let pending = this.cache.get(key);
    if (!pending) {
      pending = Promise.resolve(vscode.workspace.fs.readFile(uri)).then(
        (bytes) => {
          try {
            return { uri, config: parseConfig(new TextDecoder().decode(bytes), vscode.workspace.asRelativePath(uri)) };
          } catch (error) {
            // A broken file is ignored (defaults apply) and said once, not on every keystroke.
            if (!this.reported.has(key)) {
              this.reported.add(key);
              void vscode.window.showWarningMessage(`Linktrace ignores ${CONFIG_FILE_NAME}: ${(error as Error).message}`);
            }
            return undefined;
          }
        },
        () => undefined, // no file here
      );
      this.cache.set(key, pending);
    }
    return pending;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

/** The document's path relative to its config file's folder, `/`-separated, as core's globs expect. */
function pathFromConfig(document: vscode.TextDocument, config: ProjectConfig): string {
  const base = vscode.Uri.joinPath(config.uri, '..').path.replace(/\/?$/, '/');
  return document.uri.path.startsWith(base) ? document.uri.path.slice(base.length) : document.uri.path.replace(/^.*\//, '');
}

/**
 * Settings first, then the config file and its matching overrides (core's resolution), then the
 * template's own pragmas (applied by core's lint). Settings go in as the config's top level,
 * under whatever the file says; only `linktrace.rules` is applied on top of the file, as its
 * description says (a personal severity override, like ESLint's rule customizations).
 */
export function documentOptions(document: vscode.TextDocument, settings: Settings, project: ProjectConfig | undefined, format: TemplateFormat): DocumentOptions {
  const fromSettings: LinktraceConfig = { dialect: settings.dialect, opens: settings.opens, clicks: settings.clicks, attributeStyle: settings.attributeStyle };
  const layered: LinktraceConfig = { ...fromSettings, ...withoutUndefined(project?.config ?? {}) };
  const lint = resolveFileOptions(layered, project ? pathFromConfig(document, project) : document.uri.path.replace(/^.*\//, ''));
  // The language decides the format: an HTML document is never linted as plain text.
  lint.format = format;
  if (Object.keys(settings.rules).length) lint.rules = { ...lint.rules, ...settings.rules };
  return { lint, attributeStyle: layered.attributeStyle ?? 'data', config: project };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
