// Commands on one link: set its tracking type (quick pick, then label), set its label, copy, open
// and reveal its URL. Each accepts (uri, linkId, ...) or a Links view node, so CodeLens, code
// actions, the Links view and tests can name the link; without arguments they act on the link
// under the cursor. The link is the language server's (linktrace/linkAt), and so is every edit
// (its linktrace.setTrackingType / linktrace.setLabel, applied as one undoable workspace/applyEdit):
// the extension adds only VS Code's pickers.
import * as vscode from 'vscode';
import { TRACKING_TYPES, type TrackingType } from '@linktrace/core';
import type { TemplateLink } from '@linktrace/lsp/src/protocol';
import type { Ctx } from '../ctx';
import { externalUrl } from '../daemon/externalUrl';
import { displayUrl, TRACKING_TYPE_DESCRIPTIONS, TRACKING_TYPE_TITLES } from '../templateLinks';

/** How a command names a link: a Links view node, or a document and a link id. */
export interface LinkRef {
  uri: vscode.Uri;
  linkId: string;
}

interface ResolvedLink {
  document: vscode.TextDocument;
  link: TemplateLink;
}

function isLinkRef(value: unknown): value is LinkRef {
  return typeof value === 'object' && value !== null && (value as LinkRef).uri instanceof vscode.Uri && typeof (value as LinkRef).linkId === 'string';
}

export function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value !== '') return /^[a-z][\w+.-]*:/i.test(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
  return undefined;
}

/** The link named by the command's first arguments, or the one under the cursor. Reports why none. */
export async function resolveLink(ctx: Ctx, first: unknown, second: unknown): Promise<ResolvedLink | undefined> {
  let uri: vscode.Uri | undefined;
  let linkId: string | undefined;
  if (isLinkRef(first)) ({ uri, linkId } = first);
  else if (first !== undefined) {
    uri = toUri(first);
    linkId = typeof second === 'string' ? second : undefined;
    if (!uri || !linkId) {
      void vscode.window.showErrorMessage('Linktrace: expected a document URI and a link id (e.g. "L1").');
      return undefined;
    }
  }
  const editor = vscode.window.activeTextEditor;
  const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Linktrace: open an email template first.');
    return undefined;
  }
  const atCursor = !linkId && editor?.document === document ? editor.selection.active : undefined;
  const found = linkId ? await ctx.server.linkAt(document, { linkId }) : atCursor ? await ctx.server.linkAt(document, { position: atCursor }) : undefined;
  if (!found) {
    const templateLinks = linkId ? undefined : await ctx.server.templateLinks(document);
    void vscode.window.showInformationMessage(
      linkId ? `Linktrace: link ${linkId} is no longer in the template.`
      : templateLinks ? 'Linktrace: place the cursor on a link first.'
      : `Linktrace: ${vscode.workspace.asRelativePath(document.uri)} is not linted as an email template.`,
    );
    return undefined;
  }
  return { document, link: found.link };
}

function isTrackingType(value: unknown): value is TrackingType {
  return typeof value === 'string' && (TRACKING_TYPES as readonly string[]).includes(value);
}

async function pickType(link: TemplateLink): Promise<TrackingType | undefined> {
  const items = TRACKING_TYPES.map((type) => ({
    label: TRACKING_TYPE_TITLES[type],
    description: type === link.tracking.type ? '(current)' : undefined,
    detail: TRACKING_TYPE_DESCRIPTIONS[type],
    type,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: `Tracking type of ${displayUrl(link)}`, placeHolder: 'How the platform treats clicks on this link' });
  return picked?.type;
}

/** undefined: cancelled (label left as it is); '': remove the label. */
function askLabel(link: TemplateLink): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `Label of ${displayUrl(link)}`,
    prompt: 'Names the link in reports. Empty removes the label; Escape keeps it as it is.',
    value: link.tracking.label ?? '',
    validateInput: (value) => (/[\r\n]/.test(value) ? 'A label is one line' : undefined),
  });
}

/** Runs a server command that edits the template; says why when nothing was applied. */
async function runEdit(ctx: Ctx, command: string, args: unknown[]): Promise<boolean> {
  const result = await ctx.server.executeCommand(command, args);
  if (!result.applied && result.reason) void vscode.window.showInformationMessage(`Linktrace: ${result.reason}.`);
  return result.applied;
}

function isLoopbackUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'http:' || protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  } catch {
    return false;
  }
}

function decodeBasicEntities(value: string): string {
  return value.replace(/&(amp|quot|#39|apos|lt|gt);/g, (_, name: string) => ({ amp: '&', quot: '"', '#39': "'", apos: "'", lt: '<', gt: '>' })[name]!);
}

async function setTrackingType(ctx: Ctx, first?: unknown, linkId?: unknown, typeArgument?: unknown, labelArgument?: unknown): Promise<boolean> {
  const resolved = await resolveLink(ctx, first, linkId);
  if (!resolved) return false;
  if (!resolved.link.typeable) {
    void vscode.window.showInformationMessage('Linktrace: only links with an href (not images or bare URLs in text) take a tracking type.');
    return false;
  }
  if (typeArgument !== undefined && !isTrackingType(typeArgument)) {
    void vscode.window.showErrorMessage(`Linktrace: tracking type must be one of ${TRACKING_TYPES.join(', ')}.`);
    return false;
  }
  const type = typeArgument ?? (await pickType(resolved.link));
  if (!type) return false;
  // Called with a type (tests, other extensions): the label is whatever was passed, never asked.
  const label = typeArgument !== undefined ? labelArgument : await askLabel(resolved.link);
  // No label argument at all keeps the label (JSON would turn an undefined into null: "remove").
  const args: unknown[] = [resolved.document.uri.toString(), resolved.link.id, type];
  if (typeof label === 'string' || label === null) args.push(label);
  return runEdit(ctx, 'linktrace.setTrackingType', args);
}

async function setLabel(ctx: Ctx, first?: unknown, linkId?: unknown, labelArgument?: unknown): Promise<boolean> {
  const resolved = await resolveLink(ctx, first, linkId);
  if (!resolved || !resolved.link.typeable) return false;
  const label = typeof labelArgument === 'string' || labelArgument === null ? labelArgument : await askLabel(resolved.link);
  if (label === undefined) return false;
  return runEdit(ctx, 'linktrace.setLabel', [resolved.document.uri.toString(), resolved.link.id, label]);
}

async function copyUrl(ctx: Ctx, first?: unknown, linkId?: unknown): Promise<void> {
  const resolved = await resolveLink(ctx, first, linkId);
  if (resolved) await vscode.env.clipboard.writeText(resolved.link.raw.trim());
}

async function openUrl(ctx: Ctx, first?: unknown, linkId?: unknown): Promise<void> {
  const resolved = await resolveLink(ctx, first, linkId);
  if (!resolved) return;
  const { link } = resolved;
  if (link.personalized || !/^(https?|mailto|tel):/i.test(link.raw.trim())) {
    void vscode.window.showWarningMessage(`Linktrace: ${displayUrl(link)} is not a complete URL (personalization or no http(s) scheme); it cannot be opened as is.`);
    return;
  }
  // The attribute value is HTML: `&amp;` in the source is `&` in the URL a browser would open.
  // A link to a server on the (possibly remote) machine, e.g. http://localhost:3000/, opens through its forward.
  const url = decodeBasicEntities(link.raw.trim());
  await vscode.env.openExternal(vscode.Uri.parse(isLoopbackUrl(url) ? await externalUrl(url) : url, true));
}

async function revealLink(ctx: Ctx, first?: unknown, linkId?: unknown): Promise<void> {
  const resolved = await resolveLink(ctx, first, linkId);
  if (!resolved) return;
  const range = ctx.server.client.protocol2CodeConverter.asRange(resolved.link.range);
  const editor = await vscode.window.showTextDocument(resolved.document, { selection: range, preserveFocus: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export function registerLinkCommands(ctx: Ctx): void {
  const register = (id: string, handler: (ctx: Ctx, ...args: unknown[]) => unknown) =>
    ctx.push(vscode.commands.registerCommand(id, (...args: unknown[]) => handler(ctx, ...args)));
  register('linktrace.setTrackingType', setTrackingType);
  register('linktrace.setLabel', setLabel);
  register('linktrace.copyUrl', copyUrl);
  register('linktrace.openUrl', openUrl);
  register('linktrace.revealLink', revealLink);
}
