// `npm test`: type-check, every package's mocha suite, then the VS Code extension-host suite.
// Prints one closing line `N passed, N failed` over all of them and exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** Runs a command, echoing its output, and resolves with its exit code and output. */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; process.stdout.write(chunk); });
    child.stderr.on('data', (chunk) => { output += chunk; process.stderr.write(chunk); });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const count = (output, pattern) => {
  const matches = [...output.matchAll(pattern)];
  return matches.length ? Number(matches[matches.length - 1][1]) : 0;
};

let passed = 0;
let failed = 0;
const steps = [];

const build = await run(process.execPath, [path.join(root, 'scripts/build.mjs')]);
steps.push(['build', build.code]);

const typecheck = await run(bin('tsc'), ['-b']);
steps.push(['typecheck', typecheck.code]);

const unit = await run(bin('mocha'), ['packages/*/test/**/*.test.ts'], { FORCE_COLOR: '0' });
passed += count(unit.output, /^\s*(\d+) passing/gm);
failed += count(unit.output, /^\s*(\d+) failing/gm);
steps.push(['mocha', unit.code]);

if (existsSync(path.join(root, 'packages/vscode/test/host/index.ts'))) {
  const host = await run(process.execPath, [path.join(root, 'scripts/vscode-test.mjs')]);
  passed += count(host.output, /^(?:.*\s)?(\d+) passed, \d+ failed/gm);
  failed += count(host.output, /^(?:.*\s)?\d+ passed, (\d+) failed/gm);
  steps.push(['vscode extension host', host.code]);
}

const broken = steps.filter(([, code]) => code !== 0).map(([name]) => name);
if (broken.length) console.log(`\nfailed steps: ${broken.join(', ')}`);
if (broken.length && failed === 0) failed = 1; // a crashed step counts even when it reported no test
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken.length || failed ? 1 : 0);
