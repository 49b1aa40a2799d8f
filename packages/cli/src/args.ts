// Option parsing shared by the commands: node:util parseArgs in strict mode, with its errors
// turned into one clear line and exit code 2.
import { parseArgs } from 'node:util';
import { isId } from '@linktrace/core';
import type { CliIo } from './io';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Bad command line: printed with a hint to the command's help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Single-valued options only: every command option is a flag or takes one value. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export interface ParsedCommandArgs<T extends OptionSpec> {
  values: { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean } & { help?: boolean };
  positionals: string[];
}

/** Parses `argv` strictly; `--help`/`-h` is always accepted. Throws `UsageError`. */
export function parseCommandArgs<T extends OptionSpec>(argv: string[], options: T): ParsedCommandArgs<T> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedCommandArgs<T>['values'], positionals };
  } catch (error) {
    // parseArgs' own messages are clear ("Unknown option '--x'"); keep only their first sentence.
    const message = (error as Error).message.split('. To specify a positional')[0]!;
    throw new UsageError(message);
  }
}

/** One of `allowed`, or a UsageError naming them. */
export function choice<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, option: string): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(', ')}, not "${value}"`);
}

/** A whole number ≥ 0, or a UsageError. */
export function count(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} needs a whole number ≥ 0, not "${value}"`);
  return Number(value);
}

/** A port number from the command line, or a UsageError. */
export function portOption(value: string | undefined, option = '--port'): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`${option} needs a port number from 0 to 65535, not "${value}"`);
  return Number(value);
}

/** A delivery id as the daemon names them, or a UsageError. */
export function deliveryIdOption(value: string | undefined): string | undefined {
  if (value !== undefined && !isId(value)) throw new UsageError(`--delivery needs a delivery id (letters, digits, '_' and '-'), not "${value}"`);
  return value;
}

/** For commands that take options only. */
export function rejectPositionals(positionals: readonly string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
}

/** Runs a command body, printing usage errors with a hint to `--help`. */
export async function withUsage(command: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`linktrace ${command}: ${error.message}\nRun "linktrace ${command} --help" for usage.\n`);
    return EXIT_USAGE;
  }
}

/** The options `linktrace daemon` and `linktrace start` take for what an acknowledged click survives. */
export const DURABILITY_OPTIONS = { durability: { type: 'string' }, 'sync-interval-ms': { type: 'string' } } as const satisfies OptionSpec;

export const DURABILITY_HELP = `  --durability MODE     what a click whose redirect was answered survives:
                        process (default): any crash or kill -9 of the daemon; a power cut loses
                          at most the last sync interval
                        disk: also a power cut (each click waits for the disk: slower)
  --sync-interval-ms N  process mode: logs reach the disk at most N ms after they are written
                        (default 50, 1 to 60000)
`;

/** `--durability` and `--sync-interval-ms` checked, as startDaemon takes them; UsageError otherwise. */
export function durabilityOption(values: { durability?: string; 'sync-interval-ms'?: string }): { durability: 'process' | 'disk'; syncIntervalMs?: number } {
  const durability = choice(values.durability, ['process', 'disk'] as const, 'process', '--durability');
  const interval = count(values['sync-interval-ms'], '--sync-interval-ms');
  if (interval === undefined) return { durability };
  if (interval < 1 || interval > 60_000) throw new UsageError(`--sync-interval-ms needs a whole number from 1 to 60000, not "${values['sync-interval-ms']}"`);
  if (durability === 'disk') throw new UsageError('--sync-interval-ms applies to --durability process only (disk mode syncs before every answer)');
  return { durability, syncIntervalMs: interval };
}
