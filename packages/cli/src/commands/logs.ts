// linktrace logs: the tracking logs of the running daemon, as a table or one JSON object per
// line, and with --follow every new one as it is stored. Logged fields (user agent, URL) come
// from whoever sent the request, so control characters never reach the terminal raw.
import type { TrackingLog } from '@linktrace/core';
import { deliveryIdOption, parseCommandArgs, rejectPositionals, UsageError, withUsage } from '../args';
import { DaemonNotRunningError, readLastDelivery } from '@linktrace/daemon';
import { resolveDataDir, withDaemon } from '../daemon-client';
import { withDeliveryStore } from '../delivery-store';
import type { CliIo } from '../io';
import { formatLogJson, formatLogLine, LOG_LINE_HEADER, printable } from '../log-format';
import { followLogs } from '../log-stream';
import { listenForStop } from '../signals';

const HELP = `Usage: linktrace logs [--data DIR] [--delivery ID | --all] [--json] [--follow]

Prints the tracking logs (opens, clicks, mirror-page views, opt-outs) of the running daemon, or of
its data directory when none runs (--follow needs the daemon).

  --data DIR       data directory of the daemon (default .linktrace)
  --delivery ID    only the logs of one delivery (default: the one last sent or opened from this
                   folder, when there is one)
  --all            the logs of every delivery
  --json           one JSON object per line: {seq, at, type, deliveryId, recipientId, linkId, url, label, userAgent, machine}
  --follow         keep printing new logs as they arrive (Ctrl-C stops)
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  return withUsage('logs', io, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      data: { type: 'string' },
      delivery: { type: 'string' },
      json: { type: 'boolean' },
      follow: { type: 'boolean', short: 'f' },
      all: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    rejectPositionals(positionals);
    const chosenDeliveryId = deliveryIdOption(values.delivery);
    if (chosenDeliveryId && values.all) throw new UsageError('--delivery and --all exclude each other');
    const dataDir = resolveDataDir(values.data, io.cwd);
    const write = (log: TrackingLog) => io.stdout(`${values.json ? formatLogJson(log) : formatLogLine(log)}\n`);

    const found = await withDaemon('logs', io, () =>
      withDeliveryStore(dataDir, async (store) => {
        const deliveries = await store.deliveries();
        // A mistyped id should not look like a delivery nobody has clicked yet.
        if (chosenDeliveryId && !deliveries.some((delivery) => delivery.id === chosenDeliveryId)) {
          io.stderr(`linktrace logs: no delivery ${chosenDeliveryId} in ${store.where}.\n`);
          return undefined;
        }
        const last = chosenDeliveryId || values.all ? undefined : await readLastDelivery(dataDir);
        const lastDelivery = last ? deliveries.find((delivery) => delivery.id === last) : undefined;
        if (lastDelivery) io.stderr(`linktrace logs: the logs of ${printable(lastDelivery.name)} (${lastDelivery.id}), last sent or opened here; --all shows every delivery.\n`);
        const deliveryId = chosenDeliveryId || lastDelivery?.id;
        if (values.follow && !store.daemon) throw new DaemonNotRunningError(`--follow needs a running daemon for ${dataDir}; start one with \`linktrace daemon --data ${dataDir}\` (or \`npm start\`).`);
        // Printed a page at a time as they are read: the backlog is never held whole.
        let printed = 0;
        let lastSeq = 0;
        await store.logs(deliveryId, (page) => {
          if (!values.json && printed === 0) io.stdout(`${LOG_LINE_HEADER}\n`);
          for (const log of page) write(log);
          printed += page.length;
          lastSeq = page[page.length - 1]!.seq;
        });
        return { info: store.daemon, deliveryId, printed, lastSeq };
      }),
    );
    if (!found) return 1;
    const { info, deliveryId, printed, lastSeq } = found;

    if (!values.follow) {
      if (!values.json && printed === 0) io.stdout('No tracking logs yet: open a test email (linktrace send-test FILE) and click its links.\n');
      return 0;
    }
    if (!values.json && printed === 0) io.stdout(`${LOG_LINE_HEADER}\n`);

    if (!info) return 0;
    const stop = listenForStop();
    const follower = followLogs({
      dataDir,
      daemon: info,
      after: lastSeq,
      ...(deliveryId ? { deliveryId } : {}),
      onLog: write,
      onStatus: (message) => io.stderr(`linktrace logs: ${message}\n`),
    });
    const first = await Promise.race([follower.ready.then(() => 'live' as const), stop.received]);
    if (first === 'live') {
      io.stderr(`linktrace logs: following ${info.url}; Ctrl-C stops.\n`);
      await stop.received;
    }
    await follower.close();
    return 0;
  });
}
