// Heavy requests and slow clients against a real daemon process (the built CLI): the amplification
// request that used to hold the event loop for minutes, 300 clients that never read a 4 MB page,
// and stream subscribers that never read their backlog. /healthz is timed throughout and the
// daemon's RSS read from /proc. Bounds are generous (a shared machine); `npm run bench -- hostile`
// reports the figures against their targets.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_LINKS, MAX_LOOKUPS, MAX_RECIPIENTS, MAX_RENDERED_BYTES } from '../src/delivery-limits';
import { MAX_STREAM_CONNECTIONS } from '../src/ws';
import { assertHealthy, prepare, startTestDaemon, StreamClient, tryHandshake, type TestDaemon } from './support/daemon';
import { ensureCliBuilt, spawnChildDaemon, type ChildDaemon } from './support/e2e-cli-daemon';
import {
  daemonSideEstablished,
  eventually,
  fourMegabytePage,
  healthzWhile,
  httpRequest,
  largestTemplate,
  nonReadingClients,
  nonReadingSubscribers,
  peakRssMb,
  postDelivery,
  recipients,
  rssMb,
  subscriberCount,
} from './support/load';
import { generateJournal } from './support/storage-gen';

const portOf = (daemon: ChildDaemon) => Number(new URL(daemon.url).port);
const worst = (latencies: number[]) => Math.max(...latencies);

