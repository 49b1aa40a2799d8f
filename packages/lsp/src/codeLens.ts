// A CodeLens above each link that can carry a tracking type: `Tracked · hero`, `Opt-out`,
// `Mirror page`, `Never` (with the URL when a line holds several links), and the link's clicks in
// the template's latest test delivery when the project's daemon runs. Running it asks for a new
// type (linktrace.setTrackingType). A client that resolves lenses (codeLens.resolveSupport with
// `command`, as VS Code's) gets them without their command and resolves only those it shows: a
// link-dense template has a thousand lenses, asked for again after every pause in typing.
import type { CodeLens, ServerCapabilities } from 'vscode-languageserver';
import type { Link } from '@linktrace/core';
import type { Analysis } from './analysis';
import { filePathOf } from './analysis';
import { clicksTitle, type ClickCounts, type ClicksByLink } from './clickCounts';
import { guarded, type ServerContext } from './context';
import { isTypeable, shortUrl, trackingTitle } from './linkDisplay';
import { SET_TRACKING_TYPE_COMMAND } from './trackingCommand';

export function codeLensCapabilities(): Partial<ServerCapabilities> {
  return { codeLensProvider: { resolveProvider: true } };
}

/** Carried by a lens sent without its command, to resolve it. */
interface LensData {
  uri: string;
  linkId: string;
}

/** Lenses never wait long for the daemon: without an answer by then they show no counts. */
const CLICKS_WAIT_MS = 300;

export function clicksSoon(clickCounts: ClickCounts, uri: string): Promise<ClicksByLink | undefined> {
  const filePath = filePathOf(uri);
  if (!filePath) return Promise.resolve(undefined);
  return Promise.race([clickCounts.forFile(filePath), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), CLICKS_WAIT_MS).unref())]);
}

function lensCommand(analysis: Analysis, link: Link, clicks: ClicksByLink | undefined, linksOnLine: number): CodeLens['command'] {
  const hint = linksOnLine > 1 ? ` (${shortUrl(link)})` : '';
  return { title: `${trackingTitle(link.tracking)}${clicksTitle(clicks?.get(link.id))}${hint}`, command: SET_TRACKING_TYPE_COMMAND, arguments: [analysis.uri, link.id] };
}

export function registerCodeLenses(context: ServerContext, clickCounts: ClickCounts): void {
  const lazy = () => context.client.textDocument?.codeLens?.resolveSupport?.properties.includes('command') ?? false;

  context.connection.onCodeLens((params) =>
    guarded(context, 'CodeLens', [] as CodeLens[], async () => {
      const document = context.documents.get(params.textDocument.uri);
      const analysis = document && (await context.analyses.current(document));
      if (!analysis) return [];
      const links = analysis.template.links.filter(isTypeable);
      const rangeOf = (link: Link) => {
        const position = analysis.snapshot.positionAt(link.tagSpan.start);
        return { start: position, end: position };
      };
      if (lazy()) return links.map((link) => ({ range: rangeOf(link), data: { uri: analysis.uri, linkId: link.id } satisfies LensData }));
      const clicks = await clicksSoon(clickCounts, analysis.uri);
      const perLine = new Map<number, number>();
      for (const link of links) perLine.set(link.start.line, (perLine.get(link.start.line) ?? 0) + 1);
      return links.map((link) => ({ range: rangeOf(link), command: lensCommand(analysis, link, clicks, perLine.get(link.start.line) ?? 0) }));
    }),
  );

  context.connection.onCodeLensResolve((lens) =>
    guarded(context, 'resolving a CodeLens', lens, async () => {
      const data = lens.data as Partial<LensData> | undefined;
      if (lens.command || typeof data?.uri !== 'string' || typeof data.linkId !== 'string') return lens;
      const document = context.documents.get(data.uri);
      const analysis = document && (await context.analyses.current(document));
      // Resolved against the document as it is now: a lens of an older version is asked for again anyway.
      const link = analysis?.template.links.find((candidate) => candidate.id === data.linkId);
      if (!analysis || !link || !isTypeable(link)) return lens;
      const linksOnLine = analysis.template.links.filter((candidate) => isTypeable(candidate) && candidate.start.line === link.start.line).length;
      return { ...lens, command: lensCommand(analysis, link, await clicksSoon(clickCounts, analysis.uri), linksOnLine) };
    }),
  );
}
