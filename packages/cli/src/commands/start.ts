// linktrace start (what `npm start` runs): the daemon in this process on .linktrace/, the bundled
// example template prepared for the bundled recipients, a banner with the addresses to click,
// then every tracking log as it arrives until Ctrl-C. Made for a first run: a busy default port
// falls back to a free one, and a daemon already running on the data directory is reused.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DAEMON_PORT, type PrepareResult, type Recipient } from '@linktrace/core';
import { loadRecipientsFile, startDaemon, type Daemon, callDaemonApi, writeLastDelivery } from '@linktrace/daemon';
import { DURABILITY_HELP, DURABILITY_OPTIONS, durabilityOption, parseCommandArgs, portOption, rejectPositionals, withUsage } from '../args';
import { findDaemon, isDaemonFailure, resolveDataDir, type DaemonInfo } from '../daemon-client';
import type { CliIo } from '../io';
import { formatLogLine, LOG_LINE_HEADER } from '../log-format';
import { followLogs } from '../log-stream';
import { listenForStop } from '../signals';
import { clientInfo, describeStartError } from './daemon';
import { readTemplate } from './send-test';

const HELP = `Usage: linktrace start [--port N] [--data DIR] [--trust-data-dir] [--durability process|disk] [--sync-interval-ms N]

Starts the tracking daemon, prepares the bundled example email (examples/welcome.html for the
recipients in examples/recipients.json), prints the test email's address and then every log as
it arrives. Ctrl-C stops.

  --port N     port on 127.0.0.1 (default ${DEFAULT_DAEMON_PORT}, or a free one when that is busy)
  --data DIR   data directory (default .linktrace in the current directory)
  --trust-data-dir  use a data directory Linktrace did not create here (from a cloned or copied
               folder); its token is replaced
\${DURABILITY_HELP}`;

export const EXAMPLE_TEMPLATE = path.join('examples', 'welcome.html');
export const EXAMPLE_RECIPIENTS = path.join('examples', 'recipients.json');

/**
 * The directory holding examples/: searched upwards from where this program is installed (the
 * bin script, the bundle), then from the working directory, so `npm start`, `npx linktrace start`
 * and a global install all find the bundled example.
 */
export function findExamplesRoot(cwd: string): string | undefined {
  const starts: string[] = [];
  const script = process.argv[1];
  if (script) {
    try {
      starts.push(path.dirname(realpathSync(script)));
    } catch {
      // not a file (e.g. `node -e`): the other starting points remain
    }
  }
  if (typeof __dirname === 'string') starts.push(__dirname);
  starts.push(cwd);
  for (const start of starts) {
    for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, EXAMPLE_TEMPLATE)) && existsSync(path.join(dir, EXAMPLE_RECIPIENTS))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  return undefined;
}

type Started = { daemon: Daemon; info: DaemonInfo } | { daemon?: undefined; info: DaemonInfo };

/** Our own daemon, on the wanted port or a free one; or the one already running on dataDir. */
async function startOrReuse(
  io: CliIo,
  dataDir: string,
  port: number,
  portGiven: boolean,
  trustDataDir: boolean,
  durability: ReturnType<typeof durabilityOption>,
): Promise<Started | undefined> {
  const start = (onPort: number) => startDaemon({ dataDir, port: onPort, trustDataDir, ...durability, log: (line) => io.stderr(`${line}\n`) });
  try {
    let daemon: Daemon;
    try {
      daemon = await start(port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || portGiven) throw error;
      io.stderr(`linktrace start: port ${port} is busy; using a free port instead.\n`);
      daemon = await start(0);
    }
    return { daemon, info: clientInfo(daemon) };
  } catch (error) {
    if ((error as Error).name === 'DataDirLockedError') {
      try {
        const info = await findDaemon(dataDir);
        io.stderr(`linktrace start: a daemon is already running for ${dataDir} on ${info.url}; using it.\n`);
        return { info };
      } catch {
        // The lock's owner does not answer: its own message says what to do.
      }
    }
    io.stderr(`linktrace start: the daemon could not start: ${describeStartError(error, port)}\n`);
    return undefined;
  }
}

