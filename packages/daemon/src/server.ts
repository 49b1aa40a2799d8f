// startDaemon: storage, token, the loopback HTTP server(s) with their routes and WebSocket
// stream, and DIR/daemon.json so clients can find it all.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DEFAULT_DAEMON_PORT, WS_PATH } from '@linktrace/core';
import type { DaemonContext, DroppedSpan, Recovery } from './context';
import { DEFAULT_CLIENT_TIMEOUTS, limitConnections, type ClientTimeouts } from './connection-limits';
import { clearDaemonInfo, loadOrCreateToken, writeDaemonInfo } from './daemon-info';
import { RequestError } from './errors';
import { sendJson, sendJsonError, sendNotFound, sendPage, sendPlain } from './http';
import { LogHub } from './log-stream';
import { BurstDetector } from './machine-traffic';
import { messagePage } from './pages';
import { DEFAULT_RECIPIENTS, loadRecipientsFile } from './recipients';
import { WorkerHeavyWork, type HeavyWork } from './heavy-work';
import { RecipientPages } from './recipient-pages';
import { handleApi } from './routes/api';
import { handleTracked } from './routes/tracking';
import { parseRecipientPath, recipientLinkBase } from './public-base';
import { allowedHosts, applySecurityHeaders, isAllowedHost } from './security';
import { createStorage, DataDirLostError, DeliveryLimitError, DEFAULT_DURABILITY, type Durability, type OpenReport } from './storage/index';
import { LiveStream } from './ws';

export interface DaemonOptions {
  /** Data directory (deliveries, logs, daemon.json); created if missing. */
  dataDir: string;
  /** Default DEFAULT_DAEMON_PORT (4178); 0 picks a free port. */
  port?: number;
  /** Loopback only: '127.0.0.1' (default, then also [::1] on the same port when available), '::1' or 'localhost'. */
  host?: string;
  /** JSON array of test recipients {id, email, fields}; read again on each prepare. */
  recipientsFile?: string;
  /** How long a slow client is kept; shortened by tests. */
  clientTimeouts?: Partial<ClientTimeouts>;
  /** The user vouched for an existing data directory that Linktrace did not create there (see UntrustedDataDirError). */
  trustDataDir?: boolean;
  /** What an acknowledged click survives: 'process' (default: any crash or kill -9) or 'disk' (also a power cut). */
  durability?: Durability;
  /** 'process' durability: the longest a logged click waits for its background fdatasync (default 50 ms). */
  syncIntervalMs?: number;
  /** Deliveries kept (default 200): preparing one more retires the oldest, with its logs. */
  keepDeliveries?: number;
  log?: (line: string) => void;
  /** Logs a live subscriber that stopped reading may fall behind before it is dropped (default 10,000). */
  maxSubscriberLag?: number;
  /** How often the log index snapshot is rewritten while logs arrive (default 10 s). */
  snapshotIntervalMs?: number;
}

export interface Daemon {
  url: string;
  port: number;
  token: string;
  dataDir: string;
  /** Live stream figures: subscribers fed, and bytes the stream holds unsent for them. */
  streamStats(): { subscribers: number; bufferedBytes: number };
  /** Stops accepting, closes sockets, flushes storage and removes url/pid from daemon.json. */
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    // Requests still running (a click waiting for its fsync) get a moment to finish.
    setTimeout(() => server.closeAllConnections(), 2000).unref();
  });
}

function createHttpServer(idleTimeoutMs: number): http.Server {
  const server = http.createServer({ requestTimeout: 30_000, headersTimeout: 10_000, maxHeaderSize: 16 * 1024 });
  limitConnections(server, idleTimeoutMs);
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // A response already started on this socket (e.g. the rest of a body nobody read failed to
    // parse) must not be followed by a second one: the client would read it as garbage.
    const answered = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || answered) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return server;
}

