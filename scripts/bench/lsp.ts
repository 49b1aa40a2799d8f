// Language server benchmark, through the real server (`linktrace lsp --stdio`, the built CLI) and
// a real LSP client over stdio:
//   1. keystroke to published diagnostics on a link-dense 100 KB template, edits 200 ms apart
//      (debounce included; target p95 under 50 ms); the server's own analysis time and work per
//      keystroke from its log (incremental; target p95 under 10 ms), beside a full lint() and the
//      IncrementalLinter of the same versions in this process;
//   2. server start (spawn) to the first diagnostics of a 100 KB template (target under 150 ms),
//      with and without the bundle's V8 code cache, beside Node's own start;
//   3. the server's resident memory with 20 open 100 KB templates (target under 150 MB).
// Link-dense: every line of the template body is a newsletter link row (an <a href> with
// tracking attributes, UTM parameters and personalization), as in a digest email.
// Run through `npm run bench -- lsp` or `node --import tsx scripts/bench/lsp.ts`. Always exits 0.
import { readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { IncrementalLinter, lint } from '@linktrace/core';
import { LogMessageNotification } from 'vscode-languageserver-protocol/node';
import { DEFAULT_SETTINGS } from '@linktrace/lsp';
import os from 'node:os';
import { BIN, LspTestClient, PUSH_CLIENT } from '../../packages/lsp/test/support/lspClient';
import { linkDenseTemplate } from './link-dense';
import { kb, ms, summarize, table, verdict } from './stats';
import { linkDenseTemplate } from './link-dense';

const QUICK = process.env.BENCH_QUICK === '1' || process.env.LINKTRACE_BENCH_QUICK === '1';
const TARGETS = { keystrokeP95Ms: 50, analysisP95Ms: 10, startMs: 150, rssMb: 150 };
const EDIT_INTERVAL_MS = 200;
const KEYSTROKES = QUICK ? 20 : 100;
const STARTS = QUICK ? 3 : 7;
const OPEN_TEMPLATES = 20;
const SIZE = 100 * 1024;

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)![1]) / 1024;
  } catch {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uriOf = (n: number) => `file:///bench/digest-${n}.html`;
/** V8's code cache of the language server bundle (packages/cli/bin/code-cache.cjs). */
const CODE_CACHE = path.join(path.dirname(BIN), '../dist/linktrace-lsp.cjs.v8-cache');

/** One server analysis, as the server logs it with LINKTRACE_LSP_STATS=1 (see packages/lsp/src/analysis.ts). */
interface LoggedAnalysis {
  ms: number;
  reparsed: number;
  size: number;
  checked: number;
  reused: number;
  fallback: string;
}

const ANALYSIS_LOG = /^linktrace analysis \S+ v\d+: ([\d.]+) ms, re-parsed (\d+)\/(\d+) bytes, links checked (\d+) re-used (\d+), fallback ([^,]+),/;

function parseAnalysisLog(message: string): LoggedAnalysis | undefined {
  const match = ANALYSIS_LOG.exec(message);
  if (!match) return undefined;
  return { ms: Number(match[1]), reparsed: Number(match[2]), size: Number(match[3]), checked: Number(match[4]), reused: Number(match[5]), fallback: match[6]! };
}

/** The same keystroke as the server gets it: one character typed into a URL path, a different row each time. */
function keystrokeOffset(text: string, k: number): number {
  return text.indexOf('/articles/', (k * 997) % (text.length - 200)) + '/articles/'.length;
}

async function keystrokes(): Promise<void> {
  const text = linkDenseTemplate(SIZE);
  const links = (text.match(/<a /g) ?? []).length;
  console.log(`1. Keystroke to published diagnostics: link-dense ${kb(text.length)} template (${links} links, every body line a link row), ${KEYSTROKES} edits ${EDIT_INTERVAL_MS} ms apart\n`);
  // The server logs each analysis's time and work (window/logMessage) with this in its environment.
  process.env.LINKTRACE_LSP_STATS = '1';
  const client = LspTestClient.start();
  delete process.env.LINKTRACE_LSP_STATS;
  const analyses: LoggedAnalysis[] = [];
  /** The server's own latency per keystroke: the change arriving to the diagnostics sent. */
  const inServerLatencies: number[] = [];
  client.connection.onNotification(LogMessageNotification.type, (params) => {
    const analysis = parseAnalysisLog(params.message);
    if (analysis) analyses.push(analysis);
    const published = /^linktrace published \S+ v\d+: ([\d.]+) ms after the change arrived/.exec(params.message);
    if (published) inServerLatencies.push(Number(published[1]));
  });
  try {
    await client.initialize(PUSH_CLIENT);
    const uri = uriOf(0);
    await client.open(uri, text);
    await client.diagnostics(uri, 1, 0);
    const firstAnalyses = analyses.length;
    const latencies: number[] = [];
    const versions: string[] = [text];
    for (let k = 0; k < KEYSTROKES; k++) {
      const document = client.documents.get(uri)!;
      const position = document.positionAt(keystrokeOffset(document.getText(), k));
      const before = client.published.length;
      const sent = performance.now();
      const version = await client.change(uri, [{ range: { start: position, end: position }, text: 'x' }]);
      await client.diagnostics(uri, version, before);
      latencies.push(client.published.at(-1)!.at - sent);
      versions.push(client.text(uri));
      await sleep(Math.max(0, EDIT_INTERVAL_MS - (performance.now() - sent)));
    }
    const keystroke = summarize(latencies);
    const inServer = analyses.slice(firstAnalyses);
    const serverAnalysis = summarize(inServer.map((analysis) => analysis.ms));
    // Baselines of the same run, in this process: a full lint() per version (what the server did
    // before incremental documents) and the IncrementalLinter alone over the same versions.
    // CPU time (process.cpuUsage) beside wall time: on a machine shared with other work, time spent
    // waiting for a core inflates the wall time, not the CPU time.
    const full: number[] = [];
    const incremental: number[] = [];
    const fullCpu: number[] = [];
    const incrementalCpu: number[] = [];
    const cpuMs = () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    };
    const linter = new IncrementalLinter();
    for (let round = 0; round < 2; round++) {
      // The first round warms both up (the server is warm too); the second is measured.
      for (const version of versions) {
        let start = performance.now();
        let cpuStart = cpuMs();
        linter.lint(version);
        if (round === 1) {
          incremental.push(performance.now() - start);
          incrementalCpu.push(cpuMs() - cpuStart);
        }
        start = performance.now();
        cpuStart = cpuMs();
        lint(version);
        if (round === 1) {
          full.push(performance.now() - start);
          fullCpu.push(cpuMs() - cpuStart);
        }
      }
    }
    const fullLint = summarize(full);
    const inServerLatency = summarize(inServerLatencies);
    const incrementalLint = summarize(incremental);
    table([
      ['measure', 'p50 ms', 'p95 ms', 'max ms', 'target', ''],
      ['keystroke → publishDiagnostics (server, stdio, debounce incl.)', ms(keystroke.median), ms(keystroke.p95), ms(keystroke.max), `p95 < ${TARGETS.keystrokeP95Ms}`, verdict(keystroke.p95 < TARGETS.keystrokeP95Ms)],
      ['  in the server: the change arriving → diagnostics sent (its log)', ms(inServerLatency.median), ms(inServerLatency.p95), ms(inServerLatency.max), '', ''],
      ['the analysis itself, in the server (incremental, from its log)', ms(serverAnalysis.median), ms(serverAnalysis.p95), ms(serverAnalysis.max), `p95 < ${TARGETS.analysisP95Ms}`, verdict(serverAnalysis.p95 < TARGETS.analysisP95Ms)],
      ['  IncrementalLinter of the same versions, in this process', ms(incrementalLint.median), ms(incrementalLint.p95), ms(incrementalLint.max), '', ''],
      ['  baseline: full core lint() of the same versions, in this process', ms(fullLint.median), ms(fullLint.p95), ms(fullLint.max), '', ''],
      ['  IncrementalLinter, CPU time (all threads)', ms(summarize(incrementalCpu).median), ms(summarize(incrementalCpu).p95), ms(summarize(incrementalCpu).max), '', ''],
      ['  baseline: full core lint(), CPU time (all threads)', ms(summarize(fullCpu).median), ms(summarize(fullCpu).p95), ms(summarize(fullCpu).max), '', ''],
    ]);
    console.log(`\n  incremental / full lint p50 ${(incrementalLint.median / fullLint.median).toFixed(2)}x; the server's share beyond its analysis (transport, positions, scheduling; the ${DEFAULT_SETTINGS.debounceMs} ms debounce applies to bursts only, edits ${EDIT_INTERVAL_MS} ms apart are linted at once): p50 ${ms(keystroke.median - serverAnalysis.median)} ms`);
    const reparsed = summarize(inServer.map((analysis) => analysis.reparsed));
    const checked = summarize(inServer.map((analysis) => analysis.checked));
    const fallbacks = inServer.filter((analysis) => analysis.fallback !== '-');
    console.log(`  work per keystroke (server): re-parsed p50 ${reparsed.median} / max ${reparsed.max} bytes of ${kb(inServer[0]?.size ?? text.length)} (${((100 * reparsed.median) / (inServer[0]?.size ?? text.length)).toFixed(2)}% at p50); links re-checked p50 ${checked.median} / max ${checked.max}, re-used p50 ${summarize(inServer.map((analysis) => analysis.reused)).median} of ${links}; fallbacks to a full lint ${fallbacks.length}/${inServer.length}${fallbacks.length ? ` (${[...new Set(fallbacks.map((analysis) => analysis.fallback))].join(', ')})` : ''}`);
  } finally {
    await client.shutdownAndExit().catch(() => client.kill());
  }
}

