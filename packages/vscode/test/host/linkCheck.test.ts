// "Linktrace: Check Links" in a real extension host against a real server on 127.0.0.1: findings
// land as diagnostics of their own source, one recipient's broken URL is reported and the other's
// not, an opt-out link receives no request, and the opt-in on-save check runs only when enabled.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { startLinkServer, type LinkServer } from '../../../daemon/test/support/link-servers';
import { activateExtension, codeOf, fixtureUri, revertAndClose, waitFor } from './helpers';

function linkCheckDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'linktrace-links');
}

describe('link check command', function () {
  this.timeout(60_000);
  let server: LinkServer;
  let uri: vscode.Uri;
  before(async () => {
    await activateExtension();
    server = await startLinkServer({ existingUsers: ['ada'] });
    const folder = fixtureUri('linkcheck');
    mkdirSync(folder.fsPath, { recursive: true });
    writeFileSync(vscode.Uri.joinPath(folder, 'linktrace.config.json').fsPath, JSON.stringify({ allowedHosts: ['127.0.0.1'] }));
    const root = fixtureUri('.');
    writeFileSync(vscode.Uri.joinPath(root, 'linktrace.recipients.json').fsPath, JSON.stringify([
      { id: 'ada', email: 'ada@example.test', fields: { slug: 'ada' } },
      { id: 'grace', email: 'grace@example.test', fields: { slug: 'grace' } },
    ]));
    uri = vscode.Uri.joinPath(folder, 'check.html');
    writeFileSync(uri.fsPath, [
      '<!doctype html><html><body>',
      `<a href="${server.origin}/user/{{ user.slug }}">Your page</a>`,
      `<a href="${server.origin}/ok">Shop</a>`,
      `<a href="${server.origin}/bye" data-tracking="opt-out">Unsubscribe</a>`,
      '</body></html>',
    ].join('\n'));
  });
  after(async () => {
    await vscode.workspace.getConfiguration('linktrace.checkLinks').update('onSave', undefined, vscode.ConfigurationTarget.Workspace);
    // Other suites use the built-in recipients.
    rmSync(fixtureUri('linktrace.recipients.json').fsPath, { force: true });
    await server.close();
  });

  it('reports each recipient\'s broken URL as a diagnostic of its own source, and requests no opt-out link', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await vscode.commands.executeCommand('linktrace.checkLinks');
    const diagnostics = await waitFor('link-check diagnostics', () => linkCheckDiagnostics(uri).length >= 2 && linkCheckDiagnostics(uri));
    assert.deepEqual(diagnostics.map((d) => [codeOf(d), d.range.start.line]), [['link-broken', 1], ['link-not-checked', 3]]);
    assert.match(diagnostics[0]!.message, /^For grace \(grace@example.test\): .*\/user\/grace answers 404/);
    assert.equal(diagnostics[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(server.hitsOf('GET', '/user/ada'), 1);
    assert.equal(server.hitsUnder('/bye'), 0);
    await revertAndClose(editor);
  });

  it('cancels from the status bar command: the check ends at once and reports nothing', async () => {
    const slowUri = vscode.Uri.joinPath(fixtureUri('linkcheck'), 'slow.html');
    writeFileSync(slowUri.fsPath, `<a href="${server.origin}/slow">slow</a>`);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(slowUri), { preview: false });
    // /slow never answers: the check can only end with no finding through the cancellation.
    const running = vscode.commands.executeCommand<{ cancelled: boolean } | undefined>('linktrace.checkLinks');
    await waitFor('the request to reach the server', () => server.hitsOf('GET', '/slow') > 0);
    await vscode.commands.executeCommand('linktrace.cancelCheckLinks');
    const report = await running;
    assert.equal(report?.cancelled, true);
    assert.deepEqual(linkCheckDiagnostics(slowUri), []);
    await revertAndClose(editor);
  });

  it('checks on save only when linktrace.checkLinks.onSave is on', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const hitsOfOk = () => server.hitsOf('GET', '/ok') + server.hitsOf('GET', '/missing');
    const before = hitsOfOk();
    await editor.edit((edit) => edit.insert(new vscode.Position(4, 0), `<a href="${server.origin}/missing">Gone</a>\n`));
    await editor.document.save();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(hitsOfOk(), before, 'no request on save by default');

    await vscode.workspace.getConfiguration('linktrace.checkLinks').update('onSave', true, vscode.ConfigurationTarget.Workspace);
    await editor.edit((edit) => edit.insert(new vscode.Position(5, 0), '\n'));
    await editor.document.save();
    await waitFor('the saved link to be reported', () => linkCheckDiagnostics(uri).some((d) => d.message.includes('/missing answers 404')));
    assert.equal(server.hitsOf('GET', '/missing'), 1);
    await revertAndClose(editor);
  });
});
