// Recipient pages opened through a forwarder: a real node:http reverse proxy on another loopback
// port that forwards like code-server (/proxy/PORT/ strips its prefix, /absproxy/PORT/ keeps it,
// Host stays the proxy's), and a port forward under another name. A test follows the links the
// way a browser does (resolved against the page's own address) and checks every click comes back
// through the same external address and is logged. The API and the stream stay loopback-only.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PrepareResult, TrackingLog } from '@linktrace/core';
import { parseRecipientPath, recipientLinkBase, RELATIVE_BASE } from '../src/public-base';
import { allowedHosts } from '../src/security';
import { api, pathOf, prepare, request, startTestDaemon, tryHandshake, type TestDaemon } from './support/daemon';
import { startTargetServer, type TargetServer } from './support/e2e-target';

interface Forwarder {
  url: string;
  /** Request targets the daemon received through this forwarder. */
  forwarded: string[];
  close(): Promise<void>;
}

/** code-server's path proxy, reduced to what matters: which path reaches the daemon, and its Host. */
async function startForwarder(daemonPort: number): Promise<Forwarder> {
  const forwarded: string[] = [];
  const server = http.createServer((req, res) => {
    const match = /^\/(proxy|absproxy)\/(\d+)(\/.*)?$/.exec(req.url ?? '');
    if (!match || Number(match[2]) !== daemonPort) {
      res.writeHead(404).end();
      return;
    }
    const path = match[1] === 'proxy' ? (match[3] ?? '/') : req.url!;
    forwarded.push(path);
    const upstream = http.request({ host: '127.0.0.1', port: daemonPort, method: req.method, path, headers: req.headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'user-agent': 'Mozilla/5.0 (forwarded test) Firefox/140.0', ...headers }, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      })
      .on('error', reject);
  });
}

/** href and src values of a page, resolved the way a browser does: against the page's address. */
function linksOf(html: string, pageUrl: string): { hrefs: string[]; images: string[] } {
  const resolve = (value: string) => new URL(value.replace(/&amp;/g, '&'), pageUrl).href;
  return {
    hrefs: [...html.matchAll(/href="([^"]+)"/g)].map((match) => resolve(match[1]!)),
    images: [...html.matchAll(/<img[^>]+src="([^"]+)"/g)].map((match) => resolve(match[1]!)),
  };
}

const TEMPLATE = (target: string) => `<!doctype html>
<html><body>
<p>Hello <%= recipient.firstName %></p>
<a href="${target}/sale?from=email" data-label="hero">Shop</a>
<a href="<%@ include view='MirrorPageUrl' %>">View in browser</a>
<a href="<%@ include view='UnsubscriptionLink' %>">Unsubscribe</a>
</body></html>
`;

