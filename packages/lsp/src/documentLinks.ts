// Document links: each link's URL becomes clickable in the editor when it is a complete URL as
// written (a URL built from personalization has no target before the send), with its tracking
// type as the tooltip.
import type { DocumentLink, ServerCapabilities } from 'vscode-languageserver';
import { guarded, type ServerContext } from './context';
import { trackingTitle } from './linkDisplay';
import { toRange } from './ranges';

const OPENABLE = /^(https?:\/\/[^\s"'<>]+|mailto:[^\s"'<>]+|tel:[^\s"'<>]+)$/i;

export function documentLinkCapabilities(): Partial<ServerCapabilities> {
  return { documentLinkProvider: { resolveProvider: false } };
}

export function registerDocumentLinks(context: ServerContext): void {
  context.connection.onDocumentLinks((params) =>
    guarded(context, 'document links', [] as DocumentLink[], async () => {
      const document = context.documents.get(params.textDocument.uri);
      const analysis = document && (await context.analyses.current(document));
      if (!analysis) return [];
      const links: DocumentLink[] = [];
      for (const link of analysis.template.links) {
        const url = link.raw.trim();
        if (link.segments.length > 0 || !OPENABLE.test(url)) continue;
        links.push({ range: toRange(analysis.snapshot, link.valueSpan), target: url, tooltip: `${trackingTitle(link.tracking)}: ${url}` });
      }
      return links;
    }),
  );
}
