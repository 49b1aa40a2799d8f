// The `linktrace` command: dispatches on its first argument to one command module.
import { EXIT_USAGE } from './args';
import * as checkLinks from './commands/check-links';
import * as daemon from './commands/daemon';
import * as deliveries from './commands/deliveries';
import * as links from './commands/links';
import * as lint from './commands/lint';
import * as logs from './commands/logs';
import * as lsp from './commands/lsp';
import * as report from './commands/report';
import * as sendTest from './commands/send-test';
import * as start from './commands/start';
import type { CliIo, Command } from './io';
import { terminalSafe } from './terminal';
import { VERSION } from './version';

const COMMANDS: Readonly<Record<string, Command>> = {
  lint,
  links,
  'check-links': checkLinks,
  daemon,
  deliveries,
  'send-test': sendTest,
  logs,
  report,
  start,
  lsp,
};

const USAGE = `Usage: linktrace <command> [options]

Commands:
  lint [files|dirs|globs...]  lint email templates (--format stylish|json|sarif, --fix, --max-warnings N)
  links FILE                  the link inventory of a template (--format table|json)
  check-links FILE...         request each recipient's real URLs, safely (--recipients, --format)
  daemon                      run the local tracking server in the foreground
  deliveries list|rm ID       the test deliveries kept, and deleting one with its logs
  send-test FILE              prepare a test delivery on the running daemon and print its URL
  logs                        tracking logs (--json, --follow)
  report                      per-link and per-recipient figures
  start                       the daemon plus the bundled example (what npm start runs)
  lsp                         the language server for editors (--stdio, --node-ipc, --socket=PORT)

Run "linktrace <command> --help" for a command's options.
Options: -h, --help (this text), --version
`;

async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`linktrace: unknown command "${name}"\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  return command.run(rest, io);
}

async function runFromProcess(): Promise<void> {
  // `linktrace lint | head` closes the pipe early: that is the reader's choice, not a crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  const io: CliIo = {
    stdout: (s) => void process.stdout.write(terminalSafe(s)),
    stderr: (s) => void process.stderr.write(terminalSafe(s)),
    cwd: process.cwd(),
  };
  let code: number;
  try {
    code = await main(process.argv.slice(2), io);
  } catch (error) {
    // A bug, not a user mistake: say so plainly, with the stack only on request.
    io.stderr(`linktrace: internal error: ${(error as Error)?.message ?? error}\n`);
    if (process.env.LINKTRACE_DEBUG) io.stderr(`${(error as Error)?.stack}\n`);
    code = EXIT_USAGE;
  }
  // Exit only once both streams are flushed, so piped output is never cut short.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

void runFromProcess();
