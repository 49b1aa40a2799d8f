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

/**
 * A file or directory in the data directory that this daemon did not make: a symbolic link, a
 * file of another user or of an unknown format. It is never written through nor replaced.
 */
export class ForeignFileError extends Error {
  override readonly name = 'ForeignFileError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}. Linktrace did not create it and left it untouched; if it came with a cloned folder, remove it (or use another --data directory), then start again.`);
  }
}

/**
 * The data directory holds files but no creation marker of this directory: it was copied or
 * cloned from elsewhere (a repository can ship a forged daemon.json, lock or symlinks).
 */
export class UntrustedDataDirError extends Error {
  override readonly name = 'UntrustedDataDirError';
  constructor(
    readonly dataDir: string,
    detail: string,
  ) {
    super(
      `The data directory ${dataDir} was not created here by Linktrace (${detail}); it may have come with a cloned folder. ` +
        'Nothing in it was read or changed. If you trust its contents, start again with --trust-data-dir; otherwise delete it or choose another with --data DIR.',
    );
  }
}

/**
 * The data directory this daemon locked was deleted, replaced or moved, or its lock was removed:
 * writing on would put acknowledged data where nobody reads it, or into another daemon's files.
 * Nothing more is written or acknowledged (HTTP 503).
 */
export class DataDirLostError extends Error {
  override readonly name = 'DataDirLostError';
  constructor(readonly reason: string) {
    super(`Not writing: ${reason}. Restart the daemon.`);
  }
}

/** A delivery over what storage keeps (template size, links, recipients, retention); nothing was stored. */
export class DeliveryLimitError extends Error {
  override readonly name = 'DeliveryLimitError';
  constructor(detail: string) {
    super(`Delivery not stored: ${detail}`);
  }
}
