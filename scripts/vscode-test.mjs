// `npm run test:vscode`: builds, then runs the extension-host suite (packages/vscode/test/host)
// inside a real VS Code. Two backends:
//   electron     @vscode/test-electron downloads a desktop VS Code (needs internet, and a display on Linux)
//   code-server  the offline harness in scripts/vscode-test-offline (code-server + headless Chromium)
// LINKTRACE_VSCODE_TEST_BACKEND picks one; by default code-server when the harness is installed or
// the VS Code download host does not resolve, electron otherwise. The harness is installed on
// demand rather than skipped. Prints `N passed, N failed`; exits non-zero on any failure, crash or hang.
// `--bench` (or LINKTRACE_VSCODE_BENCH=1) runs only the editor benchmark (re-lint per keystroke of a 100 KB template, activation
// time) and prints the bundle size; it reports numbers as `BENCH {...}` lines.
import { spawn, spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extensionDevelopmentPath = path.join(root, 'packages/vscode');
const extensionTestsPath = path.join(extensionDevelopmentPath, 'dist/test/index.js');
const fixtures = path.join(extensionDevelopmentPath, 'test/fixtures');
const harness = path.join(root, 'scripts/vscode-test-offline');
const timeoutSeconds = Number(process.env.LINKTRACE_VSCODE_TEST_TIMEOUT ?? 600);

const fail = (why) => {
  console.log(`vscode-test: ${why}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
};

async function canDownloadVsCode() {
  try {
    await Promise.race([lookup('update.code.visualstudio.com'), new Promise((_, reject) => setTimeout(reject, 3000))]);
    return true;
  } catch {
    return false;
  }
}

async function chooseBackend() {
  const asked = process.env.LINKTRACE_VSCODE_TEST_BACKEND;
  if (asked === 'electron' || asked === 'code-server') return asked;
  if (asked) fail(`LINKTRACE_VSCODE_TEST_BACKEND must be electron or code-server, not ${JSON.stringify(asked)}`);
  if (existsSync(path.join(harness, 'node_modules/.install-ok'))) return 'code-server';
  return (await canDownloadVsCode()) ? 'electron' : 'code-server';
}

function ensureHarness() {
  if (existsSync(path.join(harness, 'node_modules/.install-ok'))) return;
  console.log('vscode-test: installing the offline harness (scripts/vscode-test-offline/setup.sh)');
  const setup = spawnSync('bash', [path.join(harness, 'setup.sh')], { stdio: 'inherit' });
  if (setup.status !== 0) fail('the offline harness could not be installed');
}

/** Tests edit files; they get a copy of the fixtures so the repository's stay as written. */
function temporaryWorkspace() {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'linktrace-vscode-test-'));
  const workspace = path.join(parent, 'workspace');
  cpSync(fixtures, workspace, { recursive: true });
  return { parent, workspace };
}

function runChild(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    const timer = setTimeout(() => {
      console.log(`vscode-test: no result after ${timeoutSeconds}s, stopping`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, timeoutSeconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function runCodeServer(workspace) {
  ensureHarness();
  // The harness has its own timeout and prints the `N passed, N failed` line itself.
  return runChild(process.execPath, [
    path.join(harness, 'run-vscode-tests.js'),
    '--extensionDevelopmentPath', extensionDevelopmentPath,
    '--extensionTestsPath', extensionTestsPath,
    '--workspace', workspace,
    '--timeout', String(timeoutSeconds - 10),
  ]);
}

async function runElectron(workspace, parent) {
  const resultFile = path.join(parent, 'result.json');
  // test-electron runs in a child so a hung VS Code is killed by the same timeout as code-server.
  const driver = `
    const { runTests } = require('@vscode/test-electron');
    runTests({
      extensionDevelopmentPath: ${JSON.stringify(extensionDevelopmentPath)},
      extensionTestsPath: ${JSON.stringify(extensionTestsPath)},
      launchArgs: [${JSON.stringify(workspace)}, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { VSC_TEST_RESULT_FILE: ${JSON.stringify(resultFile)} },
    }).then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });`;
  const code = await runChild(process.execPath, ['-e', driver], { NODE_PATH: path.join(root, 'node_modules') });
  let result;
  try {
    result = JSON.parse(readFileSync(resultFile, 'utf8'));
  } catch {
    console.log('vscode-test: no test result file was written (VS Code crashed or the tests never ran)');
    console.log('0 passed, 1 failed');
    return 1;
  }
  for (const failure of result.failed) console.log(`FAILED: ${failure.title}: ${failure.err}`);
  console.log(`${result.passes} passed, ${result.failures} failed`);
  return code === 0 && result.failures === 0 && result.passes > 0 ? 0 : 1;
}

const bench = process.argv.includes('--bench') || process.env.LINKTRACE_VSCODE_BENCH === '1';
if (bench) Object.assign(process.env, { LINKTRACE_VSCODE_BENCH: '1', LINKTRACE_TEST_GREP: '^benchmark ' });

const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) fail('build failed');
if (!existsSync(extensionTestsPath)) fail(`${path.relative(root, extensionTestsPath)} was not built`);
if (bench) {
  const bundleBytes = statSync(path.join(extensionDevelopmentPath, 'dist/extension.js')).size;
  console.log(`BENCH ${JSON.stringify({ bench: 'vscode-bundle', bundleBytes, bundleKiB: Math.round(bundleBytes / 1024), budgetKiB: 1024 })}`);
}

const backend = await chooseBackend();
console.log(`vscode-test: backend ${backend}`);
const { parent, workspace } = temporaryWorkspace();
let code;
try {
  code = backend === 'electron' ? await runElectron(workspace, parent) : await runCodeServer(workspace);
} finally {
  rmSync(parent, { recursive: true, force: true });
}
process.exit(code);
