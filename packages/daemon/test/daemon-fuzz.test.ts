// Random and mutated requests against a real daemon on 127.0.0.1: the JSON API, the recipient
// routes and WebSocket messages. Whatever arrives, the daemon answers with a 4xx or a reply
// (never a 500, an "internal error" or silence) and keeps serving. The seed is in the test title,
// so a failure can be replayed with LINKTRACE_FUZZ_SEED.
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { WS_MAX_PAYLOAD, type PrepareResult } from '@linktrace/core';
import { assertHealthy, prepare, request, startTestDaemon, StreamClient, type RawRequest, type TestDaemon } from './support/daemon';

const SEED = Number(process.env.LINKTRACE_FUZZ_SEED ?? Date.now() % 1_000_000);
const HTTP_CASES = 400;
const WS_CASES = 300;
const REPLY_TIMEOUT_MS = 10_000;

/** encodeURIComponent for any string: lone surrogates become U+FFFD first. */
const encode = (text: string) => encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

/** mulberry32: small, seedable, good enough to pick mutations. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Fuzzer {
  constructor(readonly random: () => number) {}
  int(max: number): number {
    return Math.floor(this.random() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  string(): string {
    const alphabets = ['abc', '{{ }}<%=%>[]', '\u0000\u001b\u202e\u2066\ud800\uffff', '../%2e%2f\\', '"\'<>&', 'é漢🙂', '0123456789-_'];
    const alphabet = this.pick(alphabets);
    const length = this.pick([0, 1, 5, 40, 300, 5000]);
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[this.int(alphabet.length)];
    return text;
  }
  scalar(): unknown {
    return this.pick([null, true, false, 0, -1, 1.5, 2 ** 53, Number.MAX_VALUE, '', this.string(), [], {}]);
  }
  value(depth = 0): unknown {
    if (depth > 3 || this.chance(0.5)) return this.scalar();
    if (this.chance(0.5)) return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
    const object: Record<string, unknown> = {};
    for (let i = this.int(4); i > 0; i--) object[this.pick(['__proto__', 'constructor', 'toString', 'id', 'email', 'fields', 'template', this.string()])] = this.value(depth + 1);
    return object;
  }
  /** A valid value changed at one random place: dropped, retyped or replaced. */
  mutate(value: unknown, depth = 0): unknown {
    if (typeof value !== 'object' || value === null || depth > 4 || this.chance(0.2)) return this.chance(0.5) ? this.value() : this.scalar();
    const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (keys.length === 0 || this.chance(0.15)) {
      copy[this.pick(['extra', '__proto__', 'type', 'id', this.string()])] = this.value();
      return copy;
    }
    const key = this.pick(keys);
    if (this.chance(0.2)) delete copy[key];
    else copy[key] = this.mutate(copy[key], depth + 1);
    return copy;
  }
}

function validPrepare(f: Fuzzer): Record<string, unknown> {
  return {
    template: f.pick([
      '<p>Hi {{ first_name }} <a href="https://shop.example/?u={{ id }}" data-label="hero">Shop</a></p>',
      '<a href="<%= recipient.url %>">x</a><%@ include view="MirrorPageUrl" %>',
      '<p>*|FNAME|* <a href="*|UNSUB|*">u</a></p>',
      `<p>${'{{ a.b }}'.repeat(50)}</p>`,
      '<a href="https://shop.example/?n=<%= escapeUrl(recipient.first_name) %>" data-label="n">n</a>',
    ]),
    name: 'fuzz.html',
    dialect: f.pick(['auto', 'liquid', 'handlebars', 'ampscript', 'campaign']),
    settings: { opens: true, clicks: f.chance(0.5) },
    recipients: [
      { id: 'r1', email: 'r1@example.test', fields: { first_name: f.chance(0.5) ? 'Ada' : f.string(), a: { b: f.chance(0.5) ? 'x' : f.value() } } },
      { id: 'r2', email: 'r2@example.test', fields: {} },
    ],
  };
}

