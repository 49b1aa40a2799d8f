// Hover on a link's URL: its tracking type and label, where the type came from, and the URL.
// Short on purpose: editors show it on every mouse rest, and the HTML server's hover sits beside it.
import { MarkupKind, type Hover, type ServerCapabilities } from 'vscode-languageserver';
import type { Link } from '@linktrace/core';
import { guarded, type ServerContext } from './context';
import { displayUrl, linkAtOffset, TRACKING_SOURCE_NOTES, trackingTitle } from './linkDisplay';
import { toRange } from './ranges';

export function hoverCapabilities(): Partial<ServerCapabilities> {
  return { hoverProvider: true };
}

/** Markdown-safe inline code, whatever backticks the text holds. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence} ${text} ${fence}`;
}

export function hoverText(link: Link, markdown: boolean): string {
  const { tracking } = link;
  const source = TRACKING_SOURCE_NOTES[tracking.source] ?? tracking.source;
  const label = tracking.label && tracking.type !== 'tracked' ? ` · label ${tracking.label}` : '';
  if (!markdown) return `${trackingTitle(tracking)} (${source})${label}\n${displayUrl(link)}`;
  return `**${trackingTitle(tracking)}** — ${source}${label ? ` · label ${code(tracking.label!)}` : ''}\n\n${code(displayUrl(link))}`;
}

export function registerHovers(context: ServerContext): void {
  context.connection.onHover((params) =>
    guarded(context, 'hover', null as Hover | null, async () => {
      const document = context.documents.get(params.textDocument.uri);
      const analysis = document && (await context.analyses.current(document));
      if (!analysis) return null;
      const offset = analysis.snapshot.offsetAt(params.position);
      const link = linkAtOffset(analysis.template.links, offset);
      // Only over the URL itself: other attributes of the tag keep the HTML server's hovers alone.
      if (!link || offset < link.valueSpan.start || offset > link.valueSpan.end) return null;
      const markdown = context.client.textDocument?.hover?.contentFormat?.includes(MarkupKind.Markdown) ?? false;
      return {
        contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: hoverText(link, markdown) },
        range: toRange(analysis.snapshot, link.valueSpan),
      };
    }),
  );
}
