// The live stream on WS_PATH. The handshake is checked here, before `ws` sees it: loopback Host,
// no Origin (so no web page can connect, whatever its address), and the bearer token. Each
// socket has its own error handler, so a bad frame (invalid UTF-8: 1007, oversize: 1009)
// closes that socket and nothing else.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  parseClientMessage,
  PROTOCOL_VERSION,
  WS_MAX_PAYLOAD,
  WS_PATH,
  type ClientMessage,
  type ServerMessage,
  type SubscribeMessage,
} from '@linktrace/core';
import { clearLogs, daemonStats, deliveryReport, listDeliveries, prepareDelivery } from './commands';
import { STREAM_STALL_TIMEOUT_MS } from './connection-limits';
import type { DaemonContext } from './context';
import { RequestError } from './errors';
import type { Subscription } from './log-stream';
import { hasOrigin, hasValidToken, isAllowedHost, SECURITY_HEADERS } from './security';
import { logJson } from './storage/journal-format';

/** Above this many unsent bytes a subscriber's feed pauses until its socket drains. */
export const FEED_HIGH_WATER_BYTES = 256 * 1024;
/** Replies are not paused; a client this far behind on them is not reading and is dropped. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;
/**
 * Close code for a subscriber dropped because it stopped reading: it fell more than the allowed
 * number of logs behind, or did not drain its socket within the stall timeout. The reason says the
 * seq to resume from (`resume with after=N`): every log up to N was sent before the close frame.
 */
export const STREAM_BEHIND_CLOSE_CODE = 4008;
/** Logs a paused subscriber may fall behind before it is dropped (it resumes from its seq). */
export const DEFAULT_MAX_SUBSCRIBER_LAG = 10_000;
/** WebSocket clients at once; each may hold up to MAX_BUFFERED_BYTES. */
export const MAX_STREAM_CONNECTIONS = 64;

interface Connection {
  socket: WebSocket;
  subscription?: Subscription;
  alive: boolean;
  /** Set while the feed waits for the socket to drain: the drop deadline. */
  stall?: NodeJS.Timeout;
  /** The socket is corked until the end of this tick (corkForThisTick). */
  corked?: boolean;
}

/**
 * The logs of one group commit reach a subscriber in one socket write instead of one per log: the
 * underlying TCP socket is corked for the rest of the tick. (`ws` has no public cork; its socket
 * is reached the way its own sender does.)
 */
function corkForThisTick(connection: Connection): void {
  if (connection.corked) return;
  const raw = (connection.socket as unknown as { _socket?: Duplex })._socket;
  if (!raw) return;
  connection.corked = true;
  raw.cork();
  process.nextTick(() => {
    connection.corked = false;
    raw.uncork();
  });
}

