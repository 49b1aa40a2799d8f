// What every feature of the extension shares: the extension context, the documents' analyses,
// settings, and the per-link click figures. Features get a Ctx and push their disposables on it.
import * as vscode from 'vscode';
import { readSettings, type Settings } from './config';
import { TemplateDocuments, TEMPLATE_SELECTOR } from './documents';
import { LinkStats } from './linkStats';
import { ProjectConfigs } from './projectConfig';
import { TestDeliveries } from './testDeliveries';

export class Ctx implements vscode.Disposable {
  readonly configs: ProjectConfigs;
  /** Parse and lint results of open templates, one per document version. */
  readonly documents: TemplateDocuments;
  /** Click figures per link, written by the daemon features, read by the Links view and CodeLens. */
  readonly linkStats = new LinkStats();
  /** The latest test delivery of each template, written by the daemon features, read by the Links view. */
  readonly testDeliveries = new TestDeliveries();
  /**
   * Base URL of the connected daemon (e.g. `http://127.0.0.1:4178`), set by the daemon features;
   * hovers show the redirects of a tracked send with it. Undefined when no daemon is connected.
   */
  daemonBaseUrl: string | undefined;
  /** Which documents the editor features apply to. */
  readonly selector: vscode.DocumentSelector = TEMPLATE_SELECTOR;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extensionContext: vscode.ExtensionContext) {
    this.configs = this.push(new ProjectConfigs());
    this.documents = this.push(new TemplateDocuments(this.configs));
    this.push(this.linkStats);
    this.push(this.testDeliveries);
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
