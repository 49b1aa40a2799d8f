// Entry point: builds the shared context, starts the language server (without waiting for it:
// activation stays fast, and its features arrive as soon as it answers) and registers each
// feature. The daemon is started only on request (or autoStart).
import type * as vscode from 'vscode';
import { registerEditCommands } from './commands/editCommands';
import { registerLinkCommands } from './commands/linkCommands';
import { Ctx } from './ctx';
import { registerDaemonFeatures } from './daemon';
import { registerLinkCheck } from './linkCheck';
import { registerLinksView, type LinksTreeProvider } from './linksView';
import type { LinktraceServer } from './server/languageServer';

/** What activate() returns: for the extension-host tests and for other extensions. */
export interface LinktraceApi {
  ctx: Ctx;
  /** The language client and the server process it runs. */
  server: LinktraceServer;
  linksTree: LinksTreeProvider;
  /** Whatever the daemon features expose (daemon session, Tracking panel), for their tests. */
  daemon: ReturnType<typeof registerDaemonFeatures>;
  /** How long activate() took (benchmark: under 50 ms). */
  activationMs: number;
}

let current: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): LinktraceApi {
  const started = performance.now();
  const ctx = new Ctx(context);
  current = ctx;
  context.subscriptions.push(ctx);
  // Started right after activation rather than inside it: forking the server would block the
  // extension host for the activation's length; anything that needs it waits for start().
  const starting = setTimeout(() => void ctx.server.start().catch(() => undefined), 0); // a failure is said in its output channel
  ctx.push({ dispose: () => clearTimeout(starting) });
  registerLinkCommands(ctx);
  registerEditCommands(ctx);
  const linksTree = registerLinksView(ctx);
  const daemon = registerDaemonFeatures(ctx);
  registerLinkCheck(ctx);
  return { ctx, server: ctx.server, linksTree, daemon, activationMs: performance.now() - started };
}

export function deactivate(): Promise<void> | undefined {
  // The context is also in context.subscriptions; disposing twice is harmless (push empties it).
  // VS Code waits for the returned promise: the server gets its shutdown and exit.
  const stopping = current?.server.stop();
  current?.dispose();
  current = undefined;
  return stopping;
}