export class LiveStream {
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD, perMessageDeflate: false });
  private readonly connections = new Set<Connection>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly context: DaemonContext,
    private readonly hosts: ReadonlySet<string>,
    /** A paused subscriber that has not drained its buffer in this long is dropped. */
    private readonly stallTimeoutMs = STREAM_STALL_TIMEOUT_MS,
    /** A paused subscriber this many logs behind the newest is dropped. */
    private readonly maxSubscriberLag = DEFAULT_MAX_SUBSCRIBER_LAG,
  ) {
    this.server.on('error', (error) => context.log(`websocket server error: ${error.message}`));
    this.heartbeat = setInterval(() => this.checkAlive(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** The HTTP server's 'upgrade' handler. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const refusal = this.connections.size >= MAX_STREAM_CONNECTIONS ? { status: 503, message: 'too many stream connections' } : this.refusal(req);
    if (refusal) {
      rejectUpgrade(socket, refusal.status, refusal.message);
      return;
    }
    this.server.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private refusal(req: IncomingMessage): { status: number; message: string } | undefined {
    if (!isAllowedHost(req.headers, this.hosts)) return { status: 421, message: 'unknown Host' };
    if (hasOrigin(req.headers)) return { status: 403, message: 'browser connections are not allowed' };
    const target = req.url ?? '';
    if (target.split('?')[0] !== WS_PATH) return { status: 404, message: 'not found' };
    if (!hasValidToken(req.headers, this.context.token)) return { status: 401, message: 'missing or wrong token' };
    return undefined;
  }

  private accept(socket: WebSocket): void {
    const connection: Connection = { socket, alive: true };
    this.connections.add(connection);
    socket.on('error', (error) => this.context.log(`websocket closed on error: ${error.message}`));
    socket.on('pong', () => (connection.alive = true));
    socket.on('close', () => {
      clearTimeout(connection.stall);
      connection.subscription?.unsubscribe();
      this.connections.delete(connection);
    });
    socket.on('message', (data, isBinary) => this.receive(connection, data, isBinary));
    send(connection, { type: 'hello', version: PROTOCOL_VERSION, lastSeq: this.context.storage.lastSeq() });
  }

  private receive(connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      send(connection, { type: 'error', message: 'binary messages are not supported; send JSON text' });
      return;
    }
    const parsed = parseClientMessage(rawText(data));
    if (!parsed.ok) {
      send(connection, { type: 'error', ...(parsed.id !== undefined ? { id: parsed.id } : {}), message: parsed.error });
      return;
    }
    const message = parsed.message;
    if (message.type === 'subscribe') {
      this.subscribe(connection, message);
      return;
    }
    this.run(message).then(
      (result) => send(connection, { type: 'result', id: message.id, result }),
      (error: unknown) => {
        if (!(error instanceof RequestError)) this.context.log(`websocket ${message.type} failed: ${(error as Error).stack ?? String(error)}`);
        const text = error instanceof RequestError ? error.message : 'internal error';
        send(connection, { type: 'error', id: message.id, message: text });
      },
    );
  }

  /**
   * Registers the subscriber and starts its backlog (see LogHub); the feed pauses whenever the
   * socket holds FEED_HIGH_WATER_BYTES unsent and goes on as it drains. Nothing is queued for a
   * paused subscriber; one that stays paused too long or falls too far behind is dropped with
   * STREAM_BEHIND_CLOSE_CODE and the seq to resume from. The reply comes once the backlog is sent.
   */
  private subscribe(connection: Connection, message: SubscribeMessage): void {
    connection.subscription?.unsubscribe();
    clearTimeout(connection.stall);
    connection.stall = undefined;
    const drop = () => {
      if (connection.subscription !== subscription) return;
      subscription.unsubscribe();
      clearTimeout(connection.stall);
      connection.socket.close(STREAM_BEHIND_CLOSE_CODE, `not reading: resume with after=${subscription.sentSeq}`);
    };
    const subscription = this.context.hub.subscribe(
      message.after,
      message.deliveryId,
      (log) => {
        corkForThisTick(connection);
        // The same text as JSON.stringify({ type: 'log', log }), with the log encoded once for all.
        sendText(connection, `{"type":"log","log":${logJson(log)}}`, () => this.drained(connection, subscription));
        if (connection.socket.bufferedAmount <= FEED_HIGH_WATER_BYTES) return true;
        // Paused until the frames written so far are flushed; a client that never reads is dropped.
        connection.stall ??= setTimeout(drop, this.stallTimeoutMs);
        return false;
      },
      {
        maxLag: this.maxSubscriberLag,
        onTooFarBehind: drop,
        onReadError: (error) => {
          this.context.log(`could not read logs for a stream subscriber: ${error.message}`);
          connection.socket.close(1011, 'logs could not be read; see the daemon log');
        },
      },
    );
    connection.subscription = subscription;
    if (message.id === undefined) return;
    const id = message.id;
    void subscription.ready.then(() => {
      if (connection.subscription === subscription) send(connection, { type: 'result', id, result: { lastSeq: subscription.sentSeq } });
    });
  }

  /** A frame of the feed was flushed to the socket: a paused feed whose buffer emptied goes on. */
  private drained(connection: Connection, subscription: Subscription): void {
    if (connection.stall === undefined || connection.subscription !== subscription) return;
    if (connection.socket.bufferedAmount > FEED_HIGH_WATER_BYTES / 2) return;
    clearTimeout(connection.stall);
    connection.stall = undefined;
    subscription.resume();
  }

  private async run(message: Exclude<ClientMessage, SubscribeMessage>): Promise<unknown> {
    const context = this.context;
    switch (message.type) {
      case 'prepare': {
        const { id: _id, type: _type, ...request } = message;
        return prepareDelivery(context, request);
      }
      case 'deliveries':
        return listDeliveries(context);
      case 'report':
        return deliveryReport(context, message.deliveryId);
      case 'stats':
        return daemonStats(context);
      case 'clear':
        return clearLogs(context, message.deliveryId);
      case 'ping':
        return { pong: true };
    }
  }

  private checkAlive(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  get size(): number {
    return this.connections.size;
  }

  /** Bytes queued in `ws` for its sockets, over every connection (what a slow reader could grow). */
  bufferedBytes(): number {
    let total = 0;
    for (const connection of this.connections) total += connection.socket.bufferedAmount;
    return total;
  }

  /** Closes every socket (1001 going away) and waits until they are gone. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    const closed = [...this.connections].map(
      (connection) =>
        new Promise<void>((resolve) => {
          connection.subscription?.unsubscribe();
          if (connection.socket.readyState === connection.socket.CLOSED) return resolve();
          const force = setTimeout(() => connection.socket.terminate(), 1000);
          connection.socket.once('close', () => {
            clearTimeout(force);
            resolve();
          });
          connection.socket.close(1001, 'daemon shutting down');
        }),
    );
    await Promise.all(closed);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function send(connection: Connection, message: ServerMessage, onFlushed?: () => void): void {
  sendText(connection, JSON.stringify(message), onFlushed);
}

function sendText(connection: Connection, text: string, onFlushed?: () => void): void {
  const socket = connection.socket;
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.terminate();
    return;
  }
  socket.send(text, (error) => {
    if (error) socket.terminate();
    else onFlushed?.();
  });
}

function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = `${message}\n`;
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
