// Entry point: builds the shared context and registers each feature. Nothing is linted or read
// here beyond what the open documents need; the daemon is started only on request (or autoStart).
import type * as vscode from 'vscode';
import { registerCodeActions } from './codeActions';
import { registerCodeLenses } from './codeLens';
import { Ctx } from './ctx';
import { registerDaemonFeatures } from './daemon';
import { Diagnostics } from './diagnostics';
import { registerHovers } from './hover';
import { registerLinkCheck } from './linkCheck';
import { registerLinksView, type LinksTreeProvider } from './linksView';
import { registerTrackingCommands } from './trackingCommands';

/** What activate() returns: for the extension-host tests and for other extensions. */
export interface LinktraceApi {
  ctx: Ctx;
  diagnostics: Diagnostics;
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
  const diagnostics = ctx.push(new Diagnostics(ctx.documents));
  registerCodeActions(ctx);
  registerTrackingCommands(ctx);
  registerCodeLenses(ctx);
  registerHovers(ctx);
  const linksTree = registerLinksView(ctx);
  const daemon = registerDaemonFeatures(ctx);
  registerLinkCheck(ctx);
  return { ctx, diagnostics, linksTree, daemon, activationMs: performance.now() - started };
}

export function deactivate(): void {
  // The context is also in context.subscriptions; disposing twice is harmless (push empties it).
  current?.dispose();
  current = undefined;
}
