// The Tracking panel's webview in real Chromium: the HTML the extension builds (strict CSP,
// nonce), the bundled script built fresh from source, served from a loopback HTTP server, with a
// stand-in for VS Code's `acquireVsCodeApi` that records what the panel posts and keeps its state.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TrackingLog } from '@linktrace/core';
import { existsSync, readFileSync } from 'node:fs';
import { parseTemplate } from '@linktrace/core';
import { newNonce, panelHtml } from '../../src/panel/html';
import { markTrackedLinks } from '../../src/panel/markTrackedLinks';
import type { FromPanelMessage, PanelDelivery, ToPanelMessage } from '../../src/panel/messages';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../..');
const CHROMIUM = process.env.LINKTRACE_CHROMIUM ?? '/usr/bin/chromium';
const XSS_AGENT = '<img src=x onerror="window.__pwned=1">Mozilla/5.0';

const delivery: PanelDelivery = {
  id: 'D1',
  name: 'welcome.html',
  createdAt: '2026-11-23T09:00:00.000Z',
  sourcePath: '/tmp/welcome.html',
  links: [
    { linkId: 'hero1', sourceId: 'L1', url: 'https://shop.example/sale', type: 'tracked', label: 'hero', line: 3 },
    { linkId: 'foot1', sourceId: 'L2', url: 'https://shop.example/', type: 'tracked', label: 'footer', line: 5 },
    { linkId: 'opt1', sourceId: 'L3', url: 'https://example.com/unsubscribe', type: 'opt-out', line: 6 },
  ],
  recipients: [
    { id: 'alice', email: 'alice@example.com' },
    { id: 'bob', email: 'bob@example.com' },
  ],
};

let seq = 0;
function log(type: TrackingLog['type'], recipientId: string, extra: Partial<TrackingLog> = {}): TrackingLog {
  seq++;
  return { seq, at: new Date(Date.UTC(2026, 10, 23, 9, 0, seq)).toISOString(), type, deliveryId: 'D1', recipientId, ...extra };
}
const hero = { linkId: 'hero1', url: 'https://shop.example/sale', label: 'hero' };
const footer = { linkId: 'foot1', url: 'https://shop.example/', label: 'footer' };
const logs: TrackingLog[] = [
  log('open', 'alice'),
  log('click', 'alice', { ...hero, userAgent: XSS_AGENT }),
  log('click', 'bob', hero),
  log('click', 'alice', footer),
  log('mirror', 'bob'),
  log('optout', 'bob', { linkId: 'opt1', url: 'https://example.com/unsubscribe' }),
  log('click', 'alice', { ...hero, machine: 'prefetch user agent' }),
];

// The template as the extension sends it: tracked links marked, plus content that must not run.
const template = `<!DOCTYPE html><html><body style="font-family:sans-serif;margin:16px">
<h1>Big sale</h1>
<p><a data-linktrace-link="hero1" href="https://shop.example/sale" style="display:inline-block;padding:12px 24px;background:#c00;color:#fff">Shop the sale</a></p>
<script>parent.__pwnedByTemplate = 1</script>
<img src="x" onerror="parent.__pwnedByTemplate = 2" alt="">
<p style="margin-top:80px"><a data-linktrace-link="foot1" href="https://shop.example/">Visit the shop</a></p>
<p><a href="https://example.com/unsubscribe">Unsubscribe</a></p>
</body></html>`;

// A few of the variables VS Code sets on a webview (Dark Modern), so the screenshot looks like the editor.
const DARK_THEME = `html { --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-foreground: #cccccc;
  --vscode-editor-background: #1f1f1f; --vscode-panel-border: #2b2b2b; --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8;
  --vscode-dropdown-background: #313131; --vscode-dropdown-foreground: #cccccc; --vscode-dropdown-border: #3c3c3c;
  --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff; --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryForeground: #cccccc; --vscode-list-hoverBackground: #2a2d2e; --vscode-focusBorder: #0078d4;
  --vscode-descriptionForeground: #9d9d9d; --vscode-progressBar-background: #0078d4; }`;