export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`The daemon listens on loopback only (127.0.0.1, ::1 or localhost), not ${JSON.stringify(host)}.`);
  const recipientsFile = options.recipientsFile ? path.resolve(options.recipientsFile) : undefined;
  const timeouts = { ...DEFAULT_CLIENT_TIMEOUTS, ...options.clientTimeouts };
  // Fail fast on a broken recipients file; prepare reads it again so edits apply without a restart.
  if (recipientsFile) await loadRecipientsFile(recipientsFile);

  const durability = options.durability ?? DEFAULT_DURABILITY;
  const storage = createStorage(dataDir, {
    trustDataDir: options.trustDataDir,
    durability,
    ...(options.syncIntervalMs !== undefined ? { syncIntervalMs: options.syncIntervalMs } : {}),
    ...(options.keepDeliveries !== undefined ? { keepDeliveries: options.keepDeliveries } : {}),
    onLost: (reason) => log(`stopped acknowledging clicks and writing: ${reason}. Restart the daemon.`),
    ...(options.snapshotIntervalMs !== undefined ? { snapshotIntervalMs: options.snapshotIntervalMs } : {}),
    onSnapshotError: (error) => log(`the log index snapshot could not be written (${error.message}); the journal is intact, a restart only reads more of it`),
    onSyncError: (error) => log(`the journal could not be synced to disk (${error.message}); no further click is acknowledged: restart the daemon`),
  });
  const opened = await storage.open();
  const recovery = describeRecovery(dataDir, opened);
  if (opened.snapshot && 'ignored' in opened.snapshot) log(`read the whole journal: the log index snapshot was not used (${opened.snapshot.ignored})`);
  if (opened.migratedDeliveries !== undefined) log(`moved ${opened.migratedDeliveries} deliveries from the one-document deliveries.json of an earlier version into deliveries/, one file each`);
  if (recovery.droppedTail) {
    const { file, offset, bytes, records, savedAs } = recovery.droppedTail;
    log(`recovered the journal: dropped a torn tail of ${records} unfinished record(s), ${bytes} bytes from byte ${offset}, at the end of ${file} (a crash or power cut cut it short; every complete record before it was kept; a copy is in ${savedAs})`);
  }
  for (const { file, offset, bytes, records, savedAs } of recovery.damaged ?? []) {
    log(`recovered the journal: skipped ${records} damaged line(s), ${bytes} bytes from byte ${offset} of ${file}, and kept every intact record after them; the file was not changed and a copy of those bytes is in ${savedAs}`);
  }
  const servers: http.Server[] = [];
  let live: LiveStream | undefined;
  let work: HeavyWork | undefined;
  try {
    const token = await loadOrCreateToken(dataDir, { rotate: opened.adoptedDataDir });
    const primary = createHttpServer(timeouts.idleTimeoutMs);
    servers.push(primary);
    let context: DaemonContext | undefined;
    let hosts = new Set<string>();
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      applySecurityHeaders(res);
      if (!context) return sendPlain(res, 503, 'starting\n');
      handleRequest(context, hosts, req, res);
    };
    primary.on('request', onRequest);
    await listen(primary, options.port ?? DEFAULT_DAEMON_PORT, host);
    const port = (primary.address() as AddressInfo).port;
    const url = `http://${urlHost(host === 'localhost' ? '127.0.0.1' : host)}:${port}`;
    hosts = allowedHosts(port);
    const heavy = WorkerHeavyWork.start(log);
    work = heavy;
    context = {
      storage,
      baseUrl: url,
      token,
      durability,
      recovery,
      startedAt: Date.now(),
      hub: new LogHub(storage),
      bursts: new BurstDetector(),
      renderer: new RecipientPages(url, heavy),
      analyze: (job) => heavy.analyze(job),
      log,
      defaultRecipients: () => (recipientsFile ? loadRecipientsFile(recipientsFile) : Promise.resolve([...DEFAULT_RECIPIENTS])),
    };
    const stream = new LiveStream(context, hosts, timeouts.streamStallTimeoutMs, options.maxSubscriberLag);
    live = stream;

    if (host === '127.0.0.1') {
      // Also on [::1], so http://localhost works where it resolves to IPv6; optional.
      const secondary = createHttpServer(timeouts.idleTimeoutMs);
      secondary.on('request', onRequest);
      try {
        await listen(secondary, port, '::1');
        servers.push(secondary);
      } catch (error) {
        log(`not listening on [::1]:${port} (${(error as Error).message})`);
      }
    }
    for (const server of servers) server.on('upgrade', (req, socket, head) => stream.handleUpgrade(req, socket, head));

    await storage.setOwnerInfo({ url });
    await writeDaemonInfo(dataDir, { url, pid: process.pid, token });
    log(`Linktrace daemon listening on ${url} (data: ${dataDir})`);

    let closing: Promise<void> | undefined;
    const hub = context.hub;
    return {
      url,
      port,
      token,
      dataDir,
      streamStats: () => ({ subscribers: hub.size, bufferedBytes: stream.bufferedBytes() }),
      close: () =>
        (closing ??= (async () => {
          const stopped = Promise.all(servers.map(closeServer));
          await stream.close();
          await stopped;
          await work?.close();
          hub.close();
          // Read before close: a daemon whose directory was replaced must not rewrite the new owner's daemon.json.
          const lost = storage.lostBecause();
          await storage.close();
          if (lost === undefined) await clearDaemonInfo(dataDir, token);
          log('Linktrace daemon stopped');
        })()),
    };
  } catch (error) {
    await live?.close();
    await work?.close();
    await Promise.all(servers.map(closeServer));
    await storage.close();
    throw error;
  }
}

