// The latest test delivery of each template (by document URI): who it went to, so the Links view
// can offer each recipient's test email. Written by the daemon features, read by the editor ones.
import * as vscode from 'vscode';

export interface TestDelivery {
  deliveryId: string;
  name: string;
  recipients: { id: string; email: string }[];
}

export class TestDeliveries implements vscode.Disposable {
  private readonly byDocument = new Map<string, TestDelivery>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, delivery: TestDelivery): void {
    const key = uri.toString();
    if (this.byDocument.get(key)?.deliveryId === delivery.deliveryId) return;
    this.byDocument.set(key, delivery);
    this.changed.fire(uri);
  }

  /** Forgets a template's test delivery (it was deleted); the Links view drops its node. */
  delete(uri: vscode.Uri): void {
    if (this.byDocument.delete(uri.toString())) this.changed.fire(uri);
  }

  get(uri: vscode.Uri): TestDelivery | undefined {
    return this.byDocument.get(uri.toString());
  }

  dispose(): void {
    this.changed.dispose();
  }
}
