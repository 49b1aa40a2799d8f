// MJML documents: recognised as templates by their own language id, their mj-* links get CodeLens
// and the Links view, and a type set from the editor is written as MJML keeps it (css-class tokens
// and a selector in <mj-html-attributes>). Twig and .tpl files, which VS Code opens as plain text
// without a language extension, are still linted as HTML.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LinktraceApi } from '../../src/extension';
import type { GroupNode } from '../../src/linksView';
import { activateExtension, linkIdOf, openFixture, revertAndClose, templateLinks, waitFor } from './helpers';

describe('MJML templates', () => {
  let api: LinktraceApi;
  before(async () => {
    api = await activateExtension();
  });

  it('opens .mjml as the mjml language and shows a CodeLens per link, none for images', async () => {
    const editor = await openFixture('newsletter.mjml');
    const { document } = editor;
    assert.equal(document.languageId, 'mjml');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
    assert.deepEqual(lenses.map((lens) => lens.command?.title), ['Tracked', 'Tracked', 'Never', 'Opt-out']);
    await revertAndClose(editor);
  });

  it('lists mj-* links in the Links view, grouped by the type their classes give them', async () => {
    const editor = await openFixture('newsletter.mjml');
    await waitFor('the view to follow the editor', () => api.linksTree.activeDocument === editor.document);
    const roots = (await api.linksTree.getChildren()) as GroupNode[];
    assert.deepEqual(
      roots.map((group) => `${group.title}: ${group.links.map((node) => node.link.raw).join(', ')}`),
      [
        'Tracked: https://shop.example/autumn, https://shop.example/coats',
        'Opt-out: https://shop.example/unsubscribe',
        'Never: https://instagram.example/shop',
        'Images: https://cdn.shop.example/autumn.jpg',
      ],
    );
    await revertAndClose(editor);
  });

  it('setTrackingType writes a css-class token and its <mj-html-attributes> selector', async () => {
    const editor = await openFixture('newsletter.mjml');
    const { document } = editor;
    const linkId = await linkIdOf(api, document, 'https://shop.example/coats');
    assert.equal(await vscode.commands.executeCommand('linktrace.setTrackingType', document.uri, linkId, 'mirror-page', 'Coats'), true);
    const text = document.getText();
    assert.ok(text.includes('<mj-button href="https://shop.example/coats" css-class="wide linktrace-mirror-page linktrace-label-coats">'), text);
    assert.ok(text.includes('<mj-selector path=".linktrace-mirror-page a, a.linktrace-mirror-page"><mj-html-attribute name="data-tracking">mirror-page</mj-html-attribute></mj-selector>'), text);
    const link = (await templateLinks(api, document)).links.find((candidate) => candidate.raw === 'https://shop.example/coats');
    assert.deepEqual([link!.tracking.type, link!.tracking.label], ['mirror-page', 'Coats']);
    await revertAndClose(editor);
  });

  it('lints a .twig file opened as plain text as an HTML template', async () => {
    const editor = await openFixture('order.twig');
    const { document } = editor;
    assert.ok(['plaintext', 'twig'].includes(document.languageId), document.languageId);
    const analysis = await templateLinks(api, document);
    assert.equal(analysis.format, 'html');
    assert.deepEqual(analysis.links.map((link) => [link.tag, link.raw]), [['a', 'http://shop.example/orders/{{ order.number }}']]);
    await revertAndClose(editor);
  });
});
