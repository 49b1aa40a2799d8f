// Per-link click figures of the latest test delivery of each template, set by the daemon features
// and shown by the Links view and, through the language server, CodeLens and hover. Keyed by
// document URI and core's link id.
import * as vscode from 'vscode';

export interface LinkClicks {
  total: number;
  unique: number;
}

export class LinkStats implements vscode.Disposable {
  private readonly byDocument = new Map<string, ReadonlyMap<string, LinkClicks>>();
  /** Templates whose figures a clear() of everything just dropped (for clearedUris). */
  private cleared: vscode.Uri[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires with the document whose figures changed, or undefined when all were cleared. */
  readonly onDidChange = this.changed.event;

  /** Replaces the figures of one template (link id → clicks). */
  set(uri: vscode.Uri, clicks: ReadonlyMap<string, LinkClicks>): void {
    this.byDocument.set(uri.toString(), new Map(clicks));
    this.changed.fire(uri);
  }

  get(uri: vscode.Uri, linkId: string): LinkClicks | undefined {
    return this.byDocument.get(uri.toString())?.get(linkId);
  }

  /** Every figure of one template, or undefined when it has none. */
  all(uri: vscode.Uri): ReadonlyMap<string, LinkClicks> | undefined {
    return this.byDocument.get(uri.toString());
  }

  /** During an onDidChange without a document: the templates that lost their figures. */
  clearedUris(): vscode.Uri[] {
    return this.cleared;
  }

  /** Forgets one template's figures, or all of them (e.g. when the daemon disconnects). */
  clear(uri?: vscode.Uri): void {
    if (uri) {
      this.byDocument.delete(uri.toString());
      this.changed.fire(uri);
      return;
    }
    this.cleared = [...this.byDocument.keys()].map((key) => vscode.Uri.parse(key));
    this.byDocument.clear();
    this.changed.fire(undefined);
    this.cleared = [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
