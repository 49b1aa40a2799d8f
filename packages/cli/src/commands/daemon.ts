// linktrace daemon: the tracking server in the foreground until SIGTERM or SIGINT. stdout carries
// only what scripts read (the --json line); the daemon's own messages and one line per tracking
// log go to stderr.
import path from 'node:path';
import { DEFAULT_DAEMON_PORT } from '@linktrace/core';
import { startDaemon, type Daemon, callDaemonApi } from '@linktrace/daemon';
import { DURABILITY_HELP, DURABILITY_OPTIONS, count, durabilityOption, parseCommandArgs, UsageError, portOption, rejectPositionals, withUsage } from '../args';
import { resolveDataDir, type DaemonInfo } from '../daemon-client';
import type { CliIo } from '../io';
import { formatLogLine } from '../log-format';
import { followLogs, type LogFollower } from '../log-stream';
import { listenForStop } from '../signals';

const HELP = `Usage: linktrace daemon [--port N] [--data DIR] [--json] [--recipients FILE.json] [--trust-data-dir]
                        [--durability process|disk] [--sync-interval-ms N] [--keep-deliveries N]

Runs the local tracking server in the foreground; Ctrl-C (SIGINT) or SIGTERM stops it.

  --port N              port on 127.0.0.1 (default ${DEFAULT_DAEMON_PORT}; 0 picks a free one)
  --data DIR            data directory (default .linktrace in the current directory)
  --json                print {"url","pid","data"} as the first stdout line
  --recipients FILE     default test recipients: a JSON array of {id, email, fields}
  --trust-data-dir      use a data directory Linktrace did not create here (one that came with a
                        cloned or copied folder); its token is replaced
\${DURABILITY_HELP}  --keep-deliveries N   test deliveries kept (default 200): preparing one more deletes the
                        oldest with its logs
`;

/** Why the daemon could not start, in words a person can act on. */
export function describeStartError(error: unknown, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return `port ${port} on 127.0.0.1 is already in use (another Linktrace daemon or another program listens there). ` +
      'Choose another with --port N, or --port 0 for a free one.';
  }
  const file = (error as NodeJS.ErrnoException).path;
  if ((code === 'EACCES' || code === 'EPERM') && file) return `not allowed to use ${file} (${code}); check its owner and permissions, or choose another data directory with --data DIR.`;
  if (code === 'EACCES') return `not allowed to listen on port ${port}; choose a port above 1023 with --port N, or --port 0 for a free one.`;
  // Storage, lock and recipients errors already name the file or the running daemon.
  return (error as Error).message ?? String(error);
}

/** How clients reach a daemon that runs in this process. */
export function clientInfo(daemon: Daemon): DaemonInfo {
  return { url: daemon.url, token: daemon.token, pid: process.pid };
}

/** Starts the daemon in this process, or explains why it could not (then returns undefined). */
async function startDaemonFor(
  io: CliIo,
  options: { dataDir: string; port: number; recipientsFile?: string; trustDataDir?: boolean; durability: 'process' | 'disk'; syncIntervalMs?: number; keepDeliveries?: number },
): Promise<Daemon | undefined> {
  try {
    return await startDaemon({ ...options, log: (line) => io.stderr(`${line}\n`) });
  } catch (error) {
    io.stderr(`linktrace: the daemon could not start: ${describeStartError(error, options.port)}\n`);
    return undefined;
  }
}

const ECHO_READY_MS = 5000;

/**
 * Prints each new tracking log of `daemon` as it is stored, through its own WebSocket stream
 * (the same path every client takes, so what is printed is what subscribers see).
 */
export async function echoLogs(daemon: Daemon, write: (line: string) => void): Promise<LogFollower> {
  const info = clientInfo(daemon);
  const stats = await callDaemonApi<{ lastSeq: number }>(info, 'GET', '/api/stats');
  const follower = followLogs({
    dataDir: daemon.dataDir,
    daemon: info,
    after: stats.lastSeq,
    onLog: (log) => write(`${formatLogLine(log)}\n`),
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ECHO_READY_MS)));
  const outcome = await Promise.race([follower.ready, timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    await follower.close();
    throw new Error(`the log stream did not answer within ${ECHO_READY_MS} ms`);
  }
  return follower;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  return withUsage('daemon', io, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      port: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean' },
      recipients: { type: 'string' },
      'trust-data-dir': { type: 'boolean' },
      ...DURABILITY_OPTIONS,
      'keep-deliveries': { type: 'string' },
    });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    rejectPositionals(positionals);
    const port = portOption(values.port) ?? DEFAULT_DAEMON_PORT;
    const dataDir = resolveDataDir(values.data, io.cwd);
    const recipientsFile = values.recipients ? path.resolve(io.cwd, values.recipients) : undefined;
    const durability = durabilityOption(values);
    const keepDeliveries = count(values['keep-deliveries'], '--keep-deliveries');
    if (keepDeliveries === 0) throw new UsageError('--keep-deliveries needs at least 1');

    // Listen for signals before starting, so a stop request during start-up is not lost.
    const stop = listenForStop();
    const daemon = await startDaemonFor(io, { dataDir, port, trustDataDir: values['trust-data-dir'] === true, ...durability, ...(keepDeliveries !== undefined ? { keepDeliveries } : {}), ...(recipientsFile ? { recipientsFile } : {}) });
    if (!daemon) {
      stop.dispose();
      return 1;
    }
    if (values.json) io.stdout(`${JSON.stringify({ url: daemon.url, pid: process.pid, data: dataDir })}\n`);
    else io.stdout(`Linktrace daemon on ${daemon.url} (data: ${dataDir}). Ctrl-C stops it.\n`);

    let echo: LogFollower | undefined;
    try {
      echo = await echoLogs(daemon, io.stderr);
    } catch (error) {
      io.stderr(`linktrace daemon: not echoing logs (${(error as Error).message})\n`);
    }
    const signal = await stop.received;
    io.stderr(`linktrace daemon: ${signal}, stopping\n`);
    await echo?.close();
    await daemon.close();
    return 0;
  });
}
