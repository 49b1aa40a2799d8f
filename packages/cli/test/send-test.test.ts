// `linktrace send-test` against a real child daemon: the --json shape scripts rely on, tracked
// URLs that redirect over real HTTP, and the logs those requests leave, seen through
// `linktrace logs --json` and `linktrace report --json`.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DeliveryReport, TrackingLog } from '@linktrace/core';
import type { SendTestJson } from '../src/commands/send-test';
import { startCliDaemon, type CliDaemon } from './cli-process';
import { ensureCliBuilt, runCli, tempDir } from './run-cli';

const TEMPLATE = `<!doctype html><html><body>
<p><a href="<%@ include view='MirrorPageUrl' %>" data-tracking="mirror-page">View in your browser</a></p>
<h1>Hello <%= recipient.firstName %></h1>
<p><a href="https://shop.example/spring?utm_source=test" data-label="hero">Spring sale</a></p>
<p><a href="https://shop.example/account?member=<%= recipient.memberId %>" data-label="account">Your account</a></p>
<p><a href="mailto:help@shop.example">Write to us</a> <a href="https://shop.example/legal" data-tracking="never">Legal</a></p>
<p><a href="https://shop.example/unsubscribe" data-tracking="opt-out">Unsubscribe</a></p>
</body></html>
`;

const RECIPIENTS = [
  { id: 'ada', email: 'ada@example.test', fields: { firstName: 'Ada', memberId: 'NW-1' } },
  { id: 'grace', email: 'grace@example.test', fields: { firstName: 'Grace', memberId: 'NW-2' } },
];

