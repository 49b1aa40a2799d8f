// The language server as a child of the extension host: dist/linktrace-lsp.cjs (the CLI's
// `linktrace lsp` bundle) forked with the editor's own Node, talking LSP over Node's IPC channel.
// Forked here rather than by the client library so the extension knows the process (its pid for
// the status, the crash test, and a kill when a stop does not end it); the client library's error
// handler still restarts it, by calling start() again, when the channel closes.
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { IPCMessageReader, IPCMessageWriter, type MessageTransports } from 'vscode-languageclient/node';

export interface ServerProcessOptions {
  /** Path of dist/linktrace-lsp.cjs. */
  modulePath: string;
  cwd?: string;
  /** What the server prints outside LSP (stderr, a crash's stack). */
  onOutput(line: string): void;
}

export class ServerProcess {
  private child: ChildProcess | undefined;

  constructor(private readonly options: ServerProcessOptions) {}

  /** The running server's pid; undefined before the first start and between a crash and its restart. */
  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  /** Forks a server (the client calls this again after a crash) and hands its IPC channel to the client. */
  start(): Promise<MessageTransports> {
    const child = fork(this.options.modulePath, ['lsp', '--node-ipc', `--clientProcessId=${process.pid}`], {
      cwd: this.options.cwd,
      // Desktop VS Code's execPath is Electron: this makes it run as plain Node (Node ignores it).
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      // Never the extension host's own flags (an --inspect port would clash). A young generation
      // that does not shrink while the user pauses: a keystroke after 200 ms idle otherwise ran
      // ~1.6x slower than back-to-back ones, in its collections (measured on the lsp benchmark).
      execArgv: ['--min-semi-space-size=16'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    createInterface({ input: child.stdout! }).on('line', (line) => this.options.onOutput(line));
    createInterface({ input: child.stderr! }).on('line', (line) => this.options.onOutput(line));
    child.once('exit', (code, signal) => this.options.onOutput(`[extension] the language server (pid ${child.pid}) exited (${signal ?? `code ${code}`})`));
    return Promise.resolve({ reader: new IPCMessageReader(child), writer: new IPCMessageWriter(child), detached: false });
  }

  /** Ends a server that outlived the client's stop (shutdown and exit normally end it). */
  kill(): void {
    if (this.pid !== undefined) this.child!.kill();
    this.child = undefined;
  }
}
