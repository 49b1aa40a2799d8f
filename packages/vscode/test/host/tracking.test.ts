import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LinktraceApi } from '../../src/extension';
import { activateExtension, linkIdOf, openFixture, rangeOf, revertAndClose, templateLinks } from './helpers';

const HERO = 'https://shop.example/sale?utm_source=email&amp;id=<%= recipient.id %>#top';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}

describe('tracking types inline', () => {
  let api: LinktraceApi;
  before(async () => {
    api = await activateExtension();
  });

  it('setTrackingType writes the attributes and one undo restores the link', async () => {
    const editor = await openFixture('tracking.html');
    const { document } = editor;
    const original = document.getText();
    const linkId = await linkIdOf(api, document, 'https://shop.example/new');

    assert.equal(await vscode.commands.executeCommand('linktrace.setTrackingType', document.uri, linkId, 'opt-out', 'leave'), true);
    assert.ok(document.getText().includes('<a href="https://shop.example/new" data-tracking="opt-out" data-label="leave">'), document.getText());
    const link = (await templateLinks(api, document)).links.find((candidate) => candidate.raw === 'https://shop.example/new');
    assert.deepEqual([link!.tracking.type, link!.tracking.label], ['opt-out', 'leave']);

    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), original, 'a single undo restores the template');
    await revertAndClose(editor);
  });

  it('setTrackingType replaces an existing type and keeps the label unless given one', async () => {
    const editor = await openFixture('tracking.html');
    const { document } = editor;
    const linkId = await linkIdOf(api, document, 'https://example.com/legal');
    assert.equal(await vscode.commands.executeCommand('linktrace.setTrackingType', document.uri.toString(), linkId, 'tracked'), true);
    assert.ok(document.getText().includes('<a href="https://example.com/legal" data-tracking="tracked">'), document.getText());

    const heroId = await linkIdOf(api, document, HERO);
    assert.equal(await vscode.commands.executeCommand('linktrace.setLabel', document.uri, heroId, 'banner'), true);
    assert.ok(document.getText().includes('data-label="banner">Shop the sale'));
    await revertAndClose(editor);
  });

  it('rejects a tracking type it does not know, leaving the template alone', async () => {
    const editor = await openFixture('tracking.html');
    const { document } = editor;
    const linkId = await linkIdOf(api, document, 'https://shop.example/new');
    assert.equal(await vscode.commands.executeCommand('linktrace.setTrackingType', document.uri, linkId, 'sometimes'), false);
    assert.equal(document.isDirty, false);
    await revertAndClose(editor);
  });

  it('CodeLens shows each link\'s type and label and runs setTrackingType', async () => {
    const editor = await openFixture('tracking.html');
    const { document } = editor;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
    const titles = lenses.map((lens) => lens.command?.title);
    assert.deepEqual(titles, ['Mirror page', 'Tracked · hero', 'Tracked', 'Never', 'Opt-out'], 'one lens per link, none for the image');
    const hero = lenses[1]!;
    assert.equal(hero.range.start.line, rangeOf(document, HERO).start.line);
    assert.equal(hero.command!.command, 'linktrace.setTrackingType');
    assert.equal(hero.command!.arguments![0].toString(), document.uri.toString());
    assert.equal(hero.command!.arguments![1], await linkIdOf(api, document, HERO));
    await revertAndClose(editor);
  });

  it('running a CodeLens asks the type with a quick pick and the label with an input box, then the server writes both', async () => {
    const editor = await openFixture('tracking.html');
    const { document } = editor;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
    const lens = lenses.find((candidate) => candidate.command?.title === 'Tracked' && candidate.range.start.line === rangeOf(document, 'https://shop.example/new').start.line);
    assert.ok(lens?.command, JSON.stringify(lenses.map((candidate) => candidate.command?.title)));
    const window = vscode.window as unknown as Record<string, unknown>;
    const [quickPick, inputBox] = [window.showQuickPick, window.showInputBox];
    const offered: string[] = [];
    window.showQuickPick = (items: { label: string; type: string }[]) => {
      offered.push(...items.map((item) => item.label));
      return Promise.resolve(items.find((item) => item.type === 'never'));
    };
    window.showInputBox = () => Promise.resolve('arrivals');
    try {
      // As the workbench runs it: the lens's own command and arguments (the server's, a URI string and a link id).
      assert.equal(await vscode.commands.executeCommand(lens.command.command, ...lens.command.arguments!), true);
    } finally {
      Object.assign(window, { showQuickPick: quickPick, showInputBox: inputBox });
    }
    assert.deepEqual(offered, ['Tracked', 'Opt-out', 'Mirror page', 'Never']);
    assert.ok(document.getText().includes('<a href="https://shop.example/new" data-tracking="never" data-label="arrivals">'), document.getText());
    await revertAndClose(editor);
  });

  it('CodeLens shows the clicks the daemon reports through ctx.linkStats', async () => {
    const editor = await openFixture('tracking.html');
    const { document } = editor;
    const heroId = await linkIdOf(api, document, HERO);
    api.ctx.linkStats.set(document.uri, new Map([[heroId, { total: 3, unique: 2 }]]));
    try {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
      assert.ok(lenses.some((lens) => lens.command?.title === 'Tracked · hero · 3 clicks · 2 unique'), JSON.stringify(lenses.map((lens) => lens.command?.title)));
    } finally {
      api.ctx.linkStats.clear(document.uri);
    }
    await revertAndClose(editor);
  });

  it('hover is short: type, label, the URL on one line, and no invented redirect address', async () => {
    const editor = await openFixture('tracking.html');
    const { document } = editor;
    const position = rangeOf(document, 'shop.example/sale').start.translate(0, 3);
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
    assert.match(text, /^\*\*Tracked · hero\*\*\n\n` https:\/\/shop\.example\/sale\?utm_source=email/);
    assert.ok(text.split('\n').filter((line) => line.trim()).length <= 3, `at most three lines: ${text}`);
    assert.ok(!/127\.0\.0\.1|4178/.test(text), `no daemon address before one is connected: ${text}`);
    assert.match(text, /Sent through the daemon's redirect, which records the click\./);

    // With a daemon connected, the redirect is shown on its real address.
    api.ctx.daemonBaseUrl = 'http://127.0.0.1:45123';
    try {
      const connected = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
      assert.match(connected, /http:\/\/127\.0\.0\.1:45123\/c\/…/);
    } finally {
      api.ctx.daemonBaseUrl = undefined;
    }

    const outside = rangeOf(document, 'Shop the sale').start;
    const none = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, outside);
    assert.ok(!hoverText(none).includes('Tracked'), 'no link hover outside the URL');

    const optOut = rangeOf(document, 'example.com/unsubscribe').start;
    assert.match(hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, optOut)), /\*\*Opt-out\*\*[^]*opt-out page\./);
    await revertAndClose(editor);
  });
});
