// Heavy requests and slow clients against a real daemon process (the built CLI): the amplification
// request that used to hold the event loop for minutes, 300 clients that never read a 4 MB page,
// and stream subscribers that never read their backlog. /healthz is timed throughout and the
// daemon's RSS read from /proc. Bounds are generous (a shared machine); the numbers are printed.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { limitConnections } from '../src/connection-limits';
import { MAX_LOOKUPS, MAX_RECIPIENTS, MAX_RENDERED_BYTES } from '../src/delivery-limits';
import { ensureCliBuilt, spawnChildDaemon, type ChildDaemon } from './support/e2e-cli-daemon';
import { generateJournal } from './support/storage-gen';

/** Resident memory of a process in MB (Linux). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) / 1024;
}

function get(port: number, pathname: string, headers: Record<string, string> = {}, body?: string, method = 'GET'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method, headers: { host: `127.0.0.1:${port}`, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Times /healthz back to back until `during` settles; resolves with every latency (ms). */
async function healthzWhile(port: number, during: Promise<unknown>): Promise<number[]> {
  let done = false;
  void during.finally(() => (done = true)).catch(() => undefined);
  const latencies: number[] = [];
  do {
    const started = performance.now();
    const response = await get(port, '/healthz');
    assert.equal(response.status, 200);
    latencies.push(performance.now() - started);
  } while (!done);
  return latencies;
}

const portOf = (daemon: ChildDaemon) => Number(new URL(daemon.url).port);

