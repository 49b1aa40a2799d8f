// Settings and config files. Settings: initializationOptions, then the client's `linktrace`
// section (workspace/configuration when the client has it, else the didChangeConfiguration
// payload). Config files: the client watches `**/linktrace.config.json` for us when it can
// register watchers (workspace/didChangeWatchedFiles); otherwise ProjectConfigs watches the
// folders it reads. Either change re-lints every open document.
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '@linktrace/core';
import { filePathOf } from './analysis';
import { describeError, type ServerContext } from './context';
import type { ProjectConfigs } from './projectConfig';
import { readSettings, type Settings } from './settings';

export function workspaceCapabilities(): Partial<ServerCapabilities> {
  return { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } };
}

/** The folders a client names at start: workspaceFolders, else the deprecated rootUri / rootPath. */
export function workspaceFolderPaths(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const paths = uris.map(filePathOf).filter((folder): folder is string => folder !== undefined);
  if (paths.length === 0 && params.rootPath) paths.push(params.rootPath);
  return paths;
}

export interface WorkspaceConfiguration {
  initialize(params: InitializeParams): void;
  settings(): Settings;
}

export function registerWorkspaceConfiguration(context: ServerContext, configs: ProjectConfigs, onDidChange: () => void): WorkspaceConfiguration {
  const { connection } = context;
  let initial: Settings | undefined;
  let current: Settings | undefined;
  let folders: string[] = [];

  const apply = (next: Settings) => {
    const changed = JSON.stringify(next) !== JSON.stringify(current);
    current = next;
    if (changed) onDidChange();
  };

  const pullSettings = async () => {
    if (!context.client.workspace?.configuration) return false;
    try {
      const [section] = await connection.workspace.getConfiguration([{ section: 'linktrace' }]);
      apply(readSettings(section, initial));
    } catch (error) {
      connection.console.warn(`linktrace: could not read the client's settings: ${describeError(error)}`);
    }
    return true;
  };

  connection.onInitialized(() => {
    if (context.client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] });
    }
    if (context.client.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'linktrace' });
    }
    if (context.client.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((folder) => filePathOf(folder.uri)));
        folders = [...folders.filter((folder) => !removed.has(folder)), ...event.added.map((folder) => filePathOf(folder.uri)).filter((folder): folder is string => folder !== undefined)];
        configs.setWorkspaceFolders(folders);
        configs.invalidate();
      });
    }
    void pullSettings();
  });

  connection.onDidChangeConfiguration(async (params) => {
    if (await pullSettings()) return;
    apply(readSettings(params.settings, initial));
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((change) => change.uri.endsWith(`/${CONFIG_FILE_NAME}`))) configs.invalidate();
  });

  return {
    initialize(params) {
      initial = readSettings(params.initializationOptions);
      current = initial;
      folders = workspaceFolderPaths(params);
      configs.setWorkspaceFolders(folders);
      configs.clientWatchesFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    },
    settings: () => current ?? readSettings(undefined),
  };
}
