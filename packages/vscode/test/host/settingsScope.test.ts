// linktrace.daemon.url decides where the extension sends the daemon's token: a workspace (a
// cloned repository) must not be able to choose it, so it is a machine-scoped setting.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readSettings } from '../../src/config';

describe('linktrace.daemon.url scope', () => {
  it('cannot be set by a workspace: VS Code refuses the write and the extension keeps the user value', async () => {
    const settings = vscode.workspace.getConfiguration('linktrace');
    await assert.rejects(async () => settings.update('daemon.url', 'http://attacker.example:8080', vscode.ConfigurationTarget.Workspace), /user settings|machine/i);
    assert.equal(vscode.workspace.getConfiguration('linktrace').inspect('daemon.url')?.workspaceValue, undefined);
    assert.equal(readSettings().daemonUrl, '');
  });
});
