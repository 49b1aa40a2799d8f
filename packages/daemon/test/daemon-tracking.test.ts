import assert from 'node:assert/strict';
import type { PrepareResult, TrackingLog } from '@linktrace/core';
import { PIXEL_GIF } from '../src/routes/tracking';
import { api, assertHealthy, pathOf, prepare, request, startTestDaemon, StreamClient, type TestDaemon } from './support/daemon';

const TEMPLATE = `<!doctype html>
<html><body>
<p>Hello <%= recipient.firstName %> from <%= recipient.city %></p>
<a href="https://shop.example.com/p?who=<%= escapeUrl(recipient.email) %>&amp;src=mail" data-label="hero">Shop</a>
<a href="https://news.example.com/<%= recipient.id %>">News</a>
<a href="https://never.example.com/x" data-tracking="never">Not tracked</a>
<a href="mailto:help@example.com">Mail us</a>
<a href="tel:+15550100">Call</a>
<a href="<%@ include view='MirrorPageUrl' %>">View in browser</a>
<a href="<%@ include view='UnsubscriptionLink' %>">Unsubscribe</a>
</body></html>
`;

const RECIPIENTS = [
  { id: 'ada', email: 'ada+test@example.test', fields: { firstName: 'Ada', city: 'London' } },
  { id: 'eve', email: 'eve@example.test', fields: { firstName: '<script>alert(1)</script>', city: 'Q&A "town"' } },
];

function linkBySource(prepared: PrepareResult, sourceId: string) {
  const link = prepared.delivery.links.find((candidate) => candidate.sourceId === sourceId);
  assert.ok(link, `link ${sourceId} registered`);
  return link;
}

function clickPath(prepared: PrepareResult, recipientId: string, linkId: string): string {
  return `/c/${prepared.delivery.id}/${recipientId}/${linkId}`;
}