function prepareBody(daemon: ChildDaemon, body: unknown): Promise<{ status: number; text: string }> {
  const text = JSON.stringify(body);
  return get(portOf(daemon), '/api/deliveries', { authorization: `Bearer ${daemon.token}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }, text, 'POST');
}

const recipients = (count: number, fields: Record<string, string> = {}) => Array.from({ length: count }, (_, i) => ({ id: `r${i}`, email: `r${i}@example.test`, fields }));

describe('daemon under heavy requests and slow clients', function () {
  this.timeout(120_000);
  let dataDir: string;
  let daemon: ChildDaemon;

  before(() => ensureCliBuilt());
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'linktrace-load-'));
  });
  afterEach(async () => {
    daemon?.child.kill('SIGTERM');
    await daemon?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses the amplification requests (422) and stays responsive through the largest request it accepts', async () => {
    daemon = await spawnChildDaemon(path.join(dataDir, 'data'));
    const port = portOf(daemon);
    // The same probes with nothing else going on: what the machine itself adds.
    const idleLatencies = await healthzWhile(port, new Promise((resolve) => setTimeout(resolve, 1000)));
    // The reported attack: 15,600 segments for 25,000 recipients in 1.9 MB.
    const attack = prepareBody(daemon, { template: `<p>${'{{ x.y }}'.repeat(15_600)}</p>`, recipients: recipients(25_000) });
    const attackLatencies = await healthzWhile(port, attack);
    assert.equal((await attack).status, 422, (await attack).text.slice(0, 300));
    assert.match((await attack).text, new RegExp(`at most ${MAX_RECIPIENTS}`));
    const square = await prepareBody(daemon, { template: `<p>${'{{ x.y }}'.repeat(4000)}</p>`, recipients: recipients(4000) });
    assert.equal(square.status, 422, square.text.slice(0, 300));
    const lookups = await prepareBody(daemon, { template: `<p>${'{{ x.y }}'.repeat(4000)}</p>`, recipients: recipients(Math.floor(MAX_LOOKUPS / 4000) + 1) });
    assert.equal(lookups.status, 422, lookups.text.slice(0, 300));
    assert.match(lookups.text, /lookups/);

    // The largest accepted shape: a 1.8 MB template with 5,000 unresolved segments, 20 recipients.
    const padding = '<p>' + 'lorem ipsum dolor sit amet '.repeat(64) + '</p>\n';
    const heavyTemplate = `${'<p>{{ missing.field }} <a href="https://shop.example/?v={{ other }}">x</a></p>\n'.repeat(2500)}${padding.repeat(900)}`;
    const heavy = prepareBody(daemon, { template: heavyTemplate, recipients: recipients(MAX_LOOKUPS / 5000) });
    const heavyLatencies = await healthzWhile(port, heavy);
    assert.equal((await heavy).status, 201, (await heavy).text.slice(0, 300));
    const prepared = JSON.parse((await heavy).text) as { delivery: { recipients: { emailUrl: string }[] } };

    const page = get(port, new URL(prepared.delivery.recipients[0]!.emailUrl).pathname);
    const pageLatencies = await healthzWhile(port, page);
    assert.equal((await page).status, 200);

    // Values that multiply: one 1 MB field used by 20 segments.
    const blowUp = await prepareBody(daemon, { template: '{{ big }}'.repeat(20), recipients: [{ id: 'r1', email: 'r1@example.test', fields: { big: 'x'.repeat(1024 * 1024) } }] });
    assert.equal(blowUp.status, 422, blowUp.text.slice(0, 300));
    assert.match(blowUp.text, new RegExp(`at most ${MAX_RENDERED_BYTES}`));

    const worst = (latencies: number[]) => Math.max(...latencies);
    console.log(
      `      /healthz worst latency: idle ${worst(idleLatencies).toFixed(1)} ms (${idleLatencies.length} probes), during the 25,000-recipient attack ${worst(attackLatencies).toFixed(1)} ms (${attackLatencies.length} probes), ` +
        `during a 1.8 MB prepare ${worst(heavyLatencies).toFixed(1)} ms (${heavyLatencies.length}), during its page ${worst(pageLatencies).toFixed(1)} ms (${pageLatencies.length})`,
    );
    for (const latencies of [attackLatencies, heavyLatencies, pageLatencies]) assert.ok(worst(latencies) < 1000, `healthz took ${worst(latencies)} ms`);
  });

  it('holds its memory with 300 clients that never read a 4 MB page, and keeps answering', async () => {
    daemon = await spawnChildDaemon(path.join(dataDir, 'data'));
    const port = portOf(daemon);
    const template = `<p>{{ blob }}</p><p>{{ blob }}</p><p>{{ blob }}</p>${'<p>padding text for a large page </p>\n'.repeat(20_000)}`;
    const prepared = await prepareBody(daemon, { template, recipients: [{ id: 'r1', email: 'r1@example.test', fields: { blob: 'y'.repeat(1024 * 1024) } }] });
    assert.equal(prepared.status, 201, prepared.text.slice(0, 300));
    const emailPath = new URL((JSON.parse(prepared.text) as { delivery: { recipients: { emailUrl: string }[] } }).delivery.recipients[0]!.emailUrl).pathname;
    const full = await get(port, emailPath);
    assert.ok(full.text.length > 3.5 * 1024 * 1024, `page is ${full.text.length} bytes`);
    const before = rssMb(daemon.pid);

    const sockets: net.Socket[] = [];
    try {
      for (let i = 0; i < 300; i++) {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.pause(); // never reads
        socket.write(`GET ${emailPath} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
        sockets.push(socket);
      }
      let peak = before;
      const probing = (async () => {
        for (let round = 0; round < 30; round++) {
          peak = Math.max(peak, rssMb(daemon.pid));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      const latencies = await healthzWhile(port, probing);
      console.log(`      300 non-reading clients of a ${(full.text.length / 1048576).toFixed(1)} MB page: daemon RSS ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB at peak; /healthz worst ${Math.max(...latencies).toFixed(1)} ms (${latencies.length} probes)`);
      assert.ok(peak - before < 400, `RSS grew by ${peak - before} MB`);
      assert.ok(Math.max(...latencies) < 2000, `healthz took ${Math.max(...latencies)} ms`);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
    assert.equal((await get(port, '/healthz')).status, 200);
  });

  it('holds its memory with stream subscribers that never read a long backlog', async function () {
    const data = path.join(dataDir, 'data');
    generateJournal(data, 200_000);
    daemon = await spawnChildDaemon(data);
    const port = portOf(daemon);
    const before = rssMb(daemon.pid);
    const subscribe = Buffer.from(JSON.stringify({ type: 'subscribe', after: 0 }));
    // A masked text frame (mask key 0) after a raw handshake: a client that then reads nothing.
    const frame = Buffer.concat([Buffer.from([0x81, 0x80 | subscribe.length, 0, 0, 0, 0]), subscribe]);
    const sockets: net.Socket[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.pause();
        socket.write(
          `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
            `Sec-WebSocket-Key: ${Buffer.from(`key-${i}-0123456`).toString('base64')}\r\nAuthorization: Bearer ${daemon.token}\r\n\r\n`,
        );
        socket.write(frame);
        sockets.push(socket);
      }
      let peak = before;
      const probing = (async () => {
        for (let round = 0; round < 30; round++) {
          peak = Math.max(peak, rssMb(daemon.pid));
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      const latencies = await healthzWhile(port, probing);
      console.log(`      20 non-reading subscribers of a 200,000-log backlog: daemon RSS ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB at peak; /healthz worst ${Math.max(...latencies).toFixed(1)} ms`);
      assert.ok(peak - before < 200, `RSS grew by ${peak - before} MB`);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('drops a client that stops reading its page after the idle timeout', async () => {
    const page = Buffer.alloc(8 * 1024 * 1024, 'z');
    const server = http.createServer((_req, res) => res.end(page));
    limitConnections(server, 300);
    const closedByServer = new Promise<number>((resolve) => server.on('connection', (socket) => {
      const opened = Date.now();
      socket.on('close', () => resolve(Date.now() - opened));
    }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    client.on('error', () => undefined);
    client.pause();
    client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    try {
      const after = await closedByServer;
      assert.ok(after < 10_000, `dropped after ${after} ms`);
    } finally {
      client.destroy();
      server.close();
    }
  });
});
