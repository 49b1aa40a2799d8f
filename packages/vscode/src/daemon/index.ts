// The daemon side of the extension: the daemon session, its status bar item, the Tracking panel
// and the daemon commands. Returns what the extension API exposes (used by the host tests).
import type { Ctx } from '../ctx';
import { registerDaemonCommands } from '../commands/daemonCommands';
import * as vscode from 'vscode';
import { TrackingPanel, TRACKING_PANEL_VIEW_TYPE } from '../panel/trackingPanel';
import { DaemonService } from './service';
import { createDaemonStatusBar } from './statusBar';

export interface DaemonFeatures {
  service: DaemonService;
  panel: TrackingPanel;
}

export function registerDaemonFeatures(ctx: Ctx): DaemonFeatures {
  const service = ctx.push(new DaemonService(ctx));
  const panel = ctx.push(new TrackingPanel(ctx.extensionUri, service));
  ctx.push(createDaemonStatusBar(service));
  // Hovers show the redirect a link becomes: the connected daemon's address when there is one.
  ctx.push(service.onDidChangeStatus(() => {
    const connection = service.connection;
    ctx.daemonBaseUrl = connection.state === 'connected' ? connection.url : undefined;
  }));
  registerDaemonCommands(ctx, service, panel);
  // A Tracking panel open when the window closed comes back with it, connected again.
  ctx.push(vscode.window.registerWebviewPanelSerializer(TRACKING_PANEL_VIEW_TYPE, {
    deserializeWebviewPanel: async (webviewPanel) => {
      panel.restore(webviewPanel);
      if (vscode.workspace.isTrusted) service.start().catch((error: Error) => service.log(`[extension] reconnecting the restored Tracking panel failed: ${error.message}`));
    },
  }));
  if (ctx.settings().daemonAutoStart) {
    service.start().catch((error: Error) => service.log(`[extension] auto-start failed: ${error.message}`));
  } else if (vscode.workspace.isTrusted) {
    void service.loadFromStore();
  }
  return { service, panel };
}
