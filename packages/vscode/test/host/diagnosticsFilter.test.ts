// The client hands the server's diagnostics to VS Code only when they changed: the same list again
// (a keystroke that moved no finding) costs the workbench nothing, a moved or new finding is shown.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { skipUnchangedDiagnostics } from '../../src/server/unchangedDiagnostics';

function finding(line: number, character: number): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(new vscode.Range(line, character, line, character + 10), 'www.example.com has no scheme', vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'linktrace';
  diagnostic.code = { value: 'url-scheme-missing', target: vscode.Uri.parse('https://example.test/docs/rules/url-scheme-missing.md') };
  return diagnostic;
}

describe('diagnostics the client passes on', () => {
  it('skips a list equal to the one shown, passes a moved finding, and everything after forget()', () => {
    const filter = skipUnchangedDiagnostics();
    const uri = vscode.Uri.parse('untitled:filter.html');
    const passed: vscode.Diagnostic[][] = [];
    const next = (_uri: vscode.Uri, diagnostics: vscode.Diagnostic[]) => void passed.push(diagnostics);
    filter.handle(uri, [finding(1, 9), finding(3, 9)], next);
    filter.handle(uri, [finding(1, 9), finding(3, 9)], next); // re-published after a keystroke in text
    assert.equal(passed.length, 1);
    filter.handle(uri, [finding(1, 10), finding(3, 9)], next); // a keystroke before the first one
    assert.equal(passed.length, 2);
    assert.equal(passed[1]![0]!.range.start.character, 10);
    filter.handle(uri, [], next);
    filter.handle(uri, [], next);
    assert.equal(passed.length, 3, 'cleared once');
    filter.handle(uri, [finding(1, 10)], next);
    filter.forget(); // the client restarted with an empty collection
    filter.handle(uri, [finding(1, 10)], next);
    assert.equal(passed.length, 5);
  });
});
