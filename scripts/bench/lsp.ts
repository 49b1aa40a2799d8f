// Language server benchmark, through the real server (`linktrace lsp --stdio`, the built CLI) and
// a real LSP client over stdio:
//   1. keystroke to published diagnostics on a link-dense 100 KB template, edits 200 ms apart
//      (debounce included; target p95 under 50 ms), beside core's own lint() of the same text in
//      this process (the analysis alone; target p95 under 10 ms);
//   2. server start (spawn) to the first diagnostics of a 100 KB template (target under 150 ms);
//   3. the server's resident memory with 20 open 100 KB templates (target under 150 MB).
// Link-dense: every line of the template body is a newsletter link row (an <a href> with
// tracking attributes, UTM parameters and personalization), as in a digest email.
// Run through `npm run bench -- lsp` or `node --import tsx scripts/bench/lsp.ts`. Always exits 0.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { lint } from '@linktrace/core';
import { DEFAULT_SETTINGS } from '@linktrace/lsp';
import os from 'node:os';
import { BIN, LspTestClient, PUSH_CLIENT } from '../../packages/lsp/test/support/lspClient';
import { linkDenseTemplate } from './link-dense';
import { kb, ms, summarize, table, verdict } from './stats';

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

async function keystrokes(): Promise<void> {
  const text = linkDenseTemplate(SIZE);
  const links = (text.match(/<a /g) ?? []).length;
  console.log(`1. Keystroke to published diagnostics: link-dense ${kb(text.length)} template (${links} links, every body line a link row), ${KEYSTROKES} edits ${EDIT_INTERVAL_MS} ms apart\n`);
  const client = LspTestClient.start();
  try {
    await client.initialize(PUSH_CLIENT);
    const uri = uriOf(0);
    await client.open(uri, text);
    await client.diagnostics(uri, 1, 0);
    const latencies: number[] = [];
    for (let k = 0; k < KEYSTROKES; k++) {
      // Type one character into a URL path, a different row each time.
      const document = client.documents.get(uri)!;
      const at = document.getText().indexOf('/articles/', (k * 997) % (document.getText().length - 200)) + '/articles/'.length;
      const position = document.positionAt(at);
      const before = client.published.length;
      const sent = performance.now();
      const version = await client.change(uri, [{ range: { start: position, end: position }, text: 'x' }]);
      await client.diagnostics(uri, version, before);
      latencies.push(client.published.at(-1)!.at - sent);
      await sleep(Math.max(0, EDIT_INTERVAL_MS - (performance.now() - sent)));
    }
    const keystroke = summarize(latencies);
    // The analysis alone: core's lint() of the final text, in this process (no server, no transport).
    const finalText = client.text(uri);
    for (let i = 0; i < 5; i++) lint(finalText); // warm-up: the server's lint is warm too
    const analysis: number[] = [];
    for (let i = 0; i < Math.max(20, KEYSTROKES); i++) {
      const start = performance.now();
      lint(finalText);
      analysis.push(performance.now() - start);
    }
    const lintOnly = summarize(analysis);
    table([
      ['measure', 'p50 ms', 'p95 ms', 'max ms', 'target', ''],
      ['keystroke → publishDiagnostics (server, stdio, debounce incl.)', ms(keystroke.median), ms(keystroke.p95), ms(keystroke.max), `p95 < ${TARGETS.keystrokeP95Ms}`, verdict(keystroke.p95 < TARGETS.keystrokeP95Ms)],
      ['core lint() of the same text, in this process', ms(lintOnly.median), ms(lintOnly.p95), ms(lintOnly.max), `p95 < ${TARGETS.analysisP95Ms}`, verdict(lintOnly.p95 < TARGETS.analysisP95Ms)],
    ]);
    console.log(`\n  the server's share beyond lint (transport, positions, scheduling; the ${DEFAULT_SETTINGS.debounceMs} ms debounce applies to bursts only, edits ${EDIT_INTERVAL_MS} ms apart are linted at once): p50 ${ms(keystroke.median - lintOnly.median)} ms; ratio keystroke/lint p50 ${(keystroke.median / lintOnly.median).toFixed(1)}x`);
  } finally {
    await client.shutdownAndExit().catch(() => client.kill());
  }
}

async function startup(): Promise<void> {
  console.log(`\n2. Server start (spawn of linktrace lsp) to the first diagnostics of a link-dense ${kb(SIZE)} template, ${STARTS} fresh processes\n`);
  const text = linkDenseTemplate(SIZE);
  const totals: number[] = [];
  const initializes: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const started = performance.now();
    const client = LspTestClient.start();
    try {
      await client.initialize(PUSH_CLIENT);
      initializes.push(performance.now() - started);
      await client.open(uriOf(0), text);
      await client.diagnostics(uriOf(0), 1, 0);
      totals.push(client.published[0]!.at - started);
    } finally {
      await client.shutdownAndExit().catch(() => client.kill());
    }
  }
  // The floor: Node loading the same CLI bundle and exiting at once.
  const baselines: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const started = performance.now();
    execFileSync(process.execPath, [BIN, '--version']);
    baselines.push(performance.now() - started);
  }
  const total = summarize(totals);
  const initialize = summarize(initializes);
  const baseline = summarize(baselines);
  table([
    ['measure', 'p50 ms', 'max ms', 'target', ''],
    ['baseline: node linktrace.cjs --version', ms(baseline.median), ms(baseline.max), '', ''],
    ['spawn → initialize answered', ms(initialize.median), ms(initialize.max), '', ''],
    ['spawn → first publishDiagnostics', ms(total.median), ms(total.max), `< ${TARGETS.startMs}`, verdict(total.median < TARGETS.startMs)],
  ]);
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
