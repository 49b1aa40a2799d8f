// Errors a request can end in, with the HTTP status they map to (WebSocket replies use the message).

export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The recipients file is missing or not in the expected shape; the message names the file and the problem. */
export class RecipientsFileError extends Error {
  override readonly name = 'RecipientsFileError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`Recipients file ${file}: ${detail}`);
  }
}

/** No daemon is running for a data directory. */
export class DaemonNotRunningError extends Error {
  override readonly name = 'DaemonNotRunningError';
}
