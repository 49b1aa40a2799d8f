// Link-check benchmark: 500 distinct URLs against a local server that answers every request after
// 50 ms, checked through the whole engine (parse, per-recipient URLs, safety, limiter, redirects
// code path, findings). Compared with the ideal (URLs / concurrency x latency) and, in the same run,
// with a bare node:http client keeping the same number of requests in flight. Target: within 2x
// of the ideal. Then the same check again from a warm on-disk cache.
// Run through `npm run bench` (node scripts/bench.mjs) or directly:
//   node --import tsx scripts/bench/check-links.ts
// BENCH_QUICK=1: 200 URLs. Always exits 0.
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { checkLinks, LinkCheckCache } from '@linktrace/daemon';
import { startLinkServer } from '../../packages/daemon/test/support/link-servers';
import { ms, table, verdict } from './stats';

const QUICK = process.env.BENCH_QUICK === '1' || process.env.LINKTRACE_BENCH_QUICK === '1';
const URLS = QUICK ? 200 : 500;
const LATENCY_MS = 50;
const TARGET_RATIO = 2;
const RECIPIENTS = [{ id: 'r1', email: 'ada@example.test', fields: {} }];

async function main(): Promise<void> {
  const server = await startLinkServer({ latencyMs: LATENCY_MS });
  const cacheDirectory = await mkdtemp(path.join(os.tmpdir(), 'linktrace-bench-cache-'));
  try {
    const rows: string[][] = [['run', 'in flight per host', 'URLs', 'requests', 'time ms', 'ideal ms', 'ratio to ideal', 'bare client ms', 'ratio to bare', `target ≤ ${TARGET_RATIO}x ideal`]];
    let round = 0;
    for (const perHost of [8, 16]) {
      round++;
      const ideal = Math.ceil(URLS / perHost) * LATENCY_MS;
      const prefix = `/p/r${round}-`;
      const text = Array.from({ length: URLS }, (_, i) => `<a href="${server.origin}${prefix}${i}">link ${i}</a>`).join('\n');
      const bare = await bareClient(Array.from({ length: URLS }, (_, i) => `${server.origin}/p/bare${round}-${i}`), perHost);
      const started = performance.now();
      const report = await checkLinks([{ id: 'bench.html', text, options: { allowedHosts: ['127.0.0.1'] } }], { recipients: RECIPIENTS, perHost, concurrency: 64 });
      const elapsed = performance.now() - started;
      const problems = report.findings.get('bench.html')!.length;
      if (problems) console.log(`  unexpected: ${problems} findings`);
      rows.push([`engine, cold`, String(perHost), String(report.stats.urls), String(report.stats.requests), ms(elapsed), ms(ideal), (elapsed / ideal).toFixed(2), ms(bare), (elapsed / bare).toFixed(2), verdict(elapsed / ideal <= TARGET_RATIO)]);

      const file = path.join(cacheDirectory, `cache-${perHost}.json`);
      const cache = await LinkCheckCache.open(file, 3_600_000);
      await checkLinks([{ id: 'bench.html', text, options: { allowedHosts: ['127.0.0.1'] } }], { recipients: RECIPIENTS, perHost, concurrency: 64, cache });
      await cache.save();
      const warmStarted = performance.now();
      const warm = await checkLinks([{ id: 'bench.html', text, options: { allowedHosts: ['127.0.0.1'] } }], { recipients: RECIPIENTS, perHost, concurrency: 64, cache: await LinkCheckCache.open(file, 3_600_000) });
      const warmElapsed = performance.now() - warmStarted;
      rows.push([`engine, cached`, String(perHost), String(warm.stats.urls), String(warm.stats.requests), ms(warmElapsed), '-', '-', '-', '-', '-']);
    }
    console.log(`check-links: ${URLS} distinct URLs, server latency ${LATENCY_MS} ms, ideal = ceil(URLs / per-host) x latency`);
    table(rows);
  } finally {
    await server.close();
    await rm(cacheDirectory, { recursive: true, force: true });
  }
}

/** The floor any client can reach: plain GETs, `inFlight` at a time, nothing else done. */
async function bareClient(urls: readonly string[], inFlight: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length) {
      const url = urls[next++]!;
      await new Promise<void>((resolve) => {
        http.get(url, { agent }, (response) => {
          response.resume();
          response.on('end', resolve);
        }).on('error', () => resolve());
      });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  agent.destroy();
  return performance.now() - started;
}

main().catch((error: unknown) => {
  console.log(`check-links benchmark failed: ${(error as Error)?.stack ?? error}`);
});
