// A CodeLens above each link that can carry a tracking type: `Tracked · hero`, `Opt-out`,
// `Mirror page`, `Never` (with the URL when a line holds several links), and the link's clicks in
// the template's latest test delivery when the project's daemon runs. Running it asks for a new
// type (linktrace.setTrackingType).
import type { CodeLens, ServerCapabilities } from 'vscode-languageserver';
import { filePathOf } from './analysis';
import { clicksTitle, type ClickCounts, type ClicksByLink } from './clickCounts';
import { guarded, type ServerContext } from './context';
import { isTypeable, shortUrl, trackingTitle } from './linkDisplay';
import { SET_TRACKING_TYPE_COMMAND } from './trackingCommand';

export function codeLensCapabilities(): Partial<ServerCapabilities> {
  return { codeLensProvider: { resolveProvider: false } };
}

/** Lenses never wait long for the daemon: without an answer by then they show no counts. */
const CLICKS_WAIT_MS = 300;

export function clicksSoon(clickCounts: ClickCounts, uri: string): Promise<ClicksByLink | undefined> {
  const filePath = filePathOf(uri);
  if (!filePath) return Promise.resolve(undefined);
  return Promise.race([clickCounts.forFile(filePath), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), CLICKS_WAIT_MS).unref())]);
}

export function registerCodeLenses(context: ServerContext, clickCounts: ClickCounts): void {
  context.connection.onCodeLens((params) =>
    guarded(context, 'CodeLens', [] as CodeLens[], async () => {
      const document = context.documents.get(params.textDocument.uri);
      const analysis = document && (await context.analyses.current(document));
      if (!analysis) return [];
      const links = analysis.template.links.filter(isTypeable);
      const clicks = await clicksSoon(clickCounts, analysis.uri);
      const perLine = new Map<number, number>();
      for (const link of links) perLine.set(link.start.line, (perLine.get(link.start.line) ?? 0) + 1);
      return links.map((link) => {
        const position = analysis.snapshot.positionAt(link.tagSpan.start);
        const hint = (perLine.get(link.start.line) ?? 0) > 1 ? ` (${shortUrl(link)})` : '';
        return {
          range: { start: position, end: position },
          command: { title: `${trackingTitle(link.tracking)}${clicksTitle(clicks?.get(link.id))}${hint}`, command: SET_TRACKING_TYPE_COMMAND, arguments: [analysis.uri, link.id] },
        };
      });
    }),
  );
}
