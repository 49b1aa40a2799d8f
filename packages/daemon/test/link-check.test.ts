// The link-check engine against real servers on 127.0.0.1: statuses, redirect chains, loops,
// timeouts, TLS, images, retries, per-recipient URLs, the cache, and the promise that no GET ever
// reaches an opt-out or one-time link nor an address allowedHosts does not name.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding, LintOptions, Recipient } from '@linktrace/core';
import { blockedAddressReason, checkLinks, LinkCheckCache, oneTimeActionReason, type LinkCheckOptions } from '@linktrace/daemon';
import { startLinkServer, startSelfSignedServer, type LinkServer } from './support/link-servers';

const RECIPIENTS: Recipient[] = [
  { id: 'ada', email: 'ada@example.test', fields: { slug: 'ada' } },
  { id: 'grace', email: 'grace@example.test', fields: { slug: 'grace' } },
];
const ALLOW_LOCAL: LintOptions = { allowedHosts: ['127.0.0.1'] };
const FAST: Partial<LinkCheckOptions> = { timeoutMs: 500, retryDelayMs: 10 };

async function check(html: string, options: Partial<LinkCheckOptions> = {}, lintOptions: LintOptions = ALLOW_LOCAL) {
  const report = await checkLinks([{ id: 't.html', text: html, options: lintOptions }], { recipients: RECIPIENTS, ...FAST, ...options });
  return { report, findings: report.findings.get('t.html')! };
}

