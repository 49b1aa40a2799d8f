// The daemon commands: start/stop, send a test delivery of the active template, open a mirror
// page, the Tracking panel, clear and export logs, delete a test delivery. Each also takes an argument so scripts and
// tests can run it without a dialog; without one it asks the user.
import path from 'node:path';
import * as vscode from 'vscode';
import type { RecipientLinks } from '@linktrace/core';
import type { Ctx } from '../ctx';
import { writeLastDelivery } from '@linktrace/daemon';
import { exportFormatOf, formatLogs } from '../daemon/exportLogs';
import { externalUrl, openExternalUrl } from '../daemon/externalUrl';
import type { DaemonService, DaemonStatus } from '../daemon/service';
import type { TestEmailNode } from '../linksView';
import type { TrackingPanel } from '../panel/trackingPanel';
import { deleteDelivery } from './deleteDelivery';
import { sendTestDelivery, type SentTestDelivery } from './sendTestDelivery';

export interface OpenMirrorPageOptions {
  deliveryId?: string;
  recipientId?: string;
  open?: boolean;
}

export interface ClearLogsOptions {
  /** Ask before clearing (default true). */
  confirm?: boolean;
  deliveryId?: string;
}

function asUri(value: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (value === undefined) return undefined;
  if (value instanceof vscode.Uri) return value;
  return /^[a-z][a-z0-9+.-]*:/i.test(value) && !path.isAbsolute(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
}

async function pickRecipient(recipients: RecipientLinks[], wanted: string | undefined, title: string): Promise<RecipientLinks | undefined> {
  if (wanted !== undefined) {
    const found = recipients.find((recipient) => recipient.id === wanted);
    if (!found) throw new Error(`no test recipient "${wanted}" in this delivery`);
    return found;
  }
  if (recipients.length <= 1) return recipients[0];
  const picked = await vscode.window.showQuickPick(
    recipients.map((recipient) => ({ label: recipient.email, description: recipient.id, detail: recipient.optedOut ? 'opted out' : undefined, recipient })),
    { title, placeHolder: 'Whose copy to open' },
  );
  return picked?.recipient;
}

function reportFailure(action: string, error: unknown): void {
  void vscode.window.showErrorMessage(`Linktrace: ${action} failed: ${(error as Error).message}`);
}

export function registerDaemonCommands(ctx: Ctx, service: DaemonService, panel: TrackingPanel): void {
  const register = (id: string, run: (...args: unknown[]) => Promise<unknown> | unknown) => ctx.push(vscode.commands.registerCommand(id, run));

  register('linktrace.startDaemon', async (): Promise<DaemonStatus | undefined> => {
    try {
      await service.start();
      void vscode.window.setStatusBarMessage(`Linktrace daemon: ${service.status.url}`, 4000);
      return service.status;
    } catch (error) {
      service.output.show(true);
      reportFailure('starting the daemon', error);
      return undefined;
    }
  });

  register('linktrace.stopDaemon', async (): Promise<DaemonStatus> => {
    await service.stop();
    return service.status;
  });

  // Returns the panel: scripts and the extension-host tests follow its messages (onDidPost, onDidRender).
  register('linktrace.openTrackingPanel', (): TrackingPanel => panel.show());

  register('linktrace.sendTestDelivery', async (argument?: unknown): Promise<SentTestDelivery | undefined> => {
    try {
      return await sendTestDelivery(ctx, service, argument);
    } catch (error) {
      reportFailure('sending the test delivery', error);
      return undefined;
    }
  });

  /** The external address of a recipient's test email, or why there is none. */
  const testEmailUrl = async (deliveryId: unknown, recipientId: unknown): Promise<{ url: string; email: string } | undefined> => {
    // From the Links view's inline action: the tree node itself.
    if (typeof deliveryId === 'object' && deliveryId !== null && (deliveryId as TestEmailNode).kind === 'test-email') {
      const node = deliveryId as TestEmailNode;
      recipientId = node.recipient?.id;
      deliveryId = node.deliveryId;
    }
    const recipient = typeof deliveryId === 'string' ? service.deliverySummary(deliveryId)?.recipients.find((each) => each.id === recipientId) : undefined;
    if (!recipient) {
      void vscode.window.showInformationMessage('Linktrace: that test delivery is not known to this window. Run "Linktrace: Send Test Delivery" again.');
      return undefined;
    }
    // What the user opened is what `linktrace report` in a terminal of this folder shows by default.
    void writeLastDelivery(service.dataDirectory(), deliveryId as string);
    return { url: await externalUrl(recipient.emailUrl), email: recipient.email };
  };

  register('linktrace.openTestEmail', async (deliveryId?: unknown, recipientId?: unknown): Promise<string | undefined> => {
    const found = await testEmailUrl(deliveryId, recipientId);
    if (found) await openExternalUrl(found.url);
    return found?.url;
  });

  register('linktrace.copyTestEmailLink', async (deliveryId?: unknown, recipientId?: unknown): Promise<string | undefined> => {
    const found = await testEmailUrl(deliveryId, recipientId);
    if (!found) return undefined;
    await vscode.env.clipboard.writeText(found.url);
    void vscode.window.setStatusBarMessage(`Linktrace: copied the test email link of ${found.email}`, 3000);
    return found.url;
  });

  register('linktrace.openMirrorPage', async (argument?: unknown): Promise<string | undefined> => {
    const options = (typeof argument === 'object' && argument !== null ? argument : {}) as OpenMirrorPageOptions;
    try {
      await service.start();
      const active = vscode.window.activeTextEditor?.document.uri;
      const deliveries = service.deliveries;
      const delivery = options.deliveryId
        ? service.deliverySummary(options.deliveryId)
        : (deliveries.find((summary) => active?.scheme === 'file' && summary.sourcePath === active.fsPath) ?? deliveries[0]);
      if (!delivery) {
        void vscode.window.showInformationMessage('Linktrace: no test delivery yet. Run "Linktrace: Send Test Delivery" first.');
        return undefined;
      }
      const recipient = await pickRecipient(delivery.recipients, options.recipientId, `Mirror page of ${delivery.name}`);
      if (!recipient) return undefined;
      const url = await externalUrl(recipient.mirrorUrl);
      if (options.open !== false) await openExternalUrl(url);
      return url;
    } catch (error) {
      reportFailure('opening the mirror page', error);
      return undefined;
    }
  });

  register('linktrace.clearLogs', async (argument?: unknown): Promise<boolean> => {
    const options = (typeof argument === 'object' && argument !== null ? argument : {}) as ClearLogsOptions;
    if (options.confirm !== false) {
      const answer = await vscode.window.showWarningMessage(
        options.deliveryId ? 'Delete the tracking logs of this delivery from the daemon?' : 'Delete every tracking log from the daemon?',
        { modal: true },
        'Clear Logs',
      );
      if (answer !== 'Clear Logs') return false;
    }
    try {
      await service.clearLogs(options.deliveryId);
      return true;
    } catch (error) {
      reportFailure('clearing the logs', error);
      return false;
    }
  });

  register('linktrace.deleteDelivery', (argument?: unknown) => deleteDelivery(service, argument));

  register('linktrace.exportLogs', async (argument?: unknown): Promise<vscode.Uri | undefined> => {
    let target = argument instanceof vscode.Uri || typeof argument === 'string' ? asUri(argument) : undefined;
    if (!target) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      target = await vscode.window.showSaveDialog({
        title: 'Export Linktrace logs',
        saveLabel: 'Export',
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'linktrace-logs.csv') } : {}),
        filters: { CSV: ['csv'], JSON: ['json'] },
      });
      if (!target) return undefined;
    }
    const format = exportFormatOf(target.path);
    if (!format) {
      void vscode.window.showErrorMessage(`Linktrace: export to a .csv or .json file, not ${path.basename(target.path)}.`);
      return undefined;
    }
    try {
      const logs = await service.allLogs();
      await vscode.workspace.fs.writeFile(target, Buffer.from(formatLogs(logs, format), 'utf8'));
      void vscode.window.setStatusBarMessage(`Linktrace: exported ${logs.length} logs to ${path.basename(target.path)}`, 4000);
      return target;
    } catch (error) {
      reportFailure('exporting the logs', error);
      return undefined;
    }
  });
}
