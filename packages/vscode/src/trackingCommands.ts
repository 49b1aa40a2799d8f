// Commands on one link: set its tracking type (quick pick, then label), set its label, copy, open
// and reveal its URL. Each accepts (uri, linkId, ...) so CodeLens, code actions, the Links view and
// tests can name the link; without arguments they act on the link under the cursor.
import * as vscode from 'vscode';
import { TRACKING_TYPES, type Link, type TrackingType } from '@linktrace/core';
import type { Ctx } from './ctx';
import { externalUrl } from './daemon/externalUrl';
import type { Analysis } from './documents';
import { displayUrl, isTypeable, linkAtOffset, linkById, toRange, TRACKING_TYPE_DESCRIPTIONS, TRACKING_TYPE_TITLES } from './templateLinks';
import { trackingEdit, type TrackingChange } from './trackingEdits';

/** How a command names a link: a Links view node, or a document and a link id. */
export interface LinkRef {
  uri: vscode.Uri;
  linkId: string;
}

interface ResolvedLink {
  analysis: Analysis;
  link: Link;
}

function isLinkRef(value: unknown): value is LinkRef {
  return typeof value === 'object' && value !== null && (value as LinkRef).uri instanceof vscode.Uri && typeof (value as LinkRef).linkId === 'string';
}

function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value !== '') return /^[a-z][\w+.-]*:/i.test(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
  return undefined;
}

/** The link named by the command's first arguments, or the one under the cursor. Reports why none. */
async function resolveLink(ctx: Ctx, first: unknown, second: unknown): Promise<ResolvedLink | undefined> {
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
  const analysis = await ctx.documents.analyze(document);
  if (!analysis) {
    void vscode.window.showInformationMessage(`Linktrace: ${vscode.workspace.asRelativePath(document.uri)} is not linted as an email template.`);
    return undefined;
  }
  const link = linkId
    ? linkById(analysis, linkId)
    : editor && editor.document === document ? linkAtOffset(analysis, document.offsetAt(editor.selection.active)) : undefined;
  if (!link) {
    void vscode.window.showInformationMessage(linkId ? `Linktrace: link ${linkId} is no longer in the template.` : 'Linktrace: place the cursor on a link first.');
    return undefined;
  }
  return { analysis, link };
}

function isTrackingType(value: unknown): value is TrackingType {
  return typeof value === 'string' && (TRACKING_TYPES as readonly string[]).includes(value);
}

async function applyChange(resolved: ResolvedLink, change: TrackingChange): Promise<boolean> {
  const edit = trackingEdit(resolved.analysis, resolved.link.id, change);
  if (!edit) return true; // already as asked
  return vscode.workspace.applyEdit(edit);
}

async function pickType(link: Link): Promise<TrackingType | undefined> {
  const items = TRACKING_TYPES.map((type) => ({
    label: TRACKING_TYPE_TITLES[type],
    description: type === link.tracking.type ? '(current)' : undefined,
    detail: TRACKING_TYPE_DESCRIPTIONS[type],
    type,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Tracking type of ${displayUrl(link)}`,
    placeHolder: 'How the platform treats clicks on this link',
  });
  return picked?.type;
}

/** undefined: cancelled (label left as it is); '': remove the label. */
function askLabel(link: Link): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `Label of ${displayUrl(link)}`,
    prompt: 'Names the link in reports. Empty removes the label; Escape keeps it as it is.',
    value: link.tracking.label ?? '',
    validateInput: (value) => (/[\r\n]/.test(value) ? 'A label is one line' : undefined),
  });
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

export function registerTrackingCommands(ctx: Ctx): void {
  const register = (id: string, handler: (...args: unknown[]) => unknown) => ctx.push(vscode.commands.registerCommand(id, handler));

  register('linktrace.setTrackingType', async (first?: unknown, linkId?: unknown, typeArgument?: unknown, labelArgument?: unknown) => {
    const resolved = await resolveLink(ctx, first, linkId);
    if (!resolved) return false;
    if (!isTypeable(resolved.link)) {
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
    const label = typeArgument !== undefined ? (labelArgument as string | null | undefined) : await askLabel(resolved.link);
    return applyChange(resolved, { type, label: typeof label === 'string' || label === null ? label : undefined });
  });

  register('linktrace.setLabel', async (first?: unknown, linkId?: unknown, labelArgument?: unknown) => {
    const resolved = await resolveLink(ctx, first, linkId);
    if (!resolved || !isTypeable(resolved.link)) return false;
    const label = typeof labelArgument === 'string' || labelArgument === null ? labelArgument : await askLabel(resolved.link);
    if (label === undefined) return false;
    return applyChange(resolved, { label });
  });

  register('linktrace.copyUrl', async (first?: unknown, linkId?: unknown) => {
    const resolved = await resolveLink(ctx, first, linkId);
    if (resolved) await vscode.env.clipboard.writeText(resolved.link.raw.trim());
  });

  register('linktrace.openUrl', async (first?: unknown, linkId?: unknown) => {
    const resolved = await resolveLink(ctx, first, linkId);
    if (!resolved) return;
    const { link } = resolved;
    if (link.segments.length > 0 || !/^(https?|mailto|tel):/i.test(link.raw.trim())) {
      void vscode.window.showWarningMessage(`Linktrace: ${displayUrl(link)} is not a complete URL (personalization or no http(s) scheme); it cannot be opened as is.`);
      return;
    }
    // The attribute value is HTML: `&amp;` in the source is `&` in the URL a browser would open.
    // A link to a server on the (possibly remote) machine, e.g. http://localhost:3000/, opens through its forward.
    const url = decodeBasicEntities(link.raw.trim());
    await vscode.env.openExternal(vscode.Uri.parse(isLoopbackUrl(url) ? await externalUrl(url) : url, true));
  });

  register('linktrace.revealLink', async (first?: unknown, linkId?: unknown) => {
    const resolved = await resolveLink(ctx, first, linkId);
    if (!resolved) return;
    const { document } = resolved.analysis;
    const range = toRange(document, resolved.link.valueSpan);
    const editor = await vscode.window.showTextDocument(document, { selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  });
}
