// What a client that holds its own daemon connection tells the server (see protocol.ts):
// linktrace/clickCounts (live clicks per link, shown by CodeLens and hover) and linktrace/daemon
// (the daemon's address, which hovers name as the redirect a tracked link becomes).
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { filePathOf } from './analysis';
import type { ClickCounts } from './clickCounts';
import { describeError, type ServerContext } from './context';
import { ClickCountsNotification, DaemonNotification, validateClickCountsParams, validateDaemonParams } from './protocol';

export interface ClientFeeds {
  /** Base URL of the client's daemon (`http://127.0.0.1:4178`), without a trailing slash. */
  daemonUrl: string | undefined;
}

export function registerClientFeeds(context: ServerContext, clickCounts: ClickCounts): ClientFeeds {
  const feeds: ClientFeeds = { daemonUrl: undefined };
  // A notification has no answer to carry an error: a bad payload is logged and ignored.
  const validated = <T>(method: string, validate: () => T): T | undefined => {
    try {
      return validate();
    } catch (error) {
      context.connection.console.error(`linktrace: ignoring ${method}: ${describeError(new ResponseError(ErrorCodes.InvalidParams, (error as Error).message))}`);
      return undefined;
    }
  };

  context.connection.onNotification(ClickCountsNotification, (raw) => {
    const params = validated(ClickCountsNotification.method, () => validateClickCountsParams(raw));
    const filePath = params && filePathOf(params.uri);
    if (!params || !filePath) return;
    clickCounts.setFromClient(filePath, params.links ? new Map(Object.entries(params.links)) : undefined);
  });

  context.connection.onNotification(DaemonNotification, (raw) => {
    const params = validated(DaemonNotification.method, () => validateDaemonParams(raw));
    if (params) feeds.daemonUrl = params.url?.replace(/\/+$/, '') || undefined;
  });

  return feeds;
}