describe('Tracking panel webview (Chromium)', function () {
  this.timeout(60_000);
  let server: http.Server;
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ server, browser, page } = await openPanel());
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('renders every log as a row, attacker strings as text', async () => {
    await post(page, { type: 'reset', logs, deliveries: [delivery], connection: { state: 'connected', url: 'http://127.0.0.1:4178' } });
    await waitForPosted(page, (message) => message.type === 'rendered' && message.lastSeq === logs.length);
    assert.equal(await page.locator('#log-rows tr').count(), logs.length);
    const agentCell = page.locator(`#log-rows tr[data-seq="2"] td.user-agent`);
    assert.equal(await agentCell.textContent(), XSS_AGENT);
    assert.equal(await page.locator('#log-rows img').count(), 0, 'no element is parsed from a log field');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.match((await page.locator('#connection').textContent()) ?? '', /Connected to http:\/\/127\.0\.0\.1:4178/);
    // Newest first, with the recipient's email, the link's label and URL, and the delivery name.
    const firstRow = await page.locator('#log-rows tr').first().locator('td').allTextContents();
    assert.equal(firstRow[2], 'alice@example.com');
    assert.equal(firstRow[3], 'hero · https://shop.example/sale');
    assert.equal(firstRow[4], 'welcome.html');
    assert.match(firstRow[1]!, /Click.*machine.*prefetch user agent/);
  });

  it('counts opens, clicks, mirror views and opt-outs without machine traffic', async () => {
    assert.deepEqual(await counters(page), { open: '1', click: '3', mirror: '1', optout: '1' });
    // One wording with CodeLens and the Links view.
    assert.equal(await page.locator('.counter-click').textContent(), '3clicks · 2 unique (4 with machine traffic)');
    assert.equal(await page.locator('.counter-open').textContent(), '1open · 1 unique');
  });

  it('filters by type, recipient and delivery', async () => {
    await page.selectOption('#filter-type', 'click');
    await waitForRows(page, 4);
    await page.selectOption('#filter-recipient', 'bob');
    await waitForRows(page, 1);
    assert.deepEqual(await counters(page), { open: '0', click: '1', mirror: '1', optout: '1' });
    await page.selectOption('#filter-type', '');
    await waitForRows(page, 3);
    await page.selectOption('#filter-recipient', '');
    await page.selectOption('#filter-delivery', 'D1');
    await waitForRows(page, logs.length);
  });

  it('keeps its filters when the webview reloads', async () => {
    await page.selectOption('#filter-type', 'mirror');
    await waitForRows(page, 1);
    await page.reload();
    await waitForPosted(page, (message) => message.type === 'ready');
    await post(page, { type: 'reset', logs, deliveries: [delivery], connection: { state: 'connected', url: 'http://127.0.0.1:4178' } });
    await waitForRows(page, 1);
    assert.equal(await page.inputValue('#filter-type'), 'mirror');
    await page.selectOption('#filter-type', '');
    await waitForRows(page, logs.length);
  });

  it('asks the extension to reveal the link of a clicked row', async () => {
    await page.locator('#log-rows tr[data-seq="4"]').click();
    const reveal = await waitForPosted(page, (message) => message.type === 'reveal');
    assert.deepEqual(reveal, { type: 'reveal', deliveryId: 'D1', linkId: 'foot1' });
  });

  it('appends live logs and updates the counters', async () => {
    const live = log('click', 'bob', footer);
    await post(page, { type: 'logs', logs: [live, logs[1]!] }); // a duplicate is ignored
    await waitForPosted(page, (message) => message.type === 'rendered' && message.lastSeq === live.seq);
    assert.equal(await page.locator('#log-rows tr').count(), logs.length + 1);
    assert.equal((await counters(page)).click, '4');
  });

  it('shows per-link figures', async () => {
    mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(root, 'test-artifacts/panel.png'), fullPage: true });
    await page.locator('[data-tab="links"]').click();
    await page.locator('#link-rows tr').first().waitFor();
    const rows = await page.locator('#link-rows tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent)));
    // hero: alice and bob (alice's machine click not counted), footer: alice and bob; opt-out links are not click-tracked.
    assert.deepEqual(rows, [
      ['3', 'hero', 'https://shop.example/sale', '2 clicks · 2 unique (3 with machine traffic)', '50%'],
      ['5', 'footer', 'https://shop.example/', '2 clicks · 2 unique', '50%'],
    ]);
  });

  it('lays each link\'s click share over the rendered template, which runs nothing', async () => {
    await page.locator('[data-tab="hot"]').click();
    await waitForPosted(page, (message) => message.type === 'requestTemplate' && message.deliveryId === 'D1');
    await post(page, { type: 'template', deliveryId: 'D1', html: template });
    await page.locator('.hot-link').nth(1).waitFor();
    const badges = await page.locator('.hot-link').evaluateAll((boxes) =>
      boxes.map((box) => ({ id: box.getAttribute('data-link-id'), share: box.textContent, height: box.getBoundingClientRect().height })),
    );
    assert.deepEqual(badges.map(({ id, share }) => ({ id, share })), [
      { id: 'hero1', share: '50%' },
      { id: 'foot1', share: '50%' },
    ]);
    assert.ok(badges.every((badge) => badge.height > 0), 'each overlay covers its link');
    // The overlay sits over the link it belongs to.
    const [linkBox, overlayBox] = await page.evaluate(() => {
      const frame = document.querySelector('#hot-stage iframe') as HTMLIFrameElement;
      const anchor = frame.contentDocument!.querySelector('[data-linktrace-link="hero1"]')!.getBoundingClientRect();
      const frameBox = frame.getBoundingClientRect();
      const overlay = document.querySelector('.hot-link[data-link-id="hero1"]')!.getBoundingClientRect();
      return [
        { x: Math.round(frameBox.left + anchor.left), y: Math.round(frameBox.top + anchor.top) },
        { x: Math.round(overlay.left), y: Math.round(overlay.top) },
      ];
    });
    assert.deepEqual(overlayBox, linkBox);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwnedByTemplate?: number }).__pwnedByTemplate), undefined);

    await post(page, { type: 'logs', logs: [log('click', 'alice', hero)] });
    await page.waitForFunction(() => document.querySelector('.hot-link[data-link-id="hero1"]')?.textContent === '60%');
    mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(root, 'test-artifacts/panel-hot-clicks.png'), fullPage: true });

    await page.locator('.hot-link[data-link-id="foot1"]').click();
    const reveal = await waitForPosted(page, (message) => message.type === 'reveal' && message.linkId === 'foot1');
    assert.equal(reveal.type === 'reveal' && reveal.deliveryId, 'D1');
  });

  it('keeps the hot-clicks overlay on its links when the stage resizes without a window resize', async () => {
    // A sash drag or a sidebar opening changes the panel's layout, not the window: only a ResizeObserver sees it.
    await page.evaluate(() => ((document.getElementById('hot-stage') as HTMLElement).style.marginLeft = '160px'));
    await page.evaluate(() => ((document.getElementById('hot-stage') as HTMLElement).style.width = '420px'));
    await page.waitForFunction(() => {
      const frame = document.querySelector('#hot-stage iframe') as HTMLIFrameElement;
      const anchor = frame.contentDocument!.querySelector('[data-linktrace-link="hero1"]')!.getBoundingClientRect();
      const frameBox = frame.getBoundingClientRect();
      const overlay = document.querySelector('.hot-link[data-link-id="hero1"]')!.getBoundingClientRect();
      return Math.abs(frameBox.left + anchor.left - overlay.left) < 1 && Math.abs(frameBox.top + anchor.top - overlay.top) < 1 && Math.abs(anchor.width - overlay.width) < 1;
    }, undefined, { timeout: 5000 });
    await page.evaluate(() => (document.getElementById('hot-stage') as HTMLElement).removeAttribute('style'));
  });

  it('has Clear and Export buttons, and each recipient\'s test email one click away', async () => {
    await page.locator('[data-tab="log"]').click();
    await page.locator('#clear-logs').click();
    assert.deepEqual(await waitForPosted(page, (message) => message.type === 'command'), { type: 'command', command: 'clearLogs' });
    await page.locator('#export-logs').click();
    assert.deepEqual(await waitForPosted(page, (message) => message.type === 'command'), { type: 'command', command: 'exportLogs' });
    const emails = await page.locator('#test-emails .test-email').allTextContents();
    assert.deepEqual(emails, ['alice@example.comOpenCopy Link', 'bob@example.comOpenCopy Link']);
    await page.locator('#test-emails [data-recipient="bob"] [data-action="open"]').click();
    assert.deepEqual(await waitForPosted(page, (message) => message.type === 'testEmail'), { type: 'testEmail', action: 'open', deliveryId: 'D1', recipientId: 'bob' });
    await page.locator('#test-emails [data-recipient="alice"] [data-action="copy"]').click();
    assert.deepEqual(await waitForPosted(page, (message) => message.type === 'testEmail'), { type: 'testEmail', action: 'copy', deliveryId: 'D1', recipientId: 'alice' });
  });

  for (const width of [480, 1200]) {
    it(`reads at ${width} px: no overlapping header, no cut cell, user agent kept in the row's tooltip`, async () => {
      await page.setViewportSize({ width, height: 800 });
      await page.locator('[data-tab="log"]').click();
      await page.waitForFunction(() => document.querySelector('#tab-log.active') !== null);
      // tsx names the helper functions below with esbuild's __name, which the page does not have.
      await page.evaluate('globalThis.__name = (f) => f');
      const layout = await page.evaluate(() => {
        const boxes = (selector: string) => Array.from(document.querySelectorAll<HTMLElement>(selector)).filter((node) => node.offsetParent !== null).map((node) => ({ name: node.id || node.className || node.tagName, box: node.getBoundingClientRect() }));
        const overlaps: string[] = [];
        for (const group of ['header.bar > *, .counter', '.filters > label, .filters > .actions, .filters > .tabs', '#test-emails > *']) {
          const items = boxes(group);
          for (let i = 0; i < items.length; i++) {
            for (let j = i + 1; j < items.length; j++) {
              const a = items[i]!.box;
              const b = items[j]!.box;
              const contains = (outer: DOMRect, inner: DOMRect) => outer.left <= inner.left && outer.right >= inner.right && outer.top <= inner.top && outer.bottom >= inner.bottom;
              if (contains(a, b) || contains(b, a)) continue; // a counter inside the counters row
              if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps.push(`${items[i]!.name} / ${items[j]!.name}`);
            }
          }
        }
        const cut: string[] = [];
        for (const cell of Array.from(document.querySelectorAll<HTMLElement>('#tab-log th, #tab-log td'))) {
          if (cell.offsetParent === null || getComputedStyle(cell).display === 'none') continue;
          if (cell.scrollWidth > cell.clientWidth + 1) cut.push(`${cell.textContent} (${cell.scrollWidth} > ${cell.clientWidth})`);
        }
        const agentShown = getComputedStyle(document.querySelector('#log-rows td.user-agent')!).display !== 'none';
        const row = document.querySelector<HTMLElement>('#log-rows tr[data-seq="2"]')!;
        const scroller = document.querySelector<HTMLElement>('#tab-log .scroll')!;
        return { overlaps, cut, agentShown, rowTitle: row.title, pageOverflow: document.documentElement.scrollWidth - window.innerWidth, tableOverflow: scroller.scrollWidth - scroller.clientWidth };
      });
      mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: path.join(root, `test-artifacts/panel-${width}.png`), fullPage: true });
      assert.deepEqual(layout.overlaps, [], 'no header item overlaps another');
      assert.deepEqual(layout.cut, [], 'no cell is cut');
      assert.ok(layout.pageOverflow <= 0, `the page itself never scrolls sideways (${layout.pageOverflow} px)`);
      assert.ok(layout.tableOverflow <= 0, `the log table fits at ${width} px, no column hidden past the edge (${layout.tableOverflow} px over)`);
      assert.equal(layout.agentShown, width >= 1200);
      assert.ok(layout.rowTitle.includes(XSS_AGENT), 'the user agent stays in the row tooltip');
      const recipients = await page.locator('#log-rows td.col-recipient').allTextContents();
      assert.ok(recipients.every((text) => /@example\.com$/.test(text)), recipients.join(', '));

      await page.locator('[data-tab="links"]').click();
      await page.locator('#link-rows tr').first().waitFor();
      const linksCut = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('#tab-links th, #tab-links td')).filter((cell) => cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell.textContent),
      );
      // URLs get room to be read (not a few letters a line), and the table fits the panel.
      const layoutOfLinks = await page.evaluate(() => ({
        narrowestUrl: Math.min(...Array.from(document.querySelectorAll<HTMLElement>('#link-rows td.col-url')).map((cell) => cell.getBoundingClientRect().width)),
        overflow: (document.querySelector('#tab-links .scroll') as HTMLElement).scrollWidth - (document.querySelector('#tab-links .scroll') as HTMLElement).clientWidth,
      }));
      assert.ok(layoutOfLinks.narrowestUrl >= 120, `URL column ${layoutOfLinks.narrowestUrl} px wide`);
      assert.ok(layoutOfLinks.overflow <= 0, `the links table fits at ${width} px (${layoutOfLinks.overflow} px over)`);
      await page.screenshot({ path: path.join(root, `test-artifacts/panel-links-${width}.png`), fullPage: true });
      assert.deepEqual(linksCut, []);

      await page.locator('[data-tab="hot"]').click();
      await page.waitForFunction(() => {
        const frame = document.querySelector('#hot-stage iframe') as HTMLIFrameElement | null;
        const anchor = frame?.contentDocument?.querySelector('[data-linktrace-link="hero1"]')?.getBoundingClientRect();
        const overlay = document.querySelector('.hot-link[data-link-id="hero1"]')?.getBoundingClientRect();
        if (!frame || !anchor || !overlay) return false;
        const frameBox = frame.getBoundingClientRect();
        return Math.abs(frameBox.left + anchor.left - overlay.left) < 1 && Math.abs(anchor.width - overlay.width) < 1;
      }, undefined, { timeout: 5000 });
      await page.screenshot({ path: path.join(root, `test-artifacts/panel-hot-clicks-${width}.png`), fullPage: true });
    });
  }

  it('hides machine traffic from the log with People only, and remembers it', async () => {
    await page.locator('[data-tab="log"]').click();
    const machineRows = () => page.locator('#log-rows tr.machine').count();
    assert.ok((await machineRows()) > 0, 'the fixture has machine traffic');
    const before = await page.locator('#log-rows tr').count();
    await page.locator('#people-only').check();
    await page.waitForFunction(() => document.querySelectorAll('#log-rows tr.machine').length === 0);
    assert.ok((await page.locator('#log-rows tr').count()) < before);
    await page.reload();
    await waitForPosted(page, (message) => message.type === 'ready');
    await post(page, { type: 'reset', logs, deliveries: [delivery], connection: { state: 'connected', url: 'http://127.0.0.1:4178' } });
    await waitForRows(page, logs.filter((each) => !each.machine).length);
    assert.equal(await page.locator('#people-only').isChecked(), true);
    await page.locator('#people-only').uncheck();
    await waitForRows(page, logs.length);
  });

  it('shows the delivery the extension focuses (the active template\'s latest)', async () => {
    await post(page, { type: 'focus', deliveryId: 'D1' });
    await page.waitForFunction(() => (document.getElementById('filter-delivery') as HTMLSelectElement).value === 'D1');
    await page.selectOption('#filter-delivery', '');
  });

  it('shows URLs decoded: never &amp; to the user', async () => {
    await page.setViewportSize({ width: 1100, height: 800 });
    const encoded: PanelDelivery = {
      ...delivery,
      id: 'D3',
      name: 'encoded.html',
      links: [{ linkId: 'enc1', sourceId: 'L1', url: 'https://shop.example/sale?a=1&amp;b=2', type: 'tracked', label: 'enc', line: 2 }],
    };
    await post(page, { type: 'delivery', delivery: encoded });
    await post(page, { type: 'logs', logs: [{ seq: 1000, at: new Date().toISOString(), type: 'click', deliveryId: 'D3', recipientId: 'alice', linkId: 'enc1', url: 'https://shop.example/sale?a=1&amp;b=2', label: 'enc' }] });
    await page.selectOption('#filter-delivery', 'D3');
    await page.locator('[data-tab="log"]').click();
    await waitForRows(page, 1);
    assert.equal(await page.locator('#log-rows td.col-link').textContent(), 'enc · https://shop.example/sale?a=1&b=2');
    await page.locator('[data-tab="links"]').click();
    await page.waitForFunction(() => document.querySelector('#link-rows td.col-url')?.textContent === 'https://shop.example/sale?a=1&b=2');
    assert.ok(!(await page.locator('body').innerText()).includes('&amp;'));
    await page.selectOption('#filter-delivery', '');
  });
});