/** `ruleId: linked URL` for each finding, in order. */
function summary(html: string, findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.ruleId}: ${html.slice(finding.start, finding.end)}`);
}

describe('link check', function () {
  this.timeout(30_000);
  let server: LinkServer;
  let o: string;
  before(async () => {
    server = await startLinkServer({ existingUsers: ['ada'] });
    o = server.origin;
  });
  after(() => server.close());

  it('reports 404, 500, loops, redirect chains and timeouts, and nothing for a page that answers 200', async () => {
    const html = [
      `<a href="${o}/ok">ok</a>`,
      `<a href="${o}/missing">missing</a>`,
      `<a href="${o}/error">error</a>`,
      `<a href="${o}/loop-a">loop</a>`,
      `<a href="${o}/chain">chain</a>`,
      `<a href="${o}/moved">moved</a>`,
      `<a href="${o}/to-missing">to missing</a>`,
      `<a href="${o}/slow">slow</a>`,
      '<a href="mailto:help@example.com">mail</a><a href="#top">top</a>',
    ].join('\n');
    const { findings } = await check(html);
    assert.deepEqual(summary(html, findings), [
      `link-broken: ${o}/missing`,
      `link-broken: ${o}/error`,
      `link-broken: ${o}/loop-a`,
      `link-redirect-chain: ${o}/chain`,
      `link-redirect-chain: ${o}/moved`,
      `link-broken: ${o}/to-missing`,
      `link-timeout: ${o}/slow`,
    ]);
    const [missing, error, loop, chain, moved, toMissing, slow] = findings;
    assert.match(missing!.message, /answers 404 Not Found\.$/);
    assert.equal(missing!.severity, 'error');
    assert.match(error!.message, /answers 500 Internal Server Error/);
    assert.match(loop!.message, /redirect loop: .*\/loop-b goes back to .*\/loop-a/);
    // Each hop with its status and time, ending at the page.
    assert.match(chain!.message, new RegExp(`^3 redirects before the page: ${o}/chain \\(302, \\d+ ms\\) → ${o}/chain-2 \\(307, \\d+ ms\\) → ${o}/chain-3 \\(308, \\d+ ms\\) → ${o}/ok \\(200, \\d+ ms\\)`));
    assert.equal(chain!.severity, 'warning');
    assert.match(moved!.message, /^Moved permanently: .*Link to .*\/ok directly/);
    assert.equal(moved!.severity, 'info');
    assert.match(toMissing!.message, new RegExp(`${o}/missing answers 404 Not Found \\(${o}/to-missing \\(302`));
    assert.match(slow!.message, /no answer within 500 ms/);
    assert.equal(findings[0]!.line, 2);
    assert.equal(findings[0]!.column, 10);
  });

  it('honours linktrace-disable pragmas like the linter', async () => {
    const html = `<!-- linktrace-disable-next-line link-broken -->\n<a href="${o}/missing">a</a>\n<a href="${o}/missing?again">b</a>`;
    const { findings } = await check(html);
    assert.deepEqual(summary(html, findings), [`link-broken: ${o}/missing?again`]);
  });

  it('reports a URL that personalization makes invalid, for that recipient only', async () => {
    const recipients: Recipient[] = [{ id: 'ok', email: '', fields: { host: `127.0.0.1:${server.port}` } }, { id: 'bad', email: '', fields: { host: 'has space' } }];
    const html = '<a href="http://{{ host }}/ok">x</a>';
    const before = server.hitsOf('GET', '/ok');
    const report = await checkLinks([{ id: 't', text: html, options: ALLOW_LOCAL }], { recipients, ...FAST });
    assert.deepEqual(report.findings.get('t')!.map((f) => f.message), ['For bad: "http://has space/ok" is not a valid URL once personalized.']);
    assert.equal(server.hitsOf('GET', '/ok'), before + 1, 'the valid one is checked');
  });

  it('flags an image URL that answers HTML, not one that answers an image; signed image URLs are checked', async () => {
    const html = `<img src="${o}/logo.png" alt=""><img src="${o}/logo-html?token=signed" alt="">`;
    const { findings } = await check(html);
    // A signed image URL is still checked: the inbox requests it on open anyway.
    assert.deepEqual(summary(html, findings), [`image-not-image: ${o}/logo-html?token=signed`]);
    assert.match(findings[0]!.message, /answers "text\/html", not an image/);
  });

  it('retries a 503 politely and reports the page that answers afterwards', async () => {
    const { findings, report } = await check(`<a href="${o}/flaky">x</a>`);
    assert.deepEqual(findings, []);
    assert.equal(server.hitsOf('GET', '/flaky'), 2);
    assert.equal(report.stats.requests, 2);
  });

  it('does not wait when a server asks for longer than it is worth: reported after one request', async () => {
    const { findings, report } = await check(`<a href="${o}/busy">x</a>`);
    // Not timed (a wall-clock bound flakes on a loaded machine): a retry delay is always followed by
    // the retry, so one request means no wait; waiting the 120 s asked would exceed the test's timeout.
    assert.equal(report.stats.requests, 1);
    assert.match(findings[0]!.message, /answers 429 Too Many Requests/);
  });

  it('follows each recipient\'s real URL: only the recipient whose page is missing is reported', async () => {
    const html = `<a href="${o}/user/{{ user.slug }}?ref=mail">Your page</a>`;
    const { findings } = await check(html);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.ruleId, 'link-broken');
    assert.match(findings[0]!.message, new RegExp(`^For grace \\(grace@example.test\\): ${o}/user/grace\\?ref=mail answers 404`));
    assert.equal(server.hitsOf('GET', '/user/ada'), 1);
    assert.equal(server.hitsOf('GET', '/user/grace'), 1);
  });

  it('gives recipients failing the same way one finding, listing their URLs', async () => {
    const html = `<a href="${o}/missing/{{ user.slug }}">x</a>`;
    const { findings } = await check(html);
    assert.deepEqual(findings.map((f) => f.message), [`For every recipient: their URL answers 404 Not Found (ada: ${o}/missing/ada, grace: ${o}/missing/grace).`]);
  });

  it('says when personalization cannot be filled in for a recipient, and requests nothing for it', async () => {
    const html = `<a href="${o}/p/{{ lookup order 'id' }}">x</a><a href="${o}/p/{{#if vip}}vip{{/if}}">y</a>`;
    const before = server.hitsUnder('/p/');
    const { findings } = await check(html);
    assert.deepEqual(findings.map((f) => f.ruleId), ['link-not-checked', 'link-not-checked']);
    assert.match(findings[1]!.message, /"\{\{#if vip\}\}", "\{\{\/if\}\}" cannot be filled in/);
    assert.match(findings[0]!.message, /For every recipient: Not checked: "\{\{ lookup order 'id' \}\}" cannot be filled in/);
    assert.equal(server.hitsUnder('/p/'), before);
  });

  it('requests each distinct URL once, however many links, recipients and templates share it', async () => {
    const before = server.hitsOf('GET', '/p/shared');
    const sameValue: Recipient[] = [{ id: 'x', email: '', fields: { v: '1' } }, { id: 'y', email: '', fields: { v: '1' } }];
    const text = `<a href="${o}/p/shared">a</a><a href="${o}/p/shared">b</a><a href="${o}/p/shared?v={{ v }}">c</a><a href="${o}/p/shared?v=1">d</a>`;
    const report = await checkLinks([{ id: 'a', text, options: ALLOW_LOCAL }, { id: 'b', text: `<a href="${o}/p/shared">x</a>`, options: ALLOW_LOCAL }], { recipients: sameValue, ...FAST });
    assert.equal(report.stats.urls, 2, '/p/shared and /p/shared?v=1');
    assert.equal(server.hitsOf('GET', '/p/shared') - before, 2);
    assert.equal(report.stats.links, 5);
  });

  it('keeps at most perHost requests in flight to one host, and uses them all', async () => {
    const slow = await startLinkServer({ latencyMs: 40 });
    try {
      const html = Array.from({ length: 24 }, (_, i) => `<a href="${slow.origin}/p/${i}">${i}</a>`).join('');
      const { findings, report } = await check(html, { perHost: 3, concurrency: 50 });
      assert.deepEqual(findings, []);
      assert.equal(report.stats.requests, 24);
      assert.equal(slow.maxInFlight(), 3);
    } finally {
      await slow.close();
    }
  });

  it('never sends GET to opt-out, mirror-page, never or one-time links, nor through a redirect to one', async () => {
    const html = [
      `<a href="${o}/unsubscribe?u={{ user.slug }}">Unsubscribe</a>`,
      `<a href="${o}/prefs" data-tracking="opt-out">Preferences</a>`,
      `<a href="${o}/view" data-tracking="mirror-page">View online</a>`,
      `<a href="${o}/legal" data-tracking="never">Legal</a>`,
      `<a href="${o}/account?token=abc">Account</a>`,
      `<a href="${o}/magic/xyz">Sign in</a>`,
      `<a href="${o}/auth/reset-password">Reset</a>`,
      `<a href="${o}/newsletter?action=double-opt-in">Confirm</a>`,
      `<a href="${o}/next-step">Confirm your address</a>`,
      '<a href="{{ OptinURL }}">Confirm (listmonk)</a>',
      '<a href="*|UNSUB|*">Unsubscribe (Mailchimp)</a>',
      `<img src="${o}/open.gif?m=42" width="1" height="1" alt="">`,
    ].join('\n');
    const { findings } = await check(html);
    for (const pathname of ['/open.gif', '/unsubscribe', '/prefs', '/view', '/legal', '/account', '/magic/xyz', '/auth/reset-password', '/newsletter', '/confirm/abc123']) {
      assert.equal(server.hitsOf('GET', pathname), 0, `no GET ${pathname}`);
      assert.equal(server.hitsOf('HEAD', pathname), 0, `no HEAD ${pathname} without --allow-head`);
    }
    assert.deepEqual(findings.map((f) => f.ruleId), Array(12).fill('link-not-checked'));
    assert.match(findings[11]!.message, /open-tracking pixel/);
    assert.match(findings[9]!.message, /platform built-in "OptinURL"/);
    assert.match(findings[10]!.message, /opt-out link/);
    assert.match(findings[0]!.message, /^For every recipient: Not checked: its path contains "unsubscribe"/);
    assert.match(findings[1]!.message, /opt-out link/);
    assert.match(findings[4]!.message, /parameter "token" looks like a one-time credential/);
    assert.match(findings[8]!.message, /redirects to .*\/confirm\/abc123, not requested because its path contains "confirm"/);
    assert.equal(server.hitsOf('GET', '/next-step'), 1, 'the harmless first hop is checked');
  });

  it('with allowHead, checks them with HEAD only; a server refusing HEAD leaves the link not checked', async () => {
    const html = `<a href="${o}/unsubscribe/x">u</a><a href="${o}/login/head-refused">l</a><a href="${o}/optout" data-tracking="opt-out">o</a>`;
    server.hits.clear();
    const { findings } = await check(html, { allowHead: true });
    assert.equal(server.hitsUnder('/', 'GET'), 0, 'no GET at all');
    assert.equal(server.hitsOf('HEAD', '/unsubscribe/x'), 1);
    assert.equal(server.hitsOf('HEAD', '/optout'), 1);
    assert.deepEqual(findings.map((f) => f.ruleId), []);
    // A harmless-looking link redirecting to a one-time action: GET up to it, HEAD from there.
    const redirected = await check(`<a href="${o}/next-step?via=head">x</a>`, { allowHead: true });
    assert.equal(server.hitsOf('GET', '/next-step'), 1);
    assert.equal(server.hitsOf('HEAD', '/confirm/abc123'), 1);
    assert.equal(server.hitsOf('GET', '/confirm/abc123'), 0);
    assert.deepEqual(redirected.findings, []);
    const refused = await check(`<a href="${o}/head-refused?token=1">x</a>`, { allowHead: true });
    assert.equal(server.hitsOf('GET', '/head-refused'), 0);
    assert.match(refused.findings[0]!.message, /does not answer HEAD requests \(405\)/);
  });

  it('does not request loopback or private addresses unless allowedHosts names them, by literal, by name or by redirect', async () => {
    server.hits.clear();
    const html = `<a href="${o}/ok">ip</a><a href="http://localhost:${server.port}/ok">name</a>`;
    const { findings } = await check(html, {}, {});
    assert.equal(server.hitsUnder('/'), 0, 'nothing reached the server');
    assert.deepEqual(findings.map((f) => f.ruleId), ['link-not-checked', 'link-not-checked']);
    assert.match(findings[0]!.message, /127\.0\.0\.1 is a loopback address; list it in allowedHosts/);
    assert.match(findings[1]!.message, /localhost resolves to .*loopback address/);
    // 127.0.0.1 with its port allowed, but a redirect from there to `localhost` is not followed.
    const redirect = await check(`<a href="${o}/to-localhost">ok</a>`, {}, { allowedHosts: [`127.0.0.1:${server.port}`] });
    assert.equal(server.hitsOf('GET', '/to-localhost'), 1);
    assert.equal(server.hitsOf('GET', '/ok'), 0);
    assert.deepEqual(redirect.findings.map((f) => f.ruleId), ['link-not-checked']);
    assert.match(redirect.findings[0]!.message, /localhost resolves to/);
  });

  it('classifies addresses and one-time URLs', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '[::1]', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1']) {
      assert.ok(blockedAddressReason(address), `${address} is blocked`);
    }
    for (const address of ['93.184.216.34', '2606:4700::1111', 'example.com']) assert.equal(blockedAddressReason(address), undefined, address);
    for (const url of ['https://e.com/unsubscribe', 'https://e.com/u/confirm-email', 'https://e.com/x?sig=1', 'https://e.com/?a=verify', 'https://e.com/sso/callback', 'https://e.com/Opt-Out']) {
      assert.ok(oneTimeActionReason(new URL(url)), url);
    }
    for (const url of ['https://e.com/author/ada', 'https://e.com/products?utm_campaign=password-reset-week', 'https://e.com/blog/our-speakers-2026']) {
      assert.equal(oneTimeActionReason(new URL(url)), undefined, url);
    }
  });

  it('uses the cache within its TTL and requests again after it', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'linktrace-cache-'));
    try {
      const file = path.join(directory, 'cache.json');
      const html = `<a href="${o}/p/cached">x</a><a href="${o}/missing?c=1">y</a>`;
      let now = 1_000_000;
      await check(html, { cache: await LinkCheckCache.open(file, 60_000, () => now) });
      const unsaved = await LinkCheckCache.open(file, 60_000, () => now);
      assert.equal(unsaved.get('GET', `${o}/p/cached`, '127.0.0.1'), undefined, 'nothing is written until save()');

      const cache = await LinkCheckCache.open(file, 60_000, () => now);
      await check(html, { cache });
      await cache.save();
      const hitsAfterSave = server.hitsOf('GET', '/p/cached');
      now += 30_000;
      const again = await check(html, { cache: await LinkCheckCache.open(file, 60_000, () => now) });
      assert.equal(server.hitsOf('GET', '/p/cached'), hitsAfterSave, 'no request within the TTL');
      assert.equal(again.report.stats.fromCache, 2);
      assert.equal(again.report.stats.requests, 0);
      assert.deepEqual(summary(html, again.findings), [`link-broken: ${o}/missing?c=1`], 'cached results give the same findings');
      now += 31_000;
      const expired = await check(html, { cache: await LinkCheckCache.open(file, 60_000, () => now) });
      assert.equal(expired.report.stats.fromCache, 0);
      assert.equal(server.hitsOf('GET', '/p/cached'), hitsAfterSave + 1);
      const other = await check(html, { cache: await LinkCheckCache.open(file, 60_000, () => now) }, {});
      assert.equal(other.report.stats.fromCache, 0, 'results under other allowedHosts are not reused');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('treats a damaged cache file as empty', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'linktrace-cache-'));
    try {
      const file = path.join(directory, 'cache.json');
      writeFileSync(file, '{"version":1,"entries":{"GET x":{"at":"soon"}}');
      const cache = await LinkCheckCache.open(file, 60_000);
      assert.equal(cache.get('GET', 'x'), undefined);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('stops when cancelled, says so, and sends none of the requests still queued', async () => {
    const controller = new AbortController();
    const html = Array.from({ length: 6 }, (_, i) => `<a href="${o}/slow?n=${i}">x</a>`).join('');
    const before = server.hitsOf('GET', '/slow');
    // /slow never answers: the check can only end here through the cancellation (its 60 s
    // timeout is far beyond mocha's), so no clock is needed to tell the two apart.
    const running = check(html, { signal: controller.signal, timeoutMs: 60_000, perHost: 2 });
    while (server.hitsOf('GET', '/slow') - before < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const { report } = await running;
    assert.equal(report.cancelled, true);
    assert.equal(server.hitsOf('GET', '/slow') - before, 2, 'only the two in flight were sent');
  });

  describe('TLS', () => {
    let tls: LinkServer;
    before(async () => {
      tls = await startSelfSignedServer();
    });
    after(() => tls.close());

    it('reports a self-signed certificate as a TLS error', async () => {
      const html = `<a href="${tls.origin}/ok">secure</a>`;
      const { findings } = await check(html);
      assert.deepEqual(summary(html, findings), [`link-tls: ${tls.origin}/ok`]);
      assert.match(findings[0]!.message, /TLS error on 127\.0\.0\.1:\d+: .*self[- ]signed/i);
      assert.equal(findings[0]!.severity, 'error');
    });
  });
});
