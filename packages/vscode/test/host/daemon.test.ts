// The daemon features through the real `vscode` API: Start Daemon spawns the bundled daemon, Send
// Test Delivery prepares a template of the workspace, a GET of a tracked URL produces a click log
// that reaches the Tracking panel's webview (the panel's own posted messages, and the webview's
// confirmation that it drew it), the Links view figures, an export, and Stop Daemon ends it.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { PrepareResult, TrackingLog } from '@linktrace/core';
import { DaemonService, type DaemonStatus } from '../../src/daemon/service';
import type { ToPanelMessage } from '../../src/panel/messages';
import type { TrackingPanel } from '../../src/panel/trackingPanel';
import { spawnDaemon } from '../../src/daemon/daemonProcess';
import { bundledCli, clickUrlsOf, get, isProcessAlive, tempDir } from './daemonSupport';
import { activateExtension, waitFor } from './helpers';

const TEMPLATE = `<!DOCTYPE html>
<html><body>
<p><a href="https://shop.example/sale" data-label="hero">Shop the sale</a></p>
<p><a href="https://shop.example/" data-label="footer">Visit the shop</a></p>
<p><a href="https://example.com/unsubscribe" data-tracking="opt-out">Unsubscribe</a></p>
</body></html>
`;

/** Runs `action` while recording the error messages the extension shows. */
async function withErrorMessages<T>(sink: string[], action: () => Thenable<T>): Promise<T> {
  const original = vscode.window.showErrorMessage;
  (vscode.window as { showErrorMessage: unknown }).showErrorMessage = (message: string) => {
    sink.push(message);
    return Promise.resolve(undefined);
  };
  try {
    return await action();
  } finally {
    (vscode.window as { showErrorMessage: unknown }).showErrorMessage = original;
  }
}

