// The daemon serves any browser on the machine: these tests play the hostile page (DNS rebinding,
// cross-site WebSocket hijacking, CORS), the hostile local client (no token, bad frames, huge
// bodies, path traversal) and the hostile logged data (a user agent carrying markup), each
// against a real daemon on an ephemeral loopback port, and check the daemon keeps serving.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MAX_PREPARE_BYTES, WS_MAX_PAYLOAD, type PrepareResult, type TrackingLog } from '@linktrace/core';
import { startDaemon } from '../src/index';
import { api, assertHealthy, pathOf, prepare, request, startTestDaemon, StreamClient, tryHandshake, type RawResponse, type TestDaemon } from './support/daemon';

const TEMPLATE = `<!doctype html>
<html><body>
<p>Hello <%= recipient.firstName %></p>
<a href="https://shop.example.com/sale" data-label="hero">Shop</a>
<a href="<%@ include view='MirrorPageUrl' %>">View in browser</a>
<a href="<%@ include view='UnsubscriptionLink' %>">Unsubscribe</a>
</body></html>
`;

const HOSTILE_UA = '<script>alert("ua")</script><img src=x onerror=alert(1)>';

function assertSecurityHeaders(response: RawResponse, what: string): void {
  assert.match(String(response.headers['cache-control']), /\bno-store\b/, `${what}: Cache-Control no-store`);
  assert.equal(response.headers['referrer-policy'], 'no-referrer', `${what}: Referrer-Policy`);
  for (const name of Object.keys(response.headers)) assert.ok(!name.startsWith('access-control-'), `${what}: no CORS header, got ${name}`);
}

/** Strict: nothing may run, nothing may frame the page, forms post only back here. */
function assertStrictCsp(response: RawResponse, what: string): void {
  const csp = String(response.headers['content-security-policy'] ?? '');
  const directives = new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).filter((part) => part[0]).map(([name, ...values]) => [name!, values]));
  assert.deepEqual(directives.get('default-src'), ["'none'"], `${what}: default-src 'none' in ${JSON.stringify(csp)}`);
  assert.ok(!directives.has('script-src') && !directives.has('script-src-elem') && !directives.has('script-src-attr'), `${what}: no script source allowed`);
  assert.ok(!/unsafe-eval|\*/.test(csp), `${what}: no unsafe-eval or wildcard`);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"], `${what}: frame-ancestors 'none'`);
  assert.deepEqual(directives.get('base-uri'), ["'none'"], `${what}: base-uri 'none'`);
  assert.deepEqual(directives.get('form-action'), ["'self'"], `${what}: form-action 'self'`);
}

