// linktrace send-test FILE: prepares a test delivery of a template on the running daemon and
// prints where to see it (each recipient's test email) or, with --json, the whole link table
// with the tracked address of each link.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_PREPARE_BYTES, type DeliverySummary, type PrepareRequest, type PrepareResult, type Recipient } from '@linktrace/core';
import { clickUrl, loadRecipientsFile, callDaemonApi, writeLastDelivery } from '@linktrace/daemon';
import { EXIT_USAGE, parseCommandArgs, UsageError, withUsage } from '../args';
import { findDaemon, resolveDataDir, withDaemon } from '../daemon-client';
import { FILE_NOT_FOUND } from '../files';
import { displayPath } from '../formatters/display-path';
import type { CliIo } from '../io';

const HELP = `Usage: linktrace send-test FILE [--data DIR] [--recipients FILE.json] [--json]

Prepares a test delivery of FILE on the running daemon (found through DIR/daemon.json) and prints
the test email address of each recipient to open in a browser.

  --data DIR            data directory of the daemon (default .linktrace)
  --recipients FILE     test recipients: a JSON array of {id, email, fields} (default: the daemon's)
  --json                print {deliveryId, recipients: [...], links: [...]} instead
`;

export interface SendTestJson {
  deliveryId: string;
  recipients: { id: string; email: string; emailUrl: string; mirrorUrl: string; optOutUrl: string }[];
  links: { linkId: string; url: string; type: string; label: string | null; trackedUrl: string | null }[];
}

/**
 * The --json shape. A link's trackedUrl is the address that replaces it in the first recipient's
 * copy (click redirect, mirror page or opt-out page); null when the link is left as written.
 */
export function sendTestJson(delivery: DeliverySummary, baseUrl: string): SendTestJson {
  const first = delivery.recipients[0];
  const trackedUrl = (link: DeliverySummary['links'][number]): string | null => {
    if (!first) return null;
    if (link.type === 'tracked') return delivery.settings.clicks ? clickUrl(baseUrl, delivery.id, first.id, link.linkId) : null;
    if (link.type === 'mirror-page') return first.mirrorUrl;
    if (link.type === 'opt-out') return first.optOutUrl;
    return null;
  };
  return {
    deliveryId: delivery.id,
    recipients: delivery.recipients.map(({ id, email, emailUrl, mirrorUrl, optOutUrl }) => ({ id, email, emailUrl, mirrorUrl, optOutUrl })),
    links: delivery.links.map((link) => ({ linkId: link.linkId, url: link.url, type: link.type, label: link.label ?? null, trackedUrl: trackedUrl(link) })),
  };
}

/** The template's text, or a message saying why it cannot be used. */
export async function readTemplate(file: string): Promise<{ text: string } | { problem: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: `${file}: ${FILE_NOT_FOUND}` };
    if (code === 'EISDIR') return { problem: `${file}: is a directory, not a template` };
    return { problem: `${file}: cannot be read (${(error as Error).message})` };
  }
  if (bytes.includes(0)) return { problem: `${file}: looks binary (it contains NUL bytes), not an HTML template` };
  return { text: bytes.toString('utf8') };
}

const kib = (bytes: number) => (bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0);

function summaryLines(delivery: DeliverySummary, dataDir: string, defaultDataDir: boolean): string {
  const byType = new Map<string, number>();
  for (const link of delivery.links) byType.set(link.type, (byType.get(link.type) ?? 0) + 1);
  const kinds = [...byType.entries()].map(([type, n]) => `${n} ${type}`).join(', ');
  const lines = [
    `Prepared test delivery ${delivery.name} (${delivery.id}): ${delivery.links.length} links${kinds ? ` (${kinds})` : ''}, ` +
      `opens ${delivery.settings.opens ? 'tracked' : 'not tracked'}, clicks ${delivery.settings.clicks ? 'tracked' : 'not tracked'}.`,
    '',
    delivery.recipients.length === 1 ? 'Open the test email in a browser:' : 'Open a test email in a browser:',
    ...delivery.recipients.map((recipient) => `  ${recipient.emailUrl}   (${recipient.email})`),
    '',
    `Watch the logs live: linktrace logs --follow${defaultDataDir ? '' : ` --data ${dataDir}`}`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  return withUsage('send-test', io, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      data: { type: 'string' },
      recipients: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('which template? linktrace send-test FILE');
    if (positionals.length > 1) throw new UsageError(`one template at a time, not ${positionals.length}`);
    const file = path.resolve(io.cwd, positionals[0]!);
    const dataDir = resolveDataDir(values.data, io.cwd);

    const template = await readTemplate(file);
    if ('problem' in template) {
      io.stderr(`linktrace send-test: ${template.problem}\n`);
      return EXIT_USAGE;
    }
    let recipients: Recipient[] | undefined;
    if (values.recipients) {
      try {
        recipients = await loadRecipientsFile(path.resolve(io.cwd, values.recipients));
      } catch (error) {
        io.stderr(`linktrace send-test: ${(error as Error).message}\n`);
        return EXIT_USAGE;
      }
    }

    const request: PrepareRequest = { template: template.text, sourcePath: file, ...(recipients ? { recipients } : {}) };
    // Said here in the user's terms, rather than as the daemon's 413 for the request body.
    const requestBytes = Buffer.byteLength(JSON.stringify(request));
    if (requestBytes > MAX_PREPARE_BYTES) {
      io.stderr(
        `linktrace send-test: ${displayPath(file, io.cwd)} is too large for a test delivery ` +
          `(${kib(Buffer.byteLength(template.text))} KiB of template${recipients ? ' and recipients' : ''}; the daemon takes up to ${kib(MAX_PREPARE_BYTES)} KiB).\n`,
      );
      return EXIT_USAGE;
    }

    const prepared = await withDaemon('send-test', io, async () => {
      const info = await findDaemon(dataDir);
      return { baseUrl: info.url, result: await callDaemonApi<PrepareResult>(info, 'POST', '/api/deliveries', request) };
    });
    if (!prepared) return 1;
    const { baseUrl, result } = prepared;
    await writeLastDelivery(dataDir, result.delivery.id);

    const shown = displayPath(file, io.cwd);
    for (const expression of result.unresolved) {
      io.stderr(
        `linktrace send-test: ${shown}:${expression.line}: ${expression.text} is left as written ` +
          `(no data for ${expression.recipientIds.join(', ')})\n`,
      );
    }
    if (values.json) io.stdout(`${JSON.stringify(sendTestJson(result.delivery, baseUrl))}\n`);
    else io.stdout(summaryLines(result.delivery, dataDir, values.data === undefined));
    return 0;
  });
}
