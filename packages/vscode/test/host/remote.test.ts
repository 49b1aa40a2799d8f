// The click-testing loop where VS Code runs in a browser (code-server, this suite's harness) or on
// a remote machine: Send Test Delivery gives the test email's address as the user's browser
// reaches it (vscode.env.asExternalUri, code-server's /proxy/PORT/), a real Chromium opens it
// through code-server's own proxy, follows a tracked link, and the click reaches the Tracking
// panel. Also: Esc on the recipient pick creates nothing; error-level findings are asked about.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TrackingLog } from '@linktrace/core';
import type { SentTestDelivery } from '../../src/commands/sendTestDelivery';
import type { DaemonStatus } from '../../src/daemon/service';
import type { TestEmailNode } from '../../src/linksView';
import type { ToPanelMessage } from '../../src/panel/messages';
import type { TrackingPanel } from '../../src/panel/trackingPanel';
import { activateExtension, screenshotWorkbench, templateLinks, waitFor } from './helpers';

/** The repository (the extension is loaded from packages/vscode, this bundle from its dist/test). */
const REPOSITORY = path.resolve(__dirname, '../../../..');
const ARTIFACTS = path.join(REPOSITORY, 'test-artifacts');
const CHROMIUM = process.env.LINKTRACE_CHROMIUM ?? '/usr/bin/chromium';

/** Where the email's links go: a loopback stand-in for the shop, remembering each request. */
async function startShop(): Promise<{ url: string; requests: string[]; close(): void }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Shop</title><h1 id="landed">Welcome to the shop</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, close: () => server.close() };
}

/** Replaces a `vscode.window` function for the duration of `action` (the dialogs a user would answer). */
async function answering<K extends keyof typeof vscode.window, T>(name: K, answer: (...args: unknown[]) => unknown, action: () => Thenable<T>): Promise<T> {
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = window[name];
  window[name] = answer;
  try {
    return await action();
  } finally {
    window[name] = original;
  }
}

