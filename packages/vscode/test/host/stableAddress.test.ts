// Stable addresses: a restarted daemon comes back on its data directory's port (and says so when
// the port was taken), click figures in CodeLens and the Links view outlive a daemon stop, and a
// joined daemon that stops is replaced by one of this window's own on the same port.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import * as vscode from 'vscode';
import type { SentTestDelivery } from '../../src/commands/sendTestDelivery';
import { DaemonService, type DaemonStatus } from '../../src/daemon/service';
import { spawnDaemon } from '../../src/daemon/daemonProcess';
import { bundledCli, clickUrlsOf, get, isProcessAlive } from './daemonSupport';
import { activateExtension, screenshotWorkbench, waitFor } from './helpers';

const start = () => vscode.commands.executeCommand<DaemonStatus | undefined>('linktrace.startDaemon');
const stop = () => vscode.commands.executeCommand<DaemonStatus>('linktrace.stopDaemon');

describe('stable addresses', function () {
  this.timeout(60_000);
  let template: vscode.Uri;

  before(async () => {
    await activateExtension();
    const dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'stable-test');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'stable.html'), '<!DOCTYPE html>\n<html><body>\n<a href="https://shop.example/stable" data-label="stable">Stable</a>\n</body></html>\n');
    template = vscode.Uri.file(path.join(dir, 'stable.html'));
  });

  after(() => stop());

  it('a restarted daemon comes back on the same port', async () => {
    const first = await start();
    assert.equal(first?.state, 'connected');
    await stop();
    const second = await start();
    assert.equal(second?.url, first.url);
    await stop();
  });

  it('when another program took the port, the daemon takes a free one and says so', async () => {
    const first = await start();
    assert.ok(first?.url);
    await stop();
    const port = Number(new URL(first.url).port);
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', () => resolve()));
    const warnings: string[] = [];
    const window = vscode.window as unknown as Record<string, unknown>;
    const original = window.showWarningMessage;
    window.showWarningMessage = (message: string) => {
      warnings.push(message);
      return Promise.resolve(undefined);
    };
    try {
      const moved = await start();
      assert.equal(moved?.state, 'connected');
      assert.notEqual(moved.url, first.url);
      const newPort = new URL(moved.url!).port;
      assert.ok(warnings.some((warning) => warning.includes(`port ${port} is in use`) && warning.includes(`port ${newPort}`)), warnings.join('\n'));
    } finally {
      window.showWarningMessage = original;
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
      await stop();
    }
  });

  it('click figures in CodeLens and the Links view survive a daemon stop', async () => {
    const api = await activateExtension();
    const status = await start();
    assert.ok(status?.url);
    const sent = await vscode.commands.executeCommand<SentTestDelivery | undefined>('linktrace.sendTestDelivery', { uri: template, open: false, recipientId: undefined });
    assert.ok(sent);
    const [click] = await clickUrlsOf(sent.delivery.recipients[0]!.emailUrl, status.url);
    assert.equal((await get(click!)).status, 302);
    const lensTitle = async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', template, 100); // resolved, as the workbench resolves the lenses it shows
      return lenses.map((lens) => lens.command?.title ?? '').find((title) => title.startsWith('Tracked · stable'));
    };
    await waitFor('the click in CodeLens', async () => (await lensTitle()) === 'Tracked · stable · 1 click · 1 unique');
    await stop();
    assert.deepEqual(api.ctx.linkStats.get(template, 'L1'), { total: 1, unique: 1 });
    assert.equal(await lensTitle(), 'Tracked · stable · 1 click · 1 unique');
    await vscode.window.showTextDocument(template);
    await vscode.commands.executeCommand('linktrace.links.focus');
    await screenshotWorkbench('vscode-counts-after-daemon-stop');
  });

  it('a window without a daemon reads the figures from the store', async () => {
    const api = await activateExtension();
    assert.equal(api.daemon.service.status.state, 'stopped');
    api.ctx.linkStats.clear();
    // A fresh session, as after a window reload: nothing in memory, no daemon running.
    const session = new DaemonService(api.ctx);
    try {
      assert.equal(await session.loadFromStore(), true);
      assert.deepEqual(api.ctx.linkStats.get(template, 'L1'), { total: 1, unique: 1 });
      assert.ok(session.model.logs.some((log) => log.type === 'click' && log.label === 'stable'), 'the stored logs, for the panel');
      assert.equal(session.status.state, 'stopped', 'reading the store started nothing');
    } finally {
      session.dispose();
    }
  });

  it('a joined daemon that stops is replaced by this window\'s own, on the same port', async () => {
    const api = await activateExtension();
    const external = await spawnDaemon({ cliPath: bundledCli(), dataDir: api.daemon.service.dataDirectory(), port: 0 });
    try {
      const joined = await start();
      assert.equal(joined?.url, external.url);
      assert.equal(joined.pid, undefined, 'joined, not started');
      await external.stop();
      const own = await waitFor('this window\'s own daemon', () => {
        const now = api.daemon.service.status;
        return now.state === 'connected' && now.pid ? now : undefined;
      }, 20_000);
      assert.equal(own.url, external.url, 'same address, so emails opened before keep working');
      assert.ok(isProcessAlive(own.pid!));
      assert.equal((await get(`${own.url}/healthz`)).status, 200);
    } finally {
      await external.stop();
      await stop();
    }
  });
});
