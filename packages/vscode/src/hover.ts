// Hover on a link, kept short so the diagnostic hover and its "Quick Fix" stay in view: the
// tracking type and label, the latest test delivery's clicks, the URL on one line, and what a
// tracked send does with it (the redirect's address only once a daemon is connected; never invented).
import * as vscode from 'vscode';
import type { Link } from '@linktrace/core';
import { decodeUrlForDisplay, formatClicks } from './clickWording';
import type { Ctx } from './ctx';
import type { Analysis } from './documents';
import { linkAtOffset, toRange, trackingTitle } from './templateLinks';

/** Longest URL shown; the rest is in the editor right under the hover. */
export const MAX_HOVER_URL = 80;

/** Markdown-safe inline code, whatever backticks the text holds. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence} ${text.replace(/\s+/g, ' ')} ${fence}`;
}

function oneLine(url: string): string {
  const flat = decodeUrlForDisplay(url.trim()).replace(/\s+/g, ' ');
  return flat.length > MAX_HOVER_URL ? `${flat.slice(0, MAX_HOVER_URL - 1)}…` : flat;
}

export function linkHoverMarkdown(link: Link, daemonBase: string | undefined, clicks?: { total: number; unique: number }): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(undefined, true);
  const title = [`**${trackingTitle(link.tracking)}**`];
  if (link.tracking.label && link.tracking.type !== 'tracked') title.push(`label ${code(link.tracking.label)}`);
  if (clicks) title.push(formatClicks(clicks.total, clicks.unique));
  markdown.appendMarkdown(title.join(' · '));
  markdown.appendMarkdown(`\n\n${code(oneLine(link.raw))}`);
  const becomes = sentAs(link, daemonBase);
  if (becomes) markdown.appendMarkdown(`\n\n${becomes}`);
  return markdown;
}

function sentAs(link: Link, base: string | undefined): string | undefined {
  const at = (route: string) => (base ? ` ${code(`${base}/${route}/…`)}` : '');
  switch (link.tracking.type) {
    case 'tracked':
      return `Sent through the daemon's redirect${at('c')}, which records the click.`;
    case 'opt-out':
      return `Sent as the opt-out page${at('u')}.`;
    case 'mirror-page':
      return `Sent as the mirror page${at('m')}.`;
    case 'never':
      return undefined;
  }
}

export class LinkHovers implements vscode.HoverProvider {
  constructor(private readonly ctx: Ctx) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const analysis = await this.ctx.documents.analyze(document);
    if (!analysis || analysis.version !== document.version) return undefined;
    const link = hoveredLink(analysis, document.offsetAt(position));
    if (!link) return undefined;
    const base = (this.ctx.daemonBaseUrl ?? this.ctx.settings(document.uri).daemonUrl).replace(/\/+$/, '') || undefined;
    return new vscode.Hover(linkHoverMarkdown(link, base, this.ctx.linkStats.get(document.uri, link.id)), toRange(document, link.valueSpan));
  }
}

/** Only over the URL itself: hovering other attributes of the tag keeps the HTML hovers alone. */
function hoveredLink(analysis: Analysis, offset: number): Link | undefined {
  const link = linkAtOffset(analysis, offset);
  return link && link.valueSpan.start <= offset && offset <= link.valueSpan.end ? link : undefined;
}

export function registerHovers(ctx: Ctx): void {
  ctx.push(vscode.languages.registerHoverProvider(ctx.selector, new LinkHovers(ctx)));
}
