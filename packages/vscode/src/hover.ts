// Hover on a link: its tracking type and label, the URL's parts, its personalization, and what the
// link becomes in a tracked send (the daemon's redirect, or left as written).
import * as vscode from 'vscode';
import { DEFAULT_DAEMON_PORT, type Link } from '@linktrace/core';
import type { Ctx } from './ctx';
import type { Analysis } from './documents';
import { linkAtOffset, toRange, trackingTitle, TRACKING_TYPE_DESCRIPTIONS } from './templateLinks';

const SOURCE_NOTES: Record<string, string> = {
  attribute: 'set by an attribute',
  alias: 'set by a platform attribute',
  'no-track-marker': 'a no-track marker',
  builtin: 'a platform built-in URL',
  default: 'the default for http(s) links',
  untrackable: 'not trackable',
};

/** Markdown-safe inline code, whatever backticks the text holds. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence} ${text.replace(/\s+/g, ' ')} ${fence}`;
}

export function linkHoverMarkdown(link: Link, daemonBase: string, clicks?: { total: number; unique: number }): vscode.MarkdownString {
  const { tracking, url } = link;
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.appendMarkdown(`**${trackingTitle(tracking)}** — ${SOURCE_NOTES[tracking.source] ?? tracking.source}`);
  if (tracking.label && tracking.type !== 'tracked') markdown.appendMarkdown(` · label ${code(tracking.label)}`);
  markdown.appendMarkdown(`\n\n${TRACKING_TYPE_DESCRIPTIONS[tracking.type]}.\n\n`);

  const parts: [string, string][] = [];
  if (url.scheme) parts.push(['scheme', url.scheme]);
  if (url.host) parts.push(['host', url.host]);
  if (url.path) parts.push(['path', url.path]);
  for (const param of url.params) parts.push([`?${param.name}`, param.value]);
  if (!url.params.length && url.query) parts.push(['query', url.query]);
  if (url.fragment) parts.push(['fragment', url.fragment]);
  if (parts.length) {
    markdown.appendMarkdown('| part | value |\n|---|---|\n');
    for (const [name, value] of parts) markdown.appendMarkdown(`| ${name} | ${code(value).replace(/\|/g, '\\|')} |\n`);
    markdown.appendMarkdown('\n');
  }

  if (link.segments.length) {
    markdown.appendMarkdown('**Personalization**\n\n');
    for (const segment of link.segments) {
      markdown.appendMarkdown(`- ${code(`${segment.open}${segment.expression ? ` ${segment.expression} ` : ''}${segment.close}`)} — ${segment.dialect} ${segment.kind}${segment.closed ? '' : ' (unclosed)'}\n`);
    }
    markdown.appendMarkdown('\n');
  }

  markdown.appendMarkdown(`**In a tracked send:** ${becomes(link, daemonBase)}`);
  if (clicks) markdown.appendMarkdown(`\n\n**Latest test delivery:** ${clicks.total} click${clicks.total === 1 ? '' : 's'}, ${clicks.unique} unique`);
  return markdown;
}

function becomes(link: Link, base: string): string {
  switch (link.tracking.type) {
    case 'tracked':
      return `${code(`${base}/c/‹delivery›/‹recipient›/‹link›`)}, which records the click and redirects to the URL with personalization filled in.`;
    case 'opt-out':
      return `${code(`${base}/u/‹delivery›/‹recipient›`)}, the opt-out page, which records the opt-out.`;
    case 'mirror-page':
      return `${code(`${base}/m/‹delivery›/‹recipient›`)}, the mirror page (the message as a web page).`;
    case 'never':
      return 'left as written (personalization filled in); clicks are not recorded.';
  }
}

export class LinkHovers implements vscode.HoverProvider {
  constructor(private readonly ctx: Ctx) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const analysis = await this.ctx.documents.analyze(document);
    if (!analysis || analysis.version !== document.version) return undefined;
    const link = hoveredLink(analysis, document.offsetAt(position));
    if (!link) return undefined;
    const base = (this.ctx.daemonBaseUrl ?? this.ctx.settings(document.uri).daemonUrl).replace(/\/+$/, '') || `http://127.0.0.1:${DEFAULT_DAEMON_PORT}`;
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