/** Completes a WebSocket handshake over a plain TCP socket so tests can write any bytes afterwards. */
async function rawWebSocket(daemon: TestDaemon): Promise<{ socket: net.Socket; received: () => Buffer; closed: Promise<void> }> {
  const socket = net.connect(daemon.port, '127.0.0.1');
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (buffer = Buffer.concat([buffer, chunk])));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    [
      'GET /ws HTTP/1.1',
      `Host: 127.0.0.1:${daemon.port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Authorization: Bearer ${daemon.token}`,
      '',
      '',
    ].join('\r\n'),
  );
  const deadline = Date.now() + 5000;
  while (!buffer.includes('\r\n\r\n')) {
    if (Date.now() > deadline) throw new Error(`no handshake answer: ${buffer.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const headerEnd = buffer.indexOf('\r\n\r\n') + 4;
  assert.match(buffer.subarray(0, headerEnd).toString(), /^HTTP\/1\.1 101 /);
  return { socket, received: () => buffer.subarray(headerEnd), closed };
}

/** A client frame (clients must mask) with the given opcode and payload. */
function maskedFrame(opcode: number, payload: Buffer): Buffer {
  assert.ok(payload.length < 126);
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

/** The status code of the first close frame among server frames (unmasked, short payloads). */
function closeCode(frames: Buffer): number | undefined {
  let at = 0;
  while (at + 2 <= frames.length) {
    const opcode = frames[at]! & 0x0f;
    let length = frames[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = frames.readUInt16BE(at + 2);
      start += 2;
    } else if (length === 127) return undefined;
    if (opcode === 0x8) return length >= 2 ? frames.readUInt16BE(start) : 1005;
    at = start + length;
  }
  return undefined;
}

function listeningAddresses(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [address, localPort] = (fields[1] ?? '').split(':');
      if (localPort === hex && fields[3] === '0A') found.push(address!);
    }
  }
  return found;
}

describe('daemon security', () => {
  let daemon: TestDaemon;
  let prepared: PrepareResult;
  let recipientId: string;
  let clickPath: string;

  before(async () => {
    daemon = await startTestDaemon();
    prepared = await prepare(daemon, { template: TEMPLATE, name: 'security.html', recipients: [{ id: 'ada', email: 'ada@example.test', fields: { firstName: 'Ada' } }] });
    recipientId = prepared.delivery.recipients[0]!.id;
    const hero = prepared.delivery.links.find((link) => link.label === 'hero')!;
    clickPath = `/c/${prepared.delivery.id}/${recipientId}/${hero.linkId}`;
  });
  after(() => daemon.dispose());

  describe('DNS rebinding: only loopback Host headers', () => {
    const foreignHosts = (port: number) => [
      `evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost.evil.example:${port}`,
      `localhost.:${port}`,
      `127.0.0.1:${port + 1}`,
      `127.0.0.1`,
      `[::2]:${port}`,
      `evil.example`,
    ];

    it('refuses the API, health check and unknown paths with 421 and no content', async () => {
      const before = (await api<{ lastSeq: number }>(daemon, 'GET', '/api/logs')).json.lastSeq;
      // Recipient pages answer under any Host (forwarded ports): daemon-forwarded.test.ts.
      const paths = ['/healthz', '/api/stats', '/api/logs', `/api/deliveries/${prepared.delivery.id}`, `/absproxy/${daemon.port}/api/logs`, '/nope'];
      for (const host of foreignHosts(daemon.port)) {
        for (const target of paths) {
          const response = await request(daemon, { path: target, headers: { host, authorization: `Bearer ${daemon.token}` } });
          assert.equal(response.status, 421, `${host} ${target}`);
          assert.equal(response.headers.location, undefined);
          assert.ok(!response.text.includes('Hello'), 'no page content');
          assertSecurityHeaders(response, `${host} ${target}`);
        }
      }
      const { json } = await api<{ logs: TrackingLog[] }>(daemon, 'GET', `/api/logs?after=${before}`);
      assert.deepEqual(json.logs, []);
    });

    it('refuses a request without any Host header (HTTP/1.0) and a duplicated one', async () => {
      const raw = async (head: string): Promise<string> => {
        const socket = net.connect(daemon.port, '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        socket.write(head);
        await new Promise<void>((resolve) => socket.once('close', () => resolve()));
        return answer;
      };
      assert.match(await raw('GET /healthz HTTP/1.0\r\n\r\n'), /^HTTP\/1\.1 421 /);
      const duplicated = await raw(`GET /healthz HTTP/1.1\r\nHost: evil.example:${daemon.port}\r\nHost: 127.0.0.1:${daemon.port}\r\nConnection: close\r\n\r\n`);
      assert.match(duplicated, /^HTTP\/1\.1 (400|421) /);
    });

    it('answers the loopback names with the port, in any letter case', async () => {
      for (const host of [`127.0.0.1:${daemon.port}`, `localhost:${daemon.port}`, `LocalHost:${daemon.port}`, `[::1]:${daemon.port}`]) {
        assert.equal((await request(daemon, { path: '/healthz', headers: { host } })).status, 200, host);
      }
    });

    it('refuses the WebSocket upgrade from a foreign Host, even with the right token', async () => {
      for (const host of foreignHosts(daemon.port)) {
        const outcome = await tryHandshake(daemon, { host, authorization: `Bearer ${daemon.token}` });
        assert.deepEqual(outcome, { opened: false, status: 421 }, host);
      }
      await assertHealthy(daemon);
    });
  });

  describe('WebSocket handshake', () => {
    it('requires the bearer token: missing, wrong, truncated or in the query string is 401', async () => {
      const attempts: [Record<string, string>, string][] = [
        [{}, '/ws'],
        [{ authorization: `Bearer ${'0'.repeat(64)}` }, '/ws'],
        [{ authorization: `Bearer ${daemon.token.slice(0, 32)}` }, '/ws'],
        [{ authorization: `Bearer ${daemon.token}x` }, '/ws'],
        [{ authorization: `Basic ${Buffer.from(`x:${daemon.token}`).toString('base64')}` }, '/ws'],
        [{ authorization: daemon.token }, '/ws'],
        [{}, `/ws?token=${daemon.token}`],
      ];
      for (const [headers, target] of attempts) {
        assert.deepEqual(await tryHandshake(daemon, headers, target), { opened: false, status: 401 }, JSON.stringify(headers) + target);
      }
    });

    it('refuses every browser Origin with 403, IP-address and loopback origins included, even with the right token', async () => {
      const port = daemon.port;
      const origins = ['https://evil.example', `http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`, 'http://192.168.1.20', 'null', 'vscode-webview://abc'];
      for (const origin of origins) {
        const outcome = await tryHandshake(daemon, { authorization: `Bearer ${daemon.token}`, origin });
        assert.deepEqual(outcome, { opened: false, status: 403 }, origin);
      }
      // The same client without an Origin gets in: the refusals above were about the Origin.
      assert.deepEqual(await tryHandshake(daemon, { authorization: `Bearer ${daemon.token}` }), { opened: true });
    });

    it('closes a socket sending a message over maxPayload with 1009, and keeps serving the others', async () => {
      const bystander = await StreamClient.connect(daemon);
      const client = await StreamClient.connect(daemon);
      client.socket.send('x'.repeat(WS_MAX_PAYLOAD + 1));
      assert.equal((await client.waitForClose()).code, 1009);
      assert.equal(bystander.closed, undefined);
      assert.equal((await bystander.call({ type: 'ping', id: 1 })).type, 'result');
      await bystander.close();
      await assertHealthy(daemon);
    });

    it('closes a socket sending invalid UTF-8 in a text frame with 1007, and keeps serving', async () => {
      const bystander = await StreamClient.connect(daemon);
      for (const bytes of [[0xc3, 0x28], [0xff, 0xfe], [0xed, 0xa0, 0x80], [0x7b, 0x22, 0xf0, 0x28, 0x8c]]) {
        const raw = await rawWebSocket(daemon);
        raw.socket.write(maskedFrame(0x1, Buffer.from(bytes)));
        await raw.closed;
        assert.equal(closeCode(raw.received()), 1007, `bytes ${bytes.map((b) => b.toString(16)).join(' ')}`);
      }
      assert.equal((await bystander.call({ type: 'ping', id: 2 })).type, 'result');
      await bystander.close();
      await assertHealthy(daemon);
    });

    it('survives a client that vanishes mid-frame', async () => {
      const raw = await rawWebSocket(daemon);
      // Announces 100 bytes, sends 3, then resets the connection.
      raw.socket.write(Buffer.from([0x81, 0x80 | 100, 1, 2, 3, 4, 5, 6, 7]));
      raw.socket.resetAndDestroy();
      await raw.closed;
      await assertHealthy(daemon);
    });

    it('answers malformed JSON, unknown types and binary frames with an error reply and keeps the connection', async () => {
      const client = await StreamClient.connect(daemon);
      for (const text of ['{', 'null', '[]', '"subscribe"', '{"type":"nope","id":7}', '{"type":"subscribe","after":-1,"id":8}', '{"type":"__proto__","id":9}', '['.repeat(30_000) + ']'.repeat(30_000), `{"type":"ping","id":${'['.repeat(30_000)}${']'.repeat(30_000)}}`]) {
        const before = client.messages.length;
        client.socket.send(text);
        await client.until((messages) => messages.length > before, `reply to ${text}`);
        assert.equal(client.messages[before]!.type, 'error', text.slice(0, 40));
      }
      const before = client.messages.length;
      client.socket.send(Buffer.from('{"type":"ping","id":10}'), { binary: true });
      await client.until((messages) => messages.length > before, 'reply to a binary frame');
      assert.equal(client.messages[before]!.type, 'error');
      assert.equal(client.closed, undefined);
      assert.deepEqual(await client.call({ type: 'ping', id: 11 }), { type: 'result', id: 11, result: { pong: true } });
      await client.close();
    });
  });

  describe('JSON API', () => {
    it('requires the bearer token (401 with WWW-Authenticate) on every route', async () => {
      const routes: [string, string][] = [['GET', '/api/stats'], ['GET', '/api/logs'], ['GET', '/api/deliveries'], ['POST', '/api/deliveries'], ['DELETE', '/api/logs'], ['GET', `/api/reports/${prepared.delivery.id}`], ['GET', '/api/nope']];
      const wrongs: Record<string, string>[] = [{}, { authorization: 'Bearer ' }, { authorization: `Bearer ${'f'.repeat(64)}` }, { authorization: `Bearer ${daemon.token.toUpperCase()}z` }, { authorization: `Token ${daemon.token}` }];
      for (const [method, target] of routes) {
        for (const headers of wrongs) {
          const response = await request(daemon, { method, path: target, headers: { ...headers, 'content-type': 'application/json' }, body: method === 'POST' ? JSON.stringify({ template: TEMPLATE }) : undefined });
          assert.equal(response.status, 401, `${method} ${target} ${JSON.stringify(headers)}`);
          assert.equal(response.headers['www-authenticate'], 'Bearer');
          assert.ok(!response.text.includes(daemon.token));
          assertSecurityHeaders(response, `${method} ${target}`);
        }
      }
      const token = await request(daemon, { path: `/api/logs?token=${daemon.token}` });
      assert.equal(token.status, 401, 'a token in the query string does not count');
      const { json } = await api<{ deliveries: unknown[] } | unknown[]>(daemon, 'GET', '/api/deliveries');
      assert.equal(Array.isArray(json) ? json.length : (json as { deliveries: unknown[] }).deliveries.length, 1, 'the refused POSTs prepared nothing');
    });

    it('refuses a request with an Origin (403) even with the right token', async () => {
      const response = await request(daemon, { path: '/api/logs', headers: { authorization: `Bearer ${daemon.token}`, origin: `http://127.0.0.1:${daemon.port}` } });
      assert.equal(response.status, 403);
      assert.ok(!response.text.includes('"logs"'));
    });

    it('answers an oversized POST /api/deliveries with 413, declared or chunked, and keeps serving', async () => {
      const headers = { authorization: `Bearer ${daemon.token}`, 'content-type': 'application/json' };
      const big = JSON.stringify({ template: 'x'.repeat(MAX_PREPARE_BYTES) });
      const declared = await request(daemon, { method: 'POST', path: '/api/deliveries', headers, body: big });
      assert.equal(declared.status, 413);
      assert.match(declared.text, /larger than/);
      const chunked = await request(daemon, { method: 'POST', path: '/api/deliveries', headers: { ...headers, 'transfer-encoding': 'chunked' }, body: big });
      assert.equal(chunked.status, 413);
      // Far past the limit: refused from the declared length, without reading the body.
      const huge = await request(daemon, { method: 'POST', path: '/api/deliveries', headers, body: Buffer.alloc(20 * 1024 * 1024, 'x') });
      assert.equal(huge.status, 413);
      await assertHealthy(daemon);
      const { json } = await api<unknown[] | { deliveries: unknown[] }>(daemon, 'GET', '/api/deliveries');
      assert.equal(Array.isArray(json) ? json.length : json.deliveries.length, 1);
    });

    it('answers an oversized opt-out form with 413 and records nothing', async () => {
      const response = await request(daemon, {
        method: 'POST',
        path: pathOf(prepared.delivery.recipients[0]!.optOutUrl),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `List-Unsubscribe=One-Click&pad=${'a'.repeat(64 * 1024)}`,
      });
      assert.equal(response.status, 413);
      const { json } = await api<{ logs: TrackingLog[] }>(daemon, 'GET', `/api/logs?delivery=${prepared.delivery.id}`);
      assert.ok(!json.logs.some((log) => log.type === 'optout'));
    });
  });

  describe('path traversal and route parameters', () => {
    it('answers dot segments, encoded dots and slashes, backslashes and NUL bytes with 404 and no file content', async () => {
      const id = prepared.delivery.id;
      const attempts = [
        '/e/../../etc/passwd',
        '/../../../../etc/passwd',
        '/e/%2e%2e/%2e%2e/etc/passwd',
        '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
        '/e/..%2f..%2f..%2fetc%2fpasswd',
        '/e/..%2F..%2F..%2Fetc%2Fpasswd',
        '/e/%252e%252e/%252e%252e/etc/passwd',
        '/e/..%5c..%5c..%5cetc%5cpasswd',
        '/e\\..\\..\\etc\\passwd',
        `/e/${id}/..%2f..%2fdaemon.json`,
        `/e/${id}/../../daemon.json`,
        `/e/${id}/${recipientId}/../../../daemon.json`,
        `/m/${id}/%2e%2e`,
        `/e/${id}/${recipientId}%00.html`,
        '/daemon.json',
        '/journal/journal-1.jsonl',
        '/package.json',
        '/etc/passwd',
        '/e/.%2e/.%2e/etc/passwd',
        `/c/${id}/${recipientId}/..%2f..%2fetc%2fpasswd`,
      ];
      const secrets = [daemon.token, 'root:', '"workspaces"', '"seq"'];
      for (const target of attempts) {
        const response = await request(daemon, { path: target });
        assert.equal(response.status, 404, target);
        assert.equal(response.headers.location, undefined, target);
        for (const secret of secrets) assert.ok(!response.text.includes(secret), `${target} leaked ${secret}`);
        assertStrictCsp(response, target);
      }
      // The API refuses traversal through its id parameters the same way.
      for (const target of [`/api/deliveries/..%2f..%2fdaemon.json`, '/api/deliveries/../../daemon.json', `/api/reports/${id}%2f..`, '/api/logs?delivery=../daemon']) {
        const response = await request(daemon, { path: target, headers: { authorization: `Bearer ${daemon.token}` } });
        assert.ok(response.status === 404 || response.status === 400, `${target}: ${response.status}`);
        for (const secret of secrets) assert.ok(!response.text.includes(secret), `${target} leaked ${secret}`);
      }
      await assertHealthy(daemon);
    });
  });

  describe('headers on every response', () => {
    it('sends no CORS allowance, not even to a preflight', async () => {
      const preflight = { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' };
      for (const target of ['/api/deliveries', '/api/logs', '/healthz', clickPath, '/ws']) {
        const response = await request(daemon, { method: 'OPTIONS', path: target, headers: preflight });
        assert.ok(response.status >= 400, `OPTIONS ${target} is not allowed: ${response.status}`);
        assertSecurityHeaders(response, `OPTIONS ${target}`);
      }
      const simple = await request(daemon, { path: '/healthz', headers: { origin: 'https://evil.example' } });
      assertSecurityHeaders(simple, 'GET /healthz with Origin');
    });

    it('serves every page under a strict CSP, no-store and no-referrer; redirects, the pixel and the API are no-store and no-referrer too', async () => {
      const recipient = prepared.delivery.recipients[0]!;
      const pages: [string, string, number][] = [
        ['email', pathOf(recipient.emailUrl), 200],
        ['mirror', pathOf(recipient.mirrorUrl), 200],
        ['opt-out form', pathOf(recipient.optOutUrl), 200],
        ['not found', `/e/${prepared.delivery.id}/nobody`, 404],
        ['method not allowed', clickPath, 405],
      ];
      for (const [name, target, status] of pages) {
        const response = await request(daemon, { method: status === 405 ? 'DELETE' : 'GET', path: target });
        assert.equal(response.status, status, name);
        assert.match(String(response.headers['content-type']), /^text\/html; charset=utf-8/, name);
        assert.equal(response.headers['x-content-type-options'], 'nosniff', name);
        assertSecurityHeaders(response, name);
        assertStrictCsp(response, name);
      }
      const click = await request(daemon, { path: clickPath });
      assert.equal(click.status, 302);
      assertSecurityHeaders(click, 'click redirect');
      const pixel = await request(daemon, { path: pathOf(recipient.emailUrl).replace('/e/', '/o/') });
      assert.equal(pixel.status, 200);
      assertSecurityHeaders(pixel, 'pixel');
      const stats = await request(daemon, { path: '/api/stats', headers: { authorization: `Bearer ${daemon.token}` } });
      assert.equal(stats.status, 200);
      assert.match(String(stats.headers['content-type']), /^application\/json/);
      assertSecurityHeaders(stats, 'api');
    });

    it('shows a logged user agent carrying markup only as text: escaped in pages, JSON (nosniff) in the API', async () => {
      const recipient = prepared.delivery.recipients[0]!;
      const ua = { 'user-agent': HOSTILE_UA };
      assert.equal((await request(daemon, { path: clickPath, headers: ua })).status, 302);
      assert.equal((await request(daemon, { path: pathOf(recipient.mirrorUrl), headers: ua })).status, 200);
      // Every page a browser could be shown, fetched by that same user agent.
      for (const target of [pathOf(recipient.emailUrl), pathOf(recipient.mirrorUrl), pathOf(recipient.optOutUrl), `/e/${prepared.delivery.id}/nobody`, '/nope']) {
        const response = await request(daemon, { path: target, headers: ua });
        assert.ok(!response.text.includes('<script'), `${target} carries no script tag`);
        assert.ok(!response.text.includes('onerror='), `${target} carries no event handler`);
      }
      const logs = await request(daemon, { path: `/api/logs?delivery=${prepared.delivery.id}`, headers: { authorization: `Bearer ${daemon.token}` } });
      assert.match(String(logs.headers['content-type']), /^application\/json/);
      assert.equal(logs.headers['x-content-type-options'], 'nosniff');
      const stored = (JSON.parse(logs.text) as { logs: TrackingLog[] }).logs.filter((log) => log.userAgent === HOSTILE_UA);
      // One click and two mirror views (the page loop above opened the mirror page again).
      assert.deepEqual(stored.map((log) => log.type).sort(), ['click', 'mirror', 'mirror'], 'kept verbatim as data');
      const client = await StreamClient.connect(daemon);
      client.socket.send(JSON.stringify({ type: 'subscribe', id: 1, after: 0, deliveryId: prepared.delivery.id }));
      await client.until(() => client.logs().some((log) => log.userAgent === HOSTILE_UA), 'the logged user agent on the stream');
      await client.close();
    });
  });

  describe('secrets and listening', () => {
    it('keeps a token of at least 128 bits in daemon.json, mode 0600', () => {
      const file = path.join(daemon.dataDir, 'daemon.json');
      const info = JSON.parse(readFileSync(file, 'utf8')) as { token: string; url: string };
      assert.equal(info.token, daemon.token);
      assert.match(info.token, /^[0-9a-f]+$/);
      assert.ok(info.token.length * 4 >= 128, `${info.token.length * 4} bits`);
      assert.equal(statSync(file).mode & 0o777, 0o600);
    });

    it('gives each data directory its own random token', async () => {
      const other = await startTestDaemon();
      try {
        assert.notEqual(other.token, daemon.token);
        assert.deepEqual(await tryHandshake(other, { authorization: `Bearer ${daemon.token}` }), { opened: false, status: 401 });
      } finally {
        await other.dispose();
      }
    });

    it('listens on loopback only', async () => {
      const addresses = listeningAddresses(daemon.port);
      if (addresses.length > 0) {
        const loopback = new Set(['0100007F', '00000000000000000000000001000000']);
        assert.ok(addresses.every((address) => loopback.has(address)), `listening on ${addresses.join(', ')}`);
      }
      // Link-local IPv6 addresses need a scope id to connect to; every other address is tried.
      const external = Object.values(os.networkInterfaces()).flat().filter((entry) => entry && !entry.internal && !entry.address.startsWith('fe80:'));
      for (const entry of external) {
        const reached = await new Promise<boolean>((resolve) => {
          const socket = net.connect(daemon.port, entry!.address);
          socket.once('connect', () => {
            socket.destroy();
            resolve(true);
          });
          socket.once('error', () => resolve(false));
          // A silently dropped connection is not a listening daemon either.
          socket.setTimeout(2000, () => {
            socket.destroy();
            resolve(false);
          });
        });
        assert.equal(reached, false, `reachable on ${entry!.address}`);
      }
      assert.ok(addresses.length > 0 || external.length > 0, 'something was checked');
    });

    it('refuses to listen on a non-loopback address', async () => {
      for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
        await assert.rejects(startDaemon({ dataDir: path.join(os.tmpdir(), 'linktrace-never-created'), port: 0, host }), /loopback only/);
      }
    });
  });

  // In its own suite: mocha runs a suite's own tests before its child suites.
  describe('afterwards', () => {
    it('still serves HTTP, the stream and clicks', async () => {
      await assertHealthy(daemon);
      const client = await StreamClient.connect(daemon);
      assert.equal((await client.call({ type: 'ping', id: 1 })).type, 'result');
      await client.close();
      assert.equal((await request(daemon, { path: clickPath })).status, 302);
    });
  });
});