describe('recipient pages through a forwarder', function () {
  this.timeout(20_000);
  let daemon: TestDaemon;
  let forwarder: Forwarder;
  let target: TargetServer;
  let prepared: PrepareResult;

  before(async () => {
    daemon = await startTestDaemon();
    forwarder = await startForwarder(daemon.port);
    target = await startTargetServer();
    prepared = await prepare(daemon, { template: TEMPLATE(target.url), name: 'forwarded.html', recipients: [{ id: 'ada', email: 'ada@example.test', fields: { firstName: 'Ada' } }] });
  });
  after(async () => {
    await forwarder.close();
    await target.close();
    await daemon.dispose();
  });

  const logsSince = async (seq: number) => (await api<{ logs: TrackingLog[] }>(daemon, 'GET', `/api/logs?after=${seq}`)).json.logs;
  const lastSeq = async () => (await api<{ lastSeq: number }>(daemon, 'GET', '/api/logs')).json.lastSeq;

  for (const kind of ['proxy', 'absproxy'] as const) {
    it(`/${kind}/PORT/: the email, its pixel, mirror, opt-out and click all stay under the external address`, async () => {
      const external = `${forwarder.url}/${kind}/${daemon.port}`;
      const recipient = prepared.delivery.recipients[0]!;
      const emailUrl = external + pathOf(recipient.emailUrl);
      const before = await lastSeq();
      const forwardedBefore = forwarder.forwarded.length;

      const email = await get(emailUrl);
      assert.equal(email.status, 200, email.text);
      assert.match(email.text, /Hello Ada/);
      const { hrefs, images } = linksOf(email.text, emailUrl);
      assert.equal(hrefs.length, 3, email.text);
      for (const url of [...hrefs, ...images]) assert.ok(url.startsWith(`${external}/`), `${url} stays under ${external}`);
      assert.ok(!email.text.includes(`127.0.0.1:${daemon.port}`), 'no loopback address of the daemon in a forwarded page');

      assert.equal((await get(images[0]!)).status, 200, 'open pixel');
      const mirror = await get(hrefs[1]!);
      assert.equal(mirror.status, 200);
      assert.match(mirror.text, /Hello Ada/);
      for (const url of linksOf(mirror.text, hrefs[1]!).hrefs) assert.ok(url.startsWith(`${external}/`), `mirror link ${url}`);
      assert.match((await get(hrefs[2]!)).text, /Unsubscribe/);

      const click = await get(hrefs[0]!);
      assert.equal(click.status, 302);
      assert.equal(click.headers.location, `${target.url}/sale?from=email`);

      const logs = await logsSince(before);
      assert.deepEqual(logs.map((log) => log.type), ['open', 'mirror', 'click']);
      assert.equal(logs[2]!.label, 'hero');
      const expectedPrefix = kind === 'absproxy' ? `/absproxy/${daemon.port}/` : '/';
      const forwarded = forwarder.forwarded.slice(forwardedBefore);
      assert.equal(forwarded.length, 5);
      assert.ok(forwarded.every((path) => path.startsWith(expectedPrefix)), forwarded.join(' '));
    });
  }

  it('a port forward under another host name gets relative links; the loopback address gets absolute ones', async () => {
    const recipient = prepared.delivery.recipients[0]!;
    const forwardedEmail = await request(daemon, { path: pathOf(recipient.emailUrl), headers: { host: 'fluffy-4178.app.github.dev' } });
    assert.equal(forwardedEmail.status, 200);
    assert.match(forwardedEmail.text, new RegExp(`href="${RELATIVE_BASE}/c/${prepared.delivery.id}/ada/`));
    assert.ok(!forwardedEmail.text.includes('fluffy'), 'a Host header is never echoed into a page');
    const direct = await request(daemon, { path: pathOf(recipient.emailUrl), headers: { host: `localhost:${daemon.port}` } });
    assert.match(direct.text, new RegExp(`href="http://localhost:${daemon.port}/c/${prepared.delivery.id}/ada/`));
    // A proxy that keeps the Host but says it forwarded: the page cannot know the outside address.
    const viaHeader = await request(daemon, { path: pathOf(recipient.emailUrl), headers: { 'x-forwarded-host': 'example.test' } });
    assert.match(viaHeader.text, new RegExp(`href="${RELATIVE_BASE}/c/`));
    assert.ok(!viaHeader.text.includes('example.test'), 'forwarding headers are never echoed into links');
  });

  it('the API, health check and stream stay loopback-only behind the forwarder', async () => {
    for (const kind of ['proxy', 'absproxy']) {
      for (const path of ['/api/logs', '/api/stats', '/healthz', `/api/deliveries/${prepared.delivery.id}`]) {
        const answer = await get(`${forwarder.url}/${kind}/${daemon.port}${path}`, { authorization: `Bearer ${daemon.token}` });
        assert.ok(answer.status === 421 || answer.status === 404, `${kind} ${path}: ${answer.status}`);
        assert.ok(!answer.text.includes(prepared.delivery.id), 'no API data');
      }
    }
    assert.deepEqual(await tryHandshake(daemon, { host: `127.0.0.1:${daemon.port + 1}`, authorization: `Bearer ${daemon.token}` }), { opened: false, status: 421 });
  });

  it('an unknown or forged id under a prefix is the same 404, and logs nothing', async () => {
    const before = await lastSeq();
    const id = prepared.delivery.id;
    for (const path of [`/absproxy/1/c/${id}/ada/nope`, `/a/../c/${id}/ada/L1`, `/%2e%2e/e/${id}/ada`, `/a.b/e/${id}/ada`, `${'/x'.repeat(9)}/e/${id}/ada`, `/x/e/${id}/ada/`]) {
      const answer = await request(daemon, { path, headers: { host: 'forwarded.example' } });
      assert.equal(answer.status, path.startsWith('/absproxy/') ? 404 : 421, path);
      assert.equal(answer.headers.location, undefined, path);
    }
    assert.deepEqual(await logsSince(before), []);
  });
});

describe('parseRecipientPath and recipientLinkBase', () => {
  it('reads the tracked part from the end, behind plain prefix segments only', () => {
    assert.deepEqual(parseRecipientPath('/c/D1/ada/L1'), { tracked: { route: 'c', deliveryId: 'D1', recipientId: 'ada', linkId: 'L1' }, prefix: '' });
    assert.deepEqual(parseRecipientPath('/absproxy/4178/e/D1/ada'), { tracked: { route: 'e', deliveryId: 'D1', recipientId: 'ada' }, prefix: '/absproxy/4178' });
    assert.deepEqual(parseRecipientPath('/absproxy/4178/c/D1/ada/L1')?.tracked.linkId, 'L1');
    for (const path of ['/api/logs', '/x/api/e/D1', '/absproxy/4178/', '/./e/D1/ada', '/x%2Fy/e/D1/ada', 'e/D1/ada', '/x/q/D1/ada']) {
      assert.equal(parseRecipientPath(path), undefined, path);
    }
  });

  it('links absolutely only for a request straight to one of the daemon\'s own names', () => {
    const own = allowedHosts(4178);
    assert.equal(recipientLinkBase({ host: 'localhost:4178' }, own, ''), 'http://localhost:4178');
    assert.equal(recipientLinkBase({ host: '127.0.0.1:4178' }, own, '/absproxy/4178'), RELATIVE_BASE);
    assert.equal(recipientLinkBase({ host: '127.0.0.1:8080' }, own, ''), RELATIVE_BASE);
    assert.equal(recipientLinkBase({ host: '127.0.0.1:4178', forwarded: 'host=x' }, own, ''), RELATIVE_BASE);
    assert.equal(recipientLinkBase({}, own, ''), RELATIVE_BASE);
  });
});
