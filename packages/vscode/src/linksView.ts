// The Links view: every link of the active template grouped by tracking type, with counts and,
// when the daemon reported them, each link's clicks. Follows the active editor. The links and
// their findings are the language server's (linktrace/templateLinks), asked for only while the
// view is shown (VS Code calls getChildren only then) and again when the template, its
// diagnostics, the settings or a config file change.
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, TRACKING_TYPES, type Severity, type TrackingType } from '@linktrace/core';
import type { TemplateFinding, TemplateLink } from '@linktrace/lsp/src/protocol';
import { formatClicks } from './clickWording';
import type { Ctx } from './ctx';
import { displayUrl, TRACKING_TYPE_TITLES } from './templateLinks';

const REFRESH_DELAY_MS = 200;
/** A link with findings shows the worst one's icon, as the Problems panel would. */
const SEVERITY_ICONS: Record<Severity, [string, string]> = {
  error: ['error', 'problemsErrorIcon.foreground'],
  warning: ['warning', 'problemsWarningIcon.foreground'],
  info: ['info', 'problemsInfoIcon.foreground'],
};
const GROUP_ICONS: Record<TrackingType | 'image', string> = {
  tracked: 'link',
  'opt-out': 'circle-slash',
  'mirror-page': 'browser',
  never: 'eye-closed',
  image: 'file-media',
};

export interface GroupNode {
  kind: 'group';
  /** A tracking type, or `image` for images (never tracked, listed apart so they do not swell `Never`). */
  group: TrackingType | 'image';
  title: string;
  links: LinkNode[];
}

export interface LinkNode {
  kind: 'link';
  uri: vscode.Uri;
  linkId: string;
  link: TemplateLink;
}

/** The latest test delivery of the template, and each recipient's test email under it. */
export interface TestEmailNode {
  kind: 'test-email';
  deliveryId: string;
  name: string;
  recipient?: { id: string; email: string };
  recipients: { id: string; email: string }[];
}

export type LinksNode = GroupNode | LinkNode | TestEmailNode;

export class LinksTreeProvider implements vscode.TreeDataProvider<LinksNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LinksNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private document: vscode.TextDocument | undefined;
  /** Findings of the shown template by link id, to mark the links that have problems. */
  private findings = new Map<string, TemplateFinding[]>();
  private readonly platformChanged = new vscode.EventEmitter<void>();
  /** Fires when the shown template's platform line changes. */
  readonly onDidChangePlatform = this.platformChanged.event;
  /** "Mailchimp (found *|UNSUB|* ...) · marketing": which platform the checks assumed, and why. */
  platformMessage: string | undefined;

  constructor(private readonly ctx: Ctx) {
    this.document = vscode.window.activeTextEditor?.document;
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focus moving to a panel or output leaves the last template shown.
        if (editor && editor.document.uri.scheme !== 'output') {
          this.document = editor.document;
          this.refresh();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === this.document && event.contentChanges.length) this.scheduleRefresh();
      }),
      // A settings or config file change re-lints on the server: its diagnostics change with it.
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (this.document && event.uris.some((uri) => uri.toString() === this.document!.uri.toString())) this.scheduleRefresh();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('linktrace')) this.scheduleRefresh();
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document === this.document) {
          this.document = undefined;
          this.refresh();
        }
      }),
      ctx.server.onDidStart(() => this.refresh()),
      ctx.linkStats.onDidChange((uri) => {
        if (!uri || uri.toString() === this.document?.uri.toString()) this.refresh();
      }),
      ctx.testDeliveries.onDidChange((uri) => {
        if (uri.toString() === this.document?.uri.toString()) this.refresh();
      }),
    ];
  }

  /** The template shown, if any. */
  get activeDocument(): vscode.TextDocument | undefined {
    return this.document;
  }

  refresh(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.changed.fire(undefined);
  }

  private scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  async getChildren(node?: LinksNode): Promise<LinksNode[]> {
    if (node?.kind === 'test-email') return node.recipient ? [] : node.recipients.map((recipient) => ({ ...node, recipient }));
    if (node) return node.kind === 'group' ? node.links : [];
    const document = this.document;
    const analysis = document && !document.isClosed ? await this.ctx.server.templateLinks(document).catch(() => undefined) : undefined;
    this.showPlatform(analysis?.platform);
    if (!document || !analysis) return [];
    this.findings = new Map();
    for (const finding of analysis.findings) {
      if (finding.linkId === undefined) continue;
      const ofLink = this.findings.get(finding.linkId);
      if (ofLink) ofLink.push(finding);
      else this.findings.set(finding.linkId, [finding]);
    }
    const sent = this.ctx.testDeliveries.get(document.uri);
    const testEmail: LinksNode[] = sent ? [{ kind: 'test-email', deliveryId: sent.deliveryId, name: sent.name, recipients: sent.recipients }] : [];
    const groups = new Map<GroupNode['group'], LinkNode[]>();
    for (const link of analysis.links) {
      const group = link.kind === 'image' ? 'image' : link.tracking.type;
      const nodes = groups.get(group) ?? [];
      nodes.push({ kind: 'link', uri: document.uri, linkId: link.id, link });
      groups.set(group, nodes);
    }
    return [
      ...testEmail,
      ...[...TRACKING_TYPES, 'image' as const]
        .filter((group) => groups.has(group))
        .map((group): GroupNode => ({ kind: 'group', group, title: group === 'image' ? 'Images' : TRACKING_TYPE_TITLES[group], links: groups.get(group)! })),
    ];
  }

  private showPlatform(message: string | undefined): void {
    if (message === this.platformMessage) return;
    this.platformMessage = message;
    this.platformChanged.fire();
  }

  getTreeItem(node: LinksNode): vscode.TreeItem {
    if (node.kind === 'test-email') return testEmailItem(node);
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.title, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.group}`;
      item.description = String(node.links.length);
      item.iconPath = new vscode.ThemeIcon(GROUP_ICONS[node.group]);
      item.contextValue = 'group';
      return item;
    }
    const { link } = node;
    const url = displayUrl(link);
    const name = link.tracking.label || link.text || link.alt || url;
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.uri.toString()}#${link.id}`;
    const clicks = this.ctx.linkStats.get(node.uri, link.id);
    const clickText = clicks ? `${formatClicks(clicks.total, clicks.unique)} · ` : '';
    item.description = `${clickText}${name === url ? '' : `${url} · `}line ${link.line}`;
    item.tooltip = new vscode.MarkdownString().appendCodeblock(url, 'text').appendMarkdown(
      `\n${TRACKING_TYPE_TITLES[link.tracking.type]}${link.tracking.label ? ` · label \`${link.tracking.label}\`` : ''} · line ${link.line}` +
        (clicks ? `\n\n${formatClicks(clicks.total, clicks.unique)} (latest test delivery)` : ''),
    );
    const problems = this.findings.get(link.id) ?? [];
    const worst = problems.find((finding) => finding.severity === 'error') ?? problems.find((finding) => finding.severity === 'warning') ?? problems[0];
    if (worst) {
      const [icon, color] = SEVERITY_ICONS[worst.severity];
      item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
      (item.tooltip as vscode.MarkdownString).appendMarkdown(`\n\n${problems.map((finding) => `- ${finding.message.replace(/[\\`*_[\]<>]/g, '\\$&')} (${finding.ruleId})`).join('\n')}`);
    }
    item.contextValue = link.typeable ? 'link' : link.kind;
    item.command = { command: 'linktrace.revealLink', title: 'Reveal Link', arguments: [node.uri, link.id] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
    this.platformChanged.dispose();
  }
}

