// A failure while linting one document (a bug in linktrace) becomes one internal-error diagnostic
// on that document and a single notification per session; the other documents keep being linted.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lint } from '@linktrace/core';
import { Diagnostics } from '../../src/diagnostics';
import type { Analysis, TemplateDocuments } from '../../src/documents';

const CRASH = '<!-- this template trips the stand-in parser -->';

/** The editor's document analysis, except that it fails the way a parser bug would on CRASH. */
function documentsFailingOnCrash(): TemplateDocuments {
  const invalidated = new vscode.EventEmitter<void>();
  return {
    onDidInvalidate: invalidated.event,
    async analyze(document: vscode.TextDocument) {
      const text = document.getText();
      if (!text.startsWith('<!-- linktrace-test')) return undefined;
      if (text.includes(CRASH)) throw new RangeError('Maximum call stack size exceeded');
      return { document, version: document.version, findings: lint(text) } as unknown as Analysis;
    },
  } as unknown as TemplateDocuments;
}

describe('internal errors in the editor', () => {
  it('show as one diagnostic on the document and one notification, and linting goes on', async () => {
    const shown: string[] = [];
    const diagnostics = new Diagnostics(documentsFailingOnCrash(), (message) => shown.push(message));
    try {
      const broken = await vscode.workspace.openTextDocument({ language: 'html', content: `<!-- linktrace-test -->\n${CRASH}\n<a href="www.example.com">x</a>` });
      const healthy = await vscode.workspace.openTextDocument({ language: 'html', content: '<!-- linktrace-test -->\n<a href="www.example.com">x</a>' });
      await diagnostics.refresh(broken);
      await diagnostics.refresh(broken); // a re-lint on the next keystroke
      await diagnostics.refresh(healthy);

      const onBroken = diagnostics.collection.get(broken.uri) ?? [];
      assert.deepEqual(onBroken.map((diagnostic) => (diagnostic.code as { value: string }).value), ['internal-error']);
      assert.match(onBroken[0]!.message, /Maximum call stack size exceeded.*please report/);
      assert.equal(onBroken[0]!.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(shown.length, 1, JSON.stringify(shown));
      assert.match(shown[0]!, /^Linktrace: internal error/);
      const onHealthy = (diagnostics.collection.get(healthy.uri) ?? []).map((diagnostic) => (diagnostic.code as { value: string }).value);
      assert.ok(onHealthy.includes('url-scheme-missing'), JSON.stringify(onHealthy));
    } finally {
      diagnostics.dispose();
    }
  });
});
