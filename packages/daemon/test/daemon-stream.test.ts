import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROTOCOL_VERSION, type DeliveryReport, type PrepareResult, type ServerMessage, type TrackingLog } from '@linktrace/core';
import { api, prepare, request, startTestDaemon, StreamClient, type TestDaemon } from './support/daemon';
import { generateJournal } from './support/storage-gen';

const TEMPLATE = '<html><body><a href="https://a.example.com/">A</a><a href="https://b.example.com/">B</a></body></html>';

function assertEachOnceInOrder(logs: readonly TrackingLog[], expectedSeqs: readonly number[]): void {
  assert.deepEqual(
    logs.map((log) => log.seq),
    expectedSeqs,
  );
}

async function seqsAfter(daemon: TestDaemon, after: number, deliveryId?: string): Promise<number[]> {
  const query = deliveryId ? `&delivery=${deliveryId}` : '';
  const { json } = await api<{ logs: TrackingLog[] }>(daemon, 'GET', `/api/logs?after=${after}${query}`);
  return json.logs.map((log) => log.seq);
}

describe('daemon live stream', () => {
  let daemon: TestDaemon;
  let delivery: PrepareResult['delivery'];
  const open = (recipientId = 'r1', target = delivery) => request(daemon, { path: `/o/${target.id}/${recipientId}` });

  before(async () => {
    daemon = await startTestDaemon();
    delivery = (await prepare(daemon, { template: TEMPLATE })).delivery;
  });
  after(() => daemon.dispose());

  it('greets with hello (protocol version and last seq)', async () => {
    await open();
    const client = await StreamClient.connect(daemon);
    try {
      await client.until((messages) => messages.length > 0, 'hello');
      const lastSeq = (await api<{ lastSeq: number }>(daemon, 'GET', '/api/logs')).json.lastSeq;
      assert.deepEqual(client.messages[0], { type: 'hello', version: PROTOCOL_VERSION, lastSeq });
    } finally {
      await client.close();
    }
  });

  it('after a reconnect with the last seq seen, delivers every log exactly once', async () => {
    const start = (await api<{ lastSeq: number }>(daemon, 'GET', '/api/logs')).json.lastSeq;
    const first = await StreamClient.connect(daemon);
    first.socket.send(JSON.stringify({ type: 'subscribe', after: start }));
    for (let i = 0; i < 3; i++) await open();
    await first.until((messages) => messages.filter((m) => m.type === 'log').length === 3, 'three logs');
    const seen = first.logs();
    const cursor = seen[seen.length - 1]!.seq;
    await first.close();

    // Logs that arrive while nobody listens.
    for (let i = 0; i < 4; i++) await open('r2');

    const second = await StreamClient.connect(daemon);
    try {
      second.socket.send(JSON.stringify({ type: 'subscribe', after: cursor }));
      await second.until((messages) => messages.filter((m) => m.type === 'log').length === 4, 'the missed logs');
      for (let i = 0; i < 2; i++) await open();
      await second.until((messages) => messages.filter((m) => m.type === 'log').length === 6, 'the new logs');
      const all = [...seen, ...second.logs()];
      assertEachOnceInOrder(all, await seqsAfter(daemon, start));
    } finally {
      await second.close();
    }
  });

  it('has no gap and no duplicate when logs arrive while the backlog is being sent', async () => {
    const start = (await api<{ lastSeq: number }>(daemon, 'GET', '/api/logs')).json.lastSeq;
    const client = await StreamClient.connect(daemon);
    try {
      const early = Array.from({ length: 20 }, (_, i) => open(i % 2 ? 'r1' : 'r2'));
      await Promise.all(early.slice(0, 5));
      // Subscribe while most of the first burst is still in flight, then add a second burst.
      const subscribed = client.call({ id: 7, type: 'subscribe', after: start });
      const late = Array.from({ length: 20 }, () => open());
      await Promise.all([...early, ...late, subscribed]);
      const expected = await seqsAfter(daemon, start);
      assert.equal(expected.length, 40);
      // A sentinel log after all of them: the stream is in order, so a late duplicate would arrive before it.
      await open('r1');
      const sentinel = (await seqsAfter(daemon, expected[expected.length - 1]!)).at(-1)!;
      await client.until((messages) => messages.some((m) => m.type === 'log' && m.log.seq === sentinel), 'the sentinel log');
      assertEachOnceInOrder(client.logs(), [...expected, sentinel]);
    } finally {
      await client.close();
    }
  });

  it('streams only the subscribed delivery when one is given', async () => {
    const other = (await prepare(daemon, { template: TEMPLATE })).delivery;
    const start = (await api<{ lastSeq: number }>(daemon, 'GET', '/api/logs')).json.lastSeq;
    await open('r1', other);
    await open('r1', delivery);
    const client = await StreamClient.connect(daemon);
    try {
      await client.call({ id: 1, type: 'subscribe', after: start, deliveryId: other.id });
      await open('r2', delivery);
      await open('r2', other);
      await client.until((messages) => messages.filter((m) => m.type === 'log').length === 2, 'two logs of the other delivery');
      assertEachOnceInOrder(client.logs(), await seqsAfter(daemon, start, other.id));
      assert.ok(client.logs().every((log) => log.deliveryId === other.id));
    } finally {
      await client.close();
    }
  });

  it('answers prepare, deliveries, report, stats, clear and ping requests', async () => {
    const client = await StreamClient.connect(daemon);
    try {
      const prepared = await client.call({ id: 1, type: 'prepare', template: TEMPLATE, name: 'ws.html', recipients: [{ id: 'x', email: 'x@example.test', fields: {} }] });
      assert.equal(prepared.type, 'result');
      const result = (prepared as { result: PrepareResult }).result;
      assert.equal(result.delivery.name, 'ws.html');
      assert.equal(result.delivery.links.length, 2);

      const listed = await client.call({ id: 2, type: 'deliveries' });
      assert.ok((listed as { result: { id: string }[] }).result.some((d) => d.id === result.delivery.id));

      await request(daemon, { path: `/o/${result.delivery.id}/x` });
      const report = (await client.call({ id: 3, type: 'report', deliveryId: result.delivery.id })) as { result: DeliveryReport };
      assert.deepEqual(report.result.opens.total, { raw: 1, human: 1 });

      const stats = (await client.call({ id: 4, type: 'stats' })) as { result: { subscribers: number; deliveries: number; url: string } };
      assert.equal(stats.result.url, daemon.url);
      assert.ok(stats.result.deliveries >= 2);

      assert.deepEqual(await client.call({ id: 5, type: 'clear', deliveryId: result.delivery.id }), { type: 'result', id: 5, result: { cleared: true, deliveryId: result.delivery.id } });
      const cleared = (await client.call({ id: 6, type: 'report', deliveryId: result.delivery.id })) as { result: DeliveryReport };
      assert.deepEqual(cleared.result.opens.total, { raw: 0, human: 0 });

      assert.deepEqual(await client.call({ id: 8, type: 'ping' }), { type: 'result', id: 8, result: { pong: true } });
      const missing = await client.call({ id: 9, type: 'report', deliveryId: 'AAAAAAAAAAAAAAAAAAAAAA' });
      assert.equal(missing.type, 'error');
    } finally {
      await client.close();
    }
  });

  it('answers malformed, unknown and invalid messages with an error and keeps the connection', async () => {
    const client = await StreamClient.connect(daemon);
    try {
      const errors = () => client.messages.filter((m): m is Extract<ServerMessage, { type: 'error' }> => m.type === 'error');
      client.socket.send('{"type": "ping", "id": 1');
      await client.until(() => errors().length === 1, 'error for invalid JSON');
      assert.equal(errors()[0]!.id, undefined);

      const unknown = await client.call({ id: 2, type: 'launch-rockets' });
      assert.equal(unknown.type, 'error');
      const invalid = await client.call({ id: 3, type: 'prepare', template: 42 });
      assert.deepEqual(invalid, { type: 'error', id: 3, message: '"template" must be a string' });
      client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
      await client.until(() => errors().length === 4, 'error for a binary message');

      assert.deepEqual(await client.call({ id: 5, type: 'ping' }), { type: 'result', id: 5, result: { pong: true } });
      assert.equal(client.closed, undefined);
    } finally {
      await client.close();
    }
  });
});

