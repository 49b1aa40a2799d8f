// The status bar item of the daemon session: connected or not, the port, the logs received live.
// Hidden until the daemon is first started; clicking it opens the Tracking panel.
import * as vscode from 'vscode';
import type { DaemonService, DaemonStatus } from './service';

export function portOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).port;
  } catch {
    return '';
  }
}

export function statusText(status: DaemonStatus): { text: string; tooltip: string } {
  const port = portOf(status.url);
  const logs = `${status.logCount} log${status.logCount === 1 ? '' : 's'}`;
  switch (status.state) {
    case 'connected':
      return { text: `$(pulse) Linktrace :${port} · ${logs}`, tooltip: `Connected to the Linktrace daemon at ${status.url}. ${logs} received. Click to open the Tracking panel.` };
    case 'starting':
    case 'connecting':
      return { text: '$(sync~spin) Linktrace', tooltip: 'Connecting to the Linktrace daemon…' };
    case 'disconnected':
      return { text: `$(debug-disconnect) Linktrace :${port}`, tooltip: `Lost the Linktrace daemon at ${status.url}; reconnecting…` };
    case 'stopped':
      return { text: '$(circle-slash) Linktrace', tooltip: status.error ? `Linktrace daemon stopped: ${status.error}` : 'Linktrace daemon stopped.' };
  }
}

export function createDaemonStatusBar(service: DaemonService): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('linktrace.daemon', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Linktrace Daemon';
  item.command = 'linktrace.openTrackingPanel';
  let shown = false;
  const update = (status: DaemonStatus): void => {
    if (status.state !== 'stopped') shown = true;
    const { text, tooltip } = statusText(status);
    item.text = text;
    item.tooltip = tooltip;
    if (shown) item.show();
  };
  service.onDidChangeStatus(update);
  update(service.status);
  return item;
}