describe('linktrace send-test, then logs --json and report --json', function () {
  this.timeout(60_000);
  let temp: ReturnType<typeof tempDir>;
  let daemon: CliDaemon;

  before(async function () {
    ensureCliBuilt();
    temp = tempDir('send-test');
    writeFileSync(path.join(temp.dir, 'spring.html'), TEMPLATE);
    writeFileSync(path.join(temp.dir, 'people.json'), JSON.stringify(RECIPIENTS));
    daemon = await startCliDaemon('data', temp.dir);
  });
  after(async function () {
    await daemon?.stop();
    temp?.remove();
  });

  it('without a daemon: says none is running for that directory and how to start one, exit 1', async function () {
    const result = await runCli(['send-test', 'spring.html', '--data', 'nowhere'], temp.dir);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`no daemon running for ${path.join(temp.dir, 'nowhere').replace(/[.\\/]/g, '\\$&')}; start one with \`linktrace daemon`));
  });

  it('with a daemon.json that is not an object (null, a list, a string): says no daemon is running, exit 1', async function () {
    for (const content of ['null', '[]', '"x"', '{"url": 1}']) {
      mkdirSync(path.join(temp.dir, 'odd'), { recursive: true });
      writeFileSync(path.join(temp.dir, 'odd', 'daemon.json'), content);
      const result = await runCli(['send-test', 'spring.html', '--data', 'odd'], temp.dir);
      assert.equal(result.code, 1, `${content}: ${result.stderr}`);
      assert.match(result.stderr, /no daemon running for .*names no running daemon/, content);
    }
  });

  it('prints the delivery as {deliveryId, recipients, links}; tracked URLs redirect and are logged, seen by logs and report', async function () {
    const result = await runCli(['send-test', 'spring.html', '--data', 'data', '--recipients', 'people.json', '--json'], temp.dir);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 1, 'one JSON document on one line');
    const sent = JSON.parse(lines[0]!) as SendTestJson;
    assert.deepEqual(Object.keys(sent), ['deliveryId', 'recipients', 'links']);
    const base = `${daemon.url}`;
    const id = sent.deliveryId;
    assert.match(id, /^[A-Za-z0-9_-]{16,}$/);
    assert.deepEqual(sent.recipients, RECIPIENTS.map((r) => ({
      id: r.id,
      email: r.email,
      emailUrl: `${base}/e/${id}/${r.id}`,
      mirrorUrl: `${base}/m/${id}/${r.id}`,
      optOutUrl: `${base}/u/${id}/${r.id}`,
    })));
    for (const link of sent.links) assert.deepEqual(Object.keys(link), ['linkId', 'url', 'type', 'label', 'trackedUrl']);
    const shape = sent.links.map(({ url, type, label, trackedUrl }) => ({ url, type, label, tracked: trackedUrl === null ? null : trackedUrl.slice(base.length, base.length + 3) }));
    assert.deepEqual(shape, [
      { url: "<%@ include view='MirrorPageUrl' %>", type: 'mirror-page', label: null, tracked: '/m/' },
      { url: 'https://shop.example/spring?utm_source=test', type: 'tracked', label: 'hero', tracked: '/c/' },
      { url: 'https://shop.example/account?member=<%= recipient.memberId %>', type: 'tracked', label: 'account', tracked: '/c/' },
      { url: 'mailto:help@shop.example', type: 'never', label: null, tracked: null },
      { url: 'https://shop.example/legal', type: 'never', label: null, tracked: null },
      { url: 'https://shop.example/unsubscribe', type: 'opt-out', label: null, tracked: '/u/' },
    ]);
    const [hero, account] = sent.links.filter((link) => link.type === 'tracked');
    assert.equal(hero!.trackedUrl, `${base}/c/${id}/ada/${hero!.linkId}`);

    // Over real HTTP: the email shows, each tracked URL redirects (personalized), the mirror page shows.
    const email = await fetch(sent.recipients[0]!.emailUrl);
    assert.equal(email.status, 200);
    assert.match(await email.text(), /<h1>Hello Ada<\/h1>/);
    const heroClick = await fetch(hero!.trackedUrl!, { redirect: 'manual' });
    assert.deepEqual([heroClick.status, heroClick.headers.get('location')], [302, 'https://shop.example/spring?utm_source=test']);
    const accountClick = await fetch(account!.trackedUrl!.replace('/ada/', '/grace/'), { redirect: 'manual' });
    assert.deepEqual([accountClick.status, accountClick.headers.get('location')], [302, 'https://shop.example/account?member=NW-2']);
    const mirror = await fetch(sent.recipients[1]!.mirrorUrl);
    assert.equal(mirror.status, 200);
    assert.match(await mirror.text(), /Hello Grace/);

    const logs = await runCli(['logs', '--data', 'data', '--json'], temp.dir);
    assert.equal(logs.code, 0, logs.stderr);
    const parsed = logs.stdout.trim().split('\n').map((line) => JSON.parse(line) as TrackingLog);
    assert.deepEqual(
      parsed.map(({ seq, type, deliveryId, recipientId, linkId, url, label }) => ({ seq, type, deliveryId, recipientId, linkId, url, label })),
      [
        { seq: 1, type: 'click', deliveryId: id, recipientId: 'ada', linkId: hero!.linkId, url: 'https://shop.example/spring?utm_source=test', label: 'hero' },
        { seq: 2, type: 'click', deliveryId: id, recipientId: 'grace', linkId: account!.linkId, url: 'https://shop.example/account?member=NW-2', label: 'account' },
        { seq: 3, type: 'mirror', deliveryId: id, recipientId: 'grace', linkId: undefined, url: undefined, label: undefined },
      ],
    );
    assert.ok(parsed.every((log) => typeof log.at === 'string' && typeof log.userAgent === 'string'));

    const report = await runCli(['report', '--data', 'data', '--json'], temp.dir);
    assert.equal(report.code, 0, report.stderr);
    const figures = JSON.parse(report.stdout) as DeliveryReport;
    assert.equal(figures.deliveryId, id, 'the latest delivery by default');
    assert.equal(figures.recipients, 2);
    assert.equal(figures.clicks.total.raw, 2);
    assert.equal(figures.clicks.unique.raw, 2);
    assert.equal(figures.mirrorViews.total.raw, 1);
    const perLink = Object.fromEntries(figures.links.filter((link) => link.type === 'tracked').map((link) => [link.label, link.total.raw]));
    assert.deepEqual(perLink, { hero: 1, account: 1 });
    const history = Object.fromEntries(figures.perRecipient.map((r) => [r.id, r.history.map((h) => h.type)]));
    assert.deepEqual(history, { ada: ['click'], grace: ['click', 'mirror'] });
  });

  it('without --json prints each test email URL to open, and they answer', async function () {
    const result = await runCli(['send-test', 'spring.html', '--data', 'data'], temp.dir);
    assert.equal(result.code, 0, result.stderr);
    const urls = [...result.stdout.matchAll(/http:\/\/127\.0\.0\.1:\d+\/e\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+/g)].map((m) => m[0]);
    assert.equal(urls.length, 2, result.stdout);
    for (const url of urls) assert.equal((await fetch(url)).status, 200);
    assert.match(result.stdout, /linktrace logs --follow --data /);
  });

  it('reports personalization it cannot resolve, naming file, line and recipients', async function () {
    writeFileSync(path.join(temp.dir, 'gap.html'), '<p>\n<a href="https://shop.example/?c=<%= recipient.coupon %>">Shop</a></p>');
    const result = await runCli(['send-test', 'gap.html', '--data', 'data'], temp.dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /gap\.html:2: <%= recipient\.coupon %> is left as written \(no data for /);
  });

  it('refuses a missing template, a binary file and a broken recipients file with exit 2', async function () {
    const missing = await runCli(['send-test', 'nope.html', '--data', 'data'], temp.dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.html: file not found/);
    writeFileSync(path.join(temp.dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
    const binary = await runCli(['send-test', 'image.png', '--data', 'data'], temp.dir);
    assert.equal(binary.code, 2);
    assert.match(binary.stderr, /image\.png: looks binary/);
    writeFileSync(path.join(temp.dir, 'bad.json'), '[{"id": "x"}]');
    const badRecipients = await runCli(['send-test', 'spring.html', '--data', 'data', '--recipients', 'bad.json'], temp.dir);
    assert.equal(badRecipients.code, 2);
    assert.match(badRecipients.stderr, /bad\.json: recipients\[0\]\.email must be an email address/);
    const none = await runCli(['send-test', '--data', 'data'], temp.dir);
    assert.equal(none.code, 2);
  });

  it('says an oversized template is too large, with its size and the limit, exit 2, without asking the daemon', async () => {
    const stats = await runCli(['logs', '--json', '--data', 'data'], temp.dir);
    writeFileSync(path.join(temp.dir, 'huge.html'), `<p>${'x'.repeat(3 * 1024 * 1024)}</p>`);
    const huge = await runCli(['send-test', 'huge.html', '--data', 'data'], temp.dir);
    assert.equal(huge.code, 2);
    assert.match(huge.stderr, /^linktrace send-test: huge\.html is too large for a test delivery \(3072 KiB of template; the daemon takes up to 2048 KiB\)\.\n$/);
    assert.equal((await runCli(['logs', '--json', '--data', 'data'], temp.dir)).stdout, stats.stdout, 'nothing was prepared or logged');
  });
});
