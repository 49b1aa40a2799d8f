// Code actions through the real server: a finding's quick fix, "disable RULE for this line" (and
// that applying it silences the finding), fix-all on request and resolved lazily, and the
// set-tracking-type actions on a link.
import assert from 'node:assert/strict';
import { CodeActionRequest, CodeActionResolveRequest, type CodeAction, type Diagnostic, type Range, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NEWSLETTER } from '../support/fixtures';
import { LspTestClient } from '../support/lspClient';

const URI = 'file:///templates/newsletter.html';

/** The text after applying an action's (single, versioned) document edit. */
function applied(text: string, action: CodeAction): string {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
  assert.ok(change, `${action.title} has an edit`);
  assert.equal(change.textDocument.uri, URI);
  return TextDocument.applyEdits(TextDocument.create(URI, 'html', 1, text), change.edits as TextEdit[]);
}

describe('LSP code actions', () => {
  let client: LspTestClient;
  let diagnostics: Diagnostic[];
  beforeEach(async () => {
    client = LspTestClient.start();
    await client.initialize();
    await client.open(URI, NEWSLETTER);
    diagnostics = await client.diagnostics(URI, 1);
  });
  afterEach(() => client.kill());

  const actionsAt = (range: Range, only?: string[]) =>
    client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range,
      context: { diagnostics: diagnostics.filter((d) => d.range.start.line === range.start.line), ...(only ? { only } : {}) },
    }) as Promise<CodeAction[]>;

  it('offers the finding\'s safe fix first, preferred and tied to its diagnostic', async () => {
    const whitespace = diagnostics.find((d) => d.code === 'url-whitespace')!;
    const actions = await actionsAt(whitespace.range, ['quickfix']);
    const [fix] = actions;
    assert.equal(fix!.title, 'Remove the leading whitespace');
    assert.equal(fix!.isPreferred, true);
    assert.deepEqual(fix!.diagnostics, [whitespace]);
    assert.ok(applied(NEWSLETTER, fix!).includes('<a href="https://acmeshop.io/news"'));
  });

  it('disables a rule for the line, and the finding is gone once applied', async () => {
    const localhost = diagnostics.find((d) => d.code === 'url-nonproduction-host')!;
    const actions = await actionsAt(localhost.range, ['quickfix']);
    const disable = actions.find((action) => action.title === 'Disable url-nonproduction-host for this line');
    assert.ok(disable, JSON.stringify(actions.map((a) => a.title)));
    const text = applied(NEWSLETTER, disable);
    assert.equal(text.split('\n')[5], '  <!-- linktrace-disable-next-line url-nonproduction-host -->');
    const version = await client.change(URI, [{ text }]);
    const after = await client.diagnostics(URI, version);
    assert.deepEqual(after.map((d) => d.code), ['url-whitespace', 'url-untracked-scheme']);
  });

  it('fix-all: computed at once when asked for (source.fixAll), lazily through resolve in a lightbulb', async () => {
    const whole: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const [onSave] = await actionsAt(whole, ['source.fixAll']);
    assert.equal(onSave!.kind, 'source.fixAll.linktrace');
    const fixed = applied(NEWSLETTER, onSave!);
    assert.ok(fixed.includes('<a href="https://acmeshop.io/news"'));

    const lightbulb = (await actionsAt(whole)).find((action) => action.kind === 'source.fixAll.linktrace')!;
    assert.equal(lightbulb.edit, undefined, 'not computed until chosen');
    const resolved = await client.connection.sendRequest(CodeActionResolveRequest.type, lightbulb);
    assert.equal(applied(NEWSLETTER, resolved), fixed);
  });

  it('offers the other tracking types of the link under the cursor, as linktrace.setTrackingType commands', async () => {
    const onOptOut: Range = { start: { line: 6, character: 20 }, end: { line: 6, character: 20 } };
    const actions = await actionsAt(onOptOut, ['refactor']);
    assert.deepEqual(actions.map((action) => action.title), ['Set tracking type: Tracked', 'Set tracking type: Mirror page', 'Set tracking type: Never']);
    assert.deepEqual(actions[2]!.command, { title: 'Set tracking type: Never', command: 'linktrace.setTrackingType', arguments: [URI, 'L4', 'never'] });
  });
});
