// The Linktrace language server: wires the feature modules (one per LSP feature) to a connection.
// Transport (stdio, node-ipc, socket) is the caller's choice; see main.ts.
import path from 'node:path';
import { CodeLensRefreshRequest, MessageType, ShowMessageNotification, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyses, filePathOf } from './analysis';
import { ClickCounts } from './clickCounts';
import { registerClientFeeds } from './clientFeeds';
import { codeActionCapabilities, registerCodeActions } from './codeActions';
import { codeLensCapabilities, registerCodeLenses } from './codeLens';
import type { ServerContext } from './context';
import { diagnosticCapabilities, registerDiagnostics, type DiagnosticsFeature } from './diagnostics';
import { documentLinkCapabilities, registerDocumentLinks } from './documentLinks';
import { hoverCapabilities, registerHovers } from './hover';
import { ProjectConfigs } from './projectConfig';
import { clientParts } from './protocol';
import { DEFAULT_SETTINGS } from './settings';
import { registerTemplateLinks } from './templateLinksRequest';
import { commandCapabilities, registerCommands } from './trackingCommand';
import { startWarmUp, type WarmUp } from './warmUp';
import { registerWorkspaceConfiguration, workspaceCapabilities, type WorkspaceConfiguration } from './workspaceConfiguration';

export const SERVER_NAME = 'linktrace';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let diagnostics: DiagnosticsFeature | undefined;
  const relintAll = () => {
    analyses.invalidate();
    diagnostics?.refreshAll();
  };
  const configs = new ProjectConfigs({
    // A notification, not showWarningMessage: that is a request in this library, awaiting a reply
    // that some clients never send.
    onBrokenConfig: (_file, message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Linktrace ignores ${message} (defaults apply)` }),
    onDidChange: relintAll,
  });
  // Settings come from the workspace configuration, registered below with the context it needs.
  let workspace: WorkspaceConfiguration | undefined;
  const settings = () => workspace?.settings() ?? DEFAULT_SETTINGS;
  const analyses = new Analyses(configs, settings, (message) => connection.console.log(message));
  const context: ServerContext = { connection, documents, analyses, settings, client: {} };
  workspace = registerWorkspaceConfiguration(context, configs, relintAll);

  let warmUp: WarmUp | undefined;
  connection.onInitialize((params): InitializeResult => {
    context.client = params.capabilities;
    // Compiles the keystroke paths while the client opens its documents (see warmUp.ts).
    warmUp ??= startWarmUp();
    workspace?.initialize(params);
    // A client that registers the commands or feeds click counts itself says so (protocol.ts).
    const parts = clientParts(params.initializationOptions);
    clickCounts.fedByClient = parts.clickCounts === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...diagnosticCapabilities(context),
        ...codeActionCapabilities(),
        ...codeLensCapabilities(),
        ...hoverCapabilities(),
        ...documentLinkCapabilities(),
        ...(parts.commands ? {} : commandCapabilities()),
        ...workspaceCapabilities(),
      },
      serverInfo: { name: SERVER_NAME },
    };
  });

  diagnostics = registerDiagnostics(context);
  registerCodeActions(context);
  const clickCounts = new ClickCounts(
    (filePath) => {
      const folder = configs.workspaceFolderOf(filePath);
      return folder && path.resolve(folder, settings().daemonDataDirectory);
    },
    () => documents.all().map((document) => filePathOf(document.uri)).filter((file): file is string => file !== undefined),
    // New counts (the first answer after a lens went out without them, or a click since): clients
    // that can be told ask for the lenses again.
    () => {
      if (context.client.workspace?.codeLens?.refreshSupport) void connection.sendRequest(CodeLensRefreshRequest.type);
    },
  );
  registerCodeLenses(context, clickCounts);
  const feeds = registerClientFeeds(context, clickCounts);
  registerHovers(context, clickCounts, feeds);
  registerTemplateLinks(context);
  registerDocumentLinks(context);
  registerCommands(context);

  connection.onShutdown(() => {
    warmUp?.stop();
    diagnostics?.dispose();
    clickCounts.dispose();
    configs.dispose();
  });

  // Once the user types, the keystrokes warm those paths themselves: a warm-up still running would only compete with them.
  // An open also fires a content change, right after its own event: only a change that follows none is typing.
  let opened: TextDocument | undefined;
  const watchOpens = documents.onDidOpen((event) => (opened = event.document));
  const stopWarmUpOnTyping = documents.onDidChangeContent((event) => {
    if (event.document === opened) {
      opened = undefined;
      return;
    }
    warmUp?.stop();
    watchOpens.dispose();
    stopWarmUpOnTyping.dispose();
  });
  documents.listen(connection);
  connection.listen();
}
