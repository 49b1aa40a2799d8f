import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LinktraceApi } from '../../src/extension';
import { activateExtension, linktraceDiagnostics, openFixture, rangeOf, revertAndClose, templateLinks, waitFor } from './helpers';

function codeActions(uri: vscode.Uri, range: vscode.Range, kind: string): Thenable<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);
}

async function safeFixCount(api: LinktraceApi, document: vscode.TextDocument): Promise<number> {
  return (await templateLinks(api, document)).findings.filter((finding) => finding.fix?.safe).length;
}

describe('code actions', () => {
  let api: LinktraceApi;
  before(async () => {
    api = await activateExtension();
  });

  it('a quick fix clears its finding', async () => {
    const editor = await openFixture('fixes.html');
    const { document } = editor;
    await waitFor('three url-scheme-missing diagnostics', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length === 3);
    const target = rangeOf(document, 'www.shop.example/two');
    const diagnostic = linktraceDiagnostics(document.uri, 'url-scheme-missing').find((candidate) => candidate.range.isEqual(target));
    assert.ok(diagnostic);

    const actions = await codeActions(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === 'Add https://');
    assert.ok(fix?.edit, `quick fix offered: ${JSON.stringify(actions.map((action) => action.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    assert.ok(document.getText().includes('href="https://www.shop.example/two"'));
    const remaining = await waitFor('the fixed finding to clear', () => {
      const diagnostics = linktraceDiagnostics(document.uri, 'url-scheme-missing');
      return diagnostics.length === 2 && diagnostics;
    });
    assert.ok(remaining.every((candidate) => !candidate.range.isEqual(rangeOf(document, 'www.shop.example/two'))));
    await revertAndClose(editor);
  });

  it('fix-all (source.fixAll.linktrace) clears every fixable finding', async () => {
    const editor = await openFixture('fixes.html');
    const { document } = editor;
    await waitFor('diagnostics', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length === 3);
    assert.ok((await safeFixCount(api, document)) >= 3);

    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await codeActions(document.uri, whole, 'source.fixAll.linktrace');
    assert.equal(actions.length, 1, JSON.stringify(actions.map((action) => action.title)));
    assert.equal(actions[0]!.kind?.value, 'source.fixAll.linktrace');
    assert.ok(await vscode.workspace.applyEdit(actions[0]!.edit!));

    assert.equal(await safeFixCount(api, document), 0);
    assert.ok(document.getText().includes('href="http://shop.example/plain"'), 'an unsafe fix is never applied by fix-all');
    for (const name of ['one', 'two', 'three']) assert.ok(document.getText().includes(`href="https://www.shop.example/${name}"`), name);
    await waitFor('fixed diagnostics to clear', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length === 0);
    await revertAndClose(editor);
  });

  it('the lightbulb offers fix-all too, its edit computed only when resolved', async () => {
    const editor = await openFixture('fixes.html');
    const { document } = editor;
    await waitFor('diagnostics', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length === 3);
    const at = rangeOf(document, 'www.shop.example/one');
    const unresolved = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, at);
    const lazy = unresolved.find((action) => action.kind?.value === 'source.fixAll.linktrace');
    assert.ok(lazy && !lazy.edit, JSON.stringify(unresolved.map((action) => action.title)));
    const resolved = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, at, undefined, 100);
    const fixAll = resolved.find((action) => action.kind?.value === 'source.fixAll.linktrace');
    assert.ok(fixAll?.edit);
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.equal(await safeFixCount(api, document), 0);
    await revertAndClose(editor);
  });

  it('fix-all runs from editor.codeActionsOnSave', async () => {
    const settings = vscode.workspace.getConfiguration('editor', { languageId: 'html' });
    await settings.update('codeActionsOnSave', { 'source.fixAll.linktrace': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    const editor = await openFixture('save.html');
    const { document } = editor;
    const original = document.getText();
    try {
      await waitFor('diagnostics', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length === 3);
      // The workbench reads the new setting asynchronously (settings.json is written and watched):
      // until it has, a save runs no code actions, so save again after a moment.
      const fixedOnSave = () => !document.isDirty && document.getText().includes('href="https://www.shop.example/three"');
      for (let attempt = 0; attempt < 10 && !fixedOnSave(); attempt++) {
        await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '\n'));
        await vscode.commands.executeCommand('workbench.action.files.save');
        if (!fixedOnSave()) await new Promise((resolve) => setTimeout(resolve, 300));
      }
      assert.ok(fixedOnSave(), `fixes applied on save:\n${document.getText()}`);
      assert.equal(await safeFixCount(api, document), 0);
    } finally {
      await settings.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
      // The run may be on the repository's own fixtures (launch.json "Extension Tests").
      await vscode.workspace.fs.writeFile(document.uri, new TextEncoder().encode(original));
      await revertAndClose(editor);
    }
  });

  it('offers an unsafe fix as a quick fix that is not preferred', async () => {
    const editor = await openFixture('fixes.html');
    const { document } = editor;
    const [diagnostic] = await waitFor('the url-insecure-http diagnostic', () => linktraceDiagnostics(document.uri, 'url-insecure-http').length > 0 && linktraceDiagnostics(document.uri, 'url-insecure-http'));
    const actions = await codeActions(document.uri, diagnostic!.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === 'Use https://');
    assert.ok(fix?.edit, JSON.stringify(actions.map((action) => action.title)));
    assert.ok(!fix.isPreferred);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(document.getText().includes('href="https://shop.example/plain"'));
    await waitFor('the finding to clear', () => linktraceDiagnostics(document.uri, 'url-insecure-http').length === 0);
    await revertAndClose(editor);
  });

  it('"disable for this line" inserts the pragma with the line\'s indentation', async () => {
    const editor = await openFixture('fixes.html');
    const { document } = editor;
    await waitFor('diagnostics', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length === 3);
    const target = rangeOf(document, 'www.shop.example/three');
    const actions = await codeActions(document.uri, target, vscode.CodeActionKind.QuickFix.value);
    const disable = actions.find((action) => action.title === 'Disable url-scheme-missing for this line');
    assert.ok(disable?.edit, JSON.stringify(actions.map((action) => action.title)));
    assert.ok(await vscode.workspace.applyEdit(disable.edit));

    const line = rangeOf(document, 'www.shop.example/three').start.line;
    assert.equal(document.lineAt(line - 1).text, '    <!-- linktrace-disable-next-line url-scheme-missing -->');
    await waitFor('the suppressed finding to clear', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length === 2);
    assert.ok(linktraceDiagnostics(document.uri, 'url-scheme-missing').every((candidate) => candidate.range.start.line !== line));
    await revertAndClose(editor);
  });

  it('offers "set tracking type" on a link', async () => {
    const editor = await openFixture('tracking.html');
    const { document } = editor;
    const actions = await codeActions(document.uri, rangeOf(document, 'https://shop.example/new'), vscode.CodeActionKind.RefactorRewrite.value);
    const setType = actions.find((action) => action.command?.command === 'linktrace.setTrackingType');
    assert.ok(setType, JSON.stringify(actions.map((action) => action.title)));
    assert.equal(setType.command!.arguments![0].toString(), document.uri.toString());
    assert.match(setType.command!.arguments![1], /^L\d+$/);
    await revertAndClose(editor);
  });
});