// A subscriber far behind is fed from the journal (only the newest logs are in memory) while new
// clicks keep arriving: the journal pages and the live logs join without a gap or a duplicate.
describe('daemon live stream: a backlog read from the journal while clicks arrive', () => {
  const STORED = 20_000;
  let daemon: TestDaemon;
  before(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'linktrace-stream-'));
    generateJournal(dataDir, STORED);
    daemon = await startTestDaemon({ dataDir });
  });
  after(() => daemon.dispose());

  it('sends every stored and every new log once, in seq order', async function () {
    this.timeout(60_000);
    const delivery = (await prepare(daemon, { template: TEMPLATE })).delivery;
    const client = await StreamClient.connect(daemon);
    try {
      client.socket.send(JSON.stringify({ type: 'subscribe', after: 0 }));
      const clicks = Array.from({ length: 200 }, () => request(daemon, { path: `/o/${delivery.id}/${delivery.recipients[0]!.id}` }));
      await Promise.all(clicks);
      const total = STORED + clicks.length;
      await client.until((messages) => messages.filter((m) => m.type === 'log').length >= total, 'every log', 50_000);
      assert.deepEqual(
        client.logs().map((log) => log.seq),
        Array.from({ length: total }, (_, i) => i + 1),
      );
    } finally {
      await client.close();
    }
  });
});
