// The per-link features through the real server: a CodeLens per typeable link with its tracking
// type and label, a short hover on the URL, and document links for complete URLs.
import assert from 'node:assert/strict';
import { CodeLensRequest, CodeLensResolveRequest, DocumentLinkRequest, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { NEWSLETTER } from '../support/fixtures';
import { LspTestClient, PUSH_CLIENT } from '../support/lspClient';

const URI = 'file:///templates/newsletter.html';

describe('LSP link features', () => {
  let client: LspTestClient;
  before(async () => {
    client = LspTestClient.start();
    await client.initialize();
    await client.open(URI, NEWSLETTER);
  });
  after(() => client.kill());

  it('a CodeLens per link with its tracking type and label, running linktrace.setTrackingType', async () => {
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } });
    assert.deepEqual(lenses?.map((lens) => [lens.range.start.line, lens.command?.title]), [
      [3, 'Tracked · hero'],
      [4, 'Never'],
      [5, 'Tracked'],
      [6, 'Opt-out'],
    ]);
    assert.deepEqual(lenses![0]!.command?.arguments, [URI, 'L1']);
    assert.equal(lenses![0]!.command?.command, 'linktrace.setTrackingType');
  });

  it('to a client that resolves lenses, lenses come without their command, resolved one by one', async () => {
    const resolving = LspTestClient.start();
    try {
      await resolving.initialize({ ...PUSH_CLIENT, textDocument: { ...PUSH_CLIENT.textDocument, codeLens: { resolveSupport: { properties: ['command'] } } } });
      await resolving.open(URI, NEWSLETTER);
      const lenses = await resolving.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: URI } });
      assert.deepEqual(lenses?.map((lens) => [lens.range.start.line, lens.command]), [[3, undefined], [4, undefined], [5, undefined], [6, undefined]]);
      const hero = await resolving.connection.sendRequest(CodeLensResolveRequest.type, lenses![0]!);
      assert.deepEqual(hero.command, { title: 'Tracked · hero', command: 'linktrace.setTrackingType', arguments: [URI, 'L1'] });
      const optOut = await resolving.connection.sendRequest(CodeLensResolveRequest.type, lenses![3]!);
      assert.equal(optOut.command?.title, 'Opt-out');
    } finally {
      resolving.kill();
    }
  });

  it('a hover over the URL says type and label, the URL, what a send makes of it and why; none elsewhere in the tag', async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 3, character: 20 } });
    assert.deepEqual(hover?.contents, { kind: 'markdown', value: "**Tracked · hero**\n\n` https://acmeshop.io/news `\n\nSent through the daemon's redirect, which records the click. Type: set by an attribute." } satisfies MarkupContent);
    assert.deepEqual(hover?.range, { start: { line: 3, character: 11 }, end: { line: 3, character: 36 } });
    const onText = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: { line: 3, character: 82 } });
    assert.equal(onText, null);
  });

  it('document links for complete URLs, with the tracking type as tooltip', async () => {
    const links = await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: URI } });
    assert.deepEqual(links?.map((link) => [link.range.start.line, link.target, link.tooltip]), [
      [3, 'https://acmeshop.io/news', 'Tracked · hero: https://acmeshop.io/news'],
      [4, 'mailto:hello@acmeshop.io', 'Never: mailto:hello@acmeshop.io'],
      [5, 'https://localhost:3000/offer', 'Tracked: https://localhost:3000/offer'],
      [6, 'https://acmeshop.io/unsubscribe', 'Opt-out: https://acmeshop.io/unsubscribe'],
    ]);
  });
});
