// workspace/executeCommand through the real server: the edit arrives as workspace/applyEdit (a
// versioned WorkspaceEdit), the command reports whether it was applied, and the re-linted
// document reflects it.
import assert from 'node:assert/strict';
import { ExecuteCommandRequest, type TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { NEWSLETTER } from '../support/fixtures';
import { LspTestClient } from '../support/lspClient';

const URI = 'file:///templates/newsletter.html';

describe('LSP commands', () => {
  let client: LspTestClient;
  beforeEach(async () => {
    client = LspTestClient.start();
    await client.initialize();
    await client.open(URI, NEWSLETTER);
    await client.diagnostics(URI, 1);
  });
  afterEach(() => client.kill());

  it('linktrace.setTrackingType [uri, linkId, type] applies the edit through workspace/applyEdit', async () => {
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'linktrace.setTrackingType', arguments: [URI, 'L3', 'never'] });
    assert.deepEqual(result, { applied: true });
    assert.equal(client.appliedEdits.length, 1);
    const change = client.appliedEdits[0]!.edit.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri: URI, version: 1 });
    assert.match(client.text(URI).split('\n')[5]!, /<a href="https:\/\/localhost:3000\/offer" data-tracking="never">/);
  });

  it('linktrace.setTrackingType without a type asks with window/showMessageRequest', async () => {
    let offered: string[] = [];
    client.answerMessage = (actions) => {
      offered = actions.map((action) => action.title);
      return actions.find((action) => action.title.startsWith('Mirror page')) ?? null;
    };
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'linktrace.setTrackingType', arguments: [URI, 'L1'] });
    assert.deepEqual(result, { applied: true });
    assert.deepEqual(offered, ['Tracked (current)', 'Opt-out', 'Mirror page', 'Never']);
    assert.match(client.text(URI), /data-tracking="mirror-page"/);
  });

  it('linktrace.setTrackingType on a link that cannot carry a type applies nothing and says why', async () => {
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'linktrace.setTrackingType', arguments: [URI, 'L99', 'never'] });
    assert.deepEqual(result, { applied: false, reason: 'no link L99 that can carry a tracking type' });
    assert.equal(client.appliedEdits.length, 0);
  });

  it('linktrace.fixAll applies every safe fix, and the finding is gone from the next diagnostics', async () => {
    const before = client.published.length;
    const result = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'linktrace.fixAll', arguments: [URI] });
    assert.deepEqual(result, { applied: true });
    assert.match(client.text(URI), /<a href="https:\/\/acmeshop.io\/news"/);
    const diagnostics = await client.diagnostics(URI, 2, before);
    assert.deepEqual(diagnostics.map((d) => d.code), ['url-untracked-scheme', 'url-nonproduction-host']);
  });
});
