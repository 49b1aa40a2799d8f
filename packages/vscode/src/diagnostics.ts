// Findings of core's lint as diagnostics: on open, and on change after a short pause (only the
// changed document is linted again).
import * as vscode from 'vscode';
import { INTERNAL_ERROR_RULE, internalErrorFinding, type Finding, type Severity } from '@linktrace/core';
import type { Analysis, TemplateDocuments } from './documents';
import { ruleDocsUri } from './ruleDocs';

export const DIAGNOSTIC_SOURCE = 'linktrace';
const DEBOUNCE_MS = 150;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** A diagnostic that remembers its finding, so code actions can reach the fix. */
export class FindingDiagnostic extends vscode.Diagnostic {
  constructor(
    range: vscode.Range,
    readonly finding: Finding,
  ) {
    super(range, finding.message, SEVERITY[finding.severity]);
    this.source = DIAGNOSTIC_SOURCE;
    this.code = { value: finding.ruleId, target: ruleDocsUri(finding.ruleId) };
  }
}

export function toDiagnostics(analysis: Analysis): FindingDiagnostic[] {
  const { document } = analysis;
  return analysis.findings.map((finding) => new FindingDiagnostic(new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end)), finding));
}

export class Diagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];
  /** A bug shows as a notification once per session; re-lints on each keystroke would repeat it. */
  private internalErrorShown = false;

  constructor(
    private readonly documents: TemplateDocuments,
    private readonly showError: (message: string) => void = (message) => void vscode.window.showErrorMessage(message),
  ) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => void this.refresh(document)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cancel(document.uri);
        this.collection.delete(document.uri);
      }),
      documents.onDidInvalidate(() => this.refreshAll()),
    ];
    this.refreshAll();
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) void this.refresh(document);
  }

  private schedule(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    const key = document.uri.toString();
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      void this.refresh(document);
    }, DEBOUNCE_MS));
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
  }

  async refresh(document: vscode.TextDocument): Promise<void> {
    try {
      const analysis = await this.documents.analyze(document);
      if (document.isClosed) return;
      // A newer version is already scheduled or analysed: its result will land instead.
      if (analysis && analysis.version !== document.version) return;
      if (analysis) {
        this.collection.set(document.uri, toDiagnostics(analysis));
        const internal = analysis.findings.find((finding) => finding.ruleId === INTERNAL_ERROR_RULE);
        if (internal) this.showInternalError(internal.message);
      } else {
        this.collection.delete(document.uri);
      }
    } catch (error) {
      // A parser bug on one template must not stop linting the others (or spam unhandled rejections):
      // the template gets one diagnostic that says so.
      console.error(`linktrace: could not lint ${document.uri.toString()}`, error);
      if (document.isClosed) return;
      const finding = internalErrorFinding(error, 'the editor extension');
      this.collection.set(document.uri, [new FindingDiagnostic(new vscode.Range(0, 0, 0, 0), finding)]);
      this.showInternalError(finding.message);
    }
  }

  private showInternalError(message: string): void {
    if (this.internalErrorShown) return;
    this.internalErrorShown = true;
    this.showError(`Linktrace: ${message}`);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}
