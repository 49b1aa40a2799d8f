// The test procedure end to end, in a real browser: prepare a test delivery with a mirror-page
// link, two tracked links (one personalized) and an opt-out link; open the test email in headless
// Chromium (the pixel logs an Open), view the mirror page, click each tracked link through to its
// target, opt out; a live WebSocket subscriber receives every log, and the report counts them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { DeliveryReport, PrepareResult, TrackingLog } from '@linktrace/core';
import { loadRecipientsFile, startDaemon, type Daemon } from '@linktrace/daemon';
import { launchChromium } from './support/e2e-chromium';
import { startTargetServer, type TargetServer } from './support/e2e-target';
import { subscribeLogs, type LogSubscriber } from './support/e2e-ws';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const artifacts = path.join(repoRoot, 'test-artifacts');
/** Headless Chromium says "HeadlessChrome", which the daemon flags as machine traffic: these tests play a person's browser. */
const PERSON_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

function templateFor(target: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Spring test</title></head>
<body style="font-family:sans-serif;margin:24px">
<p style="font-size:12px"><a id="mirror" href="<%@ include view='MirrorPageUrl' %>" data-tracking="mirror-page">View this email in your browser</a></p>
<h1>Hello <%= recipient.firstName %>!</h1>
<p><a id="shop" href="${target}/shop/spring?utm_source=test&amp;utm_medium=email" data-label="hero">Shop the spring collection</a></p>
<p><a id="account" href="${target}/account?member=<%= recipient.memberId %>&amp;name=<%= escapeUrl(recipient.firstName) %>" data-label="account">Your account</a></p>
<p><a id="mail" href="mailto:help@example.test?subject=Spring">Write to us</a>
 &middot; <a id="legal" href="${target}/legal" data-tracking="never">Legal notice</a></p>
<p><a id="unsub" href="https://example.test/unsubscribe" data-tracking="opt-out">Unsubscribe</a></p>
</body></html>
`;
}

/** What the target server was asked for, without the browser's own favicon requests. */
const pages = (server: TargetServer) => server.requests.filter((request) => request !== '/favicon.ico');

const RECIPIENTS = [
  { id: 'ada', email: 'ada@example.test', fields: { firstName: 'Ada Lovelace', memberId: 'NW-1001' } },
  { id: 'grace', email: 'grace@example.test', fields: { firstName: 'Grace', memberId: 'NW-1002' } },
];

async function api<T>(daemon: Daemon, method: string, pathname: string, body?: unknown): Promise<T> {
  const response = await fetch(daemon.url + pathname, {
    method,
    headers: { authorization: `Bearer ${daemon.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await response.json()) as T;
  assert.ok(response.ok, `${method} ${pathname}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

describe('end to end in headless Chromium: test delivery, open, mirror page, clicks, opt-out', function () {
  this.timeout(60_000);
  let dataDir: string;
  let daemon: Daemon;
  let target: TargetServer;
  let browser: Browser;
  let page: Page;
  let subscriber: LogSubscriber;
  let prepared: PrepareResult;
  const linkIdOf = (label: string) => prepared.delivery.links.find((link) => link.label === label)!.linkId;

  before(async function () {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'linktrace-e2e-'));
    [daemon, target, browser] = await Promise.all([startDaemon({ dataDir, port: 0 }), startTargetServer(), launchChromium()]);
    subscriber = await subscribeLogs(daemon.url, daemon.token, 0);
    prepared = await api<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: templateFor(target.url), name: 'spring.html', recipients: RECIPIENTS });
    page = await (await browser.newContext({ viewport: { width: 720, height: 900 }, userAgent: PERSON_USER_AGENT })).newPage();
  });

  after(async function () {
    await subscriber?.close();
    await browser?.close();
    await target?.close();
    await daemon?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers the link table with types and labels', function () {
    const links = prepared.delivery.links.map(({ type, label, url }) => ({ type, label, url }));
    assert.deepEqual(links, [
      { type: 'mirror-page', label: undefined, url: "<%@ include view='MirrorPageUrl' %>" },
      { type: 'tracked', label: 'hero', url: `${target.url}/shop/spring?utm_source=test&amp;utm_medium=email` },
      { type: 'tracked', label: 'account', url: `${target.url}/account?member=<%= recipient.memberId %>&amp;name=<%= escapeUrl(recipient.firstName) %>` },
      { type: 'never', label: undefined, url: 'mailto:help@example.test?subject=Spring' },
      { type: 'never', label: undefined, url: `${target.url}/legal` },
      { type: 'opt-out', label: undefined, url: 'https://example.test/unsubscribe' },
    ]);
    assert.deepEqual(prepared.unresolved, []);
    assert.equal(subscriber.logs.length, 0, 'no log before anything was opened');
  });

  it('shows the test email: personalized, tracked links rewritten, Never and mailto untouched, the pixel logs an Open', async function () {
    const ada = prepared.delivery.recipients.find((r) => r.id === 'ada')!;
    const response = await page.goto(ada.emailUrl);
    assert.equal(response?.status(), 200);
    await page.waitForLoadState('load');
    assert.equal(await page.textContent('h1'), 'Hello Ada Lovelace!');
    const href = (id: string) => page.getAttribute(`#${id}`, 'href');
    const base = `${daemon.url}/c/${prepared.delivery.id}/ada/`;
    assert.equal(await href('shop'), base + linkIdOf('hero'));
    assert.equal(await href('account'), base + linkIdOf('account'));
    assert.equal(await href('mirror'), ada.mirrorUrl);
    assert.equal(await href('unsub'), ada.optOutUrl);
    assert.equal(await href('mail'), 'mailto:help@example.test?subject=Spring');
    assert.equal(await href('legal'), `${target.url}/legal`);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'test-email.png'), fullPage: true });

    const [open] = await subscriber.waitFor((logs) => logs.some((log) => log.type === 'open'), 5000, 'the open');
    assert.equal(open!.type, 'open');
    assert.equal(open!.deliveryId, prepared.delivery.id);
    assert.equal(open!.recipientId, 'ada');
    assert.equal(open!.machine, undefined, 'a browser open counts as human');
    assert.match(open!.userAgent ?? '', /Chrome/);
  });

  it('the mirror link shows the email in the browser and logs a Mirror page view', async function () {
    await Promise.all([page.waitForURL(/\/m\//), page.click('#mirror')]);
    assert.equal(await page.textContent('h1'), 'Hello Ada Lovelace!');
    const logs = await subscriber.waitFor((all) => all.some((log) => log.type === 'mirror'), 5000, 'the mirror view');
    const mirror = logs.find((log) => log.type === 'mirror')!;
    assert.equal(mirror.recipientId, 'ada');
    assert.equal(mirror.deliveryId, prepared.delivery.id);
    await page.goBack();
    assert.match(page.url(), /\/e\//);
  });

  it('each tracked link redirects to its (personalized) target and logs a click with its link id and label', async function () {
    await Promise.all([page.waitForURL(`${target.url}/**`), page.click('#shop')]);
    assert.equal(page.url(), `${target.url}/shop/spring?utm_source=test&utm_medium=email`);
    assert.equal(await page.textContent('#landed'), 'Landed on /shop/spring?utm_source=test&utm_medium=email');
    await page.goBack();
    await page.waitForSelector('#account');

    await Promise.all([page.waitForURL(`${target.url}/**`), page.click('#account')]);
    const landed = new URL(page.url());
    assert.equal(landed.origin, target.url);
    assert.equal(landed.pathname, '/account');
    assert.equal(landed.searchParams.get('member'), 'NW-1001');
    assert.equal(landed.searchParams.get('name'), 'Ada Lovelace');
    assert.equal(landed.search, '?member=NW-1001&name=Ada%20Lovelace');
    await page.goBack();

    const logs = await subscriber.waitFor((all) => all.filter((log) => log.type === 'click').length >= 2, 5000, 'two clicks');
    const clicks = logs.filter((log) => log.type === 'click');
    assert.equal(clicks.length, 2);
    const [shop, account] = clicks as [TrackingLog, TrackingLog];
    assert.deepEqual(
      { linkId: shop.linkId, label: shop.label, url: shop.url, recipientId: shop.recipientId, deliveryId: shop.deliveryId },
      { linkId: linkIdOf('hero'), label: 'hero', url: `${target.url}/shop/spring?utm_source=test&utm_medium=email`, recipientId: 'ada', deliveryId: prepared.delivery.id },
    );
    assert.deepEqual(
      { linkId: account.linkId, label: account.label, url: account.url, recipientId: account.recipientId },
      { linkId: linkIdOf('account'), label: 'account', url: `${target.url}/account?member=NW-1001&name=Ada%20Lovelace`, recipientId: 'ada' },
    );
    assert.deepEqual(pages(target), ['/shop/spring?utm_source=test&utm_medium=email', '/account?member=NW-1001&name=Ada%20Lovelace']);
  });

  it('a forged click id gets the 404 page and never leaves the daemon', async function () {
    const before = pages(target).length;
    const logsBefore = subscriber.logs.length;
    const forged = `${daemon.url}/c/${prepared.delivery.id}/ada/${'A'.repeat(22)}`;
    const response = await page.goto(forged);
    assert.equal(response?.status(), 404);
    assert.equal(new URL(page.url()).origin, daemon.url);
    assert.equal(await page.textContent('h1'), 'Not found');
    // The id of a link that is not Tracked (the Never link) is no open redirect either.
    const never = prepared.delivery.links.find((link) => link.type === 'never' && link.url.startsWith('http'))!;
    const second = await page.goto(`${daemon.url}/c/${prepared.delivery.id}/ada/${never.linkId}`);
    assert.equal(second?.status(), 404);
    assert.equal(new URL(page.url()).origin, daemon.url);
    assert.equal(pages(target).length, before, 'the target server saw nothing');
    // A sentinel (Ada's open pixel) after the refused clicks: logs stream in order, so a logged
    // refusal would arrive before it.
    const pixel = await fetch(`${daemon.url}/o/${prepared.delivery.id}/ada`);
    assert.equal(pixel.status, 200);
    const logs = await subscriber.waitFor((all) => all.length > logsBefore, 5000, 'the sentinel open');
    assert.deepEqual(logs.slice(logsBefore).map((log) => log.type), ['open'], 'a refused click is not logged');
  });

  it('the opt-out link shows a form; confirming it logs an Opt-out and marks the recipient', async function () {
    const ada = prepared.delivery.recipients.find((r) => r.id === 'ada')!;
    await page.goto(ada.emailUrl);
    await Promise.all([page.waitForURL(/\/u\//), page.click('#unsub')]);
    assert.equal(await page.textContent('h1'), 'Unsubscribe');
    assert.equal(subscriber.logs.filter((log) => log.type === 'optout').length, 0, 'showing the form opts nobody out');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    assert.equal(await page.textContent('h1'), 'Unsubscribed');
    const logs = await subscriber.waitFor((all) => all.some((log) => log.type === 'optout'), 5000, 'the opt-out');
    const optOut = logs.find((log) => log.type === 'optout')!;
    assert.equal(optOut.recipientId, 'ada');
    const summary = await api<{ recipients: { id: string; optedOut: boolean }[] }>(daemon, 'GET', `/api/deliveries/${prepared.delivery.id}`);
    assert.deepEqual(summary.recipients.map((r) => [r.id, r.optedOut]), [['ada', true], ['grace', false]]);
  });

  it('the subscriber got every log once, in seq order, and the report counts them', async function () {
    const logs = subscriber.logs;
    const seqs = logs.map((log) => log.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
    assert.equal(new Set(seqs).size, seqs.length, 'no duplicate seq');
    assert.ok(logs.every((log) => log.recipientId === 'ada' && log.deliveryId === prepared.delivery.id));
    const count = (type: string) => logs.filter((log) => log.type === type).length;
    assert.ok(count('open') >= 1);
    assert.deepEqual([count('mirror'), count('click'), count('optout')], [1, 2, 1]);

    // The stream and the API agree.
    const stored = await api<{ logs: TrackingLog[] }>(daemon, 'GET', `/api/logs?after=0&delivery=${prepared.delivery.id}`);
    assert.deepEqual(stored.logs, logs);

    const report = await api<DeliveryReport>(daemon, 'GET', `/api/reports/${prepared.delivery.id}`);
    assert.equal(report.recipients, 2);
    assert.deepEqual(report.opens.unique, { raw: 1, human: 1 });
    assert.equal(report.opens.total.raw, count('open'));
    // Clicked by a person at a person's pace: no click is taken for a scanner burst.
    assert.deepEqual(report.clicks.total, { raw: 2, human: 2 });
    assert.deepEqual(report.clicks.unique, { raw: 1, human: 1 });
    assert.deepEqual(report.mirrorViews.total, { raw: 1, human: 1 });
    assert.deepEqual(report.optOuts.unique, { raw: 1, human: 1 });
    const perLink = Object.fromEntries(report.links.filter((link) => link.type === 'tracked').map((link) => [link.label, [link.total, link.unique]]));
    const one = { raw: 1, human: 1 };
    assert.deepEqual(perLink, { hero: [one, one], account: [one, one] });
    const ada = report.perRecipient.find((r) => r.id === 'ada')!;
    const grace = report.perRecipient.find((r) => r.id === 'grace')!;
    assert.equal(ada.optedOut, true);
    assert.deepEqual(ada.history.map((h) => h.seq), seqs);
    assert.deepEqual(grace.history, []);
  });
});

describe('the bundled example (examples/welcome.html, what npm start prepares) in headless Chromium', function () {
  this.timeout(60_000);
  let dataDir: string;
  let daemon: Daemon;
  let browser: Browser;
  let subscriber: LogSubscriber;

  before(async function () {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'linktrace-e2e-example-'));
    [daemon, browser] = await Promise.all([startDaemon({ dataDir, port: 0 }), launchChromium()]);
    subscriber = await subscribeLogs(daemon.url, daemon.token, 0);
  });
  after(async function () {
    await subscriber?.close();
    await browser?.close();
    await daemon?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('renders personalized, with every feature in place, and a click on it redirects and is logged', async function () {
    const templateFile = path.join(repoRoot, 'examples/welcome.html');
    const recipients = await loadRecipientsFile(path.join(repoRoot, 'examples/recipients.json'));
    const prepared = await api<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: readFileSync(templateFile, 'utf8'), sourcePath: templateFile, recipients });
    assert.deepEqual(prepared.unresolved, [], 'the example resolves for the bundled recipients');
    const types = new Set(prepared.delivery.links.map((link) => link.type));
    assert.deepEqual([...types].sort(), ['mirror-page', 'never', 'opt-out', 'tracked']);
    assert.ok(prepared.delivery.links.filter((link) => link.type === 'tracked').every((link) => link.label), 'every tracked link has a label');

    const context = await browser.newContext({ viewport: { width: 680, height: 1000 }, userAgent: PERSON_USER_AGENT });
    const page = await context.newPage();
    const ada = prepared.delivery.recipients[0]!;
    assert.equal((await page.goto(ada.emailUrl))?.status(), 200);
    assert.equal((await page.textContent('h1'))?.trim(), 'Welcome aboard, Ada!');
    const hrefs = await page.$$eval('a[href]', (anchors) => anchors.map((a) => a.getAttribute('href')!));
    assert.ok(hrefs.includes(ada.mirrorUrl) && hrefs.includes(ada.optOutUrl));
    assert.ok(hrefs.includes('mailto:hello@example.com') && hrefs.includes('https://www.example.com/legal/privacy'), 'mailto and Never links untouched');
    assert.equal(hrefs.filter((href) => href.startsWith(`${daemon.url}/c/`)).length, 6, 'every tracked <a> goes through the daemon');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'welcome-email.png'), fullPage: true });

    // The example links to www.example.com, which this machine may not reach: what matters is the
    // daemon's redirect and the browser setting off for the registered URL.
    const [redirect, onward] = await Promise.all([
      page.waitForResponse((response) => response.url().startsWith(`${daemon.url}/c/`)),
      page.waitForRequest('https://www.example.com/**'),
      page.click('text=Browse this week'),
    ]);
    assert.equal(redirect.status(), 302);
    assert.equal(onward.url(), 'https://www.example.com/roasts?utm_source=welcome&utm_medium=email&utm_content=hero');
    const logs = await subscriber.waitFor((all) => all.some((log) => log.type === 'click'), 5000, 'the click');
    const click = logs.find((log) => log.type === 'click')!;
    assert.deepEqual([click.recipientId, click.label, click.machine], ['ada', 'hero-cta', undefined]);
    assert.ok(logs.some((log) => log.type === 'open' && log.recipientId === 'ada'), 'the pixel logged an open');
    await context.close();
  });
});