/** What start-up recovered, with files named relative to the data directory (for /healthz). */
function describeRecovery(dataDir: string, opened: OpenReport): Recovery {
  const relative = (file: string) => path.relative(dataDir, file).split(path.sep).join('/');
  const span = ({ file, offset, bytes, records, savedAs }: DroppedSpan): DroppedSpan => ({ file: relative(file), offset, bytes, records, savedAs: relative(savedAs) });
  const { droppedTail, damaged } = opened;
  return {
    ...(droppedTail ? { droppedTail: span(droppedTail) } : {}),
    ...(damaged ? { damaged: damaged.map(span) } : {}),
  };
}

function handleRequest(context: DaemonContext, hosts: ReadonlySet<string>, req: IncomingMessage, res: ServerResponse): void {
  const target = req.url ?? '';
  const rawPath = target.split('?')[0]!;
  const isApi = rawPath === '/api' || rawPath.startsWith('/api/');
  route(context, hosts, req, res, target, rawPath, isApi).catch((error: unknown) => {
    if (!(error instanceof RequestError) && !(error instanceof DataDirLostError) && !(error instanceof DeliveryLimitError)) context.log(`${req.method} ${rawPath} failed: ${(error as Error).stack ?? String(error)}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const status = error instanceof RequestError ? error.status : error instanceof DataDirLostError ? 503 : error instanceof DeliveryLimitError ? 422 : 500;
    const message = error instanceof RequestError || error instanceof DataDirLostError || error instanceof DeliveryLimitError ? error.message : 'internal error';
    // An unread body may still be on its way: do not reuse the connection.
    if (status === 413) res.setHeader('Connection', 'close');
    if (isApi) sendJsonError(res, status, message);
    else sendPage(res, status, messagePage(status === 413 ? 'Too large' : 'Request refused', message));
  });
}

async function route(context: DaemonContext, hosts: ReadonlySet<string>, req: IncomingMessage, res: ServerResponse, target: string, rawPath: string, isApi: boolean): Promise<void> {
  // Recipient pages answer under any Host and path prefix (forwarded ports, code-server's proxy):
  // a recipient may open them anyway, and they only ever link back to themselves.
  const recipientPath = isApi ? undefined : parseRecipientPath(rawPath);
  if (recipientPath) {
    if (!target.startsWith('/') || target.includes('#')) throw new RequestError(400, 'bad request target');
    return handleTracked(context, req, res, recipientPath.tracked, recipientLinkBase(req.headers, hosts, recipientPath.prefix));
  }
  // DNS rebinding: a page on an attacker's name that resolves to 127.0.0.1 still sends its own Host.
  if (!isAllowedHost(req.headers, hosts)) {
    sendPlain(res, 421, 'Misdirected request: this daemon answers only to localhost, 127.0.0.1 and [::1] with its port.\n');
    return;
  }
  if (!target.startsWith('/') || target.includes('#')) throw new RequestError(400, 'bad request target');
  let url: URL;
  try {
    url = new URL(target, context.baseUrl);
  } catch {
    throw new RequestError(400, 'bad request target');
  }
  if (rawPath === '/healthz') {
    // Read-only: no other method (OPTIONS preflights included) gets a 2xx anywhere.
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendPlain(res, 405, 'Use GET or HEAD.\n', { Allow: 'GET, HEAD' });
      return;
    }
    const lost = context.storage.lostBecause();
    if (lost !== undefined) sendJson(res, 503, { ok: false, error: `not writing: ${lost}`, durability: context.durability, recovery: context.recovery });
    else sendJson(res, 200, { ok: true, durability: context.durability, recovery: context.recovery });
    return;
  }
  if (isApi) return handleApi(context, req, res, url);
  if (rawPath === WS_PATH) throw new RequestError(426, 'WebSocket upgrade required');
  sendNotFound(res);
}
