// What a command may touch of the process, so tests can run commands in-process with fakes.

export interface CliIo {
  /** Writes text verbatim: the caller ends each line with '\n'. */
  stdout: (s: string) => void;
  /** Writes text verbatim: the caller ends each line with '\n'. */
  stderr: (s: string) => void;
  /** Directory that relative paths are resolved against. */
  cwd: string;
}

/** A command module: `run` resolves with the process exit code. */
export interface Command {
  run(argv: string[], io: CliIo): Promise<number>;
}
