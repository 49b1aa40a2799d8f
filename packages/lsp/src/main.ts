// Starting the server on the transport named on the command line, as vscode-languageserver reads
// it: --stdio (the default here), --node-ipc, --socket=PORT, --pipe=NAME, plus --clientProcessId=PID
// (the server exits when that process does).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

export const TRANSPORT_FLAGS = ['--stdio', '--node-ipc', '--socket', '--pipe'] as const;

/** Whether argv names a transport (`--socket=N` and `--socket N` both count). */
export function namesTransport(argv: readonly string[]): boolean {
  return argv.some((arg) => TRANSPORT_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)));
}

/**
 * Runs the server in this process until the client says exit (or its stdin ends): the process then
 * exits with 0 after shutdown, 1 without, as the protocol asks. Nothing else may write to stdout
 * in stdio mode: console output is routed to the client's log by the library.
 */
export function runLanguageServer(): void {
  // The library reads the transport from process.argv; stdio when the user named none.
  if (!namesTransport(process.argv.slice(2))) process.argv.push('--stdio');
  startServer(createConnection(ProposedFeatures.all));
}