const CORPUS = process.env.LINKTRACE_CORPUS ?? path.resolve(root, '../shared/corpus');

describe('Tracking panel hot clicks on a real template (Chromium)', function () {
  this.timeout(60_000);
  it('puts a share over each tracked link of a corpus email', async function () {
    const file = path.join(CORPUS, 'leemunroe/email-inlined.html');
    if (!existsSync(file)) {
      console.log(`    (corpus not found at ${CORPUS}: set LINKTRACE_CORPUS to run this check)`);
      return;
    }
    const text = readFileSync(file, 'utf8');
    const links = parseTemplate(text).links.map((link, index) => ({
      linkId: `k${index + 1}`,
      sourceId: link.id,
      url: link.raw,
      type: link.tracking.type,
      line: link.start.line,
    }));
    const tracked = links.filter((link) => link.type === 'tracked');
    assert.ok(tracked.length >= 2, 'the corpus email has tracked links');
    const real: PanelDelivery = { ...delivery, id: 'D2', name: 'email-inlined.html', links };
    // The first tracked link gets 3 clicks, the second 1: 75% and 25%.
    const clicks = [0, 0, 0, 1].map((index, n) => ({
      seq: n + 1,
      at: new Date(Date.UTC(2026, 10, 23, 10, 0, n)).toISOString(),
      type: 'click' as const,
      deliveryId: 'D2',
      recipientId: 'alice',
      linkId: tracked[index]!.linkId,
      url: tracked[index]!.url,
    }));
    const { server, browser, page } = await openPanel();
    try {
      await post(page, { type: 'reset', logs: clicks, deliveries: [real], connection: { state: 'connected', url: 'http://127.0.0.1:4178' } });
      await page.locator('[data-tab="hot"]').click();
      await waitForPosted(page, (message) => message.type === 'requestTemplate' && message.deliveryId === 'D2');
      await post(page, { type: 'template', deliveryId: 'D2', html: markTrackedLinks(text, links) });
      await page.locator(`.hot-link[data-link-id="${tracked[0]!.linkId}"]`).waitFor();
      const shares = await page.locator('.hot-link').evaluateAll((boxes) => Object.fromEntries(boxes.map((box) => [box.getAttribute('data-link-id'), box.textContent])));
      assert.equal(shares[tracked[0]!.linkId], '75%');
      assert.equal(shares[tracked[1]!.linkId], '25%');
      assert.equal(Object.keys(shares).length, tracked.length, 'every tracked link is visible and covered');
      mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
      await page.screenshot({ path: path.join(root, 'test-artifacts/panel-hot-clicks-corpus.png'), fullPage: true });
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

interface OpenPanel {
  server: http.Server;
  browser: Browser;
  page: Page;
}

let script: string | undefined;

/** The panel page on a loopback server, open in Chromium, its script loaded and ready. */
async function openPanel(): Promise<OpenPanel> {
  script ??= (
    await esbuild.build({
      entryPoints: [path.join(root, 'packages/vscode/src/panel/webview/main.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
    })
  ).outputFiles[0]!.text;
  let origin = '';
  const server = http.createServer((req, res) => {
    if (req.url === '/panel.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    if (req.url !== '/') {
      res.writeHead(404).end();
      return;
    }
    const nonce = newNonce();
    // The stand-in goes in with the same nonce, before the panel's script, as VS Code injects its own.
    const standIn = `<script nonce="${nonce}">
      window.__posted = [];
      window.acquireVsCodeApi = () => ({
        postMessage: (message) => window.__posted.push(message),
        getState: () => JSON.parse(sessionStorage.getItem('state') || 'null'),
        setState: (state) => sessionStorage.setItem('state', JSON.stringify(state)),
      });
    </script>`;
    const html = panelHtml({ cspSource: origin, scriptUri: `${origin}/panel.js`, nonce })
      .replace('<script nonce=', `${standIn}\n<script nonce=`)
      .replace('</head>', `<style>${DARK_THEME}</style></head>`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set LINKTRACE_CHROMIUM).`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${origin}/`);
  await waitForPosted(page, (message) => message.type === 'ready');
  assert.deepEqual(problems, [], 'the panel script runs without errors');
  return { server, browser, page };
}

async function post(page: Page, message: ToPanelMessage): Promise<void> {
  await page.evaluate((data) => window.postMessage(data, '*'), message);
}

/** Waits for (and consumes) the first message the panel posted that matches. */
async function waitForPosted(page: Page, predicate: (message: FromPanelMessage) => boolean): Promise<FromPanelMessage> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const posted = await page.evaluate(() => (window as unknown as { __posted: FromPanelMessage[] }).__posted.splice(0));
    const found = posted.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('the panel did not post the expected message');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForRows(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('#log-rows tr').length === n, count, { timeout: 5000 });
}

async function counters(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(Array.from(document.querySelectorAll('.counter')).map((node) => [node.getAttribute('data-type'), node.querySelector('.value')!.textContent])),
  );
}
