// Errors a data directory can raise on open. Each names the file (and line) a person has to look
// at: storage never repairs or overwrites data it does not understand.

/** A file in the data directory is not in a shape this version of Linktrace wrote. */
export class CorruptDataError extends Error {
  override readonly name = 'CorruptDataError';
  constructor(
    readonly file: string,
    detail: string,
    readonly line?: number,
  ) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${detail}. The file was left untouched; fix or move it away, then start again.`);
  }
}

/** Another live process owns the data directory. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly owner: { pid: number; url?: string },
  ) {
    const who = owner.url ? `pid ${owner.pid}, ${owner.url}` : `pid ${owner.pid}`;
    super(
      `Another Linktrace daemon (${who}) is already using the data directory ${dataDir}. ` +
        `Stop it first, or delete ${lockFile} if that process is not a Linktrace daemon.`,
    );
  }
}

/** The storage was used before open() resolved or after close(). */
export class StorageClosedError extends Error {
  override readonly name = 'StorageClosedError';
  constructor(operation: string) {
    super(`Storage is not open (${operation})`);
  }
}
