// Hostile load against a daemon process, shared by the load tests and `npm run bench -- hostile`:
// /healthz timed back to back while something else runs, the process's RSS, clients that send a
// request and then never read, and raw WebSocket subscribers that never read.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

export interface TimedResponse {
  status: number;
  text: string;
}

/** One request on its own connection, Host set to the daemon's. */
export function httpRequest(port: number, pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<TimedResponse> {
  return new Promise((resolve, reject) => {
    const headers = { host: `127.0.0.1:${port}`, ...options.headers, ...(options.body !== undefined ? { 'content-length': String(Buffer.byteLength(options.body)) } : {}) };
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POST /api/deliveries with `body` as JSON. */
export function postDelivery(port: number, token: string, body: unknown): Promise<TimedResponse> {
  return httpRequest(port, '/api/deliveries', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Resident memory of a process in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** Times /healthz back to back until `during` settles (at least once); every latency in ms. */
export async function healthzWhile(port: number, during: Promise<unknown>): Promise<number[]> {
  let done = false;
  void during.then(
    () => (done = true),
    () => (done = true),
  );
  const latencies: number[] = [];
  do {
    const started = performance.now();
    const response = await httpRequest(port, '/healthz');
    if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`);
    latencies.push(performance.now() - started);
  } while (!done);
  return latencies;
}

/** Highest RSS of `pid` sampled every 100 ms for `ms` milliseconds. */
export async function peakRssMb(pid: number, ms: number): Promise<number> {
  let peak = rssMb(pid);
  for (const end = Date.now() + ms; Date.now() < end; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    peak = Math.max(peak, rssMb(pid));
  }
  return peak;
}

function silentSocket(port: number): net.Socket {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.pause(); // never reads
  return socket;
}

/** `count` connections that each send one GET for `pathname` and read nothing. */
export function nonReadingClients(port: number, pathname: string, count: number): net.Socket[] {
  return Array.from({ length: count }, () => {
    const socket = silentSocket(port);
    socket.write(`GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    return socket;
  });
}

/** `count` WebSocket clients (raw handshake) that subscribe from seq 0 and read nothing. */
export function nonReadingSubscribers(port: number, token: string, count: number): net.Socket[] {
  const subscribe = Buffer.from(JSON.stringify({ type: 'subscribe', after: 0 }));
  // A masked text frame whose mask key is 0, so the payload goes as it is.
  const frame = Buffer.concat([Buffer.from([0x81, 0x80 | subscribe.length, 0, 0, 0, 0]), subscribe]);
  return Array.from({ length: count }, () => {
    const socket = silentSocket(port);
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nAuthorization: Bearer ${token}\r\n\r\n`,
    );
    socket.write(frame);
    return socket;
  });
}

export const recipients = (count: number, fields: Record<string, string> = {}) => Array.from({ length: count }, (_, i) => ({ id: `r${i}`, email: `r${i}@example.test`, fields }));

/** The largest prepare the limits accept: a 1.8 MB template with 2,000 links and 5,000 unresolved segments. */
export function largestTemplate(): string {
  const padding = '<p>' + 'lorem ipsum dolor sit amet '.repeat(64) + '</p>\n';
  const linked = '<p>{{ missing.field }} <a href="https://shop.example/?v={{ other }}">x</a></p>\n'.repeat(2000);
  return `${linked}${'<p>{{ missing.field }}</p>\n'.repeat(1000)}${padding.repeat(900)}`;
}

/** A template whose page is about 3.7 MB for a recipient with a 1 MB `blob` field. */
export function fourMegabytePage(): { template: string; recipient: { id: string; email: string; fields: Record<string, string> } } {
  return {
    template: `<p>{{ blob }}</p><p>{{ blob }}</p><p>{{ blob }}</p>${'<p>padding text for a large page </p>\n'.repeat(20_000)}`,
    recipient: { id: 'r1', email: 'r1@example.test', fields: { blob: 'y'.repeat(1024 * 1024) } },
  };
}

/** Whether the daemon's end of the connection from client port `clientPort` is still established (Linux /proc/net/tcp). */
export function daemonSideEstablished(daemonPort: number, clientPort: number): boolean {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  const text = readFileSync('/proc/net/tcp', 'utf8');
  return text
    .split('\n')
    .slice(1)
    .some((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[1]?.endsWith(`:${hex(daemonPort)}`) && fields[2]?.endsWith(`:${hex(clientPort)}`) && fields[3] === '01';
    });
}

/** Resolves once `condition` holds, checking every 50 ms; rejects after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

/** How many stream subscribers the daemon has (GET /api/stats). */
export async function subscriberCount(port: number, token: string): Promise<number> {
  const response = await httpRequest(port, '/api/stats', { headers: { authorization: `Bearer ${token}` } });
  return (JSON.parse(response.text) as { subscribers: number }).subscribers;
}