function testEmailItem(node: TestEmailNode): vscode.TreeItem {
  if (!node.recipient) {
    const item = new vscode.TreeItem('Test email', vscode.TreeItemCollapsibleState.Expanded);
    item.id = `test-email:${node.deliveryId}`;
    item.description = `latest delivery of ${node.name}`;
    item.iconPath = new vscode.ThemeIcon('mail');
    item.contextValue = 'test-email';
    return item;
  }
  const item = new vscode.TreeItem(node.recipient.email, vscode.TreeItemCollapsibleState.None);
  item.id = `test-email:${node.deliveryId}:${node.recipient.id}`;
  item.description = 'open the test email';
  item.tooltip = `Open ${node.recipient.email}'s copy of the latest test delivery of ${node.name} in the browser`;
  item.iconPath = new vscode.ThemeIcon('link-external');
  item.contextValue = 'test-email-recipient';
  item.command = { command: 'linktrace.openTestEmail', title: 'Open Test Email', arguments: [node.deliveryId, node.recipient.id] };
  return item;
}

export function registerLinksView(ctx: Ctx): LinksTreeProvider {
  const provider = ctx.push(new LinksTreeProvider(ctx));
  const view = ctx.push(vscode.window.createTreeView('linktrace.links', { treeDataProvider: provider, showCollapseAll: true }));
  const describe = () => {
    view.description = provider.activeDocument ? vscode.workspace.asRelativePath(provider.activeDocument.uri) : undefined;
  };
  describe();
  ctx.push(provider.onDidChangeTreeData(describe));
  ctx.push(provider.onDidChangePlatform(() => (view.message = provider.platformMessage)));
  ctx.push(vscode.commands.registerCommand('linktrace.refreshLinks', () => provider.refresh()));
  // Where the checks' platform and options come from: a change there may change nothing else shown.
  const configWatcher = ctx.push(vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`));
  for (const event of [configWatcher.onDidCreate, configWatcher.onDidChange, configWatcher.onDidDelete]) ctx.push(event(() => provider.refresh()));
  return provider;
}
