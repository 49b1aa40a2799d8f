import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeOf, linktraceDiagnostics, openFixture, rangeOf, revertAndClose, waitFor } from './helpers';

describe('diagnostics', () => {
  before(activateExtension);

  it('reports findings with the rule id linking to its docs and the exact range', async () => {
    const editor = await openFixture('diagnostics.html');
    const { document } = editor;
    const found = await waitFor('url-scheme-missing diagnostics', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length > 0 && linktraceDiagnostics(document.uri, 'url-scheme-missing'));
    // The second www. link sits under a disable-next-line pragma: only the first is reported.
    assert.equal(found.length, 1, JSON.stringify(found.map((diagnostic) => diagnostic.range)));
    const [diagnostic] = found;
    assert.deepEqual(diagnostic!.range, rangeOf(document, 'www.shop.example/sale'));
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Error);
    const code = diagnostic!.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'url-scheme-missing');
    assert.match(code.target.toString(true), /\/docs\/rules\/url-scheme-missing\.md$/);
    await revertAndClose(editor);
  });

  it('updates after an edit, linting only as the author types', async () => {
    const editor = await openFixture('diagnostics.html');
    const { document } = editor;
    await waitFor('initial diagnostics', () => linktraceDiagnostics(document.uri, 'url-scheme-missing').length === 1);

    const opt = rangeOf(document, '<a href="https://example.com/unsubscribe"');
    await editor.edit((edit) => edit.insert(opt.start, '<a href="www.added.example/new">New</a>\n  '));
    const added = await waitFor('a diagnostic for the added link', () => {
      const diagnostics = linktraceDiagnostics(document.uri, 'url-scheme-missing');
      return diagnostics.length === 2 && diagnostics;
    });
    assert.ok(added.some((diagnostic) => diagnostic.range.isEqual(rangeOf(document, 'www.added.example/new'))));

    // Fixing the first link by hand clears its diagnostic; the added one stays.
    const first = rangeOf(document, 'www.shop.example/sale');
    await editor.edit((edit) => edit.insert(first.start, 'https://'));
    const left = await waitFor('the fixed link to lose its diagnostic', () => {
      const diagnostics = linktraceDiagnostics(document.uri, 'url-scheme-missing');
      return diagnostics.length === 1 && diagnostics;
    });
    assert.deepEqual(left[0]!.range, rangeOf(document, 'www.added.example/new'));
    await revertAndClose(editor);
  });

  it('applies linktrace.config.json overrides to the files they match', async () => {
    const editor = await openFixture('warned/warned.html');
    const [diagnostic] = await waitFor('a diagnostic in warned/warned.html', () => linktraceDiagnostics(editor.document.uri, 'url-scheme-missing').length > 0 && linktraceDiagnostics(editor.document.uri, 'url-scheme-missing'));
    assert.equal(codeOf(diagnostic!), 'url-scheme-missing');
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Warning, 'the override lowers the rule to a warning');
    await revertAndClose(editor);
  });

  it('lints Handlebars templates, personalization included', async () => {
    const editor = await openFixture('welcome.hbs');
    assert.equal(editor.document.languageId, 'handlebars');
    const [diagnostic] = await waitFor('a diagnostic in welcome.hbs', () => linktraceDiagnostics(editor.document.uri, 'url-scheme-missing').length > 0 && linktraceDiagnostics(editor.document.uri, 'url-scheme-missing'));
    assert.deepEqual(diagnostic!.range, rangeOf(editor.document, 'www.shop.example/welcome?id={{ customerId }}'));
    await revertAndClose(editor);
  });

  it('lints the plain-text part of an email inside a Linktrace project', async () => {
    const editor = await openFixture('plain.txt');
    assert.equal(editor.document.languageId, 'plaintext');
    const [diagnostic] = await waitFor('a diagnostic in plain.txt', () => linktraceDiagnostics(editor.document.uri, 'url-insecure-http').length > 0 && linktraceDiagnostics(editor.document.uri, 'url-insecure-http'));
    assert.deepEqual(diagnostic!.range, rangeOf(editor.document, 'http://shop.example/sale'));
    // An HTML comment would show in a text email: no "disable for this line" there.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic!.range, 'quickfix');
    assert.ok(!actions.some((action) => action.title.startsWith('Disable ')), JSON.stringify(actions.map((action) => action.title)));
    await revertAndClose(editor);
  });

  it('linktrace.enable: false turns the editor features off', async () => {
    const editor = await openFixture('diagnostics.html');
    const { uri } = editor.document;
    await waitFor('diagnostics', () => linktraceDiagnostics(uri).length > 0);
    const settings = vscode.workspace.getConfiguration('linktrace');
    await settings.update('enable', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('diagnostics to clear', () => linktraceDiagnostics(uri).length === 0);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      assert.equal(lenses.length, 0);
    } finally {
      await settings.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('diagnostics back', () => linktraceDiagnostics(uri).length > 0);
    await revertAndClose(editor);
  });

  it('shows a rule\'s own info finding as Information, next to a warning of the same rule', async () => {
    const editor = await openFixture('hints.html');
    const { document } = editor;
    const found = await waitFor('url-whitespace diagnostics', () => linktraceDiagnostics(document.uri, 'url-whitespace').length === 2 && linktraceDiagnostics(document.uri, 'url-whitespace'));
    const phone = found.find((diagnostic) => diagnostic.range.isEqual(rangeOf(document, ' 600 00 ')));
    const page = found.find((diagnostic) => diagnostic.range.isEqual(rangeOf(document, ' ', document.getText().indexOf('my page'))));
    assert.equal(phone?.severity, vscode.DiagnosticSeverity.Information, 'a dialable phone number is a hint');
    assert.equal(page?.severity, vscode.DiagnosticSeverity.Warning);
    await revertAndClose(editor);
  });

  it('applies the linktrace.rules setting on top of the config file', async () => {
    const editor = await openFixture('warned/warned.html');
    const { uri } = editor.document;
    await waitFor('the warning', () => linktraceDiagnostics(uri, 'url-scheme-missing').length === 1);
    const settings = vscode.workspace.getConfiguration('linktrace');
    await settings.update('rules', { 'url-scheme-missing': 'info' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the setting to win', () => linktraceDiagnostics(uri, 'url-scheme-missing')[0]?.severity === vscode.DiagnosticSeverity.Information);
      await settings.update('rules', { 'url-scheme-missing': 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitFor('the rule to be off', () => linktraceDiagnostics(uri, 'url-scheme-missing').length === 0);
    } finally {
      await settings.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the warning back', () => linktraceDiagnostics(uri, 'url-scheme-missing')[0]?.severity === vscode.DiagnosticSeverity.Warning);
    await revertAndClose(editor);
  });
});
