// The extension's language client: diagnostics, quick fixes, fix-all, CodeLens, hover, document
// links and the link commands' edits all come from the Linktrace language server
// (packages/lsp), forked over node IPC and restarted by the client library's standard error
// handler when it crashes. The extension's own views ask it with Linktrace's custom requests
// (packages/lsp/src/protocol.ts, validated here too), and feed it what only the extension knows:
// the live click counts and the address of its daemon connection.
import * as vscode from 'vscode';
import { LanguageClient, State, type LanguageClientOptions, type StaticFeature } from 'vscode-languageclient/node';
import {
  ClickCountsNotification,
  DaemonNotification,
  LinkAtRequest,
  TemplateLinksRequest,
  validateLinkAtResult,
  validateTemplateLinksResult,
  type ClickCountsParams,
  type ClientParts,
  type LinkAtResult,
  type TemplateLinksResult,
} from '@linktrace/lsp/src/protocol';
import { readSettings } from '../config';
import { TEMPLATE_SELECTOR } from '../templates';
import { reportInternalErrorsOnce } from './internalErrors';
import { ServerProcess } from './serverProcess';
import { skipUnchangedDiagnostics } from './unchangedDiagnostics';

/** What a server command answers (packages/lsp/src/trackingCommand.ts). */
export interface CommandResult {
  applied: boolean;
  reason?: string;
}

/** The settings the server starts with; later changes it pulls itself (workspace/configuration). */
function initialSettings(): Record<string, unknown> {
  const settings = readSettings();
  return {
    enable: settings.enable,
    dialect: settings.dialect,
    rules: settings.rules,
    tracking: { opens: settings.opens, clicks: settings.clicks },
    attributeStyle: settings.attributeStyle,
    daemon: { dataDirectory: settings.daemonDataDirectory },
  };
}

/**
 * Diagnostics are pushed, not pulled: the client library pulls only for documents visible in a
 * tab, while every open template had diagnostics before the server existed; and pushing keeps
 * the server's own debounce (the one its benchmark measures) in charge of when a re-lint runs.
 */
const pushDiagnostics: StaticFeature = {
  fillClientCapabilities(capabilities) {
    delete capabilities.textDocument?.diagnostic;
  },
  initialize() {},
  getState: () => ({ kind: 'static' }),
  clear() {},
};

/**
 * Every diagnostic links its rule's page (codeDescription.href), so a template with a thousand
 * findings would parse the same few dozen URLs a thousand times per keystroke: parsed once each
 * instead (a Uri is immutable; the map is bounded).
 */
function memoizedUriParser(limit = 512): (value: string) => vscode.Uri {
  const parsed = new Map<string, vscode.Uri>();
  return (value) => {
    let uri = parsed.get(value);
    if (!uri) {
      if (parsed.size >= limit) parsed.clear();
      uri = vscode.Uri.parse(value);
      parsed.set(value, uri);
    }
    return uri;
  };
}

export class LinktraceServer implements vscode.Disposable {
  readonly client: LanguageClient;
  readonly output: vscode.LogOutputChannel;
  private readonly process: ServerProcess;
  /** What was fed to the server, sent again to a restarted one. */
  private readonly clickCounts = new Map<string, ClickCountsParams['links']>();
  private daemonUrl: string | null = null;
  private readonly started = new vscode.EventEmitter<void>();
  /** Fires each time a server is up and initialized: the first start and every restart. */
  readonly onDidStart = this.started.event;
  private starting: Promise<void> | undefined;

