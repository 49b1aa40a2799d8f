// `linktrace lsp` without loading the rest of the CLI (daemon, storage, formatters): editors start
// the server on every launch, so bin/linktrace.cjs runs this smaller bundle for `lsp`. The command
// itself is commands/lsp.ts, as in the full CLI.
import { EXIT_USAGE } from './args';
import { run } from './commands/lsp';
import type { CliIo } from './io';

const io: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  cwd: process.cwd(),
};

// Only usage errors and --help return: a running server exits the process itself.
run(process.argv.slice(3), io).then(
  (code) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code))),
  (error: unknown) => {
    process.stderr.write(`linktrace: internal error: ${(error as Error)?.message ?? error}\n`);
    process.exit(EXIT_USAGE);
  },
);
