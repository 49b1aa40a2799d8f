// The extension's connection to a daemon's live stream: one WebSocket (Bearer token in the
// handshake, never in the URL), requests matched to replies by id, and a log subscription that
// survives daemon restarts. The cursor is the highest seq received; on every (re)connect the
// client subscribes after it, so the daemon's backlog fills exactly the gap. Logs are also
// de-duplicated by seq here, so a reply racing a reconnect cannot show a log twice.
// No `vscode` import: it runs (and is tested) in plain Node too.
import WebSocket from 'ws';
import {
  parseServerMessage,
  PROTOCOL_VERSION,
  WS_PATH,
  type ClientMessage,
  type ResultOf,
  type ServerMessage,
  type TrackingLog,
} from '@linktrace/core';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'closed';

export interface DaemonClientOptions {
  /** The daemon's base URL, `http://127.0.0.1:PORT`. */
  url: string;
  token: string;
  /** Resume after this seq (0: every stored log). */
  after?: number;
  /** On a first connection from 0, take only this many of the newest stored logs (a store can hold millions). */
  initialBacklog?: number;
  /** Reconnect delays grow from this (ms) ... */
  minBackoffMs?: number;
  /** ... up to this (ms). */
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
  log?: (line: string) => void;
}

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  on(listener: Listener<T>): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** The daemon answered a request with an error message. */
export class DaemonRequestError extends Error {
  override readonly name = 'DaemonRequestError';
}

export function webSocketUrl(baseUrl: string): string {
  const url = new URL(WS_PATH, baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`daemon URL must be http(s), not ${baseUrl}`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

type RequestMessage = Exclude<ClientMessage, { type: 'subscribe' }>;
type RequestBody<K extends RequestMessage['type']> = Omit<Extract<RequestMessage, { type: K }>, 'id' | 'type'>;

export class DaemonClient {
  private socket: WebSocket | undefined;
  private state: ConnectionState = 'disconnected';
  private cursor: number;
  private nextId = 1;
  private attempt = 0;
  private connectedBefore = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly logEmitter = new Emitter<TrackingLog>();
  private readonly stateEmitter = new Emitter<ConnectionState>();
  private readonly resetEmitter = new Emitter<void>();
  private readonly wsUrl: string;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly requestTimeoutMs: number;
  private readonly write: (line: string) => void;

  /** Every new log, in seq order, each once. */
  readonly onLog = this.logEmitter.on.bind(this.logEmitter);
  readonly onState = this.stateEmitter.on.bind(this.stateEmitter);
  /** The daemon's store is older than our cursor (its data was replaced): start over from 0. */
  readonly onReset = this.resetEmitter.on.bind(this.resetEmitter);

  constructor(private readonly options: DaemonClientOptions) {
    this.wsUrl = webSocketUrl(options.url);
    this.cursor = options.after ?? 0;
    this.minBackoffMs = options.minBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.write = options.log ?? (() => {});
  }

  get url(): string {
    return this.options.url;
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  /** Highest seq received so far. */
  get lastSeq(): number {
    return this.cursor;
  }

  /** Starts connecting (and keeps reconnecting until close()). Resolves on the first connection. */
  connect(): Promise<void> {
    if (this.state === 'closed') return Promise.reject(new Error('client is closed'));
    const connected = new Promise<void>((resolve, reject) => {
      const subscription = this.onState((state) => {
        if (state === 'connected') {
          subscription.dispose();
          resolve();
        } else if (state === 'closed') {
          subscription.dispose();
          reject(new Error('client closed before it connected'));
        }
      });
    });
    if (!this.socket) this.open();
    return connected;
  }

  /** Sends one request and resolves with its result (rejects on an error reply, timeout or disconnect). */
  request<K extends RequestMessage['type']>(type: K, body: RequestBody<K> = {} as RequestBody<K>): Promise<ResultOf[K]> {
    const socket = this.socket;
    if (!socket || this.state !== 'connected') return Promise.reject(new Error(`not connected to the daemon at ${this.options.url}`));
    const id = this.nextId++;
    return new Promise<ResultOf[K]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the daemon did not answer "${type}" within ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      socket.send(JSON.stringify({ ...body, id, type }), (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.pending.delete(id);
        reject(error);
      });
    });
  }

  close(): void {
    if (this.state === 'closed') return;
    clearTimeout(this.reconnectTimer);
    this.setState('closed');
    this.failPending(new Error('connection to the daemon closed'));
    const socket = this.socket;
    this.socket = undefined;
    socket?.removeAllListeners('close');
    if (socket && socket.readyState !== WebSocket.CLOSED) socket.terminate();
  }

  private open(): void {
    this.setState('connecting');
    const socket = new WebSocket(this.wsUrl, {
      headers: { Authorization: `Bearer ${this.options.token}` },
      handshakeTimeout: 5000,
      maxPayload: 64 * 1024 * 1024,
      perMessageDeflate: false,
    });
    this.socket = socket;
    socket.on('unexpected-response', (_request, response) => {
      this.write(`daemon refused the connection: HTTP ${response.statusCode}`);
      response.resume();
      socket.terminate();
    });
    socket.on('error', (error) => this.write(`daemon connection error: ${error.message}`));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const parsed = parseServerMessage(data.toString());
      if (!parsed.ok) {
        this.write(`ignored a malformed message from the daemon: ${parsed.error}`);
        return;
      }
      this.receive(socket, parsed.message);
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.failPending(new Error('connection to the daemon lost'));
      if (this.state === 'closed') return;
      this.setState('disconnected');
      this.scheduleReconnect();
    });
  }

  private receive(socket: WebSocket, message: ServerMessage): void {
    switch (message.type) {
      case 'hello':
        if (message.version !== PROTOCOL_VERSION) {
          this.write(`daemon speaks protocol ${message.version}, this extension ${PROTOCOL_VERSION}; disconnecting`);
          this.close();
          return;
        }
        if (message.lastSeq < this.cursor) {
          this.write(`daemon's last log is ${message.lastSeq}, before our cursor ${this.cursor}: its data was replaced, starting over`);
          this.cursor = 0;
          this.resetEmitter.fire();
        }
        if (!this.connectedBefore && this.cursor === 0 && this.options.initialBacklog !== undefined) {
          this.cursor = Math.max(0, message.lastSeq - this.options.initialBacklog);
        }
        this.connectedBefore = true;
        // Subscribing needs no reply: the backlog after the cursor follows at once, then live logs.
        socket.send(JSON.stringify({ type: 'subscribe', after: this.cursor }));
        this.attempt = 0;
        this.setState('connected');
        return;
      case 'log':
        if (message.log.seq <= this.cursor) return;
        this.cursor = message.log.seq;
        this.logEmitter.fire(message.log);
        return;
      case 'result':
      case 'error': {
        if (message.id === undefined) {
          this.write(`daemon error: ${(message as { message: string }).message}`);
          return;
        }
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.type === 'result') pending.resolve(message.result);
        else pending.reject(new DaemonRequestError(message.message));
        return;
      }
    }
  }

  private scheduleReconnect(): void {
    const delay = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 16);
    this.reconnectTimer = setTimeout(() => {
      if (this.state !== 'closed') this.open();
    }, delay);
  }

  private failPending(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.stateEmitter.fire(state);
  }
}
