// A real LSP client for tests and benchmarks: spawns `linktrace lsp --stdio` (the built CLI, as
// editors run it) and talks to it with vscode-languageserver-protocol over the child's stdio. It
// records published diagnostics, answers workspace/applyEdit by applying the edit to its own copy
// of the document, and answers workspace/configuration with the settings the test gives.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditRequest,
  CodeLensRefreshRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ApplyWorkspaceEditParams,
  type ClientCapabilities,
  type Diagnostic,
  type MessageActionItem,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BIN, ensureCliBuilt } from '../../../daemon/test/support/e2e-cli-daemon';

export { BIN, ensureCliBuilt };

/** What a client says it can do: push diagnostics only (like Neovim 0.7), versioned edits, markdown hovers, lens refreshes. */
export const PUSH_CLIENT: ClientCapabilities = {
  workspace: { applyEdit: true, workspaceEdit: { documentChanges: true }, configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, codeLens: { refreshSupport: true } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'refactor'] } }, resolveSupport: { properties: ['edit'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

/** The same client, also pulling diagnostics (textDocument/diagnostic) with refresh support. */
export const PULL_CLIENT: ClientCapabilities = {
  ...PUSH_CLIENT,
  workspace: { ...PUSH_CLIENT.workspace, diagnostics: { refreshSupport: true } },
  textDocument: { ...PUSH_CLIENT.textDocument, diagnostic: { dynamicRegistration: false } },
};

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class LspTestClient {
  readonly connection: ProtocolConnection;
  readonly exited: Promise<ServerExit>;
  /** Every publishDiagnostics, in arrival order, with the time it arrived. */
  readonly published: (PublishDiagnosticsParams & { at: number })[] = [];
  /** Every workspace/applyEdit the server sent. */
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  readonly registrations: Registration[] = [];
  /** How many workspace/diagnostic/refresh requests the server sent (pull clients re-pull on each). */
  diagnosticRefreshes = 0;
  /** How many workspace/codeLens/refresh requests the server sent. */
  codeLensRefreshes = 0;
  readonly documents = new Map<string, TextDocument>();
  /** What workspace/configuration answers for the `linktrace` section. */
  settings: unknown = {};
  /** Picks the button when the server asks with window/showMessageRequest (none: the user dismissed it). */
  answerMessage: ((actions: readonly MessageActionItem[]) => MessageActionItem | null) | undefined;
  stderr = '';
  private waiters: (() => void)[] = [];

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push({ ...params, at: performance.now() });
      this.wake();
    });
    this.connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      this.appliedEdits.push(params);
      this.applyLocally(params);
      this.wake();
      return { applied: true };
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'linktrace' ? this.settings : null)));
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      this.wake();
    });
    this.connection.onRequest(DiagnosticRefreshRequest.type, () => {
      this.diagnosticRefreshes++;
      this.wake();
    });
    this.connection.onRequest(CodeLensRefreshRequest.type, () => {
      this.codeLensRefreshes++;
      this.wake();
    });
    this.connection.onRequest(ShowMessageRequest.type, (params) => (this.answerMessage ? this.answerMessage(params.actions ?? []) : null));
    // A closed pipe after the server exits is expected in crash tests: not a test failure.
    this.connection.onError(() => {});
    child.stdin.on('error', () => {});
    this.connection.listen();
  }

  /** Spawns the server; `args` after `lsp` (default `--stdio`). */
  static start(options: { args?: string[]; cwd?: string } = {}): LspTestClient {
    ensureCliBuilt();
    const child = spawn(process.execPath, [BIN, 'lsp', ...(options.args ?? ['--stdio'])], { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    return new LspTestClient(child);
  }

  async initialize(capabilities: ClientCapabilities = PUSH_CLIENT, rootPath?: string, initializationOptions?: unknown) {
    const rootUri = rootPath ? pathToFileURL(rootPath).href : null;
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'test' }] : null,
      capabilities,
      initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(uri: string, text: string, languageId = 'html'): Promise<void> {
    this.documents.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends incremental changes and applies them to the local copy; resolves with the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const document = this.documents.get(uri)!;
    const version = document.version + 1;
    this.documents.set(uri, TextDocument.update(document, changes, version));
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  text(uri: string): string {
    return this.documents.get(uri)!.getText();
  }

  /** Resolves when `check` returns something, re-checking whenever a message arrives; fails after `timeoutMs`. */
  async waitFor<T>(what: string, check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = check();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; server stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The diagnostics published for `uri` at `version` (or, without a version, the first published after `after` of them). */
  diagnostics(uri: string, version?: number, after = 0): Promise<Diagnostic[]> {
    return this.waitFor(`diagnostics of ${uri}${version === undefined ? '' : ` v${version}`}`, () =>
      this.published.slice(after).find((params) => params.uri === uri && (version === undefined || params.version === version))?.diagnostics);
  }

  async shutdownAndExit(): Promise<ServerExit> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    return this.exited;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** As an editor does: applies the edit to its copy, then tells the server of the change. */
  private applyLocally(params: ApplyWorkspaceEditParams): void {
    for (const change of params.edit.documentChanges ?? []) {
      if (!('textDocument' in change)) continue;
      const document = this.documents.get(change.textDocument.uri);
      if (!document) continue;
      void this.change(document.uri, [{ text: TextDocument.applyEdits(document, change.edits as TextEdit[]) }]);
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