describe('daemon tracking routes', () => {
  let daemon: TestDaemon;
  let prepared: PrepareResult;

  before(async () => {
    daemon = await startTestDaemon();
    prepared = await prepare(daemon, { template: TEMPLATE, name: 'welcome.html', recipients: RECIPIENTS });
  });
  after(() => daemon.dispose());

  it('registers links and bare URLs under random ids, with type, label and line, and no images', () => {
    const { links } = prepared.delivery;
    assert.deepEqual(
      links.map((link) => [link.sourceId, link.type, link.label, link.line]),
      [
        ['L1', 'tracked', 'hero', 4],
        ['L2', 'tracked', undefined, 5],
        ['L3', 'never', undefined, 6],
        ['L4', 'never', undefined, 7],
        ['L5', 'never', undefined, 8],
        ['L6', 'mirror-page', undefined, 9],
        ['L7', 'opt-out', undefined, 10],
      ],
    );
    for (const link of links) assert.match(link.linkId, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(new Set(links.map((link) => link.linkId)).size, links.length);
    assert.equal(prepared.delivery.name, 'welcome.html');
    assert.ok(prepared.delivery.recipients[0]!.emailUrl.startsWith(`http://127.0.0.1:${daemon.port}/e/`));
  });

  it('serves the tracked, personalized email: tracked links redirect, Never and mailto:/tel: links stay as written', async () => {
    const response = await request(daemon, { path: pathOf(prepared.delivery.recipients[0]!.emailUrl) });
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    const html = response.text;
    const base = `http://127.0.0.1:${daemon.port}`;
    const id = prepared.delivery.id;
    assert.ok(html.includes('<p>Hello Ada from London</p>'));
    assert.ok(html.includes(`href="${base}/c/${id}/ada/${linkBySource(prepared, 'L1').linkId}"`));
    assert.ok(html.includes(`href="${base}/c/${id}/ada/${linkBySource(prepared, 'L2').linkId}"`));
    assert.ok(html.includes('<a href="https://never.example.com/x" data-tracking="never">Not tracked</a>'));
    assert.ok(html.includes('<a href="mailto:help@example.com">Mail us</a>'));
    assert.ok(html.includes('<a href="tel:+15550100">Call</a>'));
    assert.ok(html.includes(`href="${base}/m/${id}/ada"`));
    assert.ok(html.includes(`href="${base}/u/${id}/ada"`));
    assert.ok(html.includes(`<img src="${base}/o/${id}/ada" width="1" height="1"`), 'open pixel before </body>');
    assert.ok(html.indexOf('/o/') < html.indexOf('</body>'));
  });

  it('redirects a click to the registered URL personalized for the recipient, after logging it, and streams the log', async () => {
    const stream = await StreamClient.connect(daemon);
    try {
      const subscribed = await stream.call({ id: 1, type: 'subscribe', after: 0 } as never);
      assert.equal(subscribed.type, 'result');
      const cursor = (subscribed as { result: { lastSeq: number } }).result.lastSeq;

      const hero = linkBySource(prepared, 'L1');
      const response = await request(daemon, { path: clickPath(prepared, 'ada', hero.linkId) });
      assert.equal(response.status, 302);
      assert.equal(response.headers.location, 'https://shop.example.com/p?who=ada%2Btest%40example.test&src=mail');

      // The 302 is only sent once the log is durable: it is already readable through the API.
      const { json } = await api<{ logs: TrackingLog[] }>(daemon, 'GET', `/api/logs?after=${cursor}&delivery=${prepared.delivery.id}`);
      const stored = json.logs.find((log) => log.type === 'click' && log.linkId === hero.linkId);
      assert.ok(stored, 'click stored');
      assert.equal(stored.recipientId, 'ada');
      assert.equal(stored.url, 'https://shop.example.com/p?who=ada%2Btest%40example.test&src=mail');
      assert.equal(stored.label, 'hero');
      assert.equal(stored.machine, undefined);

      await stream.until((messages) => messages.some((m) => m.type === 'log' && m.log.seq === stored.seq), 'the click on the stream');
      assert.deepEqual(stream.logs().find((log) => log.seq === stored.seq), stored);

      const news = await request(daemon, { path: clickPath(prepared, 'eve', linkBySource(prepared, 'L2').linkId) });
      assert.equal(news.headers.location, 'https://news.example.com/eve');
    } finally {
      await stream.close();
    }
  });

  it('serves the open pixel as an uncacheable 1x1 GIF and logs an open', async () => {
    const before = (await api<{ lastSeq: number }>(daemon, 'GET', '/api/logs')).json.lastSeq;
    const response = await request(daemon, { path: `/o/${prepared.delivery.id}/eve` });
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'image/gif');
    assert.equal(response.headers['cache-control'], 'no-store, no-cache, must-revalidate');
    assert.deepEqual(response.body, PIXEL_GIF);
    assert.equal(response.body.subarray(0, 6).toString('latin1'), 'GIF89a');
    assert.equal(response.body.readUInt16LE(6), 1);
    assert.equal(response.body.readUInt16LE(8), 1);
    const { json } = await api<{ logs: TrackingLog[] }>(daemon, 'GET', `/api/logs?after=${before}`);
    assert.deepEqual(json.logs.map((log) => [log.type, log.recipientId]), [['open', 'eve']]);
  });

  it('serves the mirror page personalized, escaping recipient data, and logs a mirror view', async () => {
    const before = (await api<{ lastSeq: number }>(daemon, 'GET', '/api/logs')).json.lastSeq;
    const response = await request(daemon, { path: pathOf(prepared.delivery.recipients[1]!.mirrorUrl) });
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-security-policy']), /default-src 'none'/);
    assert.ok(response.text.includes('<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; from Q&amp;A &quot;town&quot;</p>'));
    assert.ok(!response.text.includes('<script>'));
    assert.ok(!response.text.includes('/o/'), 'the mirror page does not count an open');
    const { json } = await api<{ logs: TrackingLog[] }>(daemon, 'GET', `/api/logs?after=${before}`);
    assert.deepEqual(json.logs.map((log) => [log.type, log.recipientId]), [['mirror', 'eve']]);
  });

  it('opt-out: GET shows a form posting to itself, POST opts out and logs it', async () => {
    const path = `/u/${prepared.delivery.id}/ada`;
    const form = await request(daemon, { path });
    assert.equal(form.status, 200);
    assert.match(form.text, /<form method="post">/);
    assert.match(form.text, /name="List-Unsubscribe" value="One-Click"/);
    assert.ok(form.text.includes('ada+test@example.test'));
    const before = (await api<{ lastSeq: number }>(daemon, 'GET', '/api/logs')).json.lastSeq;

    const posted = await request(daemon, {
      method: 'POST',
      path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://127.0.0.1:${daemon.port}` },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(posted.status, 200);
    assert.match(posted.text, /opted out/);
    const { json } = await api<{ logs: TrackingLog[] }>(daemon, 'GET', `/api/logs?after=${before}`);
    assert.deepEqual(json.logs.map((log) => [log.type, log.recipientId]), [['optout', 'ada']]);
    const listed = await api<{ id: string; recipients: { id: string; optedOut: boolean }[] }[]>(daemon, 'GET', '/api/deliveries');
    const delivery = listed.json.find((candidate) => candidate.id === prepared.delivery.id)!;
    assert.deepEqual(delivery.recipients.map((r) => [r.id, r.optedOut]), [['ada', true], ['eve', false]]);
  });

  it('opt-out: an RFC 8058 one-click POST works without the form, and a POST without the field is refused', async () => {
    const path = `/u/${prepared.delivery.id}/eve`;
    const refused = await request(daemon, { method: 'POST', path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'foo=bar' });
    assert.equal(refused.status, 400);
    const oneClick = await request(daemon, {
      method: 'POST',
      path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0 (compatible; GoogleMailUnsubscribe)' },
      body: 'List-Unsubscribe=One-Click',
    });
    assert.equal(oneClick.status, 200);
    const report = await api<{ optOuts: { unique: { raw: number } }; perRecipient: { id: string; optedOut: boolean }[] }>(
      daemon,
      'GET',
      `/api/reports/${prepared.delivery.id}`,
    );
    assert.equal(report.json.optOuts.unique.raw, 2);
    assert.ok(report.json.perRecipient.every((recipient) => recipient.optedOut));
  });

  it('answers unknown or forged ids with a plain 404 and never a Location', async () => {
    const id = prepared.delivery.id;
    const hero = linkBySource(prepared, 'L1').linkId;
    const forged = [
      `/c/${id}/ada/AAAAAAAAAAAAAAAAAAAAAA`,
      `/c/AAAAAAAAAAAAAAAAAAAAAA/ada/${hero}`,
      `/c/${id}/nobody/${hero}`,
      `/c/${id}/ada/${hero}/extra`,
      `/c/${id}/ada/${hero}%2F..`,
      `/o/${id}/nobody`,
      `/m/AAAAAAAAAAAAAAAAAAAAAA/ada`,
      `/u/${id}/nobody`,
      `/e/${id}/<script>`,
    ];
    for (const path of forged) {
      const response = await request(daemon, { path });
      assert.equal(response.status, 404, path);
      assert.equal(response.headers.location, undefined, path);
      assert.match(response.text, /Not found/, path);
    }
    await assertHealthy(daemon);
  });

  it('never redirects to a URL that is not a registered tracked http(s) link', async () => {
    // Never, mailto:, mirror and opt-out links are registered but are not redirect targets.
    for (const sourceId of ['L3', 'L4', 'L5', 'L6', 'L7']) {
      const response = await request(daemon, { path: clickPath(prepared, 'ada', linkBySource(prepared, sourceId).linkId) });
      assert.equal(response.status, 404, sourceId);
      assert.equal(response.headers.location, undefined, sourceId);
    }
    // Query strings cannot steer the redirect.
    const hero = linkBySource(prepared, 'L1').linkId;
    const steered = await request(daemon, { path: `${clickPath(prepared, 'ada', hero)}?url=https://evil.example/&to=//evil.example` });
    assert.equal(steered.status, 302);
    assert.equal(steered.headers.location, 'https://shop.example.com/p?who=ada%2Btest%40example.test&src=mail');
  });

  it('refuses a tracked link whose personalized target is not http(s)', async () => {
    const risky = await prepare(daemon, {
      template: '<a href="<%= recipient.target %>">Go</a>',
      dialect: 'campaign',
      recipients: [{ id: 'm', email: 'm@example.test', fields: { target: 'javascript:alert(1)' } }],
    });
    const link = risky.delivery.links[0]!;
    assert.equal(link.type, 'tracked');
    const response = await request(daemon, { path: `/c/${risky.delivery.id}/m/${link.linkId}` });
    assert.equal(response.status, 404);
    assert.equal(response.headers.location, undefined);
  });

  it('reports each figure raw and human, flagging scanner user agents and HEAD requests as machine traffic', async () => {
    const fresh = await prepare(daemon, { template: TEMPLATE, recipients: RECIPIENTS });
    const hero = fresh.delivery.links[0]!.linkId;
    const click = (recipientId: string, method: string, userAgent: string) =>
      request(daemon, { method, path: `/c/${fresh.delivery.id}/${recipientId}/${hero}`, headers: { 'user-agent': userAgent } });
    assert.equal((await click('ada', 'GET', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36')).status, 302);
    assert.equal((await click('eve', 'GET', 'Barracuda Sentinel (EE)')).status, 302);
    assert.equal((await click('eve', 'HEAD', 'Mozilla/5.0 Firefox/140.0')).status, 302);
    await request(daemon, { path: `/o/${fresh.delivery.id}/ada` });

    const { json: report } = await api<import('@linktrace/core').DeliveryReport>(daemon, 'GET', `/api/reports/${fresh.delivery.id}`);
    assert.deepEqual(report.clicks, { total: { raw: 3, human: 1 }, unique: { raw: 2, human: 1 } });
    assert.deepEqual(report.links[0]!.total, { raw: 3, human: 1 });
    assert.deepEqual(report.labels, [{ label: 'hero', total: { raw: 3, human: 1 }, unique: { raw: 2, human: 1 } }]);
    assert.deepEqual(report.opens.unique, { raw: 1, human: 1 });
    assert.deepEqual(report.clickThrough, { raw: 1, human: 0.5 });
    assert.deepEqual(report.reactivity, { raw: 2, human: 1 });
    const eve = report.perRecipient.find((recipient) => recipient.id === 'eve')!;
    assert.deepEqual(eve.history.map((entry) => entry.machine), ['user agent: Barracuda link scanner', 'HEAD request']);
    assert.equal(report.perRecipient.find((recipient) => recipient.id === 'ada')!.history[0]!.machine, undefined);
  });

  it('flags a burst of distinct clicks within a second of the email being served', async () => {
    const fresh = await prepare(daemon, { template: TEMPLATE, recipients: RECIPIENTS });
    const [first, second] = fresh.delivery.links;
    await request(daemon, { path: `/e/${fresh.delivery.id}/ada` });
    await request(daemon, { path: `/c/${fresh.delivery.id}/ada/${first!.linkId}` });
    await request(daemon, { path: `/c/${fresh.delivery.id}/ada/${second!.linkId}` });
    const { json: report } = await api<import('@linktrace/core').DeliveryReport>(daemon, 'GET', `/api/reports/${fresh.delivery.id}`);
    const history = report.perRecipient.find((recipient) => recipient.id === 'ada')!.history;
    assert.equal(history.length, 2);
    assert.ok(history.every((entry) => entry.machine?.startsWith('burst')), JSON.stringify(history));
    assert.deepEqual(report.clicks.total, { raw: 2, human: 0 });
  });
});