describe(`daemon fuzz (seed ${SEED})`, function () {
  this.timeout(180_000);
  let daemon: TestDaemon;
  let prepared: PrepareResult;
  const failures: string[] = [];

  before(async () => {
    daemon = await startTestDaemon({ log: (line) => (/failed|internal/.test(line) ? failures.push(line) : undefined) });
    prepared = await prepare(daemon, { template: '<a href="https://shop.example/" data-label="hero">Shop</a>', recipients: [{ id: 'r1', email: 'r1@example.test', fields: {} }] });
  });
  after(() => daemon.dispose());

  it('answers random and mutated HTTP requests with a status below 500, in time, and keeps running', async () => {
    const f = new Fuzzer(randomSource(SEED));
    const { delivery } = prepared;
    const linkId = delivery.links[0]!.linkId;
    const ids = [delivery.id, 'r1', linkId, 'x', '-', '..', '%2e%2e', 'a'.repeat(65), '\u202e'];
    const auth = { authorization: `Bearer ${daemon.token}` };
    const makeCase = (): RawRequest => {
      const kind = f.int(4);
      if (kind === 0) {
        const body = f.chance(0.8) ? JSON.stringify(f.mutate(validPrepare(f))) : f.pick(['', '{', 'null', '[]', '\u0000', JSON.stringify(f.value())]);
        return { method: f.pick(['POST', 'POST', 'PUT', 'GET']), path: '/api/deliveries', headers: { ...auth, 'content-type': f.pick(['application/json', 'text/plain', '']) }, body };
      }
      if (kind === 1) {
        const route = f.pick(['deliveries', 'reports', 'logs', 'stats', 'nope', '']);
        const query = f.pick(['', `?after=${f.pick(['-1', '1e9', 'x', '999999999999999999', '0'])}`, `?delivery=${encode(f.pick(ids))}`, '?after=&delivery=']);
        const tail = f.chance(0.5) ? `/${encode(f.pick(ids))}` : '';
        return { method: f.pick(['GET', 'DELETE', 'POST', 'PATCH', 'OPTIONS', 'HEAD']), path: `/api/${route}${tail}${query}`, headers: f.chance(0.9) ? auth : ({} as Record<string, string>) };
      }
      if (kind === 2) {
        const route = f.pick(['e', 'm', 'u', 'p', 'c']);
        const parts = [route, encode(f.pick(ids)), encode(f.pick(ids)), ...(route === 'c' ? [encode(f.pick(ids))] : [])];
        const body = f.chance(0.5) ? f.pick(['List-Unsubscribe=One-Click', 'x'.repeat(5000), '']) : undefined;
        return { method: f.pick(['GET', 'HEAD', 'POST', 'PUT']), path: `/${parts.join('/')}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
      }
      return { method: f.pick(['GET', 'POST', 'TRACE']), path: f.pick(['/', '/healthz', '/ws', '/api', `/${encode(f.string()).slice(0, 2000)}`]), headers: {} };
    };
    const cases = Array.from({ length: HTTP_CASES }, makeCase);
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async (testCase) => {
          const response = await Promise.race([
            request(daemon, testCase),
            new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS)),
          ]).catch((error: Error) => assert.fail(`${testCase.method} ${testCase.path} ${JSON.stringify(testCase.headers)} ${String(testCase.body).slice(0, 300)}: ${error.message}`));
          assert.ok(response.status >= 200 && response.status < 500, `${testCase.method} ${testCase.path} ${String(testCase.body).slice(0, 200)} -> ${response.status} ${response.text.slice(0, 200)}`);
          if (response.status !== 201) return;
          // A delivery that was accepted renders for every recipient, and its links redirect.
          const created = JSON.parse(response.text) as PrepareResult;
          for (const recipient of created.delivery.recipients) {
            const page = await request(daemon, { path: new URL(recipient.emailUrl).pathname });
            assert.equal(page.status, 200, `${recipient.emailUrl} of ${String(testCase.body).slice(0, 300)}: ${page.text.slice(0, 200)}`);
            for (const href of page.text.match(/\/c\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+/g) ?? []) {
              const click = await request(daemon, { path: href });
              assert.ok(click.status === 302 || click.status === 404, `${href}: ${click.status} ${click.text.slice(0, 200)}`);
            }
          }
        }),
      );
    }
    await assertHealthy(daemon);
    assert.deepEqual(failures, []);
  });

  it('refuses (422) a recipient value escapeUrl() cannot encode, instead of failing its page and clicks with a 500', async () => {
    const template = '<a href="https://shop.example/?n=<%= escapeUrl(recipient.first_name) %>">n</a>';
    const response = await request(daemon, {
      method: 'POST',
      path: '/api/deliveries',
      headers: { authorization: `Bearer ${daemon.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template, recipients: [{ id: 'r1', email: 'r1@example.test', fields: { first_name: 'Ada\ud800' } }] }),
    });
    assert.equal(response.status, 422, response.text);
    assert.match(response.text, /not valid Unicode/);
  });

  it('replies to every random and mutated WebSocket message and keeps the connection', async () => {
    const f = new Fuzzer(randomSource(SEED + 1));
    let client = await StreamClient.connect(daemon);
    const internal: unknown[] = [];
    try {
      for (let i = 0; i < WS_CASES; i++) {
        const id = 10_000 + i;
        const base = f.pick([
          { type: 'prepare', ...validPrepare(f) },
          { type: 'subscribe', after: 0 },
          { type: 'report', deliveryId: prepared.delivery.id },
          { type: 'deliveries' },
          { type: 'stats' },
          { type: 'clear', deliveryId: 'nope' },
          { type: 'ping' },
        ]);
        const message = f.chance(0.8) ? { ...(f.mutate(base) as object), id } : f.value();
        const raw = f.chance(0.9) ? JSON.stringify(message) : f.pick(['{', '', 'null', '\u0000', '[1,2]']);
        client.socket.send(raw);
        if (Buffer.byteLength(raw) > WS_MAX_PAYLOAD) {
          // Over the frame limit: that socket is closed with 1009 (and only that one); go on with a new one.
          assert.equal((await client.waitForClose()).code, 1009);
          internal.push(...client.messages.filter((m) => m.type === 'error' && /internal/.test(m.message)));
          client = await StreamClient.connect(daemon);
          continue;
        }
        // Anything carrying a readable id gets its answer; the rest get an error reply without id.
        const repliesBefore = client.messages.filter((m) => m.type === 'result' || m.type === 'error').length;
        await client.until(
          (messages) => messages.filter((m) => m.type === 'result' || m.type === 'error').length > repliesBefore,
          `a reply to ${raw.slice(0, 200)}`,
          REPLY_TIMEOUT_MS,
        );
        if (f.chance(0.05)) client.socket.send(Buffer.from([0xde, 0xad]), { binary: true });
      }
      internal.push(...client.messages.filter((m) => m.type === 'error' && /internal/.test(m.message)));
      assert.deepEqual(internal, []);
      assert.equal(client.socket.readyState, WebSocket.OPEN);
      const pong = await client.call({ type: 'ping', id: 1 });
      assert.equal(pong.type, 'result');
    } finally {
      await client.close();
    }
    await assertHealthy(daemon);
    assert.deepEqual(failures, []);
  });
});
