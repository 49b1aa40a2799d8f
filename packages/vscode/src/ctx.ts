// What every feature of the extension shares: the extension context, the language server, the
// per-link click figures and test deliveries the daemon features collect, and the disposables.
// Features get a Ctx and push their disposables on it.
import * as vscode from 'vscode';
import { readSettings, type Settings } from './config';
import { LinkStats } from './linkStats';
import { LinktraceServer } from './server/languageServer';
import { TEMPLATE_SELECTOR } from './templates';
import { TestDeliveries } from './testDeliveries';

export class Ctx implements vscode.Disposable {
  /** The language server: every template's analysis, diagnostics and edits. */
  readonly server: LinktraceServer;
  /** Click figures per link, written by the daemon features; the server shows them in CodeLens and hover, the Links view too. */
  readonly linkStats = new LinkStats();
  /** The latest test delivery of each template, written by the daemon features, read by the Links view. */
  readonly testDeliveries = new TestDeliveries();
  /** Which documents the editor features apply to. */
  readonly selector: vscode.DocumentSelector = TEMPLATE_SELECTOR;
  private readonly disposables: vscode.Disposable[] = [];
  private daemonUrl: string | undefined;

  constructor(readonly extensionContext: vscode.ExtensionContext) {
    this.server = this.push(new LinktraceServer(extensionContext.extensionUri));
    this.push(this.linkStats);
    this.push(this.testDeliveries);
    // The server renders the counts (CodeLens, hover): it hears of each change.
    this.push(this.linkStats.onDidChange((uri) => {
      for (const changed of uri ? [uri] : this.linkStats.clearedUris()) this.server.setClickCounts(changed, this.linkStats.all(changed));
    }));
  }

  /**
   * Base URL of the connected daemon (e.g. `http://127.0.0.1:4178`), set by the daemon features;
   * hovers show the redirects of a tracked send with it. Undefined when no daemon is connected.
   */
  get daemonBaseUrl(): string | undefined {
    return this.daemonUrl;
  }

  set daemonBaseUrl(url: string | undefined) {
    this.daemonUrl = url;
    this.server.setDaemonUrl(url);
  }

  /** Settings of a document (or of the workspace), read fresh: they change at any time. */
  settings(scope?: vscode.ConfigurationScope): Settings {
    return readSettings(scope);
  }

  get extensionUri(): vscode.Uri {
    return this.extensionContext.extensionUri;
  }

  /** Disposed, last pushed first, when the extension deactivates. */
  push<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch (error) {
        console.error('linktrace: dispose failed', error);
      }
    }
  }
}
