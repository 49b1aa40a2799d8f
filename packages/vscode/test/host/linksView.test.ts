import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LinktraceApi } from '../../src/extension';
import type { GroupNode, LinkNode } from '../../src/linksView';
import { activateExtension, linkIdOf, openFixture, rangeOf, revertAndClose, waitFor } from './helpers';

async function groups(api: LinktraceApi): Promise<GroupNode[]> {
  return (await api.linksTree.getChildren()) as GroupNode[];
}

function summary(nodes: GroupNode[]): string[] {
  return nodes.map((group) => `${group.title}: ${group.links.map((node) => node.link.raw).join(', ')}`);
}

describe('Links view', () => {
  let api: LinktraceApi;
  before(async () => {
    api = await activateExtension();
  });

  it('lists the active template\'s links grouped by tracking type, with counts', async () => {
    const editor = await openFixture('tracking.html');
    await waitFor('the view to follow the editor', () => api.linksTree.activeDocument === editor.document);
    const roots = await groups(api);
    assert.deepEqual(summary(roots), [
      'Tracked: https://shop.example/sale?utm_source=email&amp;id=<%= recipient.id %>#top, https://shop.example/new',
      'Opt-out: https://example.com/unsubscribe',
      'Mirror page: https://example.com/view',
      'Never: https://example.com/legal',
      'Images: https://cdn.example/logo.png',
    ]);
    const tracked = api.linksTree.getTreeItem(roots[0]!);
    assert.equal(tracked.description, '2');

    const [hero, plain] = roots[0]!.links;
    const heroItem = api.linksTree.getTreeItem(hero!);
    assert.equal(heroItem.label, 'hero');
    assert.equal(heroItem.contextValue, 'link');
    assert.equal(heroItem.command?.command, 'linktrace.revealLink');
    assert.equal(api.linksTree.getTreeItem(plain!).label, 'New arrivals');
    assert.equal(api.linksTree.getTreeItem(roots[4]!.links[0]!).contextValue, 'image');
    // The fixture's <%= %> tags are Adobe Campaign's: the view says which platform the checks assumed, and why.
    assert.match(api.linksTree.platformMessage ?? '', /^Checked for Adobe Campaign \(found <%= \(Campaign personalization tag\)/);
    await revertAndClose(editor);
  });

  it('regroups after a type change and shows clicks from ctx.linkStats', async () => {
    const editor = await openFixture('tracking.html');
    const { document } = editor;
    await waitFor('the view to follow the editor', () => api.linksTree.activeDocument === document);
    const linkId = await linkIdOf(api, document, 'https://shop.example/new');
    assert.equal(await vscode.commands.executeCommand('linktrace.setTrackingType', document.uri, linkId, 'never'), true);
    const roots = await groups(api);
    const never = roots.find((group) => group.group === 'never');
    assert.deepEqual(never?.links.map((node) => node.link.raw), ['https://shop.example/new', 'https://example.com/legal']);
    assert.equal(roots.find((group) => group.group === 'tracked')?.links.length, 1);

    api.ctx.linkStats.set(document.uri, new Map([[linkId, { total: 5, unique: 4 }]]));
    try {
      const node = (await groups(api)).find((group) => group.group === 'never')!.links[0] as LinkNode;
      assert.match(String(api.linksTree.getTreeItem(node).description), /^5 clicks · 4 unique · /);
    } finally {
      api.ctx.linkStats.clear();
    }
    await revertAndClose(editor);
  });

  it('selecting a link reveals it in the editor', async () => {
    const editor = await openFixture('tracking.html');
    const { document } = editor;
    const roots = await groups(api);
    const item = api.linksTree.getTreeItem(roots.find((group) => group.group === 'never')!.links[0]!);
    await vscode.commands.executeCommand(item.command!.command, ...item.command!.arguments!);
    const active = vscode.window.activeTextEditor;
    assert.equal(active?.document, document);
    assert.deepEqual(active!.selection, new vscode.Selection(rangeOf(document, 'https://example.com/legal').start, rangeOf(document, 'https://example.com/legal').end));
    await revertAndClose(editor);
  });

  it('context menu commands take the view\'s node: set type, set label, copy URL', async () => {
    const editor = await openFixture('tracking.html');
    const { document } = editor;
    await waitFor('the view to follow the editor', () => api.linksTree.activeDocument === document);
    const mirror = (await groups(api)).find((group) => group.group === 'mirror-page')!.links[0]!;
    assert.equal(await vscode.commands.executeCommand('linktrace.setTrackingType', mirror, undefined, 'tracked'), true);
    assert.ok(document.getText().includes('<a href="https://example.com/view" data-tracking="tracked">'), document.getText());
    assert.equal(await vscode.commands.executeCommand('linktrace.setLabel', mirror, undefined, 'view-online'), true);
    assert.match(document.getText(), /<a href="https:\/\/example\.com\/view" (data-label="view-online" data-tracking="tracked"|data-tracking="tracked" data-label="view-online")>/);

    const image = (await groups(api)).find((group) => group.group === 'image')!.links[0]!;
    await vscode.commands.executeCommand('linktrace.copyUrl', image);
    assert.equal(await vscode.env.clipboard.readText(), 'https://cdn.example/logo.png');
    await revertAndClose(editor);
  });
});
