// linktrace.config.json: found by walking up from a template's folder to its workspace folder,
// read through vscode.workspace.fs (works for remote and virtual workspaces), cached until a
// config file changes. Turns the file plus the settings into the LintOptions of one document.
import * as vscode from 'vscode';
import { DIALECTS, type AttributeStyle, type Dialect, type LintOptions, type RuleSetting } from '@linktrace/core';
import type { Settings } from './config';

export const CONFIG_FILE_NAME = 'linktrace.config.json';

interface ConfigLayer {
  dialect?: Dialect | 'auto';
  opens?: boolean;
  clicks?: boolean;
  rules?: Record<string, RuleSetting>;
  allowedHosts?: string[];
  attributeStyle?: AttributeStyle;
}

export interface ProjectConfig extends ConfigLayer {
  uri: vscode.Uri;
  /** Globs (relative to the config file) of extra files to treat as templates, e.g. `emails/**\/*.txt`. */
  include: string[];
  overrides: (ConfigLayer & { files: string[] })[];
  /** Why the file could not be used, shown once as a warning; the file is then ignored. */
  error?: string;
}

/** What one document is linted with, and how the editor writes attributes in it. */
export interface DocumentOptions {
  lint: LintOptions;
  attributeStyle: AttributeStyle;
  config?: ProjectConfig;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function readLayer(value: Record<string, unknown>, where: string): ConfigLayer {
  const layer: ConfigLayer = {};
  if (value.dialect !== undefined) {
    if (value.dialect !== 'auto' && !DIALECTS.includes(value.dialect as Dialect)) throw new Error(`${where}dialect must be auto or one of ${DIALECTS.join(', ')}`);
    layer.dialect = value.dialect as Dialect | 'auto';
  }
  for (const key of ['opens', 'clicks'] as const) {
    if (value[key] === undefined) continue;
    if (typeof value[key] !== 'boolean') throw new Error(`${where}${key} must be true or false`);
    layer[key] = value[key] as boolean;
  }
  if (value.rules !== undefined) {
    if (!isObject(value.rules)) throw new Error(`${where}rules must be an object of rule id → severity`);
    for (const [id, setting] of Object.entries(value.rules)) {
      if (!['error', 'warning', 'info', 'off'].includes(setting as string)) throw new Error(`${where}rules.${id} must be error, warning, info or off`);
    }
    layer.rules = value.rules as Record<string, RuleSetting>;
  }
  if (value.allowedHosts !== undefined) {
    if (!isStringArray(value.allowedHosts)) throw new Error(`${where}allowedHosts must be a list of host names`);
    layer.allowedHosts = value.allowedHosts;
  }
  if (value.attributeStyle !== undefined) {
    if (value.attributeStyle !== 'data' && value.attributeStyle !== 'campaign') throw new Error(`${where}attributeStyle must be data or campaign`);
    layer.attributeStyle = value.attributeStyle;
  }
  return layer;
}

export function parseProjectConfig(uri: vscode.Uri, text: string): ProjectConfig {
  const empty: ProjectConfig = { uri, include: [], overrides: [] };
  try {
    const value: unknown = JSON.parse(text);
    if (!isObject(value)) throw new Error('the file must hold a JSON object');
    const include = value.include === undefined ? [] : value.include;
    if (!isStringArray(include)) throw new Error('include must be a list of globs');
    const overrides = value.overrides === undefined ? [] : value.overrides;
    if (!Array.isArray(overrides)) throw new Error('overrides must be a list');
    return {
      uri,
      ...readLayer(value, ''),
      include,
      overrides: overrides.map((override, index) => {
        if (!isObject(override) || !isStringArray(override.files)) throw new Error(`overrides[${index}].files must be a list of globs`);
        return { ...readLayer(override, `overrides[${index}].`), files: override.files };
      }),
    };
  } catch (error) {
    return { ...empty, error: `${uri.fsPath}: ${(error as Error).message}` };
  }
}

/** Whether `document` sits under one of `globs`, relative to the config file's folder. */
export function matchesGlobs(document: vscode.TextDocument, config: ProjectConfig, globs: readonly string[]): boolean {
  const base = vscode.Uri.joinPath(config.uri, '..');
  return globs.some((glob) => vscode.languages.match({ pattern: new vscode.RelativePattern(base, glob) }, document) > 0);
}

export class ProjectConfigs implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<ProjectConfig | undefined>>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
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

  /** The nearest config file of a document inside a workspace folder (none outside one). */
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
          const config = parseProjectConfig(uri, new TextDecoder().decode(bytes));
          if (config.error && !this.reported.has(key)) {
            this.reported.add(key);
            void vscode.window.showWarningMessage(`Linktrace ignores ${CONFIG_FILE_NAME}: ${config.error}`);
          }
          return config.error ? undefined : config;
        },
        () => undefined,
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

/** Settings first, then the config file, then its matching overrides (pragmas in the template win over all). */
export function documentOptions(document: vscode.TextDocument, settings: Settings, config: ProjectConfig | undefined, format: 'html' | 'text'): DocumentOptions {
  const layers: ConfigLayer[] = [
    { dialect: settings.dialect, opens: settings.opens, clicks: settings.clicks, rules: settings.rules, attributeStyle: settings.attributeStyle },
  ];
  if (config) {
    layers.push(config);
    for (const override of config.overrides) if (matchesGlobs(document, config, override.files)) layers.push(override);
  }
  const merged: ConfigLayer = {};
  for (const layer of layers) {
    for (const key of ['dialect', 'opens', 'clicks', 'allowedHosts', 'attributeStyle'] as const) {
      if (layer[key] !== undefined) (merged as Record<string, unknown>)[key] = layer[key];
    }
    if (layer.rules) merged.rules = { ...merged.rules, ...layer.rules };
  }
  return {
    lint: {
      dialect: merged.dialect ?? 'auto',
      format,
      settings: { opens: merged.opens ?? true, clicks: merged.clicks ?? true },
      rules: merged.rules,
      allowedHosts: merged.allowedHosts,
    },
    attributeStyle: merged.attributeStyle ?? 'data',
    config,
  };
}
