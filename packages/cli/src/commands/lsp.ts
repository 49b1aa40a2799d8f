// linktrace lsp: the Linktrace language server for any editor that speaks LSP (Neovim, Helix,
// Sublime Text, Zed, ...). It runs until the client says exit; the exit code is then 0 after a
// shutdown request and 1 without one, as the protocol asks.
import { runLanguageServer } from '@linktrace/lsp';
import { parseCommandArgs, portOption, rejectPositionals, UsageError, withUsage } from '../args';
import type { CliIo } from '../io';

const HELP = `Usage: linktrace lsp [--stdio | --node-ipc | --socket=PORT | --pipe=NAME] [--clientProcessId=PID]

Runs the Linktrace language server: diagnostics (pushed, or pulled by clients that ask), quick
fixes, fix-all (source.fixAll.linktrace), disable-for-line, a CodeLens per link (with its clicks
while the project's daemon runs), hovers, document links, and the commands
linktrace.setTrackingType, linktrace.setLabel and linktrace.fixAll; the requests
linktrace/templateLinks and linktrace/linkAt (see the README).

  --stdio                talk LSP over stdin/stdout (the default)
  --node-ipc             talk over Node's IPC channel (the client forked this process)
  --socket=PORT          connect to the client listening on PORT
  --pipe=NAME            connect to the client's named pipe / socket file
  --clientProcessId=PID  exit when that process is gone

Settings (initializationOptions, or the client's "linktrace" section): enable, dialect, rules,
opens, clicks, attributeStyle, debounceMs, daemonDataDirectory. linktrace.config.json is found by
walking up from each template and is watched for changes. Editor setups: see the README, "Other
editors".
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  return withUsage('lsp', io, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      stdio: { type: 'boolean' },
      'node-ipc': { type: 'boolean' },
      socket: { type: 'string' },
      pipe: { type: 'string' },
      clientProcessId: { type: 'string' },
    });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    rejectPositionals(positionals);
    const transports = [values.stdio, values['node-ipc'], values.socket !== undefined, values.pipe !== undefined].filter(Boolean).length;
    if (transports > 1) throw new UsageError('name one transport: --stdio, --node-ipc, --socket or --pipe');
    portOption(values.socket, '--socket');
    if (values.clientProcessId !== undefined && !/^\d+$/.test(values.clientProcessId)) throw new UsageError(`--clientProcessId needs a process id, not "${values.clientProcessId}"`);
    // The server owns the process from here: it exits when the client says so.
    runLanguageServer();
    return new Promise<number>(() => {});
  });
}
