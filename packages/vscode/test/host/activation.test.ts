import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from './helpers';

describe('activation', () => {
  it('activates on demand only and registers the editor commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const events: string[] = extension?.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `no eager activation: ${events.join(', ')}`);
    // This suite runs first, before any template was opened: nothing may have activated the extension yet.
    assert.equal(extension?.isActive, false, 'not active before a template is opened');

    const api = await activateExtension();
    assert.ok(api.ctx && api.linksTree && api.server, 'activate() returns the test API');
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['linktrace.setTrackingType', 'linktrace.setLabel', 'linktrace.copyUrl', 'linktrace.openUrl', 'linktrace.revealLink', 'linktrace.fixAll', 'linktrace.disableRuleForLine', 'linktrace.refreshLinks']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });
});
