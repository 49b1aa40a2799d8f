// The daemon as users run it: `linktrace daemon --json --port 0 --data DIR` in a child process
// (built CLI bundle), so a test can SIGKILL it and start it again on the same data directory.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The CLI's own tests run the same bundle: these three serve them too (packages/cli/test/run-cli.ts).
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const BIN = path.join(ROOT, 'packages/cli/bin/linktrace.cjs');
/** The CLI bundle and the smaller one bin/linktrace.cjs runs for `linktrace lsp`. */
const BUNDLES = ['packages/cli/dist/linktrace.cjs', 'packages/cli/dist/linktrace-lsp.cjs'].map((file) => path.join(ROOT, file));
const SOURCES = ['packages/cli/src', 'packages/core/src', 'packages/daemon/src', 'packages/lsp/src'].map((dir) => path.join(ROOT, dir));

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the CLI bundle unless it is newer than every source it is made from. */
export function ensureCliBuilt(): void {
  let bundleTime = 0;
  try {
    bundleTime = Math.min(...BUNDLES.map((bundle) => statSync(bundle).mtimeMs));
  } catch {
    // not built yet
  }
  if (bundleTime > Math.max(...SOURCES.map(newestMtime))) return;
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
}

export interface ChildDaemon {
  url: string;
  pid: number;
  token: string;
  child: ChildProcess;
  /** Everything the daemon wrote to stderr so far. */
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `linktrace daemon --json --port 0 --data dataDir [extraArgs]` and resolves once its --json line is out. */
export function spawnChildDaemon(dataDir: string, extraArgs: readonly string[] = []): Promise<ChildDaemon> {
  const child = spawn(process.execPath, [BIN, 'daemon', '--json', '--port', '0', '--data', dataDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the daemon printed no --json line within 15 s; stderr: ${stderr}`));
    }, 15_000);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the daemon exited (${code ?? signal}) before it was ready; stderr: ${stderr}`));
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const wasComplete = stdout.includes('\n');
      stdout += chunk;
      if (wasComplete || !stdout.includes('\n')) return;
      clearTimeout(timer);
      const announced = JSON.parse(stdout.split('\n')[0]!) as { url: string; pid: number; data: string };
      const { token } = JSON.parse(readFileSync(path.join(announced.data, 'daemon.json'), 'utf8')) as { token: string };
      resolve({ url: announced.url, pid: announced.pid, token, child, stderr: () => stderr, exited });
    });
  });
}
