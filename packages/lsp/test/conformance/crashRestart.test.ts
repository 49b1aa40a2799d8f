// A crash of the server, restarted by the client, over stdio. The restart policy is the one
// vscode-languageclient applies (its default error handler: restart after an unexpected exit, give
// up after 5 crashes within 3 minutes), written here as a small client of our own because that
// library needs VS Code to run; the VS Code host test (languageServer.test.ts) covers it in the
// real client. What this checks is the server's side of a restart: a fresh process started by
// the same command line picks up the open documents and settings the client hands it again and
// answers for edits made after the crash, and nothing of the dead process stands in its way.
import assert from 'node:assert/strict';
import { lint } from '@linktrace/core';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { NEWSLETTER } from '../support/fixtures';
import { LspTestClient, PUSH_CLIENT } from '../support/lspClient';

const URI = 'file:///templates/newsletter.html';
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60_000;

const summary = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);
const expectedFor = (text: string, rules?: Record<string, string>) =>
  lint(text, rules ? { rules: rules as never } : {}).map((finding) => `${finding.ruleId}@${finding.line - 1}:${finding.column - 1}`);

/** An editor's view of one server: documents and settings it owns, a server process it restarts. */
class RestartingClient {
  server!: LspTestClient;
  readonly documents = new Map<string, string>();
  /** Handed to every server it starts, as initializationOptions (editors' usual way). */
  settings: Record<string, unknown> = {};
  private readonly crashes: number[] = [];
  private stopped = false;
  /** Resolves each time a new server process is running and has every document again. */
  private restarted: Promise<void> = Promise.resolve();
  gaveUp = false;

  async start(): Promise<void> {
    this.server = LspTestClient.start();
    void this.server.exited.then(() => this.onExit());
    await this.server.initialize(PUSH_CLIENT, undefined, this.settings);
    for (const [uri, text] of this.documents) await this.server.open(uri, text);
  }

  async open(uri: string, text: string): Promise<void> {
    this.documents.set(uri, text);
    await this.server.open(uri, text);
  }

  /** Edits while the server may be down are kept and handed to the next one (as didOpen with the new text). */
  async replace(uri: string, text: string): Promise<number | undefined> {
    this.documents.set(uri, text);
    await this.restarted;
    return this.server.change(uri, [{ text }]);
  }

  whenRunning(): Promise<void> {
    return this.restarted;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.restarted;
    this.server.kill();
  }

  private onExit(): void {
    if (this.stopped) return;
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes[0]! < now - RESTART_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length >= MAX_RESTARTS) {
      this.gaveUp = true;
      return;
    }
    this.restarted = this.start();
  }
}

describe('LSP server crash, restarted by the client (stdio)', () => {
  let client: RestartingClient;
  afterEach(async () => client?.stop());

  it('a server killed with SIGKILL is started again and lints the documents and edits the client holds', async () => {
    client = new RestartingClient();
    client.settings = { rules: { 'url-untracked-scheme': 'off' } };
    await client.start();
    await client.open(URI, NEWSLETTER);
    const first = client.server;
    assert.deepEqual(summary(await first.diagnostics(URI, 1)), expectedFor(NEWSLETTER, { 'url-untracked-scheme': 'off' }));

    first.kill();
    assert.equal((await first.exited).signal, 'SIGKILL');
    // An edit made while the server is down: a localhost link the new server must report.
    const edited = NEWSLETTER.replace('</body>', '  <a href="http://localhost:8080/preview">Preview</a>\n</body>');
    const version = await client.replace(URI, edited);
    await client.whenRunning();
    assert.notEqual(client.server, first, 'a new server process');
    assert.notEqual(client.server.child.pid, first.child.pid);

    const diagnostics = await client.server.diagnostics(URI, version);
    assert.deepEqual(summary(diagnostics), expectedFor(edited, { 'url-untracked-scheme': 'off' }));
    assert.ok(summary(diagnostics).some((entry) => entry.startsWith('url-nonproduction-host@7:')), 'the link added after the crash is reported');
  });

  it('gives up after 5 crashes in a row, as vscode-languageclient does, instead of restarting forever', async () => {
    client = new RestartingClient();
    await client.start();
    await client.open(URI, NEWSLETTER);
    for (let crash = 1; crash <= MAX_RESTARTS; crash++) {
      const server = client.server;
      await server.diagnostics(URI, 1);
      server.kill();
      await server.exited;
      await client.whenRunning();
      if (crash < MAX_RESTARTS) assert.notEqual(client.server, server, `restarted after crash ${crash}`);
    }
    assert.equal(client.gaveUp, true);
  });
});