describe('remote: the test email at the address the browser reaches', function () {
  this.timeout(90_000);
  let shop: Awaited<ReturnType<typeof startShop>>;
  let template: vscode.Uri;
  let broken: vscode.Uri;
  let status: DaemonStatus | undefined;
  let panel: TrackingPanel;
  const posted: ToPanelMessage[] = [];
  const rendered: number[] = [];

  before(async () => {
    await activateExtension();
    shop = await startShop();
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const dir = path.join(folder, 'remote-test');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'remote.html'),
      `<!DOCTYPE html>\n<html><body>\n<h1>Spring sale</h1>\n<p id="hello">Hello <%= recipient.firstName %></p>\n<p><a id="cta" href="${shop.url}/sale?utm=test" data-label="cta">Shop the sale</a></p>\n</body></html>\n`,
    );
    writeFileSync(path.join(dir, 'broken.html'), '<!DOCTYPE html>\n<html><body>\n<a href="javascript:alert(1)">x</a>\n<a href="http://exa mple.com/">y</a>\n</body></html>\n');
    template = vscode.Uri.file(path.join(dir, 'remote.html'));
    broken = vscode.Uri.file(path.join(dir, 'broken.html'));
    status = await vscode.commands.executeCommand<DaemonStatus | undefined>('linktrace.startDaemon');
    assert.equal(status?.state, 'connected');
    panel = await vscode.commands.executeCommand<TrackingPanel>('linktrace.openTrackingPanel');
    panel.onDidPost((message) => posted.push(message));
    panel.onDidRender(({ lastSeq }) => rendered.push(lastSeq));
  });

  after(async () => {
    shop?.close();
    await vscode.commands.executeCommand('linktrace.stopDaemon');
  });

  it('Esc on the recipient pick cancels without creating a delivery', async () => {
    const api = await activateExtension();
    const before = api.daemon.service.deliveries.length;
    let asked: string | undefined;
    const sent = await answering('showQuickPick', (_items, options) => {
      asked = (options as vscode.QuickPickOptions).placeHolder;
      return Promise.resolve(undefined);
    }, () => vscode.commands.executeCommand<SentTestDelivery | undefined>('linktrace.sendTestDelivery', { uri: template }));
    assert.equal(sent, undefined);
    assert.match(asked ?? '', /Whose copy/);
    assert.equal(api.daemon.service.deliveries.length, before, 'no delivery was created');
  });

  it('asks before sending a template with error-level findings, with their count; No sends nothing', async () => {
    const api = await activateExtension();
    const questions: string[] = [];
    const sent = await answering('showWarningMessage', (message) => {
      questions.push(String(message));
      return Promise.resolve(undefined);
    }, () => vscode.commands.executeCommand<SentTestDelivery | undefined>('linktrace.sendTestDelivery', { uri: broken, open: false }));
    assert.equal(sent, undefined);
    assert.equal(questions.length, 1, questions.join('\n'));
    const analysis = await templateLinks(api, await vscode.workspace.openTextDocument(broken));
    const errors = analysis.findings.filter((finding) => finding.severity === 'error').length;
    assert.ok(errors > 0, 'the fixture has error-level findings');
    assert.match(questions[0]!, new RegExp(`broken\\.html has ${errors} link errors?\\. Send the test delivery anyway\\?`));
    assert.ok(!api.daemon.service.deliveries.some((each) => each.name === 'broken.html'));
    const anyway = await answering('showWarningMessage', () => Promise.resolve('Send Anyway'), () =>
      vscode.commands.executeCommand<SentTestDelivery | undefined>('linktrace.sendTestDelivery', { uri: broken, open: false }),
    );
    assert.equal(anyway?.delivery.name, 'broken.html');
  });

  it('a click in the test email opened through code-server\'s proxy in Chromium reaches the panel', async () => {
    assert.ok(status?.url);
    const sent = await vscode.commands.executeCommand<SentTestDelivery | undefined>('linktrace.sendTestDelivery', { uri: template, open: false });
    assert.ok(sent?.recipientId);
    await waitFor('the panel to show the delivery just sent', () => posted.some((message) => message.type === 'focus' && message.deliveryId === sent.delivery.id));
    const loopback = sent.delivery.recipients.find((each) => each.id === sent.recipientId)!;
    const external = sent.external[sent.recipientId]!.emailUrl;
    const daemonPort = new URL(status.url).port;
    const base = (await vscode.env.asExternalUri(vscode.Uri.parse(`${status.url}/`))).toString(true);
    assert.equal(external, new URL(new URL(loopback.emailUrl).pathname.slice(1), base).href, 'the daemon\'s external origin, with the email\'s path');
    if (vscode.env.uiKind === vscode.UIKind.Web) {
      assert.match(external, new RegExp(`/proxy/${daemonPort}/e/${sent.delivery.id}/${sent.recipientId}$`), 'code-server maps the port to its proxy');
      assert.notEqual(new URL(external).port, daemonPort);
    }

    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set LINKTRACE_CHROMIUM).`);
    // Loaded at run time from the repository's node_modules: the test bundle leaves it external.
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    try {
      // A person's browser: headless Chromium's own user agent is flagged as machine traffic.
      const page = await browser.newPage({ viewport: { width: 800, height: 600 }, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36' });
      const seen: string[] = [];
      page.on('request', (request) => seen.push(request.url()));
      const answer = await page.goto(external);
      assert.equal(answer?.status(), 200);
      assert.equal(await page.textContent('h1'), 'Spring sale');
      const href = await page.$eval('#cta', (anchor) => (anchor as HTMLAnchorElement).href);
      assert.ok(href.startsWith(base), `the tracked link ${href} stays under ${base}`);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'remote-email-through-proxy.png') });

      const clickedAt = Date.now();
      await Promise.all([page.waitForURL(`${shop.url}/sale?utm=test`), page.click('#cta')]);
      assert.equal(await page.textContent('#landed'), 'Welcome to the shop');
      assert.ok(shop.requests.includes('/sale?utm=test'), shop.requests.join(' '));
      assert.ok(seen.every((url) => url.startsWith(base) || url.startsWith(shop.url)), `every request went through the external address: ${seen.join(' ')}`);

      const click = await waitFor('the click posted to the panel', () =>
        posted.flatMap((message) => (message.type === 'logs' ? message.logs : [])).find((log: TrackingLog) => log.type === 'click' && log.deliveryId === sent.delivery.id),
      );
      console.log(`    (click through code-server's proxy to the panel's message: ${Date.now() - clickedAt} ms)`);
      assert.equal(click.label, 'cta');
      assert.equal(click.machine, undefined, 'a person\'s click');
      assert.equal(click.recipientId, sent.recipientId);
      await waitFor('the webview to draw the click', () => rendered.some((seq) => seq >= click.seq), 20_000);
      await screenshotWorkbench('vscode-panel-click-through-proxy');
      assert.ok(
        posted.some((message) => message.type === 'logs' && message.logs.some((log) => log.type === 'open' && log.deliveryId === sent.delivery.id)),
        'the open pixel also came through the proxy',
      );

      if (vscode.env.uiKind === vscode.UIKind.Web) {
        // code-server's /absproxy/PORT/ keeps its prefix: the daemon answers under it too.
        const absolute = external.replace(`/proxy/${daemonPort}/`, `/absproxy/${daemonPort}/`);
        assert.equal((await page.goto(absolute))?.status(), 200);
        const absoluteHref = await page.$eval('#cta', (anchor) => (anchor as HTMLAnchorElement).href);
        assert.ok(absoluteHref.includes(`/absproxy/${daemonPort}/c/`), absoluteHref);
        await Promise.all([page.waitForURL(`${shop.url}/sale?utm=test`), page.click('#cta')]);
        await waitFor('the absproxy click in the panel', () =>
          posted.some((message) => message.type === 'logs' && message.logs.some((log) => log.type === 'click' && log.seq > click.seq && log.deliveryId === sent.delivery.id)),
        );
      }
    } finally {
      await browser.close();
    }
  });

  it('the panel\'s Copy Link puts the external address of the test email on the clipboard', async () => {
    const sent = await vscode.commands.executeCommand<SentTestDelivery | undefined>('linktrace.sendTestDelivery', { uri: template, open: false });
    assert.ok(sent?.recipientId);
    const other = sent.delivery.recipients.at(-1)!;
    await vscode.env.clipboard.writeText('');
    await panel.handleWebviewMessage({ type: 'testEmail', action: 'copy', deliveryId: sent.delivery.id, recipientId: other.id });
    assert.equal(await vscode.env.clipboard.readText(), sent.external[other.id]!.emailUrl);
  });

  it('the Links view offers the latest test email of the template, and marks links with findings', async () => {
    const api = await activateExtension();
    const sent = await vscode.commands.executeCommand<SentTestDelivery | undefined>('linktrace.sendTestDelivery', { uri: template, open: false });
    assert.ok(sent);
    await vscode.window.showTextDocument(template);
    const root = await waitFor('the test email node', async () => {
      const nodes = await api.linksTree.getChildren();
      return nodes.find((node): node is TestEmailNode => node.kind === 'test-email' && node.deliveryId === sent.delivery.id);
    });
    assert.deepEqual((await api.linksTree.getChildren())[0], root, 'first, above the link groups');
    const recipients = await api.linksTree.getChildren(root);
    assert.deepEqual(recipients.map((node) => api.linksTree.getTreeItem(node).label), sent.delivery.recipients.map((recipient) => recipient.email));
    const first = recipients[0] as TestEmailNode;
    const item = api.linksTree.getTreeItem(first);
    assert.equal(item.command?.command, 'linktrace.openTestEmail');
    assert.deepEqual(item.command?.arguments, [sent.delivery.id, first.recipient!.id]);
    // The inline Copy action gets the tree node.
    assert.equal(await vscode.commands.executeCommand('linktrace.copyTestEmailLink', first), sent.external[first.recipient!.id]!.emailUrl);

    await vscode.window.showTextDocument(broken);
    const marked = await waitFor('a link marked with its error', async () => {
      const groups = await api.linksTree.getChildren();
      const links = (await Promise.all(groups.map((group) => api.linksTree.getChildren(group)))).flat();
      return links.map((node) => api.linksTree.getTreeItem(node)).find((each) => (each.iconPath as vscode.ThemeIcon | undefined)?.id === 'error');
    });
    assert.match((marked.tooltip as vscode.MarkdownString).value, /\(url-/);
    await vscode.window.showTextDocument(template);
    await vscode.commands.executeCommand('linktrace.links.focus');
    await screenshotWorkbench('vscode-links-view-test-email');
  });

  it('the hot-clicks preview shows the recipient\'s data, not raw personalization', async () => {
    const sent = await vscode.commands.executeCommand<SentTestDelivery | undefined>('linktrace.sendTestDelivery', { uri: template, open: false });
    assert.ok(sent);
    posted.length = 0;
    await panel.handleWebviewMessage({ type: 'requestTemplate', deliveryId: sent.delivery.id });
    const message = posted.find((each): each is Extract<ToPanelMessage, { type: 'template' }> => each.type === 'template' && each.deliveryId === sent.delivery.id);
    assert.ok(message?.html, 'the template was posted');
    assert.ok(!message.html.includes('<%='), message.html);
    const email = await new Promise<string>((resolve, reject) =>
      http.get(sent.delivery.recipients[0]!.emailUrl, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve(body));
      }).on('error', reject),
    );
    const greeting = /<p id="hello">(Hello [^<]+)<\/p>/.exec(email)?.[1];
    assert.ok(greeting && !greeting.includes('<%'), `the daemon personalized the email: ${greeting}`);
    assert.ok(message.html.includes(`<p id="hello">${greeting}</p>`), `the preview greets like the first recipient's email: ${greeting}`);
  });

  it('the Tracking panel restored after a window reload draws every log again', async () => {
    const api = await activateExtension();
    // What VS Code hands the WebviewPanelSerializer on reload: a bare panel of our view type.
    const restored = vscode.window.createWebviewPanel('linktrace.tracking', 'Linktrace Tracking', vscode.ViewColumn.Beside, {});
    const drawn: number[] = [];
    const subscription = panel.onDidRender(({ lastSeq }) => drawn.push(lastSeq));
    try {
      assert.equal(panel.restore(restored), panel);
      const lastSeq = api.daemon.service.model.lastSeq;
      assert.ok(lastSeq > 0, 'there are logs to draw');
      await waitFor('the restored webview to draw every log', () => drawn.some((seq) => seq >= lastSeq), 20_000);
      assert.ok(restored.webview.options.enableScripts, 'the restored webview runs the panel script');
      assert.ok(panel.isOpen);
      await screenshotWorkbench('vscode-panel-restored');
    } finally {
      subscription.dispose();
    }
  });

  it('Send Test Delivery opens the external address, then offers Open / Copy Link / Open Tracking Panel', async () => {
    // The extension host lets tests replace env functions (it freezes vscode.env only outside tests).
    const env = vscode.env as unknown as Record<string, unknown>;
    const window = vscode.window as unknown as Record<string, unknown>;
    const originals = { openExternal: env.openExternal, showInformationMessage: window.showInformationMessage, showQuickPick: window.showQuickPick };
    const opened: string[] = [];
    let offered: { message: string; items: string[] } | undefined;
    env.openExternal = (uri: vscode.Uri) => {
      opened.push(uri.toString(true));
      return Promise.resolve(true);
    };
    window.showInformationMessage = (message: string, ...items: string[]) => {
      offered = { message, items };
      return Promise.resolve('Copy Link');
    };
    window.showQuickPick = (items: readonly { id: string }[]) => Promise.resolve(items.at(-1));
    try {
      await vscode.env.clipboard.writeText('');
      const sent = await vscode.commands.executeCommand<SentTestDelivery | undefined>('linktrace.sendTestDelivery', { uri: template });
      assert.ok(sent?.recipientId);
      assert.equal(sent.recipientId, sent.delivery.recipients.at(-1)!.id, 'the picked recipient');
      const external = sent.external[sent.recipientId]!.emailUrl;
      assert.deepEqual(opened, [external]);
      if (vscode.env.uiKind === vscode.UIKind.Web) assert.match(opened[0]!, /\/proxy\/\d+\/e\//, 'the path is kept behind code-server\'s proxy');
      assert.deepEqual(offered?.items, ['Open', 'Copy Link', 'Open Tracking Panel']);
      assert.match(offered!.message, /test email of remote\.html for \S+@\S+ is ready/);
      await waitFor('the link on the clipboard', async () => (await vscode.env.clipboard.readText()) === external);
    } finally {
      env.openExternal = originals.openExternal;
      window.showInformationMessage = originals.showInformationMessage;
      window.showQuickPick = originals.showQuickPick;
    }
  });

  it('Open URL on a link to a local server opens it through the forward, path kept', async () => {
    const file = path.join(path.dirname(template.fsPath), 'local.html');
    writeFileSync(file, '<!DOCTYPE html>\n<a href="http://localhost:4321/preview?step=2&amp;x=1">Preview</a>\n');
    const env = vscode.env as unknown as Record<string, unknown>;
    const original = env.openExternal;
    const opened: string[] = [];
    env.openExternal = (uri: vscode.Uri) => {
      opened.push(uri.toString(true));
      return Promise.resolve(true);
    };
    try {
      await vscode.commands.executeCommand('linktrace.openUrl', vscode.Uri.file(file), 'L1');
    } finally {
      env.openExternal = original;
    }
    const base = (await vscode.env.asExternalUri(vscode.Uri.parse('http://localhost:4321/'))).toString(true);
    assert.deepEqual(opened, [new URL('preview?step=2&x=1', base).href]);
    if (vscode.env.uiKind === vscode.UIKind.Web) assert.match(opened[0]!, /\/proxy\/4321\/preview\?step=2&x=1$/);
  });

  it('writes every recipient\'s external addresses to the output channel', async () => {
    const api = await activateExtension();
    // Left on screen for the picture: the real notification of a real send.
    await vscode.commands.executeCommand('linktrace.sendTestDelivery', { uri: template, open: false });
    api.daemon.service.output.show(true);
    await screenshotWorkbench('vscode-send-test-notification-and-output');
    const lines: string[] = [];
    const original = api.daemon.service.log.bind(api.daemon.service);
    api.daemon.service.log = (line: string) => {
      lines.push(line);
      original(line);
    };
    try {
      const sent = await vscode.commands.executeCommand<SentTestDelivery | undefined>('linktrace.sendTestDelivery', { uri: template, open: false });
      assert.ok(sent);
      for (const recipient of sent.delivery.recipients) {
        const line = lines.find((each) => each.includes(recipient.email));
        assert.ok(line, `a line for ${recipient.email}`);
        assert.ok(line.includes(sent.external[recipient.id]!.emailUrl) && line.includes(sent.external[recipient.id]!.mirrorUrl), line);
      }
    } finally {
      api.daemon.service.log = original;
    }
  });
});
