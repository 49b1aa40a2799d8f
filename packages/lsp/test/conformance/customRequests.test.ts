// Linktrace's own messages (src/protocol.ts) through the real server: linktrace/templateLinks and
// linktrace/linkAt answer from the same analysis as diagnostics, a payload of the wrong shape is
// refused with InvalidParams, and what a client feeds (linktrace/clickCounts, linktrace/daemon)
// shows in CodeLens and hover. Plus the client's say over commands (initializationOptions.client)
// and linktrace.setLabel.
import assert from 'node:assert/strict';
import { CodeLensRequest, ErrorCodes, ExecuteCommandRequest, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import {
  ClickCountsNotification,
  DaemonNotification,
  LinkAtRequest,
  TemplateLinksRequest,
  validateLinkAtResult,
  validateTemplateLinksResult,
} from '../../src/protocol';
import { NEWSLETTER } from '../support/fixtures';
import { LspTestClient } from '../support/lspClient';

const URI = 'file:///templates/newsletter.html';

describe('LSP custom requests', () => {
  let client: LspTestClient;
  afterEach(() => client.kill());

  async function start(initializationOptions?: unknown) {
    client = LspTestClient.start();
    const result = await client.initialize(undefined, undefined, initializationOptions);
    await client.open(URI, NEWSLETTER);
    return result;
  }

  it('linktrace/templateLinks: every link, its findings, the platform line and the lint options, valid by the shared checks', async () => {
    await start();
    const raw = await client.connection.sendRequest(TemplateLinksRequest.method, { textDocument: { uri: URI } });
    const result = validateTemplateLinksResult(raw);
    assert.ok(result);
    assert.equal(result.version, 1);
    assert.equal(result.format, 'html');
    assert.deepEqual(result.links.map((link) => [link.id, link.raw, link.tracking.type, link.tracking.label ?? null, link.typeable, link.line]), [
      ['L1', ' https://acmeshop.io/news', 'tracked', 'hero', true, 4],
      ['L2', 'mailto:hello@acmeshop.io', 'never', null, true, 5],
      ['L3', 'https://localhost:3000/offer', 'tracked', null, true, 6],
      ['L4', 'https://acmeshop.io/unsubscribe', 'opt-out', null, true, 7],
    ]);
    assert.deepEqual(result.links[0]!.range, { start: { line: 3, character: 11 }, end: { line: 3, character: 36 } });
    const whitespace = result.findings.find((finding) => finding.ruleId === 'url-whitespace');
    assert.deepEqual([whitespace?.linkId, whitespace?.fix?.safe], ['L1', true]);
    assert.match(result.platform, /^Checked for .+ · /);
    assert.equal(result.lintOptions.format, 'html');

    // Not an open document: null, not an error.
    assert.equal(await client.connection.sendRequest(TemplateLinksRequest.method, { textDocument: { uri: 'file:///templates/other.html' } }), null);
  });

  it('linktrace/linkAt: by position inside the start tag, or by id; null elsewhere', async () => {
    await start();
    const atTag = validateLinkAtResult(await client.connection.sendRequest(LinkAtRequest.method, { textDocument: { uri: URI }, position: { line: 5, character: 4 } }));
    assert.equal(atTag?.link.id, 'L3');
    const byId = validateLinkAtResult(await client.connection.sendRequest(LinkAtRequest.method, { textDocument: { uri: URI }, linkId: 'L4' }));
    assert.equal(byId?.link.raw, 'https://acmeshop.io/unsubscribe');
    assert.equal(await client.connection.sendRequest(LinkAtRequest.method, { textDocument: { uri: URI }, position: { line: 0, character: 0 } }), null);
  });

  it('refuses a payload of the wrong shape with InvalidParams naming the field', async () => {
    await start();
    await assert.rejects(client.connection.sendRequest(TemplateLinksRequest.method, { textDocument: { url: URI } }), (error: { code: number; message: string }) => {
      assert.equal(error.code, ErrorCodes.InvalidParams);
      assert.match(error.message, /params\.textDocument\.uri is not a string/);
      return true;
    });
    await assert.rejects(client.connection.sendRequest(LinkAtRequest.method, { textDocument: { uri: URI } }), /must name a position or a linkId/);
    // The server goes on answering.
    assert.ok(await client.connection.sendRequest(TemplateLinksRequest.method, { textDocument: { uri: URI } }));
  });

  it('shows the counts and daemon address a client feeds, and does not list commands the client registers itself', async () => {
    const initialized = await start({ client: { commands: true, clickCounts: true } });
    assert.equal(initialized.capabilities.executeCommandProvider, undefined);
    await client.connection.sendNotification(ClickCountsNotification.method, { uri: URI, links: { L1: { total: 3, unique: 2 } } });
    await client.connection.sendNotification(DaemonNotification.method, { url: 'http://127.0.0.1:45123/' });
    // A malformed feed is ignored (logged), not applied.
    await client.connection.sendNotification(ClickCountsNotification.method, { uri: URI, links: { L1: { total: 'many' } } });
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } });
    assert.equal(lenses?.[0]?.command?.title, 'Tracked · hero · 3 clicks · 2 unique');
    assert.equal(lenses?.[1]?.command?.title, 'Never');
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 3, character: 20 } });
    assert.match((hover?.contents as MarkupContent).value, /^\*\*Tracked · hero\*\* · 3 clicks · 2 unique\n\n/);
    assert.match((hover?.contents as MarkupContent).value, /http:\/\/127\.0\.0\.1:45123\/c\/…/);

    await client.connection.sendNotification(ClickCountsNotification.method, { uri: URI, links: null });
    const cleared = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } });
    assert.equal(cleared?.[0]?.command?.title, 'Tracked · hero');
    // Commands still run: the client sends workspace/executeCommand for the ids it registered.
    assert.deepEqual(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'linktrace.setTrackingType', arguments: [URI, 'L3', 'never'] }), { applied: true });
  });

  it('linktrace.setLabel writes the label and keeps the type; null removes it', async () => {
    await start();
    assert.deepEqual(await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'linktrace.setLabel', arguments: [URI, 'L4', 'leave'] }), { applied: true });
    assert.match(client.text(URI), /<a href="https:\/\/acmeshop\.io\/unsubscribe" data-label="leave" data-tracking="opt-out">/);
    const missing = await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'linktrace.setLabel', arguments: [URI, 'L4'] });
    assert.deepEqual(missing, { applied: false, reason: 'the label (a string, or null to remove it) is missing' });
  });
});
