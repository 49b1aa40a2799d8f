import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

describe('activation', () => {
  it('activates and registers its commands', async () => {
    const api = await activateExtension();
    assert.ok(api, 'activate() returns the test API');
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['linktrace.setTrackingType', 'linktrace.startDaemon', 'linktrace.sendTestDelivery', 'linktrace.exportLogs']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });
});
