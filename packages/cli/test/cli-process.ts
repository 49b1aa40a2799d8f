// Long-running `linktrace` children (daemon, logs --follow, start): their output as it arrives,
// line by line, so tests can wait for what they expect, and a clean stop by signal.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BIN } from './run-cli';

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first line of `stream` matching `pattern` (already received or coming). */
  waitForLine(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Exit code and signal, once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnCli(args: string[], cwd: string): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  const text = { stdout: '', stderr: '' };
  let waiters: (() => void)[] = [];
  const wake = () => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) waiter();
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    text.stdout += chunk;
    wake();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    text.stderr += chunk;
    wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      resolve({ code, signal });
      wake();
    });
  });
  let ended = false;
  void exited.then(() => (ended = true));

  return {
    child,
    stdout: () => text.stdout,
    stderr: () => text.stderr,
    exited,
    waitForLine(stream, pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no ${stream} line matching ${pattern} within ${timeoutMs} ms\nstdout: ${text.stdout}\nstderr: ${text.stderr}`));
        }, timeoutMs);
        const check = () => {
          // Only whole lines: a line is complete once its '\n' has arrived.
          const lines = text[stream].split('\n').slice(0, -1);
          const found = lines.find((line) => pattern.test(line));
          if (found !== undefined) {
            clearTimeout(timer);
            resolve(found);
          } else if (ended) {
            clearTimeout(timer);
            reject(new Error(`process ended without a ${stream} line matching ${pattern}\nstdout: ${text.stdout}\nstderr: ${text.stderr}`));
          } else waiters.push(check);
        };
        check();
      });
    },
    async stop(signal = 'SIGTERM', timeoutMs = 10_000) {
      if (!ended) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

export interface CliDaemon extends CliProcess {
  url: string;
  pid: number;
  data: string;
  token: string;
}

/** `linktrace daemon --json --port 0 --data DIR`, once its --json line is out. */
export async function startCliDaemon(dataDir: string, cwd: string, extra: string[] = []): Promise<CliDaemon> {
  const proc = spawnCli(['daemon', '--json', '--port', '0', '--data', dataDir, ...extra], cwd);
  const first = await proc.waitForLine('stdout', /./, 15_000);
  const announced = JSON.parse(first) as { url: string; pid: number; data: string };
  const { token } = JSON.parse(readFileSync(path.join(announced.data, 'daemon.json'), 'utf8')) as { token: string };
  return Object.assign(proc, announced, { token });
}

/** Calls the daemon's JSON API the way the CLI does (Bearer token, no Origin). */
export async function daemonApi<T>(daemon: Pick<CliDaemon, 'url' | 'token'>, method: string, pathname: string, body?: unknown): Promise<T> {
  const response = await fetch(daemon.url + pathname, {
    method,
    headers: { authorization: `Bearer ${daemon.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}