describe('daemon under heavy requests and slow clients', function () {
  this.timeout(120_000);
  let dataDir: string;
  let daemon: ChildDaemon | undefined;
  const dataDir_ = () => dataDir;

  before(() => ensureCliBuilt());
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'linktrace-load-'));
  });
  afterEach(async () => {
    daemon?.child.kill('SIGTERM');
    await daemon?.exited;
    daemon = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses the amplification requests (422) and stays responsive through the largest request it accepts', async () => {
    daemon = await spawnChildDaemon(path.join(dataDir, 'data'));
    const { token } = daemon;
    const port = portOf(daemon);
    // The same probes with nothing else going on: what the machine itself adds.
    const idle = await healthzWhile(port, new Promise((resolve) => setTimeout(resolve, 1000)));

    // The reported attack: 15,600 segments for 25,000 recipients in 1.9 MB.
    const attack = postDelivery(port, token, { template: `<p>${'{{ x.y }}'.repeat(15_600)}</p>`, recipients: recipients(25_000) });
    const duringAttack = await healthzWhile(port, attack);
    assert.equal((await attack).status, 422, (await attack).text.slice(0, 300));
    assert.match((await attack).text, new RegExp(`at most ${MAX_RECIPIENTS}`));
    const square = await postDelivery(port, token, { template: `<p>${'{{ x.y }}'.repeat(4000)}</p>`, recipients: recipients(4000) });
    assert.equal(square.status, 422, square.text.slice(0, 300));
    const lookups = await postDelivery(port, token, { template: `<p>${'{{ x.y }}'.repeat(4000)}</p>`, recipients: recipients(Math.floor(MAX_LOOKUPS / 4000) + 1) });
    assert.equal(lookups.status, 422, lookups.text.slice(0, 300));
    assert.match(lookups.text, /lookups/);
    // Links multiply too: each one is an id, a stored row and a row in every answer.
    const manyLinks = await postDelivery(port, token, { template: '<a href="https://a.example/">a</a>'.repeat(MAX_LINKS + 1) });
    assert.equal(manyLinks.status, 422, manyLinks.text.slice(0, 300));
    assert.match(manyLinks.text, new RegExp(`at most ${MAX_LINKS}`));
    // Values that multiply: one 1 MB field used by 20 segments.
    const blowUp = await postDelivery(port, token, { template: '{{ big }}'.repeat(20), recipients: [{ id: 'r1', email: 'r1@example.test', fields: { big: 'x'.repeat(1024 * 1024) } }] });
    assert.equal(blowUp.status, 422, blowUp.text.slice(0, 300));
    assert.match(blowUp.text, new RegExp(`at most ${MAX_RENDERED_BYTES}`));

    const heavy = postDelivery(port, token, { template: largestTemplate(), recipients: recipients(MAX_LOOKUPS / 5000) });
    const duringPrepare = await healthzWhile(port, heavy);
    assert.equal((await heavy).status, 201, (await heavy).text.slice(0, 300));
    const prepared = JSON.parse((await heavy).text) as { delivery: { recipients: { emailUrl: string }[] } };
    const page = httpRequest(port, new URL(prepared.delivery.recipients[0]!.emailUrl).pathname);
    const duringPage = await healthzWhile(port, page);
    assert.equal((await page).status, 200);

    console.log(
      `      /healthz worst latency: idle ${worst(idle).toFixed(1)} ms (${idle.length} probes), during the 25,000-recipient attack ${worst(duringAttack).toFixed(1)} ms (${duringAttack.length}), ` +
        `during a 1.8 MB prepare ${worst(duringPrepare).toFixed(1)} ms (${duringPrepare.length}), during its page ${worst(duringPage).toFixed(1)} ms (${duringPage.length})`,
    );
    for (const latencies of [duringAttack, duringPrepare, duringPage]) assert.ok(worst(latencies) < 1000, `healthz took ${worst(latencies)} ms`);
  });

  it('holds its memory with 300 clients that never read a 4 MB page, and keeps answering', async () => {
    daemon = await spawnChildDaemon(path.join(dataDir, 'data'));
    const pid = daemon.pid;
    const port = portOf(daemon);
    const { template, recipient } = fourMegabytePage();
    const prepared = await postDelivery(port, daemon.token, { template, recipients: [recipient] });
    assert.equal(prepared.status, 201, prepared.text.slice(0, 300));
    const emailPath = new URL((JSON.parse(prepared.text) as { delivery: { recipients: { emailUrl: string }[] } }).delivery.recipients[0]!.emailUrl).pathname;
    const full = await httpRequest(port, emailPath);
    assert.ok(full.text.length > 3.5 * 1024 * 1024, `page is ${full.text.length} bytes`);
    const before = rssMb(pid);

    const sockets = nonReadingClients(port, emailPath, 300);
    try {
      const peak = peakRssMb(pid, 3000);
      const latencies = await healthzWhile(port, peak);
      console.log(`      300 non-reading clients of a ${(full.text.length / 1048576).toFixed(1)} MB page: daemon RSS ${before.toFixed(0)} MB before, ${(await peak).toFixed(0)} MB at peak; /healthz worst ${worst(latencies).toFixed(1)} ms (${latencies.length} probes)`);
      assert.ok((await peak) - before < 400, `RSS grew by ${(await peak) - before} MB`);
      assert.ok(worst(latencies) < 3000, `healthz took ${worst(latencies)} ms`);
      // A reader arriving during the attack still gets the whole page.
      assert.equal((await httpRequest(port, emailPath)).text.length, full.text.length);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('holds its memory with stream subscribers that never read a long backlog', async () => {
    const data = path.join(dataDir, 'data');
    generateJournal(data, 200_000);
    daemon = await spawnChildDaemon(data);
    const pid = daemon.pid;
    const port = portOf(daemon);
    const before = rssMb(pid);
    const sockets = nonReadingSubscribers(port, daemon.token, 20);
    try {
      await eventually(async () => (await subscriberCount(port, daemon!.token)) === 20, 'all 20 subscribed', 10_000);
      const peak = peakRssMb(pid, 3000);
      const latencies = await healthzWhile(port, peak);
      console.log(`      20 non-reading subscribers of a 200,000-log backlog: daemon RSS ${before.toFixed(0)} MB before, ${(await peak).toFixed(0)} MB at peak; /healthz worst ${worst(latencies).toFixed(1)} ms`);
      assert.ok((await peak) - before < 200, `RSS grew by ${(await peak) - before} MB`);
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  it('caps stream connections: past the cap a handshake is refused with 503, and a freed slot is taken again', async () => {
    const inProcess = await startTestDaemon();
    const clients: StreamClient[] = [];
    try {
      for (let i = 0; i < MAX_STREAM_CONNECTIONS; i++) clients.push(await StreamClient.connect(inProcess));
      const refused = await tryHandshake(inProcess, { authorization: `Bearer ${inProcess.token}` });
      assert.deepEqual(refused, { opened: false, status: 503 });
      await clients.pop()!.close();
      await eventually(async () => (await tryHandshake(inProcess, { authorization: `Bearer ${inProcess.token}` })).opened, 'a slot freed by a closed stream', 5000);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await inProcess.dispose();
    }
  });

  describe('slow clients are dropped (timeouts shortened)', () => {
    let inProcess: TestDaemon;
    // Long enough for a prepare on a busy machine, short enough to watch.
    const timeouts = { idleTimeoutMs: 3000, streamStallTimeoutMs: 1000 };
    afterEach(() => inProcess?.dispose());

    it('closes a connection whose client stops reading its page', async () => {
      inProcess = await startTestDaemon({ clientTimeouts: timeouts });
      const { template, recipient } = fourMegabytePage();
      const prepared = await prepare(inProcess, { template, recipients: [recipient] });
      const [client] = nonReadingClients(inProcess.port, new URL(prepared.delivery.recipients[0]!.emailUrl).pathname, 1);
      try {
        await once(client!, 'connect');
        const clientPort = client!.localPort!;
        await eventually(() => daemonSideEstablished(inProcess.port, clientPort), 'connection established', 5000);
        const dropped = await eventually(() => !daemonSideEstablished(inProcess.port, clientPort), 'the daemon dropped the non-reading client', 20 * timeouts.idleTimeoutMs);
        assert.ok(dropped >= timeouts.idleTimeoutMs / 2, `dropped after ${dropped} ms, before the client was idle`);
      } finally {
        client!.destroy();
      }
      await assertHealthy(inProcess);
    });

    it('drops a stream subscriber that does not read its backlog', async () => {
      const dataDir = path.join(dataDir_(), 'data');
      generateJournal(dataDir, 100_000);
      inProcess = await startTestDaemon({ dataDir, clientTimeouts: timeouts });
      const subscribers = () => subscriberCount(inProcess.port, inProcess.token);
      const sockets = nonReadingSubscribers(inProcess.port, inProcess.token, 1);
      try {
        await eventually(async () => (await subscribers()) === 1, 'the subscriber registered', 5000);
        await eventually(async () => (await subscribers()) === 0, 'the daemon dropped the non-reading subscriber', 20 * timeouts.streamStallTimeoutMs);
      } finally {
        for (const socket of sockets) socket.destroy();
      }
      // A subscriber that reads gets the whole backlog.
      const reader = await StreamClient.connect(inProcess);
      reader.socket.send(JSON.stringify({ type: 'subscribe', after: 0 }));
      await reader.until((messages) => messages.filter((m) => m.type === 'log').length === 100_000, 'the whole backlog', 60_000);
      await reader.close();
    });
  });
});
