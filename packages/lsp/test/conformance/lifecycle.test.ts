// The server's life over each transport: initialize (capabilities), shutdown + exit (code 0),
// exit without shutdown (code 1, as the spec says), and a client that dies without a word.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { CodeActionKind, createProtocolConnection, InitializeRequest, IPCMessageReader, IPCMessageWriter, ExitNotification, ShutdownRequest, SocketMessageReader, SocketMessageWriter, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver-protocol/node';
import { BIN, ensureCliBuilt, LspTestClient, PUSH_CLIENT } from '../support/lspClient';

describe('LSP lifecycle', () => {
  before(() => ensureCliBuilt());

  it('initialize advertises incremental sync and every feature', async () => {
    const client = LspTestClient.start();
    try {
      const { capabilities, serverInfo } = await client.initialize();
      assert.equal(serverInfo?.name, 'linktrace');
      assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
      assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: [CodeActionKind.QuickFix, 'source.fixAll.linktrace', CodeActionKind.RefactorRewrite], resolveProvider: true });
      assert.deepEqual(capabilities.executeCommandProvider?.commands, ['linktrace.setTrackingType', 'linktrace.setLabel', 'linktrace.fixAll']);
      assert.equal(capabilities.hoverProvider, true);
      assert.ok(capabilities.codeLensProvider);
      assert.ok(capabilities.documentLinkProvider);
      // A client that cannot pull gets pushed diagnostics: no diagnosticProvider.
      assert.equal(capabilities.diagnosticProvider, undefined);
    } finally {
      client.kill();
    }
  });

  it('exits with 0 after shutdown and exit', async () => {
    const client = LspTestClient.start();
    await client.initialize();
    assert.deepEqual(await client.shutdownAndExit(), { code: 0, signal: null });
  });

  it('exits with 1 on exit without shutdown', async () => {
    const client = LspTestClient.start();
    await client.initialize();
    await client.connection.sendNotification(ExitNotification.type);
    assert.deepEqual(await client.exited, { code: 1, signal: null });
  });

  it('exits with 1 when the client dies (its stdin closes) without shutdown', async () => {
    const client = LspTestClient.start();
    await client.initialize();
    client.child.stdin.end();
    assert.deepEqual(await client.exited, { code: 1, signal: null });
  });

  it('speaks over node-ipc', async () => {
    ensureCliBuilt();
    const child = spawn(process.execPath, [BIN, 'lsp', '--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    const result: InitializeResult = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: PUSH_CLIENT });
    assert.equal(result.serverInfo?.name, 'linktrace');
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
    connection.dispose();
  });

  it('speaks over a socket (--socket=PORT connects to the client)', async () => {
    ensureCliBuilt();
    const listener = net.createServer();
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as net.AddressInfo).port;
    const accepted = new Promise<net.Socket>((resolve) => listener.once('connection', resolve));
    const child = spawn(process.execPath, [BIN, 'lsp', `--socket=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const socket = await accepted;
      const connection = createProtocolConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
      connection.listen();
      const result: InitializeResult = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: PUSH_CLIENT });
      assert.equal(result.capabilities.hoverProvider, true);
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      assert.equal(await exited, 0);
      connection.dispose();
    } finally {
      child.kill();
      listener.close();
    }
  });
});
