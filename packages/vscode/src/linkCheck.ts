// "Linktrace: Check Links": the CLI's link checks for the active template, as diagnostics of their
// own source (so they never mix with, or wait for, the lint run on each keystroke), with progress
// in the status bar (click to cancel) and an opt-in check on save.
import path from 'node:path';
import * as vscode from 'vscode';
import type { Finding, Recipient, Severity } from '@linktrace/core';
import { checkLinks, DEFAULT_RECIPIENTS, LinkCheckCache, type LinkCheckReport } from '@linktrace/daemon';
import type { Ctx } from './ctx';
import { loadWorkspaceRecipients } from './daemon/recipients';
import { ruleDocsUri } from './ruleDocs';

export const LINK_CHECK_SOURCE = 'linktrace-links';
const CACHE_FILE = path.join('.linktrace', 'link-check-cache.json');

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

interface LinkCheckSettings {
  onSave: boolean;
  allowHead: boolean;
  cacheTtlSeconds: number;
  timeoutMs: number;
}

function readLinkCheckSettings(scope: vscode.ConfigurationScope): LinkCheckSettings {
  const config = vscode.workspace.getConfiguration('linktrace.checkLinks', scope);
  const number = (key: string, fallback: number, min: number) => {
    const value = config.get<number>(key, fallback);
    return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
  };
  return {
    onSave: config.get<boolean>('onSave', false) === true,
    allowHead: config.get<boolean>('allowHead', false) === true,
    cacheTtlSeconds: number('cacheTtlSeconds', 3600, 0),
    timeoutMs: number('timeoutMs', 10_000, 100),
  };
}

export class LinkChecker implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(LINK_CHECK_SOURCE);
  private readonly statusItem = vscode.window.createStatusBarItem('linktrace.checkLinks', vscode.StatusBarAlignment.Left, 9);
  /** The running check of each document, so a new one (or a click on the status bar) can cancel it. */
  private readonly running = new Map<string, AbortController>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly ctx: Ctx) {
    this.statusItem.name = 'Linktrace Link Check';
    this.statusItem.command = 'linktrace.cancelCheckLinks';
    this.subscriptions = [
      vscode.commands.registerCommand('linktrace.checkLinks', (uri?: vscode.Uri) => this.checkCommand(uri)),
      vscode.commands.registerCommand('linktrace.cancelCheckLinks', () => this.cancelAll()),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (readLinkCheckSettings(document.uri).onSave) void this.check(document, { quiet: true });
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.running.get(document.uri.toString())?.abort();
        this.collection.delete(document.uri);
      }),
    ];
  }

  private async checkCommand(uri?: vscode.Uri): Promise<LinkCheckReport | undefined> {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showInformationMessage('Linktrace: open an email template to check its links.');
      return undefined;
    }
    return this.check(document);
  }

  /**
   * Checks one document's links; resolves with the report, or undefined when it is not a template.
   * `quiet` (on save): other files being saved are none of this feature's business, so no message.
   */
  async check(document: vscode.TextDocument, { quiet = false } = {}): Promise<LinkCheckReport | undefined> {
    // The server says whether it is a template and with which options it is linted (settings,
    // linktrace.config.json): the link check reads the links the same way.
    const analysis = await this.ctx.server.templateLinks(document);
    if (!analysis) {
      if (!quiet) void vscode.window.showInformationMessage(`Linktrace: ${path.basename(document.uri.fsPath)} is not an email template.`);
      return undefined;
    }
    const key = document.uri.toString();
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    const settings = readLinkCheckSettings(document.uri);
    const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
    const name = path.basename(document.uri.fsPath);
    try {
      const recipients = await this.recipients(folder);
      const cacheFile = folder && folder.uri.scheme === 'file' ? path.join(folder.uri.fsPath, CACHE_FILE) : undefined;
      const cache = await LinkCheckCache.open(cacheFile, settings.cacheTtlSeconds * 1000);
      this.showProgress(name, 0, 0);
      const report = await checkLinks([{ id: key, text: document.getText(), options: analysis.lintOptions }], {
        recipients,
        allowHead: settings.allowHead,
        timeoutMs: settings.timeoutMs,
        cache,
        signal: controller.signal,
        onProgress: (done, total) => this.showProgress(name, done, total),
      });
      await cache.save().catch(() => undefined); // a read-only workspace only loses the speed-up
      if (report.cancelled) return report;
      if (!document.isClosed) this.collection.set(document.uri, (report.findings.get(key) ?? []).map(toDiagnostic));
      return report;
    } catch (error) {
      void vscode.window.showErrorMessage(`Linktrace: the link check of ${name} failed: ${(error as Error).message}`);
      return undefined;
    } finally {
      if (this.running.get(key) === controller) this.running.delete(key);
      if (this.running.size === 0) this.statusItem.hide();
    }
  }

  private async recipients(folder: vscode.WorkspaceFolder | undefined): Promise<Recipient[]> {
    const own = folder?.uri.scheme === 'file' ? await loadWorkspaceRecipients(folder.uri.fsPath) : undefined;
    return own ?? [...DEFAULT_RECIPIENTS];
  }

  private showProgress(name: string, done: number, total: number): void {
    this.statusItem.text = `$(sync~spin) Checking links of ${name}${total ? ` ${done}/${total}` : ''}`;
    this.statusItem.tooltip = 'Linktrace is requesting the links of this template. Click to cancel.';
    this.statusItem.show();
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }

  dispose(): void {
    this.cancelAll();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.statusItem.dispose();
    this.collection.dispose();
  }
}

function toDiagnostic(finding: Finding): vscode.Diagnostic {
  // Placed by line and column: the document may have changed while the links were requested.
  const range = new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1);
  const diagnostic = new vscode.Diagnostic(range, finding.message, SEVERITY[finding.severity]);
  diagnostic.source = LINK_CHECK_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: ruleDocsUri(finding.ruleId) };
  return diagnostic;
}

export function registerLinkCheck(ctx: Ctx): LinkChecker {
  return ctx.push(new LinkChecker(ctx));
}
