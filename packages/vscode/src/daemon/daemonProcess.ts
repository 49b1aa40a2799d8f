// Running the daemon bundled beside the extension (dist/linktrace.cjs) as a child process of the
// editor's own Node (`process.execPath` with ELECTRON_RUN_AS_NODE=1, which desktop VS Code needs
// and plain Node ignores). `daemon --json` prints `{"url","pid","data"}` as its first stdout line;
// everything else it says goes to `onOutput` for the output channel.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface SpawnDaemonOptions {
  /** Path of the bundled CLI (dist/linktrace.cjs). */
  cliPath: string;
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  cwd?: string;
  onOutput?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface DaemonProcess {
  url: string;
  pid: number;
  dataDir: string;
  /** Resolves when the process has exited (for whatever reason). */
  readonly exited: Promise<number | null>;
  /** SIGTERM (the daemon flushes and exits 0), SIGKILL after a grace period. */
  stop(graceMs?: number): Promise<void>;
}

interface Announcement {
  url: string;
  pid: number;
}

function parseAnnouncement(line: string): Announcement | undefined {
  try {
    const value = JSON.parse(line) as Partial<Announcement>;
    if (typeof value.url === 'string' && /^https?:\/\//.test(value.url) && typeof value.pid === 'number') return { url: value.url, pid: value.pid };
  } catch {
    // not JSON: handled by the caller
  }
  return undefined;
}

export async function spawnDaemon(options: SpawnDaemonOptions): Promise<DaemonProcess> {
  const output = options.onOutput ?? (() => {});
  // The extension runs only in trusted workspaces: that trust is the user's say on a data directory
  // that came with the folder (the CLI asks for it with --trust-data-dir).
  const args = [options.cliPath, 'daemon', '--json', '--port', String(options.port ?? 0), '--data', options.dataDir, '--trust-data-dir'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  createInterface({ input: child.stderr! }).on('line', output);
  const stdout = createInterface({ input: child.stdout! });

  const announced = new Promise<Announcement>((resolve, reject) => {
    let first = true;
    stdout.on('line', (line) => {
      if (!first) return output(line);
      first = false;
      const announcement = parseAnnouncement(line);
      if (announcement) resolve(announcement);
      else {
        output(line);
        reject(new Error(`the daemon did not announce its URL (first line: ${JSON.stringify(line.slice(0, 200))})`));
      }
    });
    child.once('error', (error) => reject(new Error(`could not start the daemon: ${error.message}`)));
    void exited.then((code) => reject(new Error(`the daemon exited with code ${code} before it was ready (see the Linktrace Daemon output)`)));
  });

  const timeoutMs = options.startTimeoutMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the daemon did not start within ${timeoutMs} ms`)), timeoutMs);
  });

  const stop = async (graceMs = 5000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(kill);
  };

  try {
    const announcement = await Promise.race([announced, timeout]);
    return { url: announcement.url, pid: announcement.pid, dataDir: options.dataDir, exited, stop };
  } catch (error) {
    await stop(1000);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
