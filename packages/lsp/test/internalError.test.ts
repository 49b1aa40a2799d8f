// An exception inside the analysis (a core bug) reaches the user as one diagnostic saying so, and
// is logged; lintDocument never throws. Driven in-process with an analysis that fails, since the
// real core is built never to.
import assert from 'node:assert/strict';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyses } from '../src/analysis';
import type { ServerContext } from '../src/context';
import { lintDocument } from '../src/diagnostics';
import { DEFAULT_SETTINGS } from '../src/settings';

describe('LSP internal errors', () => {
  it('a failing analysis becomes one internal-error diagnostic, logged, not an exception', async () => {
    const logged: string[] = [];
    const context: ServerContext = {
      connection: { console: { error: (message: string) => logged.push(message) } } as unknown as Connection,
      documents: {} as TextDocuments<TextDocument>,
      analyses: { current: () => Promise.reject(new RangeError('offset out of range')) } as unknown as Analyses,
      settings: () => DEFAULT_SETTINGS,
      client: {},
    };
    const document = TextDocument.create('file:///t.html', 'html', 7, '<a href="x">');
    const result = await lintDocument(context, document);
    assert.notEqual(result, 'cancelled');
    if (result === 'cancelled') return;
    assert.equal(result.version, 7);
    assert.equal(result.diagnostics?.length, 1);
    assert.equal(result.diagnostics![0]!.code, 'internal-error');
    assert.match(result.diagnostics![0]!.message as string, /^internal error in the Linktrace language server: offset out of range\. The file was not fully linted/);
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /^linktrace: linting file:\/\/\/t\.html failed: RangeError: offset out of range/);
  });
});
