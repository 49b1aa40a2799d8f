// `linktrace links FILE`: every link of one template with its place, tracking type and label.
import path from 'node:path';
import { ConfigError, parseTemplate } from '@linktrace/core';
import { choice, EXIT_OK, EXIT_USAGE, parseCommandArgs, UsageError, withUsage } from '../args';
import { ConfigLocator } from '../config-file';
import { readTemplate } from '../files';
import { displayPath } from '../formatters/display-path';
import { formatLinksJson } from '../formatters/links-json';
import { formatLinksTable } from '../formatters/table';
import type { CliIo } from '../io';

export const USAGE = `Usage: linktrace links FILE [options]

Lists the links of a template: place, tag, tracking type, label and URL
(images and bare URLs of text parts included).

Options:
  -f, --format table|json  output format (default table; json adds link ids, kinds and tracking sources)
  -c, --config FILE        use this config instead of the nearest linktrace.config.json
  -h, --help               show this help
`;

export function run(argv: string[], io: CliIo): Promise<number> {
  return withUsage('links', io, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string', short: 'f' },
      config: { type: 'string', short: 'c' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const format = choice(values.format, ['table', 'json'] as const, 'table', '--format');
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expects one FILE, got ${positionals.length}` : 'expects a FILE');
    const file = path.resolve(io.cwd, positionals[0]!);

    const read = await readTemplate(file);
    if (!read.ok) {
      io.stderr(`linktrace links: ${displayPath(file, io.cwd)}: ${read.problem}\n`);
      return EXIT_USAGE;
    }
    let options;
    try {
      options = await new ConfigLocator(io.cwd, values.config).optionsFor(file);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.stderr(`linktrace links: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const template = parseTemplate(read.text, options);
    io.stdout(format === 'json' ? formatLinksJson(file, template) : formatLinksTable(file, template, io.cwd));
    return EXIT_OK;
  });
}
