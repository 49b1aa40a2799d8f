// The server side of the daemon benchmark, run in its own process so the load generator does not
// share its event loop. Prints one JSON line once it is listening, then serves until SIGTERM.
//   bare DIR     a bare node:http server answering every request with a 302 (the baseline)
//   journal DIR  node:http + the daemon's log storage: each request appends one log, durably, then 302s
//                (what the daemon costs beyond its storage)
//   daemon DIR   the real daemon (startDaemon) over data directory DIR, default durability (process)
//   daemon-disk DIR  the same with --durability disk (fdatasync before every answer)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startDaemon } from '../../packages/daemon/src/index';
import { createStorage } from '../../packages/daemon/src/storage/index';

export interface ServerReady {
  port: number;
  token?: string;
  /** Time spent in startDaemon() (storage open, journal replay, listen), ms. */
  startDaemonMs?: number;
  /** Time from process start to listening (Node boot, module load, startDaemon), ms. */
  processReadyMs: number;
  heapUsedMb: number;
  /** Resident memory once ready (the process as a whole), MB. */
  rssMb: number;
}

const TARGET = 'https://shop.example.com/collections/spring?utm_source=newsletter';

async function bare(): Promise<ServerReady> {
  const server = http.createServer((_req, res) => {
    res.writeHead(302, { Location: TARGET, 'Content-Length': 0 });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
  return { port: (server.address() as AddressInfo).port, processReadyMs: performance.now(), heapUsedMb: heapMb(), rssMb: rssMb() };
}

async function journal(dataDir: string): Promise<ServerReady> {
  const storage = createStorage(dataDir);
  await storage.open();
  const server = http.createServer((req, res) => {
    const entry = { at: new Date().toISOString(), type: 'click' as const, deliveryId: 'bench', recipientId: 'bench', linkId: 'link', url: TARGET, userAgent: req.headers['user-agent'] ?? '' };
    storage.appendLog(entry).then(
      () => {
        res.writeHead(302, { Location: TARGET, 'Content-Length': 0 });
        res.end();
      },
      () => {
        res.writeHead(500, { 'Content-Length': 0 });
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    storage.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  return { port: (server.address() as AddressInfo).port, processReadyMs: performance.now(), heapUsedMb: heapMb(), rssMb: rssMb() };
}

async function daemon(dataDir: string, durability: 'process' | 'disk' = 'process'): Promise<ServerReady> {
  const started = performance.now();
  const running = await startDaemon({ dataDir, port: 0, host: '127.0.0.1', durability });
  const startDaemonMs = performance.now() - started;
  process.once('SIGTERM', () => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  return { port: running.port, token: running.token, startDaemonMs, processReadyMs: performance.now(), heapUsedMb: heapMb(), rssMb: rssMb() };
}

function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

function heapMb(): number {
  return Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
}

const [mode, dataDir] = process.argv.slice(2);
const ready =
  mode === 'bare'
    ? bare()
    : mode === 'journal' && dataDir
      ? journal(dataDir)
      : mode === 'daemon' && dataDir
        ? daemon(dataDir)
        : mode === 'daemon-disk' && dataDir
          ? daemon(dataDir, 'disk')
          : Promise.reject(new Error('usage: daemon-server.ts bare | journal DIR | daemon DIR | daemon-disk DIR'));
ready.then(
  (info) => process.stdout.write(`${JSON.stringify(info)}\n`),
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