function banner(result: PrepareResult, info: DaemonInfo, dataDir: string): string {
  const [first, ...others] = result.delivery.recipients;
  const lines = [
    '',
    `  Linktrace is running on ${info.url}   (data: ${dataDir})`,
    '',
    `  Test email, open it and click its links:  ${first!.emailUrl}`,
    `  Mirror page ("view in browser"):          ${first!.mirrorUrl}`,
    ...others.map((recipient) => `  Test email for ${recipient.email}:  ${recipient.emailUrl}`),
    '',
    `  Prepared ${result.delivery.name} (delivery ${result.delivery.id}) for ${result.delivery.recipients.map((r) => r.email).join(', ')}.`,
    '  Opens, clicks, mirror-page views and opt-outs appear below as they happen. Ctrl-C stops.',
    '  Elsewhere: `npx linktrace report` for the figures, `npx linktrace logs --follow` for the logs.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  return withUsage('start', io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { port: { type: 'string' }, data: { type: 'string' }, 'trust-data-dir': { type: 'boolean' }, ...DURABILITY_OPTIONS });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    rejectPositionals(positionals);
    const port = portOption(values.port);
    const dataDir = resolveDataDir(values.data, io.cwd);
    const durability = durabilityOption(values);

    const root = findExamplesRoot(io.cwd);
    if (!root) {
      io.stderr(`linktrace start: cannot find the bundled ${EXAMPLE_TEMPLATE} and ${EXAMPLE_RECIPIENTS} (looked next to this program and above ${io.cwd}).\n`);
      return 1;
    }
    const templateFile = path.join(root, EXAMPLE_TEMPLATE);
    const template = await readTemplate(templateFile);
    let recipients: Recipient[];
    try {
      if ('problem' in template) throw new Error(template.problem);
      recipients = await loadRecipientsFile(path.join(root, EXAMPLE_RECIPIENTS));
    } catch (error) {
      io.stderr(`linktrace start: the bundled example is broken: ${(error as Error).message}\n`);
      return 1;
    }

    const stop = listenForStop();
    const started = await startOrReuse(io, dataDir, port ?? DEFAULT_DAEMON_PORT, port !== undefined, values['trust-data-dir'] === true, durability);
    if (!started) {
      stop.dispose();
      return 1;
    }
    const { info } = started;
    let daemon = started.daemon;
    /**
     * A joined daemon (another terminal's `start`, the VS Code extension) that stops would leave
     * this one waiting forever: it starts its own on the same port and data directory instead.
     */
    let tried = 0;
    const takeOver = async () => {
      if (daemon) return;
      try {
        daemon = await startDaemon({ dataDir, port: Number(new URL(info.url).port), log: (line) => io.stderr(`${line}\n`) });
        io.stderr(`linktrace start: the daemon at ${info.url} stopped; this process runs it now.\n`);
      } catch (error) {
        // Another process got there first (or the port went elsewhere): wait for its daemon.
        if (tried++ === 0) io.stderr(`linktrace start: the daemon at ${info.url} stopped and could not be restarted here: ${describeStartError(error, Number(new URL(info.url).port))}\n`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };
    try {
      const stats = await callDaemonApi<{ lastSeq: number }>(info, 'GET', '/api/stats');
      const prepared = await callDaemonApi<PrepareResult>(info, 'POST', '/api/deliveries', { template: template.text, sourcePath: templateFile, recipients });
      await writeLastDelivery(dataDir, prepared.delivery.id);
      for (const expression of prepared.unresolved) {
        io.stderr(`linktrace start: ${EXAMPLE_TEMPLATE}:${expression.line}: ${expression.text} is left as written (no data for ${expression.recipientIds.join(', ')})\n`);
      }
      io.stdout(banner(prepared, info, dataDir));
      io.stdout(`${LOG_LINE_HEADER}\n`);
      const follower = followLogs({
        dataDir,
        daemon: info,
        after: stats.lastSeq,
        onLog: (log) => io.stdout(`${formatLogLine(log)}\n`),
        onStatus: (message) => io.stderr(`linktrace start: ${message}\n`),
        onDaemonMissing: takeOver,
      });
      await stop.received;
      await follower.close();
      return 0;
    } catch (error) {
      stop.dispose();
      if (isDaemonFailure(error)) {
        io.stderr(`linktrace start: ${error.message}\n`);
        return 1;
      }
      throw error;
    } finally {
      await daemon?.close();
    }
  });
}
