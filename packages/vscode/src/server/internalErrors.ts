// A failure inside the server's analysis (a linktrace bug) arrives as one `internal-error`
// diagnostic on the document; the user also gets one notification per session saying so, since
// re-lints on each keystroke would repeat it. The diagnostics themselves pass through unchanged.
import type * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

export const INTERNAL_ERROR_CODE = 'internal-error';

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

export function reportInternalErrorsOnce(showError: (message: string) => void): NonNullable<Middleware['handleDiagnostics']> {
  let shown = false;
  return (uri, diagnostics, next) => {
    if (!shown) {
      const internal = diagnostics.find((diagnostic) => codeOf(diagnostic) === INTERNAL_ERROR_CODE);
      if (internal) {
        shown = true;
        showError(`Linktrace: ${internal.message}`);
      }
    }
    next(uri, diagnostics);
  };
}
