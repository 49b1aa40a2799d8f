// A CodeLens above each link with its tracking type (`Tracked · label`, `Opt-out`, `Mirror page`,
// `Never`) and, when the daemon reported them, its clicks; clicking it changes type and label.
import * as vscode from 'vscode';
import type { Link } from '@linktrace/core';
import { formatClicks } from './clickWording';
import type { Ctx } from './ctx';
import { displayUrl, isTypeable, trackingTitle } from './templateLinks';

const MAX_URL_HINT = 40;

export class TrackingCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly ctx: Ctx) {
    this.subscriptions = [
      ctx.linkStats.onDidChange(() => this.changed.fire()),
      ctx.documents.onDidInvalidate(() => this.changed.fire()),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const analysis = await this.ctx.documents.analyze(document);
    if (!analysis || analysis.version !== document.version) return [];
    const links = analysis.template.links.filter(isTypeable);
    const perLine = new Map<number, number>();
    for (const link of links) perLine.set(link.start.line, (perLine.get(link.start.line) ?? 0) + 1);
    return links.map((link) => {
      const position = document.positionAt(link.tagSpan.start);
      // Several links on one line: say which one each lens is about.
      const hint = (perLine.get(link.start.line) ?? 0) > 1 ? ` (${shorten(displayUrl(link))})` : '';
      return new vscode.CodeLens(new vscode.Range(position, position), {
        title: `${trackingTitle(link.tracking)}${this.clicks(document.uri, link)}${hint}`,
        tooltip: 'Change the tracking type and label of this link',
        command: 'linktrace.setTrackingType',
        arguments: [document.uri, link.id],
      });
    });
  }

  private clicks(uri: vscode.Uri, link: Link): string {
    const clicks = this.ctx.linkStats.get(uri, link.id);
    return clicks ? ` · ${formatClicks(clicks.total, clicks.unique)}` : '';
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}

function shorten(url: string): string {
  const bare = url.replace(/^https?:\/\//i, '');
  return bare.length > MAX_URL_HINT ? `${bare.slice(0, MAX_URL_HINT - 1)}…` : bare;
}

export function registerCodeLenses(ctx: Ctx): void {
  const provider = ctx.push(new TrackingCodeLenses(ctx));
  ctx.push(vscode.languages.registerCodeLensProvider(ctx.selector, provider));
}
