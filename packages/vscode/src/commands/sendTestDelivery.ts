// Send Test Delivery: asks first when the template has error-level findings, picks whose copy to
// open before anything is created (Esc cancels), prepares the delivery, writes every recipient's
// external addresses to the output channel, opens the chosen email and leaves a notification with
// Open / Copy Link / Open Tracking Panel, so the test email is always one click away.
import path from 'node:path';
import * as vscode from 'vscode';
import type { PrepareResult, Recipient, RecipientLinks } from '@linktrace/core';
import { DEFAULT_RECIPIENTS, writeLastDelivery } from '@linktrace/daemon';
import type { Ctx } from '../ctx';
import { externalUrl, openExternalUrl } from '../daemon/externalUrl';
import { loadWorkspaceRecipients, RECIPIENTS_FILE } from '../daemon/recipients';
import type { DaemonService } from '../daemon/service';

export interface SendTestDeliveryOptions {
  /** The template; default: the active editor's document. */
  uri?: vscode.Uri | string;
  /** Whose test email to open; default: asked when there are several. */
  recipientId?: string;
  /** Open the test email in the browser (default true). */
  open?: boolean;
  /** Ask before sending a template with error-level findings (default true). */
  confirmErrors?: boolean;
}

/** What the command returns: the delivery, and each recipient's addresses as the user's browser reaches them. */
export interface SentTestDelivery extends PrepareResult {
  external: Record<string, { emailUrl: string; mirrorUrl: string }>;
  /** The recipient whose email was (or would have been) opened. */
  recipientId?: string;
}

export const SEND_ANYWAY = 'Send Anyway';
export const SHOW_PROBLEMS = 'Show Problems';
export const OPEN_EMAIL = 'Open';
export const COPY_LINK = 'Copy Link';
export const OPEN_PANEL = 'Open Tracking Panel';

function asUri(value: vscode.Uri | string | undefined): vscode.Uri | undefined {
  if (value === undefined) return undefined;
  if (value instanceof vscode.Uri) return value;
  return /^[a-z][a-z0-9+.-]*:/i.test(value) && !path.isAbsolute(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
}

/** A command argument may be a Uri (from menus), an options object, or nothing (the palette). */
export function sendOptions(argument: unknown): SendTestDeliveryOptions {
  if (argument instanceof vscode.Uri || typeof argument === 'string') return { uri: argument };
  return typeof argument === 'object' && argument !== null ? (argument as SendTestDeliveryOptions) : {};
}

/** false: the user would rather fix the errors first. */
async function confirmErrors(ctx: Ctx, document: vscode.TextDocument): Promise<boolean> {
  const analysis = await ctx.server.templateLinks(document);
  const errors = analysis?.findings.filter((finding) => finding.severity === 'error').length ?? 0;
  if (errors === 0) return true;
  const name = path.basename(document.uri.path);
  const answer = await vscode.window.showWarningMessage(
    `${name} has ${errors} link error${errors === 1 ? '' : 's'}. Send the test delivery anyway?`,
    { modal: true, detail: 'Recipients would get the links as they are now.' },
    SEND_ANYWAY,
    SHOW_PROBLEMS,
  );
  if (answer === SHOW_PROBLEMS) void vscode.commands.executeCommand('workbench.actions.view.problems');
  return answer === SEND_ANYWAY;
}

/** Whose copy to open, asked before the delivery exists; undefined: cancelled. */
async function pickRecipient(recipients: readonly Pick<Recipient, 'id' | 'email'>[], name: string): Promise<string | undefined> {
  if (recipients.length <= 1) return recipients[0]?.id;
  const picked = await vscode.window.showQuickPick(
    recipients.map((recipient) => ({ label: recipient.email, description: recipient.id, id: recipient.id })),
    { title: `Send a test delivery of ${name}`, placeHolder: 'Whose copy to open (Esc cancels)' },
  );
  return picked?.id;
}

async function externalAddresses(recipients: RecipientLinks[]): Promise<SentTestDelivery['external']> {
  const entries = await Promise.all(
    recipients.map(async (recipient) => [recipient.id, { emailUrl: await externalUrl(recipient.emailUrl), mirrorUrl: await externalUrl(recipient.mirrorUrl) }] as const),
  );
  return Object.fromEntries(entries);
}

function offerEmail(sent: SentTestDelivery, recipient: RecipientLinks): void {
  const url = sent.external[recipient.id]!.emailUrl;
  void vscode.window
    .showInformationMessage(`Linktrace: test email of ${sent.delivery.name} for ${recipient.email} is ready.`, OPEN_EMAIL, COPY_LINK, OPEN_PANEL)
    .then(async (choice) => {
      if (choice === OPEN_EMAIL) await openExternalUrl(url);
      else if (choice === COPY_LINK) await vscode.env.clipboard.writeText(url);
      else if (choice === OPEN_PANEL) await vscode.commands.executeCommand('linktrace.openTrackingPanel');
    });
}

export async function sendTestDelivery(ctx: Ctx, service: DaemonService, argument: unknown): Promise<SentTestDelivery | undefined> {
  const options = sendOptions(argument);
  const uri = asUri(options.uri) ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showWarningMessage('Linktrace: open an email template to send a test delivery of it.');
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const name = path.basename(document.uri.path);
  if (options.confirmErrors !== false && !(await confirmErrors(ctx, document))) return undefined;
  const settings = ctx.settings(document.uri);
  const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
  const workspaceRecipients = await loadWorkspaceRecipients(folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined);
  let recipientId = options.recipientId;
  if (recipientId === undefined && options.open !== false) {
    recipientId = await pickRecipient(workspaceRecipients ?? DEFAULT_RECIPIENTS, name);
    if (recipientId === undefined) return undefined;
  }

  const result = await service.prepare({
    template: document.getText(),
    name,
    ...(document.uri.scheme === 'file' ? { sourcePath: document.uri.fsPath } : {}),
    dialect: settings.dialect,
    settings: { opens: settings.opens, clicks: settings.clicks },
    ...(workspaceRecipients ? { recipients: workspaceRecipients } : {}),
  });
  if (result.unresolved.length > 0) {
    const first = result.unresolved[0]!;
    void vscode.window.showWarningMessage(
      `Linktrace: ${result.unresolved.length} personalization expression(s) could not be resolved from the test recipients' data (first: ${first.text} on line ${first.line}). ` +
        `Add the fields to ${RECIPIENTS_FILE}.`,
    );
  }
  const recipients = result.delivery.recipients;
  // A daemon started elsewhere may have its own recipients: then the first one.
  const recipient = recipients.find((each) => each.id === recipientId) ?? recipients[0];
  if (recipientId !== undefined && options.recipientId !== undefined && recipient?.id !== recipientId) throw new Error(`no test recipient "${recipientId}" in this delivery`);
  void writeLastDelivery(service.dataDirectory(), result.delivery.id);
  const sent: SentTestDelivery = { ...result, external: await externalAddresses(recipients), ...(recipient ? { recipientId: recipient.id } : {}) };
  service.log(`[extension] test delivery ${result.delivery.name} (${result.delivery.id}):`);
  for (const each of recipients) service.log(`  ${each.email}: email ${sent.external[each.id]!.emailUrl} · mirror ${sent.external[each.id]!.mirrorUrl}`);
  if (recipient) {
    if (options.open !== false) await openExternalUrl(sent.external[recipient.id]!.emailUrl);
    offerEmail(sent, recipient);
  }
  return sent;
}
