// A failure while linting one document (a bug in linktrace) reaches the editor as one
// internal-error diagnostic that the server publishes on that document (packages/lsp's
// internalError test makes the server fail); the extension adds a single notification per session
// and passes every diagnostic through, so the other documents keep theirs.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { reportInternalErrorsOnce } from '../../src/server/internalErrors';

/** What the client library makes of the server's internal-error diagnostic. */
function internalError(): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), 'internal error in the Linktrace language server: Maximum call stack size exceeded. The file was not fully linted; please report it.', vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'linktrace';
  diagnostic.code = 'internal-error';
  return diagnostic;
}

function finding(): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(new vscode.Range(1, 9, 1, 24), 'www.example.com has no scheme', vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'linktrace';
  diagnostic.code = { value: 'url-scheme-missing', target: vscode.Uri.parse('https://example.test/docs/rules/url-scheme-missing.md') };
  return diagnostic;
}

describe('internal errors in the editor', () => {
  it('show as the server\'s diagnostic on the document and one notification, and the other documents keep theirs', () => {
    const shown: string[] = [];
    const collection = vscode.languages.createDiagnosticCollection('linktrace-internal-error-test');
    const handle = reportInternalErrorsOnce((message) => shown.push(message));
    const next = (uri: vscode.Uri, diagnostics: vscode.Diagnostic[]) => collection.set(uri, diagnostics);
    try {
      const broken = vscode.Uri.parse('untitled:broken.html');
      const healthy = vscode.Uri.parse('untitled:healthy.html');
      handle(broken, [internalError()], next);
      handle(broken, [internalError()], next); // a re-lint on the next keystroke
      handle(healthy, [finding()], next);

      const onBroken = collection.get(broken) ?? [];
      assert.deepEqual(onBroken.map((diagnostic) => diagnostic.code), ['internal-error']);
      assert.match(onBroken[0]!.message, /Maximum call stack size exceeded.*please report/);
      assert.equal(onBroken[0]!.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.match(shown[0]!, /^Linktrace: internal error/);
      const onHealthy = (collection.get(healthy) ?? []).map((diagnostic) => (diagnostic.code as { value: string }).value);
      assert.deepEqual(onHealthy, ['url-scheme-missing']);
    } finally {
      collection.dispose();
    }
  });
});
