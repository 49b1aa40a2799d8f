// Configuration through the real server: linktrace.config.json found by walking up from the
// template; a change re-lints open documents, announced by workspace/didChangeWatchedFiles (the
// server registers the watcher) or, for clients that cannot watch, noticed by the server itself;
// client settings (workspace/configuration) re-lint too; a broken config file is said once.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, ShowMessageNotification, type ClientCapabilities } from 'vscode-languageserver-protocol/node';
import { NEWSLETTER, tempProject, type Project } from '../support/fixtures';
import { LspTestClient, PUSH_CLIENT } from '../support/lspClient';

const codes = (diagnostics: readonly { code?: string | number }[]) => diagnostics.map((d) => d.code);
const ALL = ['url-whitespace', 'url-untracked-scheme', 'url-nonproduction-host'];

describe('LSP configuration', () => {
  let client: LspTestClient;
  let project: Project;
  beforeEach(() => {
    project = tempProject();
  });
  afterEach(() => {
    client?.kill();
    project.remove();
  });

  it('applies the nearest linktrace.config.json, and re-lints when the client reports it changed', async () => {
    project.write('linktrace.config.json', JSON.stringify({ rules: { 'url-untracked-scheme': 'off' } }));
    mkdirSync(path.join(project.dir, 'emails/weekly'), { recursive: true });
    const uri = project.write('emails/weekly/newsletter.html', NEWSLETTER);
    client = LspTestClient.start();
    await client.initialize(PUSH_CLIENT, project.dir);
    await client.waitFor('the config file watcher registration', () => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'));
    assert.deepEqual(client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!.registerOptions, { watchers: [{ globPattern: '**/linktrace.config.json' }] });
    await client.open(uri, NEWSLETTER);
    assert.deepEqual(codes(await client.diagnostics(uri, 1)), ['url-whitespace', 'url-nonproduction-host']);

    const before = client.published.length;
    const configUri = project.write('linktrace.config.json', JSON.stringify({ rules: { 'url-whitespace': 'off' } }));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: configUri, type: FileChangeType.Changed }] });
    assert.deepEqual(codes(await client.diagnostics(uri, 1, before)), ['url-untracked-scheme', 'url-nonproduction-host']);
  });

  it('notices a config file change itself when the client cannot watch files', async () => {
    const uri = project.write('newsletter.html', NEWSLETTER);
    const noWatching: ClientCapabilities = { ...PUSH_CLIENT, workspace: { ...PUSH_CLIENT.workspace, didChangeWatchedFiles: undefined } };
    client = LspTestClient.start();
    await client.initialize(noWatching, project.dir);
    await client.open(uri, NEWSLETTER);
    assert.deepEqual(codes(await client.diagnostics(uri, 1)), ALL);
    const before = client.published.length;
    project.write('linktrace.config.json', JSON.stringify({ rules: { 'url-nonproduction-host': 'off' } }));
    assert.deepEqual(codes(await client.diagnostics(uri, 1, before)), ['url-whitespace', 'url-untracked-scheme']);
  });

  it('re-lints when the client\'s linktrace settings change (workspace/configuration)', async () => {
    const uri = project.write('newsletter.html', NEWSLETTER);
    client = LspTestClient.start();
    await client.initialize(PUSH_CLIENT, project.dir);
    await client.open(uri, NEWSLETTER);
    assert.deepEqual(codes(await client.diagnostics(uri, 1)), ALL);
    const before = client.published.length;
    client.settings = { rules: { 'url-whitespace': 'off' } };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    assert.deepEqual(codes(await client.diagnostics(uri, 1, before)), ['url-untracked-scheme', 'url-nonproduction-host']);
  });

  it('takes settings from initializationOptions', async () => {
    const uri = project.write('newsletter.html', NEWSLETTER);
    client = LspTestClient.start();
    const noConfiguration: ClientCapabilities = { ...PUSH_CLIENT, workspace: { ...PUSH_CLIENT.workspace, configuration: false } };
    await client.initialize(noConfiguration, project.dir, { rules: { 'url-nonproduction-host': 'error' } });
    await client.open(uri, NEWSLETTER);
    const diagnostics = await client.diagnostics(uri, 1);
    assert.equal(diagnostics.find((d) => d.code === 'url-nonproduction-host')?.severity, 1);
  });

  it('says once that a broken config file is ignored, and lints with the defaults', async () => {
    project.write('linktrace.config.json', '{ "rules": ');
    const uri = project.write('newsletter.html', NEWSLETTER);
    const other = project.write('other.html', NEWSLETTER);
    client = LspTestClient.start();
    const messages: string[] = [];
    client.connection.onNotification(ShowMessageNotification.type, (params) => {
      messages.push(params.message);
    });
    await client.initialize(PUSH_CLIENT, project.dir);
    await client.open(uri, NEWSLETTER);
    await client.open(other, NEWSLETTER);
    assert.deepEqual(codes(await client.diagnostics(uri, 1)), ALL);
    await client.diagnostics(other, 1);
    assert.equal(messages.length, 1, JSON.stringify(messages));
    assert.match(messages[0]!, /^Linktrace ignores .*linktrace\.config\.json: invalid JSON.*\(defaults apply\)$/);
  });
});
