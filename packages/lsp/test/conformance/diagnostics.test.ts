// Diagnostics through the real server: pushed on open with severities, codes and rule links;
// incremental changes re-linted at the right positions; a burst of edits always ends with the
// last version's diagnostics; pulled (textDocument/diagnostic) for clients that ask; and any text
// at all gets an answer.
import assert from 'node:assert/strict';
import { lint } from '@linktrace/core';
import { DiagnosticSeverity, DidChangeWatchedFilesNotification, DocumentDiagnosticRequest, FileChangeType, HoverRequest, type Diagnostic, type FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol/node';
import { NEWSLETTER } from '../support/fixtures';
import { LspTestClient, PULL_CLIENT } from '../support/lspClient';

const URI = 'file:///templates/newsletter.html';

const summary = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);

describe('LSP diagnostics', () => {
  let client: LspTestClient;
  afterEach(() => client?.kill());

  it('pushes the findings on open, info findings as Information', async () => {
    client = LspTestClient.start();
    await client.initialize();
    await client.open(URI, NEWSLETTER);
    const diagnostics = await client.diagnostics(URI, 1);
    assert.deepEqual(summary(diagnostics), ['url-whitespace@3:11', 'url-untracked-scheme@4:11', 'url-nonproduction-host@5:19']);
    assert.deepEqual(diagnostics.map((d) => d.severity), [DiagnosticSeverity.Warning, DiagnosticSeverity.Information, DiagnosticSeverity.Warning]);
    assert.ok(diagnostics.every((d) => d.source === 'linktrace'));
    assert.equal(diagnostics[0]!.codeDescription?.href, 'https://github.com/linktrace/linktrace/blob/main/docs/rules/url-whitespace.md');
  });

  it('re-lints after an incremental change, at the shifted positions', async () => {
    client = LspTestClient.start();
    await client.initialize();
    await client.open(URI, NEWSLETTER);
    await client.diagnostics(URI, 1);
    // Two changes in one notification, applied in order: a leading space in the opt-out link's URL
    // (line 6) adds a url-whitespace finding, then a new first line moves every finding down.
    const version = await client.change(URI, [
      { range: { start: { line: 6, character: 11 }, end: { line: 6, character: 11 } }, text: ' ' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '<!-- preheader -->\n' },
    ]);
    const diagnostics = await client.diagnostics(URI, version);
    assert.deepEqual(summary(diagnostics), ['url-whitespace@4:11', 'url-untracked-scheme@5:11', 'url-nonproduction-host@6:19', 'url-whitespace@7:11']);
  });

  it('after a burst of edits, the last published diagnostics are those of the last version', async () => {
    client = LspTestClient.start();
    await client.initialize();
    await client.open(URI, NEWSLETTER);
    await client.diagnostics(URI, 1);
    const before = client.published.length;
    let version = 1;
    // Type "abcdefghijklmnopqrst" into the localhost URL's path, one character per change, no pause.
    for (const [i, character] of [...'abcdefghijklmnopqrst'].entries()) {
      version = await client.change(URI, [{ range: { start: { line: 5, character: 39 + i }, end: { line: 5, character: 39 + i } }, text: character }]);
    }
    // ...and the last edit removes the leading space: the url-whitespace finding must go.
    version = await client.change(URI, [{ range: { start: { line: 3, character: 11 }, end: { line: 3, character: 12 } }, text: '' }]);
    const last = await client.diagnostics(URI, version, before);
    const expected = lint(client.text(URI)).map((finding) => `${finding.ruleId}@${finding.line - 1}:${finding.column - 1}`);
    assert.deepEqual(summary(last), expected);
    assert.ok(!expected.some((entry) => entry.startsWith('url-whitespace')), 'the final text has no leading space');
    // Nothing stale arrives after it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(client.published.at(-1)!.version, version);
  });

  it('answers textDocument/diagnostic for a pulling client, unchanged for the same result id, and pushes nothing', async () => {
    client = LspTestClient.start();
    const { capabilities } = await client.initialize(PULL_CLIENT);
    assert.equal(capabilities.diagnosticProvider?.interFileDependencies, false);
    await client.open(URI, NEWSLETTER);
    const report = (await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI } })) as FullDocumentDiagnosticReport;
    assert.equal(report.kind, 'full');
    assert.deepEqual(summary(report.items), ['url-whitespace@3:11', 'url-untracked-scheme@4:11', 'url-nonproduction-host@5:19']);
    const again = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI }, previousResultId: report.resultId });
    assert.deepEqual(again, { kind: 'unchanged', resultId: report.resultId });
    await client.change(URI, [{ range: { start: { line: 3, character: 11 }, end: { line: 3, character: 12 } }, text: '' }]);
    const changed = (await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI }, previousResultId: report.resultId })) as FullDocumentDiagnosticReport;
    assert.deepEqual(summary(changed.items), ['url-untracked-scheme@4:11', 'url-nonproduction-host@5:19']);
    assert.equal(client.published.length, 0);
  });

  it('asks a pulling client to pull again (workspace/diagnostic/refresh) when a config file changes', async () => {
    client = LspTestClient.start();
    await client.initialize(PULL_CLIENT);
    await client.open(URI, NEWSLETTER);
    const before = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI } });
    assert.equal(client.diagnosticRefreshes, 0);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: 'file:///templates/linktrace.config.json', type: FileChangeType.Created }] });
    await client.waitFor('a diagnostic refresh request', () => (client.diagnosticRefreshes > 0 ? true : undefined));
    // The same document version, but settings may differ now: a full report, not "unchanged".
    const after = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: URI }, previousResultId: (before as FullDocumentDiagnosticReport).resultId });
    assert.equal(after.kind, 'full');
  });

  it('answers for any text at all and keeps serving', async () => {
    client = LspTestClient.start();
    await client.initialize();
    const texts = [
      '',
      '\u0000\u0001\ufffd\ud800<<<a href=',
      '<a href="'.repeat(2000),
      `${'<div>'.repeat(5000)}<a href="{{#each x}}<%= y %>*|Z|*">`,
      '<!-- linktrace-disable-next-line -->\n<a href=" javascript:alert(1)">',
    ];
    for (const [i, text] of texts.entries()) {
      const uri = `file:///templates/odd-${i}.html`;
      await client.open(uri, text);
      const diagnostics = await client.diagnostics(uri, 1);
      assert.ok(Array.isArray(diagnostics));
      assert.ok(!diagnostics.some((d) => d.code === 'internal-error'), `odd-${i}: ${JSON.stringify(diagnostics)}`);
    }
    await client.open(URI, NEWSLETTER);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 3, character: 15 } });
    assert.ok(hover, 'the server still answers after the odd texts');
  });

  it('clears the diagnostics of a closed document', async () => {
    client = LspTestClient.start();
    await client.initialize();
    await client.open(URI, NEWSLETTER);
    await client.diagnostics(URI, 1);
    const before = client.published.length;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
    const cleared = await client.diagnostics(URI, undefined, before);
    assert.deepEqual(cleared, []);
  });
});