/** Spawn to the first diagnostics of `text` (and to initialize answered), in ms. */
async function startOnce(text: string): Promise<{ initialize: number; diagnostics: number }> {
  const started = performance.now();
  const client = LspTestClient.start();
  try {
    await client.initialize(PUSH_CLIENT);
    const initialize = performance.now() - started;
    await client.open(uriOf(0), text);
    await client.diagnostics(uriOf(0), 1, 0);
    return { initialize, diagnostics: client.published[0]!.at - started };
  } finally {
    await client.shutdownAndExit().catch(() => client.kill());
  }
}

async function startup(): Promise<void> {
  console.log(`\n2. Server start (spawn of linktrace lsp) to the first diagnostics of a link-dense ${kb(SIZE)} template, ${STARTS} fresh processes each way, interleaved\n`);
  const text = linkDenseTemplate(SIZE);
  // The first start after a build compiles the bundle and writes V8's code cache at its exit.
  rmSync(CODE_CACHE, { force: true });
  const cold = await startOnce(text);
  const cached: { initialize: number; diagnostics: number }[] = [];
  const uncached: { initialize: number; diagnostics: number }[] = [];
  const nodeAlone: number[] = [];
  const version: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    cached.push(await startOnce(text));
    process.env.LINKTRACE_CODE_CACHE = '0';
    try {
      uncached.push(await startOnce(text));
    } finally {
      delete process.env.LINKTRACE_CODE_CACHE;
    }
    // The floors: Node starting and exiting, and Node loading the full CLI bundle for --version.
    let started = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    nodeAlone.push(performance.now() - started);
    started = performance.now();
    execFileSync(process.execPath, [BIN, '--version']);
    version.push(performance.now() - started);
  }
  const row = (name: string, samples: readonly number[], target = false): string[] => {
    const sample = summarize(samples);
    return [name, ms(sample.median), ms(sample.max), target ? `< ${TARGETS.startMs}` : '', target ? verdict(sample.median < TARGETS.startMs) : ''];
  };
  table([
    ['measure', 'p50 ms', 'max ms', 'target', ''],
    row('floor: node -e 0', nodeAlone),
    row('floor: node linktrace.cjs --version (full CLI bundle)', version),
    row('spawn → initialize answered (code cache)', cached.map((start) => start.initialize)),
    row('spawn → first publishDiagnostics (code cache)', cached.map((start) => start.diagnostics), true),
    row('  baseline: spawn → initialize answered, no code cache', uncached.map((start) => start.initialize)),
    row('  baseline: spawn → first publishDiagnostics, no code cache', uncached.map((start) => start.diagnostics)),
    row('  first start after a build (writes the cache)', [cold.diagnostics]),
  ]);
  const floor = summarize(nodeAlone).median;
  console.log(`\n  above Node's own start (${ms(floor)} ms here): initialize p50 ${ms(summarize(cached.map((start) => start.initialize)).median - floor)} ms, first diagnostics p50 ${ms(summarize(cached.map((start) => start.diagnostics)).median - floor)} ms (the first lint of ${kb(SIZE)} in a cold process is most of the rest)`);
}

