// Hostile-load benchmark: how the daemon (the built CLI, in its own process) holds up against the
// attacks of issue #11. /healthz latency while idle, during the largest prepare the limits accept,
// during its page, with 300 clients that never read a 4 MB page and with 20 stream subscribers that
// never read a long backlog; the daemon's RSS before and at peak (/proc, Linux only).
// Run through `npm run bench -- hostile` or directly: node --import tsx scripts/bench/hostile.ts
// BENCH_QUICK=1: a shorter backlog and sampling window. Always exits 0.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAX_LOOKUPS } from '../../packages/daemon/src/delivery-limits';
import { ensureCliBuilt, spawnChildDaemon, type ChildDaemon } from '../../packages/daemon/test/support/e2e-cli-daemon';
import {
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
} from '../../packages/daemon/test/support/load';
import { generateJournal } from '../../packages/daemon/test/support/storage-gen';
import { ms, summarize, table, verdict } from './stats';

const QUICK = process.env.BENCH_QUICK === '1' || process.env.LINKTRACE_BENCH_QUICK === '1';
const WINDOW_MS = QUICK ? 2000 : 5000;
const BACKLOG = QUICK ? 100_000 : 500_000;
/** A request may hold the event loop ~50 ms; RSS may not grow with slow clients. */
const TARGETS = { healthzMaxMs: 50, slowClientsRssMb: 100 };

const portOf = (daemon: ChildDaemon) => Number(new URL(daemon.url).port);

async function withDaemon<T>(root: string, name: string, run: (daemon: ChildDaemon) => Promise<T>, prepareDir?: (dir: string) => void): Promise<T> {
  const dataDir = path.join(root, name);
  prepareDir?.(dataDir);
  const daemon = await spawnChildDaemon(dataDir);
  try {
    return await run(daemon);
  } finally {
    daemon.child.kill('SIGTERM');
    await daemon.exited;
  }
}

function latencyRow(label: string, latencies: number[], extra = ''): string[] {
  const s = summarize(latencies);
  return [label, String(s.runs), ms(s.median), ms(s.p99), ms(s.max), extra, verdict(s.max <= TARGETS.healthzMaxMs)];
}

async function main(): Promise<void> {
  console.log('== hostile-load benchmark: /healthz and RSS of a daemon process under the attacks of issue #11 ==');
  console.log(`node ${process.version}, ${os.cpus().length} CPU(s), load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}${QUICK ? '; QUICK mode' : ''}`);
  ensureCliBuilt();
  const root = mkdtempSync(path.join(os.tmpdir(), 'linktrace-bench-hostile-'));
  const rows: string[][] = [['/healthz while', 'probes', 'p50 ms', 'p99 ms', 'max ms', 'daemon RSS MB', `max <= ${TARGETS.healthzMaxMs} ms`]];
  const notes: string[] = [];
  try {
    await withDaemon(root, 'heavy', async (daemon) => {
      const port = portOf(daemon);
      rows.push(latencyRow('idle', await healthzWhile(port, new Promise((resolve) => setTimeout(resolve, WINDOW_MS)))));
      const attack = postDelivery(port, daemon.token, { template: `<p>${'{{ x.y }}'.repeat(15_600)}</p>`, recipients: recipients(25_000) });
      const duringAttack = await healthzWhile(port, attack);
      rows.push(latencyRow(`25,000-recipient attack (answered ${(await attack).status})`, duringAttack));
      const heavy = postDelivery(port, daemon.token, { template: largestTemplate(), recipients: recipients(MAX_LOOKUPS / 5000) });
      rows.push(latencyRow('largest accepted prepare', await healthzWhile(port, heavy)));
      const emailUrl = (JSON.parse((await heavy).text) as { delivery: { recipients: { emailUrl: string }[] } }).delivery.recipients[0]!.emailUrl;
      rows.push(latencyRow('its first page render', await healthzWhile(port, httpRequest(port, new URL(emailUrl).pathname))));
    });

    await withDaemon(root, 'slow-readers', async (daemon) => {
      const port = portOf(daemon);
      const { template, recipient } = fourMegabytePage();
      const prepared = await postDelivery(port, daemon.token, { template, recipients: [recipient] });
      const emailPath = new URL((JSON.parse(prepared.text) as { delivery: { recipients: { emailUrl: string }[] } }).delivery.recipients[0]!.emailUrl).pathname;
      const pageBytes = (await httpRequest(port, emailPath)).text.length;
      const before = rssMb(daemon.pid);
      const sockets = nonReadingClients(port, emailPath, 300);
      const peak = peakRssMb(daemon.pid, WINDOW_MS);
      const latencies = await healthzWhile(port, peak);
      for (const socket of sockets) socket.destroy();
      rows.push(latencyRow(`300 clients not reading a ${(pageBytes / 1048576).toFixed(1)} MB page`, latencies, `${before.toFixed(0)} -> ${(await peak).toFixed(0)}`));
      notes.push(`300 non-reading clients: RSS +${((await peak) - before).toFixed(0)} MB (target < ${TARGETS.slowClientsRssMb} MB): ${verdict((await peak) - before < TARGETS.slowClientsRssMb)}`);
    });

    await withDaemon(
      root,
      'slow-subscribers',
      async (daemon) => {
        const port = portOf(daemon);
        const before = rssMb(daemon.pid);
        const sockets = nonReadingSubscribers(port, daemon.token, 20);
        const peak = peakRssMb(daemon.pid, WINDOW_MS);
        const latencies = await healthzWhile(port, peak);
        for (const socket of sockets) socket.destroy();
        rows.push(latencyRow(`20 subscribers not reading ${BACKLOG / 1000}k logs`, latencies, `${before.toFixed(0)} -> ${(await peak).toFixed(0)}`));
        notes.push(`20 non-reading subscribers: RSS +${((await peak) - before).toFixed(0)} MB (target < ${TARGETS.slowClientsRssMb} MB): ${verdict((await peak) - before < TARGETS.slowClientsRssMb)}`);
      },
      (dir) => generateJournal(dir, BACKLOG),
    );

    console.log('');
    table(rows);
    console.log('');
    for (const note of notes) console.log(`  ${note}`);
    console.log(`  load average now ${os.loadavg().map((n) => n.toFixed(1)).join(' ')}: on a busy machine the idle row is the floor the others sit on`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => (process.exitCode = 0),
  (error: unknown) => {
    console.log(`\n  hostile-load benchmark failed: ${(error as Error)?.stack ?? error}`);
    process.exitCode = 0;
  },
);
