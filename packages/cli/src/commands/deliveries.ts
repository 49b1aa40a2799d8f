// linktrace deliveries list|rm ID: the test deliveries a data directory keeps, and deleting one
// (with its logs), through the running daemon or, when none runs, the data directory itself.
import { deliveryIdOption, parseCommandArgs, UsageError, withUsage } from '../args';
import { resolveDataDir } from '../daemon-client';
import { withDeliveryStore } from '../delivery-store';
import type { CliIo } from '../io';
import { printable } from '../log-format';

const HELP = `Usage: linktrace deliveries list [--data DIR] [--json]
       linktrace deliveries rm ID [--data DIR]

The test deliveries kept in the data directory (the newest 200 unless the daemon was started with
--keep-deliveries N), oldest first; \`rm\` deletes one delivery and its logs.

  --data DIR   data directory of the daemon (default .linktrace)
  --json       list as a JSON array of {id, createdAt, name}
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  return withUsage('deliveries', io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { data: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const [verb, ...rest] = positionals;
    const dataDir = resolveDataDir(values.data, io.cwd);
    if (verb === 'list') {
      if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
      const deliveries = await withDeliveryStore(dataDir, (store) => store.deliveries());
      const rows = [...deliveries].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)).map(({ id, createdAt, name }) => ({ id, createdAt, name }));
      if (values.json) io.stdout(`${JSON.stringify(rows)}\n`);
      else if (rows.length === 0) io.stdout(`No deliveries in ${dataDir}.\n`);
      else for (const row of rows) io.stdout(`${row.id}  ${row.createdAt}  ${printable(row.name)}\n`);
      return 0;
    }
    if (verb === 'rm') {
      if (rest.length !== 1) throw new UsageError('rm takes one delivery id');
      const id = deliveryIdOption(rest[0])!;
      const removed = await withDeliveryStore(dataDir, (store) => store.remove(id));
      if (!removed) {
        io.stderr(`linktrace deliveries: no delivery ${id} in ${dataDir}\n`);
        return 1;
      }
      io.stdout(`Deleted delivery ${id} and its logs.\n`);
      return 0;
    }
    throw new UsageError(verb === undefined ? 'say "list" or "rm ID"' : `unknown subcommand "${verb}" (list, rm ID)`);
  });
}
