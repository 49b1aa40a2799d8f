// Hover on a link's URL, kept short so a diagnostic's hover and its "Quick Fix" stay in view: the
// tracking type and label (and the clicks of the latest test delivery), the URL on one line, and
// what a tracked send does with it and why the link has its type (the redirect's address only when
// the client named its daemon: never invented). Only over the URL: other attributes of the tag keep
// the HTML server's hovers alone.
import { MarkupKind, type Hover, type ServerCapabilities } from 'vscode-languageserver';
import type { Link } from '@linktrace/core';
import { filePathOf } from './analysis';
import { formatClicks, type ClickCounts, type LinkClicks } from './clickCounts';
import type { ClientFeeds } from './clientFeeds';
import { clicksSoon } from './codeLens';
import { guarded, type ServerContext } from './context';
import { linkAtOffset, TRACKING_SOURCE_NOTES, trackingTitle } from './linkDisplay';
import { toRange } from './ranges';

/** Longest URL shown; the rest is in the editor right under the hover. */
export const MAX_HOVER_URL = 80;

export function hoverCapabilities(): Partial<ServerCapabilities> {
  return { hoverProvider: true };
}

/** Markdown-safe inline code, whatever backticks the text holds. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence} ${text} ${fence}`;
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', '#39': "'", '#x27': "'", '#38': '&' };

/** The URL as a browser reads it (`&amp;` is `&`), on one line, cut at MAX_HOVER_URL. */
function oneLine(url: string): string {
  const flat = url.trim().replace(/&(amp|quot|apos|lt|gt|#39|#x27|#38);/gi, (match, name: string) => ENTITIES[name.toLowerCase()] ?? match).replace(/\s+/g, ' ');
  return flat.length > MAX_HOVER_URL ? `${flat.slice(0, MAX_HOVER_URL - 1)}…` : flat;
}

function sentAs(link: Link, daemonUrl: string | undefined, inline: (text: string) => string): string {
  const at = (route: string) => (daemonUrl ? ` ${inline(`${daemonUrl}/${route}/…`)}` : '');
  switch (link.tracking.type) {
    case 'tracked':
      return `Sent through the daemon's redirect${at('c')}, which records the click.`;
    case 'opt-out':
      return `Sent as the opt-out page${at('u')}.`;
    case 'mirror-page':
      return `Sent as the mirror page${at('m')}.`;
    case 'never':
      return 'Left as written: no redirect, no click recorded.';
  }
}

export function hoverText(link: Link, markdown: boolean, daemonUrl?: string, clicks?: LinkClicks): string {
  const { tracking } = link;
  const inline = markdown ? code : (text: string) => text;
  const title = [markdown ? `**${trackingTitle(tracking)}**` : trackingTitle(tracking)];
  if (tracking.label && tracking.type !== 'tracked') title.push(`label ${inline(tracking.label)}`);
  if (clicks) title.push(formatClicks(clicks));
  const source = TRACKING_SOURCE_NOTES[tracking.source] ?? tracking.source;
  const lines = [title.join(' · '), inline(oneLine(link.raw)), `${sentAs(link, daemonUrl, inline)} Type: ${source}.`];
  return lines.join(markdown ? '\n\n' : '\n');
}

export function registerHovers(context: ServerContext, clickCounts?: ClickCounts, feeds?: ClientFeeds): void {
  context.connection.onHover((params) =>
    guarded(context, 'hover', null as Hover | null, async () => {
      const document = context.documents.get(params.textDocument.uri);
      const analysis = document && (await context.analyses.current(document));
      if (!analysis) return null;
      const offset = analysis.snapshot.offsetAt(params.position);
      const link = linkAtOffset(analysis.template.links, offset);
      if (!link || offset < link.valueSpan.start || offset > link.valueSpan.end) return null;
      const markdown = context.client.textDocument?.hover?.contentFormat?.includes(MarkupKind.Markdown) ?? false;
      const clicks = clickCounts && filePathOf(analysis.uri) ? (await clicksSoon(clickCounts, analysis.uri))?.get(link.id) : undefined;
      return {
        contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: hoverText(link, markdown, feeds?.daemonUrl, clicks) },
        range: toRange(analysis.snapshot, link.valueSpan),
      };
    }),
  );
}
