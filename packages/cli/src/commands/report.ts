// linktrace report: one delivery's figures (the latest by default), per link and per recipient,
// each count raw and without likely machine traffic ("human"), as text or JSON.
import type { Counts, DeliveryReport, DeliverySummary, Ratio } from '@linktrace/core';
import { deliveryIdOption, parseCommandArgs, rejectPositionals, withUsage } from '../args';
import { resolveDataDir, withDaemon } from '../daemon-client';
import { defaultDeliveryId, withDeliveryStore } from '../delivery-store';
import type { CliIo } from '../io';
import { printable } from '../log-format';

const HELP = `Usage: linktrace report [--data DIR] [--delivery ID] [--json]

Per-link and per-recipient figures of a test delivery (by default the one last sent or opened
from this folder, else the latest), read from the running daemon or, when none runs, its data directory:
opens, clicks per link and per label, mirror-page views, opt-outs, click-through and reactivity,
each raw and without likely machine traffic (prefetchers, scanners, HEAD requests).

  --data DIR       data directory of the daemon (default .linktrace)
  --delivery ID    the delivery to report on
  --json           print the report as JSON
`;

/** The delivery created last, or undefined when there is none. */
export function latestDelivery(deliveries: readonly DeliverySummary[]): DeliverySummary | undefined {
  let latest: DeliverySummary | undefined;
  for (const delivery of deliveries) if (!latest || delivery.createdAt >= latest.createdAt) latest = delivery;
  return latest;
}

const counts = (c: Counts) => (c.raw === c.human ? String(c.raw) : `${c.raw} (human ${c.human})`);
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const ratio = (r: Ratio) => (r.raw === r.human ? percent(r.raw) : `${percent(r.raw)} (human ${percent(r.human)})`);

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd());
}

/** The report as text for a terminal. */
export function formatReport(report: DeliveryReport): string {
  const lines = [
    `Report for ${printable(report.name)} (delivery ${report.deliveryId}, created ${report.createdAt}), ${report.recipients} recipient(s)`,
    '',
    ...table([
      ['', 'total', 'unique'],
      ['Opens', counts(report.opens.total), counts(report.opens.unique)],
      ['Clicks', counts(report.clicks.total), counts(report.clicks.unique)],
      ['Mirror-page views', counts(report.mirrorViews.total), counts(report.mirrorViews.unique)],
      ['Opt-outs', counts(report.optOuts.total), counts(report.optOuts.unique)],
    ]),
    `  Click-through ${ratio(report.clickThrough)}, reactivity ${ratio(report.reactivity)}`,
    '',
    'Links',
  ];
  const links = report.links.filter((link) => link.type === 'tracked');
  if (links.length === 0) lines.push('  (no tracked links)');
  else {
    lines.push(
      ...table([
        ['line', 'label', 'clicks', 'unique', 'url'],
        ...links.map((link) => [String(link.line), printable(link.label ?? '-'), counts(link.total), counts(link.unique), printable(link.url)]),
      ]),
    );
  }
  if (report.labels.length > 0) {
    lines.push('', 'Labels', ...table([['label', 'clicks', 'unique'], ...report.labels.map((label) => [printable(label.label), counts(label.total), counts(label.unique)])]));
  }
  lines.push('', 'Recipients');
  for (const recipient of report.perRecipient) {
    lines.push(`  ${printable(recipient.id)} <${printable(recipient.email)}>${recipient.optedOut ? ' (opted out)' : ''}: ${recipient.history.length === 0 ? 'no activity' : ''}`);
    for (const entry of recipient.history) {
      const what = [entry.type, entry.label ? printable(entry.label) : '', entry.url ? printable(entry.url) : ''].filter(Boolean).join('  ');
      lines.push(`    #${entry.seq}  ${entry.at}  ${what}${entry.machine ? `  [machine: ${printable(entry.machine)}]` : ''}`);
    }
  }
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  return withUsage('report', io, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      data: { type: 'string' },
      delivery: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    rejectPositionals(positionals);
    const chosenDeliveryId = deliveryIdOption(values.delivery);
    const dataDir = resolveDataDir(values.data, io.cwd);

    const report = await withDaemon('report', io, () =>
      withDeliveryStore(dataDir, async (store) => {
        const deliveryId = chosenDeliveryId || (await defaultDeliveryId(dataDir, await store.deliveries()));
        if (!deliveryId) {
          io.stderr(`linktrace report: no test delivery yet in ${store.where}; prepare one with \`linktrace send-test FILE\`.\n`);
          return undefined;
        }
        const found = await store.report(deliveryId);
        if (!found) io.stderr(`linktrace report: no delivery ${deliveryId} in ${store.where}.\n`);
        return found;
      }),
    );
    if (!report) return 1;
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return 0;
  });
}
