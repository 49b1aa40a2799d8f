// What every feature module of the server shares: the connection, the open documents, their
// analyses, what the client can do, and the guard that keeps a failing handler from taking the
// server down.
import type { ClientCapabilities, Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyses } from './analysis';
import type { Settings } from './settings';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly analyses: Analyses;
  settings(): Settings;
  /** Filled in by `initialize`, before any feature handler runs. */
  client: ClientCapabilities;
}

/**
 * Runs a request handler so that an exception is logged and answered with `fallback`: a bug in one
 * feature on one template must never stop the server or the other features.
 */
export async function guarded<T>(context: ServerContext, what: string, fallback: T, handler: () => T | Promise<T>): Promise<T> {
  try {
    return await handler();
  } catch (error) {
    context.connection.console.error(`linktrace: ${what} failed: ${describeError(error)}`);
    return fallback;
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