describe('daemon, test delivery and Tracking panel', function () {
  this.timeout(60_000);
  let status: DaemonStatus | undefined;
  let panel: TrackingPanel;
  let template: vscode.Uri;
  let delivery: PrepareResult | undefined;
  const posted: ToPanelMessage[] = [];
  const rendered: number[] = [];

  before(async () => {
    const api = await activateExtension();
    assert.ok(api);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test run opened a workspace folder');
    const dir = path.join(folder.uri.fsPath, 'daemon-test');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'welcome.html'), TEMPLATE);
    template = vscode.Uri.file(path.join(dir, 'welcome.html'));
  });

  after(async () => {
    await vscode.commands.executeCommand('linktrace.stopDaemon');
  });

  it('starts the bundled daemon and connects to it', async () => {
    status = await vscode.commands.executeCommand<DaemonStatus | undefined>('linktrace.startDaemon');
    assert.ok(status, 'Start Daemon reports the daemon it started');
    assert.equal(status.state, 'connected');
    assert.match(status.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(status.pid && isProcessAlive(status.pid), 'the daemon runs as its own process');
    assert.equal((await get(`${status.url}/healthz`)).status, 200);
  });

  it('opens the Tracking panel, whose webview loads and draws', async () => {
    panel = await vscode.commands.executeCommand<TrackingPanel>('linktrace.openTrackingPanel');
    assert.ok(panel?.isOpen, 'Open Tracking Panel returns the open panel');
    panel.onDidPost((message) => posted.push(message));
    panel.onDidRender(({ lastSeq }) => rendered.push(lastSeq));
    // The webview's script announces itself and gets the whole state; it then confirms a draw.
    await waitFor('the webview to draw', () => rendered.length > 0, 20_000);
  });

  it('refuses a malformed recipients file with a clear error, leaving the daemon up', async () => {
    const file = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'linktrace.recipients.json');
    writeFileSync(file, JSON.stringify([{ id: 'ana', email: 'not an address' }]));
    const errors: string[] = [];
    const failed = await withErrorMessages(errors, () => vscode.commands.executeCommand('linktrace.sendTestDelivery', { uri: template, open: false }));
    assert.equal(failed, undefined);
    assert.match(errors.join('\n'), /linktrace\.recipients\.json: recipients\[0\]\.email must be an email address/);
    assert.equal((await get(`${status!.url}/healthz`)).status, 200);
    writeFileSync(
      file,
      JSON.stringify([
        { id: 'ana', email: 'ana@example.com', fields: { firstName: 'Ana' } },
        { id: 'ben', email: 'ben@example.com', fields: { firstName: 'Ben' } },
      ]),
    );
  });

  it('sends a test delivery of the active template to the workspace recipients', async () => {
    await vscode.window.showTextDocument(template);
    delivery = await vscode.commands.executeCommand<PrepareResult | undefined>('linktrace.sendTestDelivery', { open: false });
    assert.ok(delivery, 'Send Test Delivery returns the prepared delivery');
    assert.equal(delivery.delivery.name, 'welcome.html');
    assert.equal(delivery.delivery.sourcePath, template.fsPath);
    assert.deepEqual(delivery.delivery.recipients.map((recipient) => recipient.email), ['ana@example.com', 'ben@example.com']);
    assert.deepEqual(
      delivery.delivery.links.map((link) => [link.sourceId, link.type, link.label ?? '']),
      [
        ['L1', 'tracked', 'hero'],
        ['L2', 'tracked', 'footer'],
        ['L3', 'opt-out', ''],
      ],
    );
    await waitFor('the delivery to reach the panel', () => posted.some((message) => message.type === 'delivery' && message.delivery.id === delivery!.delivery.id));
  });

  it('a click on a tracked URL reaches the panel through the webview message path', async () => {
    assert.ok(delivery && status?.url);
    const recipient = delivery.delivery.recipients[0]!;
    const clicks = await clickUrlsOf(recipient.emailUrl, status.url);
    assert.equal(clicks.length, 2, 'the two tracked links are rewritten');
    const answer = await get(clicks[0]!);
    assert.equal(answer.status, 302);
    assert.equal(answer.headers.location, 'https://shop.example/sale');

    const log = await waitFor('the click log posted to the webview', () =>
      posted.flatMap((message) => (message.type === 'logs' ? message.logs : [])).find((each: TrackingLog) => each.type === 'click'),
    );
    const hero = delivery.delivery.links[0]!;
    assert.equal(log.deliveryId, delivery.delivery.id);
    assert.equal(log.recipientId, recipient.id);
    assert.equal(log.linkId, hero.linkId);
    assert.equal(log.label, 'hero');
    await waitFor('the webview to draw the click', () => rendered.some((seq) => seq >= log.seq));

    const api = await activateExtension();
    // Figures of 0 are published as soon as the delivery exists; wait for the click's.
    const figures = await waitFor('the Links view figures', () => (api.ctx.linkStats.get(template, 'L1')?.total ? api.ctx.linkStats.get(template, 'L1') : undefined));
    assert.deepEqual(figures, { total: 1, unique: 1 });
    assert.equal(api.ctx.linkStats.get(template, 'L2')?.total, 0);
  });

  it('serves the hot-clicks template with its tracked links marked', async () => {
    assert.ok(delivery);
    const id = delivery.delivery.id;
    // The same request the webview makes when its hot-clicks tab opens.
    await panel.handleWebviewMessage({ type: 'requestTemplate', deliveryId: id });
    const message = posted.find((each): each is Extract<ToPanelMessage, { type: 'template' }> => each.type === 'template' && each.deliveryId === id);
    assert.ok(message?.html);
    const [hero, footer] = delivery.delivery.links;
    assert.ok(message.html.includes(`<a data-linktrace-link="${hero!.linkId}" href="https://shop.example/sale"`), message.html);
    assert.ok(message.html.includes(`<a data-linktrace-link="${footer!.linkId}" href="https://shop.example/"`));
    assert.ok(!message.html.includes('data-linktrace-link="' + delivery.delivery.links[2]!.linkId), 'opt-out links are not click-tracked');
  });

  it('a click on a row or link in the panel reveals its source line', async () => {
    assert.ok(delivery);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'another document' }), vscode.ViewColumn.One);
    const footer = delivery.delivery.links[1]!;
    await panel.handleWebviewMessage({ type: 'reveal', deliveryId: delivery.delivery.id, linkId: footer.linkId });
    const editor = await waitFor('the template in an editor', () => vscode.window.activeTextEditor);
    assert.equal(editor.document.uri.fsPath, template.fsPath);
    assert.equal(editor.selection.start.line, footer.line - 1);
    assert.match(editor.document.lineAt(editor.selection.start.line).text, /Visit the shop/);
  });

  it('exports the logs as JSON and CSV', async () => {
    const dir = tempDir('linktrace-export-');
    const json = await vscode.commands.executeCommand<vscode.Uri>('linktrace.exportLogs', vscode.Uri.file(path.join(dir, 'logs.json')));
    assert.ok(json);
    const logs = JSON.parse(readFileSync(json.fsPath, 'utf8')) as TrackingLog[];
    assert.deepEqual(logs.map((log) => [log.type, log.label]), [['click', 'hero']]);
    const csv = await vscode.commands.executeCommand<vscode.Uri>('linktrace.exportLogs', vscode.Uri.file(path.join(dir, 'logs.csv')));
    assert.ok(csv);
    const lines = readFileSync(csv.fsPath, 'utf8').trim().split('\r\n');
    assert.equal(lines[0], 'seq,at,type,deliveryId,recipientId,linkId,label,url,userAgent,machine');
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /,click,.*,hero,https:\/\/shop\.example\/sale,/);
  });

  it('clears the logs on the daemon and in the panel', async () => {
    assert.ok(panel.isOpen);
    posted.length = 0;
    const cleared = await vscode.commands.executeCommand<boolean>('linktrace.clearLogs', { confirm: false });
    assert.equal(cleared, true);
    await waitFor('an empty reset posted to the panel', () => posted.some((message) => message.type === 'reset' && message.logs.length === 0));
    const dir = tempDir('linktrace-export-');
    const json = await vscode.commands.executeCommand<vscode.Uri>('linktrace.exportLogs', vscode.Uri.file(path.join(dir, 'logs.json')));
    assert.deepEqual(JSON.parse(readFileSync(json.fsPath, 'utf8')), []);

    // Logs after the clear still arrive (the stream's cursor is not confused by the clear).
    const [, footerClick] = await clickUrlsOf(delivery!.delivery.recipients[1]!.emailUrl, status!.url!);
    assert.equal((await get(footerClick!)).status, 302);
    await waitFor('the new click in the panel', () =>
      posted.some((message) => message.type === 'logs' && message.logs.some((log) => log.label === 'footer' && log.recipientId === 'ben')),
    );
  });

  it('restarts a daemon that crashed on the same port and resumes the stream', async () => {
    assert.ok(status?.pid && status.url);
    const crashed = status.pid;
    posted.length = 0;
    process.kill(crashed, 'SIGKILL');
    const restarted = await waitFor('a new daemon, connected', () => {
      const now = panel.service.status;
      return now.state === 'connected' && now.pid && now.pid !== crashed ? now : undefined;
    }, 20_000);
    assert.equal(restarted.url, status.url, 'same port, so the client reconnects by itself');
    assert.ok(posted.some((message) => message.type === 'connection' && message.connection.state === 'disconnected'), 'the panel saw the outage');
    const [heroClick] = await clickUrlsOf(delivery!.delivery.recipients[0]!.emailUrl, status.url);
    assert.equal((await get(heroClick!)).status, 302);
    await waitFor('the click after the restart in the panel', () =>
      posted.some((message) => message.type === 'logs' && message.logs.some((log) => log.label === 'hero' && log.recipientId === 'ana')),
    );
    status = restarted;
  });

  it('Stop Daemon ends the daemon it started', async () => {
    assert.ok(status?.pid && status.url);
    const stopped = await vscode.commands.executeCommand<DaemonStatus>('linktrace.stopDaemon');
    assert.equal(stopped.state, 'stopped');
    await waitFor('the daemon process to exit', () => !isProcessAlive(status!.pid!));
    await assert.rejects(get(`${status.url}/healthz`));
    await waitFor('the panel to show the disconnection', () =>
      posted.some((message) => message.type === 'connection' && message.connection.state === 'disconnected'),
    );
  });

  it('disposing a daemon session (what deactivation does) stops the daemon it started', async () => {
    const api = await activateExtension();
    const session = new DaemonService(api.ctx);
    try {
      await session.start();
      const pid = session.status.pid;
      assert.ok(pid && isProcessAlive(pid), 'the session spawned its own daemon');
      session.dispose();
      await waitFor('the daemon process to exit', () => !isProcessAlive(pid));
    } finally {
      session.dispose();
    }
  });

  it('joins a daemon already running for the data directory, and leaves it running on Stop', async () => {
    const external = await spawnDaemon({ cliPath: bundledCli(), dataDir: panel.service.dataDirectory(), port: 0 });
    try {
      const joined = await vscode.commands.executeCommand<DaemonStatus | undefined>('linktrace.startDaemon');
      assert.equal(joined?.state, 'connected');
      assert.equal(joined.url, external.url);
      assert.equal(joined.pid, undefined, 'not a daemon this extension started');
      await vscode.commands.executeCommand('linktrace.stopDaemon');
      assert.ok(isProcessAlive(external.pid), 'a daemon started elsewhere keeps running');
      assert.equal((await get(`${external.url}/healthz`)).status, 200);
    } finally {
      await external.stop();
    }
  });
});