async function memory(): Promise<void> {
  console.log(`\n3. Server memory with ${OPEN_TEMPLATES} open link-dense ${kb(SIZE)} templates (each different), diagnostics of all published\n`);
  const client = LspTestClient.start();
  try {
    await client.initialize(PUSH_CLIENT);
    const idle = rssMb(client.child.pid!);
    for (let n = 0; n < OPEN_TEMPLATES; n++) await client.open(uriOf(n), linkDenseTemplate(SIZE, n));
    for (let n = 0; n < OPEN_TEMPLATES; n++) await client.diagnostics(uriOf(n), 1, 0);
    // Let a collection run (the lint garbage of 20 templates) before reading what stays.
    await sleep(1000);
    const open = rssMb(client.child.pid!);
    table([
      ['measure', 'RSS MB', 'target', ''],
      ['server after initialize', idle.toFixed(1), '', ''],
      [`server with ${OPEN_TEMPLATES} templates open`, open.toFixed(1), `< ${TARGETS.rssMb}`, verdict(open < TARGETS.rssMb)],
    ]);
  } finally {
    await client.shutdownAndExit().catch(() => client.kill());
  }
}

// No top-level await: scripts/ is compiled as CommonJS by tsx.
void (async () => {
  // Timings scale with how busy the machine is: say so beside them.
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}\n`);
  try {
    await keystrokes();
    await startup();
    await memory();
  } catch (error) {
    console.log(`lsp benchmark failed: ${(error as Error).stack ?? error}`);
  }
  process.exit(0);
})();
