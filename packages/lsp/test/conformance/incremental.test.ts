// Incremental documents through the real server: each incremental change is re-linted from the
// previous version's analysis (IncrementalLinter), and what is published is exactly core's lint()
// of the client's text, edit after edit, including edits that open and close comments and Outlook
// conditional comments. The server's own work log (LINKTRACE_LSP_STATS=1) shows a keystroke in a
// URL re-parses a row, not the document.
import assert from 'node:assert/strict';
import { lint } from '@linktrace/core';
import { LogMessageNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../support/lspClient';

const URI = 'file:///templates/digest.html';
const ROWS = Array.from({ length: 120 }, (_, i) => `<tr><td><a href="https://shop.example.io/articles/${i}?utm_source=news&utm_medium=email" data-label="a${i}">Article ${i}</a></td></tr>\n`).join('');
const TEMPLATE = `<!doctype html>\n<html><body>\n<table>\n${ROWS}</table>\n<p><a href="https://shop.example.io/unsubscribe" data-tracking="opt-out">Unsubscribe</a></p>\n</body></html>\n`;

const comparable = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`);
const expected = (text: string) => lint(text).map((f) => `${f.ruleId}@${f.line - 1}:${f.column - 1}-${f.endLine - 1}:${f.endColumn - 1} ${f.message}`);

describe('LSP incremental documents', () => {
  let client: LspTestClient;
  const logs: string[] = [];
  before(() => {
    process.env.LINKTRACE_LSP_STATS = '1'; // inherited by the spawned server
  });
  after(() => {
    delete process.env.LINKTRACE_LSP_STATS;
  });
  beforeEach(async () => {
    logs.length = 0;
    client = LspTestClient.start();
    client.connection.onNotification(LogMessageNotification.type, (params) => void logs.push(params.message));
    await client.initialize();
    await client.open(URI, TEMPLATE);
    await client.diagnostics(URI, 1);
  });
  afterEach(() => client?.kill());

  /** Sends one change at `offset` of the client's text and checks the published diagnostics of that version. */
  async function edit(offset: number, deleted: number, inserted: string): Promise<void> {
    const document = client.documents.get(URI)!;
    const range = { start: document.positionAt(offset), end: document.positionAt(offset + deleted) };
    const before = client.published.length;
    const version = await client.change(URI, [{ range, text: inserted }]);
    const diagnostics = await client.diagnostics(URI, version, before);
    assert.deepEqual(comparable(diagnostics), expected(client.text(URI)), `after inserting ${JSON.stringify(inserted)} at ${offset} (v${version})`);
  }

  it('publishes exactly lint() of the text after each edit: typing in URLs, comments and conditional comments opened and closed', async () => {
    const text = () => client.text(URI);
    for (let i = 0; i < 6; i++) await edit(text().indexOf(`/articles/${20 * i}`) + 3, 0, 'x');
    await edit(text().indexOf('https://shop.example.io/articles/7'), 8, 'http://'); // https -> http: a new finding
    await edit(text().indexOf('<tr>', text().length / 3), 0, '<!--'); // everything after is a comment now
    await edit(text().indexOf('</tr>', text().length / 2) + 5, 0, '-->'); // closed again
    await edit(text().indexOf('<tr>', text().length / 4), 0, '<!--[if mso]><v:roundrect href="https://shop.example.io/other">');
    await edit(text().indexOf('</tr>', text().length / 4) + 5, 0, '</v:roundrect><![endif]-->');
    await edit(text().indexOf('<a href'), 0, '<!-- linktrace-disable-next-line url-insecure-http -->\n');
    await edit(text().indexOf('utm_medium'), 3, ''); // a deletion inside a query
    await edit(0, text().length, TEMPLATE); // the whole text replaced
  });

  it('re-parses a row, not the document, for a keystroke in a URL (work from the server log)', async () => {
    const text = client.text(URI);
    await edit(text.indexOf('/articles/60') + 4, 0, 'x');
    const line = logs.filter((message) => message.startsWith('linktrace analysis')).at(-1);
    assert.ok(line, `the server logged its analyses: ${JSON.stringify(logs)}`);
    const match = /re-parsed (\d+)\/(\d+) bytes, links checked (\d+) re-used (\d+), fallback ([^,]+),/.exec(line!);
    assert.ok(match, line);
    const [, reparsed, size, checked, reused, fallback] = match!;
    assert.ok(Number(reparsed) < 300 && Number(size) > 10_000, line);
    assert.equal(Number(checked), 1, line);
    assert.equal(Number(reused), 120, line);
    assert.equal(fallback, '-', line);
  });
});
