// The durability promise, tested the hard way: a child daemon (the CLI, as users run it) takes
// concurrent click load and is killed with SIGKILL in the middle of it; restarted on the same
// data directory it still has every click whose 302 a client received, with unique, increasing
// seqs, and it goes on numbering after them. Twice, so a recovered journal is recovered again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PrepareResult, TrackingLog } from '@linktrace/core';
import { ensureCliBuilt, spawnChildDaemon, type ChildDaemon } from './support/e2e-cli-daemon';
import { killRandom } from './support/kill-seed';

const LOOPS = 10;
const ROUNDS = 2;
/** Acknowledged clicks to wait for before the kill, so it lands in the middle of steady load. */
const CLICKS_BEFORE_KILL = 150;

const TEMPLATE = `<p><a href="https://shop.example/a" data-label="a">A</a>
<a href="https://shop.example/b" data-label="b">B</a>
<a href="https://shop.example/c">C</a></p>`;

interface Acknowledged {
  userAgent: string;
  recipientId: string;
  linkId: string;
}

async function api<T>(daemon: ChildDaemon, method: string, pathname: string, body?: unknown): Promise<T> {
  const response = await fetch(daemon.url + pathname, {
    method,
    headers: { authorization: `Bearer ${daemon.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${pathname}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

async function allLogs(daemon: ChildDaemon): Promise<TrackingLog[]> {
  const logs: TrackingLog[] = [];
  for (;;) {
    const page = await api<{ logs: TrackingLog[]; lastSeq: number }>(daemon, 'GET', `/api/logs?after=${logs.at(-1)?.seq ?? 0}`);
    logs.push(...page.logs);
    if (page.logs.length === 0 || logs.at(-1)!.seq >= page.lastSeq) return logs;
  }
}

/**
 * Clicks in `LOOPS` parallel loops until the daemon stops answering; each click carries a unique
 * user agent so its log can be found. Resolves with the clicks whose 302 arrived.
 */
function clickLoad(daemon: ChildDaemon, delivery: PrepareResult['delivery'], round: number, onAcknowledged: (count: number) => void) {
  const acknowledged: Acknowledged[] = [];
  const unexpected: string[] = [];
  /** Clicks sent but cut off by the kill (no answer): proof that it landed mid-load. */
  let cutOff = 0;
  let stopped = false;
  const loop = async (loopId: number) => {
    for (let n = 0; !stopped; n++) {
      const recipient = delivery.recipients[n % delivery.recipients.length]!;
      const link = delivery.links[(n + loopId) % delivery.links.length]!;
      const userAgent = `durability-load/${round}/${loopId}/${n}`;
      let response: Response;
      try {
        response = await fetch(`${daemon.url}/c/${delivery.id}/${recipient.id}/${link.linkId}`, { redirect: 'manual', headers: { 'user-agent': userAgent } });
      } catch {
        cutOff++;
        return; // the daemon is gone: this click was never acknowledged
      }
      await response.body?.cancel();
      if (response.status === 302) {
        acknowledged.push({ userAgent, recipientId: recipient.id, linkId: link.linkId });
        onAcknowledged(acknowledged.length);
      } else unexpected.push(`${userAgent}: HTTP ${response.status}`);
    }
  };
  const done = Promise.all(Array.from({ length: LOOPS }, (_, i) => loop(i)));
  return {
    acknowledged,
    unexpected,
    finished: done.then(() => undefined),
    cutOff: () => cutOff,
    stop: () => (stopped = true),
  };
}

for (const durability of ['process', 'disk'] as const) describe(`durability (--durability ${durability}): SIGKILL under concurrent click load loses no acknowledged click`, function () {
  this.timeout(120_000);
  let dataDir: string;
  let daemon: ChildDaemon | undefined;

  before(function () {
    ensureCliBuilt();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'linktrace-durability-'));
  });
  after(async function () {
    if (daemon && daemon.child.exitCode === null && daemon.child.signalCode === null) {
      daemon.child.kill('SIGKILL');
      await daemon.exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps every click whose 302 was received, across ${ROUNDS} kills and restarts`, async function () {
    daemon = await spawnChildDaemon(dataDir, ['--durability', durability]);
    const { delivery } = await api<PrepareResult>(daemon, 'POST', '/api/deliveries', { template: TEMPLATE, name: 'load.html' });
    const everAcknowledged: Acknowledged[] = [];
    const random = killRandom('daemon kill');

    for (let round = 1; round <= ROUNDS; round++) {
      let reachedTarget!: () => void;
      const target = new Promise<void>((resolve) => (reachedTarget = resolve));
      const load = clickLoad(daemon, delivery, round, (count) => {
        if (count >= CLICKS_BEFORE_KILL) reachedTarget();
      });
      await target;
      // Somewhere inside the next group commit rather than right after an acknowledgement.
      await new Promise((resolve) => setTimeout(resolve, random.int(20)));
      const killed: ChildDaemon = daemon;
      killed.child.kill('SIGKILL');
      assert.equal((await killed.exited).signal, 'SIGKILL');
      load.stop();
      await load.finished;
      assert.deepEqual(load.unexpected, [], 'every answered click was a 302');
      assert.ok(load.cutOff() > 0, 'the kill interrupted clicks in flight');
      everAcknowledged.push(...load.acknowledged);

      daemon = await spawnChildDaemon(dataDir, ['--durability', durability]);
      const logs = await allLogs(daemon);
      const seqs = logs.map((log) => log.seq);
      for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!, `seq ${seqs[i]} after ${seqs[i - 1]}: unique and increasing`);
      const stored = new Map(logs.map((log) => [log.userAgent, log]));
      const missing = everAcknowledged.filter((click) => {
        const log = stored.get(click.userAgent);
        return !log || log.type !== 'click' || log.linkId !== click.linkId || log.recipientId !== click.recipientId || log.deliveryId !== delivery.id;
      });
      assert.deepEqual(missing.map((click) => click.userAgent), [], `round ${round} (LINKTRACE_KILL_SEED=${random.seed}): ${missing.length} of ${everAcknowledged.length} acknowledged clicks lost`);
      assert.equal(stored.size, logs.length, 'no log stored twice');

      // Numbering goes on after the recovered logs.
      const link = delivery.links[0]!;
      const after = await fetch(`${daemon.url}/c/${delivery.id}/${delivery.recipients[0]!.id}/${link.linkId}`, { redirect: 'manual', headers: { 'user-agent': `after-restart/${round}` } });
      assert.equal(after.status, 302);
      const [next] = (await api<{ logs: TrackingLog[] }>(daemon, 'GET', `/api/logs?after=${seqs.at(-1) ?? 0}`)).logs;
      assert.equal(next?.userAgent, `after-restart/${round}`);
      assert.ok(next!.seq > (seqs.at(-1) ?? 0));
      everAcknowledged.push({ userAgent: `after-restart/${round}`, recipientId: delivery.recipients[0]!.id, linkId: link.linkId });
    }
  });
});
