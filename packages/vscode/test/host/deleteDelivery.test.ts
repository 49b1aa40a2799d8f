// "Linktrace: Delete Test Delivery" from the Links view's test email node, against the real
// daemon the extension starts (loopback, its own port): it asks first (Cancel keeps everything),
// then the daemon no longer has the delivery (DELETE /api/deliveries/:id), and the view and the
// panel's model forget it.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { DeliverySummary } from '@linktrace/core';
import { callDaemonApi, readDaemonInfo } from '@linktrace/daemon';
import type { SentTestDelivery } from '../../src/commands/sendTestDelivery';
import type { DaemonStatus } from '../../src/daemon/service';
import type { LinksNode, TestEmailNode } from '../../src/linksView';
import { activateExtension, waitFor } from './helpers';

/** Answers the extension's next warning dialogs with `answer`, recording their messages. */
async function answeringWarnings<T>(answer: string | undefined, asked: string[], action: () => Thenable<T>): Promise<T> {
  const window = vscode.window as unknown as { showWarningMessage: unknown };
  const original = window.showWarningMessage;
  window.showWarningMessage = (message: string) => {
    asked.push(message);
    return Promise.resolve(answer);
  };
  try {
    return await action();
  } finally {
    window.showWarningMessage = original;
  }
}

describe('Delete Test Delivery', function () {
  this.timeout(60_000);
  let template: vscode.Uri;

  before(async () => {
    await activateExtension();
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const dir = path.join(folder, 'delete-test');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'deleted.html'), '<!DOCTYPE html>\n<html><body>\n<a href="https://shop.example/sale" data-label="hero">Sale</a>\n<a href="https://example.com/unsubscribe" data-tracking="opt-out">Unsubscribe</a>\n</body></html>\n');
    template = vscode.Uri.file(path.join(dir, 'deleted.html'));
    const status = await vscode.commands.executeCommand<DaemonStatus | undefined>('linktrace.startDaemon');
    assert.equal(status?.state, 'connected');
  });

  after(async () => {
    await vscode.commands.executeCommand('linktrace.stopDaemon');
  });

  it('asks first, then deletes the delivery on the daemon and drops its test email from the Links view', async () => {
    const api = await activateExtension();
    const sent = await vscode.commands.executeCommand<SentTestDelivery | undefined>('linktrace.sendTestDelivery', { uri: template, open: false });
    assert.ok(sent);
    const endpoint = await readDaemonInfo(api.daemon.service.dataDirectory());
    const listed = async () => (await callDaemonApi<DeliverySummary[]>(endpoint, 'GET', '/api/deliveries')).map((delivery) => delivery.id);
    assert.ok((await listed()).includes(sent.delivery.id));

    await vscode.window.showTextDocument(template);
    const testEmailNode = async (): Promise<TestEmailNode | undefined> =>
      ((await api.linksTree.getChildren()) as LinksNode[]).find((node): node is TestEmailNode => node.kind === 'test-email' && node.deliveryId === sent.delivery.id);
    const node = await waitFor('the test email node', testEmailNode);

    const asked: string[] = [];
    assert.equal(await answeringWarnings(undefined, asked, () => vscode.commands.executeCommand('linktrace.deleteDelivery', node)), false, 'Cancel deletes nothing');
    assert.match(asked[0] ?? '', /^Delete the test delivery deleted\.html from the daemon\?/);
    assert.ok((await listed()).includes(sent.delivery.id));

    assert.equal(await answeringWarnings('Delete', asked, () => vscode.commands.executeCommand('linktrace.deleteDelivery', node)), true);
    assert.ok(!(await listed()).includes(sent.delivery.id), 'the daemon no longer has it');
    assert.equal(api.daemon.service.deliverySummary(sent.delivery.id), undefined);
    assert.ok(!api.daemon.service.model.deliveries.some((delivery) => delivery.id === sent.delivery.id), 'the panel forgot it');
    await waitFor('the test email node to go', async () => (await testEmailNode()) === undefined);

    // A delivery that is gone already: said, not thrown.
    const errors: string[] = [];
    const window = vscode.window as unknown as { showErrorMessage: unknown };
    const original = window.showErrorMessage;
    window.showErrorMessage = (message: string) => {
      errors.push(message);
      return Promise.resolve(undefined);
    };
    try {
      assert.equal(await answeringWarnings('Delete', asked, () => vscode.commands.executeCommand('linktrace.deleteDelivery', sent.delivery.id)), false);
    } finally {
      window.showErrorMessage = original;
    }
    assert.match(errors[0] ?? '', /deleting the test delivery failed: .*no delivery/);
  });

  it('is in the palette and on the test email node\'s context menu', () => {
    const manifest = vscode.extensions.getExtension('linktrace.linktrace-vscode')!.packageJSON as { contributes: { commands: { command: string }[]; menus: Record<string, { command: string; when?: string }[]> } };
    assert.ok(manifest.contributes.commands.some((command) => command.command === 'linktrace.deleteDelivery'));
    assert.ok(!manifest.contributes.menus.commandPalette.some((entry) => entry.command === 'linktrace.deleteDelivery' && entry.when === 'false'), 'not hidden from the palette');
    assert.ok(manifest.contributes.menus['view/item/context']!.some((entry) => entry.command === 'linktrace.deleteDelivery' && entry.when === 'view == linktrace.links && viewItem == test-email'));
  });
});
