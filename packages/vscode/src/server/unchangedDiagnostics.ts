// The server publishes a document's whole list of diagnostics after every change. When the list is
// the one already shown (typing in text or styles moves no finding), it is not handed to VS Code
// again: setting a collection sends every diagnostic of the file to the workbench, which for a
// template with a thousand findings is most of what a keystroke costs the extension host.
import type * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

type HandleDiagnostics = NonNullable<Middleware['handleDiagnostics']>;

function codeValue(code: vscode.Diagnostic['code']): string | number | undefined {
  return typeof code === 'object' ? code.value : code;
}

function sameDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return a.message === b.message && a.severity === b.severity && a.source === b.source && codeValue(a.code) === codeValue(b.code) && a.range.isEqual(b.range);
}

export function sameDiagnostics(a: readonly vscode.Diagnostic[], b: readonly vscode.Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameDiagnostic(a[i]!, b[i]!)) return false;
  return true;
}

export interface UnchangedDiagnosticsFilter {
  handle: HandleDiagnostics;
  /** The client cleared its collection (a restart): whatever comes next is shown. */
  forget(): void;
}

/** Passes a document's diagnostics on only when they differ from the last ones passed for it. */
export function skipUnchangedDiagnostics(): UnchangedDiagnosticsFilter {
  const shown = new Map<string, readonly vscode.Diagnostic[]>();
  return {
    handle(uri, diagnostics, next) {
      const key = uri.toString();
      const previous = shown.get(key);
      if (previous && sameDiagnostics(previous, diagnostics)) return;
      shown.set(key, diagnostics);
      next(uri, diagnostics);
    },
    forget: () => shown.clear(),
  };
}
