// `npm run bench`: runs each benchmark of scripts/bench/ in its own Node process, one after the
// other, and prints what it measured. A benchmark reports, it does not fail: exit code 0 always.
//   npm run bench               every benchmark
//   npm run bench -- core       only the named ones
//   BENCH_QUICK=1 npm run bench short runs with rough numbers (a smoke test of the benchmarks)
// To add one, append an entry to BENCHMARKS (e.g. { name: 'daemon', script: 'scripts/bench/daemon.ts' }).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** name, entry (run with `node --import tsx`), extra Node flags, arguments. */
const BENCHMARKS = [
  { name: 'core', script: 'scripts/bench/core.ts', nodeFlags: ['--expose-gc'] },
  { name: 'daemon', script: 'scripts/bench/daemon.ts' },
  // /healthz and RSS under the attacks of issue #11 (heavy prepares, slow readers and subscribers).
  { name: 'hostile', script: 'scripts/bench/hostile.ts' },
  // 500 distinct URLs at 50 ms latency against the ideal URLs / concurrency x latency.
  { name: 'check-links', script: 'scripts/bench/check-links.ts' },
  // Re-lint per keystroke and activation, measured inside a real extension host.
  { name: 'vscode', script: 'scripts/vscode-test.mjs', args: ['--bench'] },
];

function run(benchmark) {
  return new Promise((resolve) => {
    const args = [...(benchmark.nodeFlags ?? []), '--import', 'tsx', path.join(root, benchmark.script), ...(benchmark.args ?? [])];
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
    child.on('error', (error) => resolve({ code: 1, error }));
    child.on('close', (code, signal) => resolve({ code: code ?? 1, signal }));
  });
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !BENCHMARKS.some((b) => b.name === name));
if (unknown.length) console.log(`unknown benchmark(s): ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.name).join(', ')})`);
const selected = BENCHMARKS.filter((b) => wanted.length === 0 || wanted.includes(b.name));

const summary = [];
for (const benchmark of selected) {
  if (!existsSync(path.join(root, benchmark.script))) {
    console.log(`\n[bench] ${benchmark.name}: ${benchmark.script} not found, skipped`);
    summary.push(`${benchmark.name}: skipped (missing)`);
    continue;
  }
  console.log(`\n[bench] ${benchmark.name}: node ${[...(benchmark.nodeFlags ?? []), '--import', 'tsx', benchmark.script].join(' ')}\n`);
  const started = Date.now();
  const result = await run(benchmark);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const status = result.code === 0 ? 'done' : `FAILED to complete (exit ${result.code}${result.signal ? `, ${result.signal}` : ''}${result.error ? `, ${result.error.message}` : ''})`;
  summary.push(`${benchmark.name}: ${status} in ${seconds} s`);
}
console.log(`\n[bench] ${summary.join('; ') || 'nothing run'}`);
process.exit(0);
