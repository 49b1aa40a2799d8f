// The port each data directory's daemon last listened on (in the extension's global state, so
// every window of the same folder agrees), and whether a port is free to listen on again.
import net from 'node:net';
import type * as vscode from 'vscode';

const KEY = 'linktrace.daemonPorts';

export class RememberedPorts {
  constructor(private readonly state: vscode.Memento) {}

  get(dataDir: string): number | undefined {
    const port = this.state.get<Record<string, number>>(KEY, {})[dataDir];
    return Number.isInteger(port) && port! > 0 && port! < 65536 ? port : undefined;
  }

  set(dataDir: string, port: number): Thenable<void> {
    return this.state.update(KEY, { ...this.state.get<Record<string, number>>(KEY, {}), [dataDir]: port });
  }
}

/** Whether 127.0.0.1:port can be listened on right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}
