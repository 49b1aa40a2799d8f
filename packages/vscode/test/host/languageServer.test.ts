// The extension as the language server's client: the analysis runs in a separate server process
// (dist/linktrace-lsp.cjs over node IPC), diagnostics and quick fixes come from it, a crashed
// server is restarted by the client and diagnostics come back, and the Links view is filled from
// the server's linktrace/templateLinks request.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LinktraceApi } from '../../src/extension';
import type { GroupNode } from '../../src/linksView';
import { isProcessAlive } from './daemonSupport';
import { activateExtension, linktraceDiagnostics, openFixture, rangeOf, revertAndClose, waitFor } from './helpers';

/** Records the methods the client sends while `action` runs (the client library's sendRequest middleware). */
async function sentRequests<T>(api: LinktraceApi, action: () => Promise<T>): Promise<{ methods: string[]; result: T }> {
  const middleware = api.server.client.clientOptions.middleware!;
  const methods: string[] = [];
  middleware.sendRequest = (type, param, token, next) => {
    methods.push(typeof type === 'string' ? type : type.method);
    return next(type, param, token);
  };
  try {
    return { methods, result: await action() };
  } finally {
    delete middleware.sendRequest;
  }
}

describe('the language server behind the extension', function () {
  this.timeout(60_000);
  let api: LinktraceApi;
  before(async () => {
    api = await activateExtension();
    await api.server.start();
  });

  it('runs in a process of its own, and its diagnostics and quick fixes reach the editor', async () => {
    const pid = await waitFor('the server process', () => api.server.pid);
    assert.notEqual(pid, process.pid, 'not the extension host');
    assert.ok(isProcessAlive(pid));

    const editor = await openFixture('fixes.html');
    const { document } = editor;
    await waitFor('url-scheme-missing from the server', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length === 3);
    const diagnostic = linktraceDiagnostics(document.uri, 'url-scheme-missing').find((candidate) => candidate.range.isEqual(rangeOf(document, 'www.shop.example/one')));
    assert.ok(diagnostic);
    const { methods, result: actions } = await sentRequests(api, async () =>
      vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value));
    assert.ok(methods.includes('textDocument/codeAction'), `the quick fixes were asked of the server: ${methods.join(', ')}`);
    const fix = actions.find((action) => action.title === 'Add https://');
    assert.ok(fix?.edit, JSON.stringify(actions.map((action) => action.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitFor('the server to re-lint without the fixed finding', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length === 2);
    await revertAndClose(editor);
  });

  it('is restarted by the client when it crashes, and diagnostics come back', async () => {
    const editor = await openFixture('diagnostics.html');
    const { document } = editor;
    await waitFor('diagnostics before the crash', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length === 1);
    const crashed = await waitFor('the server process', () => api.server.pid);
    process.kill(crashed, 'SIGKILL');
    await waitFor('the crashed server to be gone', () => !isProcessAlive(crashed));
    const restarted = await waitFor('a new server process, running', () => api.server.isRunning && api.server.pid !== undefined && api.server.pid !== crashed && api.server.pid, 20_000);
    assert.ok(isProcessAlive(restarted));

    // Only a live server lints the link added after the crash.
    await editor.edit((edit) => edit.insert(rangeOf(document, '<a href="https://example.com/unsubscribe"').start, '<a href="www.after-crash.example/">New</a>\n  '));
    const found = await waitFor('a diagnostic of the link added after the restart', () =>
      linktraceDiagnostics(document.uri, 'url-scheme-missing').find((diagnostic) => diagnostic.range.isEqual(rangeOf(document, 'www.after-crash.example/'))), 20_000);
    assert.equal(found.severity, vscode.DiagnosticSeverity.Error);
    // And what the server answers the extension's own views again.
    assert.ok((await api.server.templateLinks(document))?.links.some((link) => link.raw === 'www.after-crash.example/'));
    await revertAndClose(editor);
  });

  it('fills the Links view from linktrace/templateLinks', async () => {
    const editor = await openFixture('tracking.html');
    await waitFor('the view to follow the editor', () => api.linksTree.activeDocument === editor.document);
    const { methods, result: roots } = await sentRequests(api, async () => (await api.linksTree.getChildren()) as GroupNode[]);
    assert.deepEqual(methods, ['linktrace/templateLinks']);
    const served = await api.server.templateLinks(editor.document);
    assert.ok(served);
    // Every link the server listed is in the view, in its tracking type's group (images apart).
    const shown = roots.flatMap((group) => group.links.map((node) => `${group.group}:${node.link.id}:${node.link.raw}`)).sort();
    const expected = served.links.map((link) => `${link.kind === 'image' ? 'image' : link.tracking.type}:${link.id}:${link.raw}`).sort();
    assert.deepEqual(shown, expected);
    assert.equal(api.linksTree.platformMessage, served.platform);
    await revertAndClose(editor);
  });
});