  constructor(extensionUri: vscode.Uri, showError: (message: string) => void = (message) => void vscode.window.showErrorMessage(message)) {
    this.output = vscode.window.createOutputChannel('Linktrace Language Server', { log: true });
    this.process = new ServerProcess({
      modulePath: vscode.Uri.joinPath(extensionUri, 'dist', 'linktrace-lsp.cjs').fsPath,
      cwd: vscode.workspace.workspaceFolders?.[0]?.uri.scheme === 'file' ? vscode.workspace.workspaceFolders[0].uri.fsPath : undefined,
      onOutput: (line) => this.output.appendLine(line),
    });
    const client: ClientParts = { commands: true, clickCounts: true };
    const reportInternalErrors = reportInternalErrorsOnce(showError);
    const unchanged = skipUnchangedDiagnostics();
    const options: LanguageClientOptions = {
      documentSelector: TEMPLATE_SELECTOR as LanguageClientOptions['documentSelector'],
      initializationOptions: { ...initialSettings(), client },
      outputChannel: this.output,
      uriConverters: { code2Protocol: (uri) => uri.toString(), protocol2Code: memoizedUriParser() },
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => reportInternalErrors(uri, diagnostics, (checked, passed) => unchanged.handle(checked, passed, next)),
      },
    };
    this.client = new LanguageClient('linktrace', 'Linktrace', () => this.process.start(), options);
    this.client.registerFeature(pushDiagnostics);
    this.client.onDidChangeState(({ newState }) => {
      // A restarted client starts from an empty collection: nothing it held counts as shown.
      if (newState !== State.Running) unchanged.forget();
      else this.resendFeeds();
    });
  }

  /**
   * Starts the client (and the server); resolves once it is running. Calls meanwhile share the
   * start; after a failed one, the next call (the next view refresh or command) tries again.
   */
  start(): Promise<void> {
    this.starting ??= this.client.start().catch((error: Error) => {
      this.starting = undefined;
      this.output.appendLine(`[extension] the language server did not start: ${error.message}`);
      throw error;
    });
    return this.starting;
  }

  /** The server process's pid (undefined while none runs). */
  get pid(): number | undefined {
    return this.process.pid;
  }

  get isRunning(): boolean {
    return this.client.state === State.Running;
  }

  /** The document's links, findings, platform and lint options; undefined when it is not a template. */
  async templateLinks(document: vscode.TextDocument): Promise<TemplateLinksResult | undefined> {
    await this.start();
    const result = validateTemplateLinksResult(await this.client.sendRequest(TemplateLinksRequest, { textDocument: { uri: document.uri.toString() } }));
    return result ?? undefined;
  }

  /** The link at a position of the document, or with an id; undefined when there is none. */
  async linkAt(document: vscode.TextDocument, where: { position: vscode.Position } | { linkId: string }): Promise<LinkAtResult | undefined> {
    await this.start();
    const params = 'linkId' in where
      ? { textDocument: { uri: document.uri.toString() }, linkId: where.linkId }
      : { textDocument: { uri: document.uri.toString() }, position: this.client.code2ProtocolConverter.asPosition(where.position) };
    return validateLinkAtResult(await this.client.sendRequest(LinkAtRequest, params)) ?? undefined;
  }

  /** Runs a server command (workspace/executeCommand); its edit comes back as one workspace/applyEdit. */
  async executeCommand(command: string, args: unknown[]): Promise<CommandResult> {
    await this.start();
    const result: unknown = await this.client.sendRequest('workspace/executeCommand', { command, arguments: args });
    if (typeof result !== 'object' || result === null || typeof (result as CommandResult).applied !== 'boolean') {
      throw new Error(`${command}: the language server answered ${JSON.stringify(result)}, not {applied}`);
    }
    return result as CommandResult;
  }

  /** The live clicks of a template's links (undefined forgets them): CodeLens and hover show them. */
  setClickCounts(uri: vscode.Uri, clicks: ReadonlyMap<string, { total: number; unique: number }> | undefined): void {
    const key = uri.toString();
    const links = clicks ? Object.fromEntries([...clicks].map(([id, figures]) => [id, { total: figures.total, unique: figures.unique }])) : null;
    if (links) this.clickCounts.set(key, links);
    else if (!this.clickCounts.delete(key)) return; // nothing was sent for it
    this.notify(ClickCountsNotification.method, { uri: key, links });
  }

  /** The address of the connected daemon (undefined: none): hovers name the redirect with it. */
  setDaemonUrl(url: string | undefined): void {
    const next = url ?? null;
    if (next === this.daemonUrl) return;
    this.daemonUrl = next;
    this.notify(DaemonNotification.method, { url: next });
  }

  private resendFeeds(): void {
    if (this.daemonUrl) this.notify(DaemonNotification.method, { url: this.daemonUrl });
    for (const [uri, links] of this.clickCounts) this.notify(ClickCountsNotification.method, { uri, links });
    this.started.fire();
  }

  private notify(method: string, params: unknown): void {
    // Before the first start there is nothing to tell: resendFeeds sends it all once running.
    if (!this.isRunning) return;
    this.client.sendNotification(method, params).catch((error: Error) => this.output.appendLine(`[extension] ${method} not sent: ${error.message}`));
  }

  /** Shutdown and exit, then the process ended if it is still there. */
  private stopping: Promise<void> | undefined;
  stop(): Promise<void> {
    this.stopping ??= this.client.stop(2000).catch(() => undefined).finally(() => {
      this.process.kill();
      this.output.dispose();
    });
    return this.stopping;
  }

  dispose(): void {
    this.started.dispose();
    void this.stop();
  }
}
