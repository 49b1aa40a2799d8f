// The Tracking panel: one webview panel fed by the DaemonService. Every message to the webview
// goes through `post`, and the webview confirms what it drew with a `rendered` message; both are
// events, so the extension-host test follows the same path a user's panel takes.
import * as vscode from 'vscode';
import type { Dialect } from '@linktrace/core';
import { personalize } from '@linktrace/daemon';
import type { DaemonService } from '../daemon/service';
import { panelHtml } from './html';
import { markTrackedLinks } from './markTrackedLinks';
import { parsePanelMessage, type FromPanelMessage, type TestEmailAction, type ToPanelMessage } from './messages';

export const TRACKING_PANEL_VIEW_TYPE = 'linktrace.tracking';

export class TrackingPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly postEmitter = new vscode.EventEmitter<ToPanelMessage>();
  private readonly renderEmitter = new vscode.EventEmitter<{ lastSeq: number; rows: number }>();
  /** Each message as it is posted to the webview. */
  readonly onDidPost = this.postEmitter.event;
  /** The webview drew its model up to `lastSeq`. */
  readonly onDidRender = this.renderEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly service: DaemonService,
  ) {
    this.subscriptions.push(
      service.onDidReceiveLogs((logs) => this.post({ type: 'logs', logs })),
      service.onDidAddDelivery((delivery) => {
        this.post({ type: 'delivery', delivery });
        this.focusActiveTemplate();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.focusActiveTemplate()),
      service.onDidPrepare((delivery) => this.focus(delivery.id)),
      service.onDidChangeStatus(() => this.postConnection()),
      service.onDidReset(() => this.postReset()),
    );
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens the panel, or brings it to the front. */
  show(): this {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return this;
    }
    const panel = vscode.window.createWebviewPanel(
      TRACKING_PANEL_VIEW_TYPE,
      'Linktrace Tracking',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      this.webviewOptions(),
    );
    return this.adopt(panel);
  }

  /**
   * Takes over a panel VS Code restored after a window reload (WebviewPanelSerializer): the
   * webview keeps its filters and tab in its own state and gets everything else again on `ready`.
   */
  restore(panel: vscode.WebviewPanel): this {
    if (this.panel && this.panel !== panel) this.panel.dispose();
    panel.webview.options = this.webviewOptions();
    return this.adopt(panel);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')], enableCommandUris: false };
  }

  private adopt(panel: vscode.WebviewPanel): this {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    this.panel = panel;
    panel.webview.html = panelHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'panel.js')).toString(),
    });
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.handleWebviewMessage(raw));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    return this;
  }

  private post(message: ToPanelMessage): void {
    if (!this.panel) return;
    this.postEmitter.fire(message);
    void this.panel.webview.postMessage(message);
  }

  private lastConnection = '';

  /** The status also changes with each log count; the webview only needs connection changes. */
  private postConnection(): void {
    const connection = this.service.connection;
    const key = JSON.stringify(connection);
    if (key === this.lastConnection) return;
    this.lastConnection = key;
    this.post({ type: 'connection', connection });
  }

  private postReset(): void {
    this.lastConnection = JSON.stringify(this.service.connection);
    this.post({ type: 'reset', logs: [...this.service.model.logs], deliveries: this.service.model.deliveries, connection: this.service.connection });
    this.lastFocus = undefined;
    this.focusActiveTemplate();
  }

  private lastFocus: string | undefined;

  /** The Delivery filter follows the template being edited: its latest test delivery. */
  private focusActiveTemplate(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (document?.uri.scheme !== 'file') return;
    const latest = this.service.deliveries.find((summary) => summary.sourcePath === document.uri.fsPath);
    if (latest) this.focus(latest.id);
  }

  private focus(deliveryId: string): void {
    if (deliveryId === this.lastFocus) return;
    this.lastFocus = deliveryId;
    this.post({ type: 'focus', deliveryId });
  }

  /** Everything the webview sends comes through here, validated first. */
  async handleWebviewMessage(raw: unknown): Promise<void> {
    const message = parsePanelMessage(raw);
    if (message) await this.receive(message);
  }

  private async receive(message: FromPanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.postReset();
        return;
      case 'rendered':
        this.renderEmitter.fire({ lastSeq: message.lastSeq, rows: message.rows });
        return;
      case 'requestTemplate': {
        const summary = this.service.deliverySummary(message.deliveryId);
        const template = summary ? await this.service.templateOf(message.deliveryId) : undefined;
        if (!summary || template === undefined) {
          this.post({ type: 'template', deliveryId: message.deliveryId, html: null, error: 'The template of this delivery is no longer available.' });
          return;
        }
        const marked = markTrackedLinks(template, summary.links, summary.dialect);
        // As the recipient sees it: their data in place of `<%= %>` (what cannot be looked up stays as written).
        const recipient = this.service.recipientOf(message.deliveryId);
        const html = recipient ? personalize(marked, summary.dialect as Dialect, recipient, 'html').text : marked;
        this.post({ type: 'template', deliveryId: message.deliveryId, html });
        return;
      }
      case 'reveal':
        await revealInSource(this.service, message.deliveryId, message.linkId, message.line);
        return;
      case 'testEmail':
        await this.testEmail(message.action, message.deliveryId, message.recipientId);
        return;
      case 'command':
        await vscode.commands.executeCommand(`linktrace.${message.command}`);
        return;
    }
  }

  private async testEmail(action: TestEmailAction, deliveryId: string, recipientId: string): Promise<void> {
    await vscode.commands.executeCommand(action === 'open' ? 'linktrace.openTestEmail' : 'linktrace.copyTestEmailLink', deliveryId, recipientId);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.postEmitter.dispose();
    this.renderEmitter.dispose();
  }
}

/** Opens a delivery's template at a link's (or a given) line. */
export async function revealInSource(service: DaemonService, deliveryId: string, linkId?: string, line?: number): Promise<vscode.TextEditor | undefined> {
  const summary = service.deliverySummary(deliveryId);
  if (!summary?.sourcePath) {
    void vscode.window.showInformationMessage('Linktrace: this delivery was not prepared from a file, so there is no source to show.');
    return undefined;
  }
  const target = linkId ? summary.links.find((link) => link.linkId === linkId)?.line : line;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(summary.sourcePath));
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
  if (target) {
    const at = Math.min(Math.max(target - 1, 0), document.lineCount - 1);
    const range = document.lineAt(at).range;
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  return editor;
}
