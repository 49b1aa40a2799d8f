// Real local servers for link-check tests and the benchmark: an HTTP server on 127.0.0.1 with an
// ephemeral port whose routes answer like the web does (redirect chains, loops, errors, pages that never answer,
// images and pages pretending to be images), counting every request by method and path; and an
// HTTPS server with a self-signed certificate made by the openssl CLI for the test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface LinkServer {
  origin: string;
  port: number;
  /** Requests received, by `METHOD /path` (query left out). */
  hits: Map<string, number>;
  hitsOf(method: string, pathname: string): number;
  /** Requests received to any path starting with `prefix`, by any method or the one given. */
  hitsUnder(prefix: string, method?: string): number;
  /** The most requests this server was answering at the same time. */
  maxInFlight(): number;
  close(): Promise<void>;
}

type Route = (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => void;

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** The routes every test server answers; `/user/<name>` is 200 only for names in `existingUsers`. */
function routes(existingUsers: ReadonlySet<string>, counts: Map<string, number>): Map<string, Route> {
  const redirect = (status: number, to: string): Route => (_request, response) => {
    response.writeHead(status, { location: to });
    response.end();
  };
  const page = (status: number, type = 'text/html; charset=utf-8'): Route => (_request, response) => {
    const body = status < 400 ? '<!doctype html><title>ok</title>' : `<!doctype html><title>${status}</title>`;
    response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };
  return new Map<string, Route>([
    ['/ok', page(200)],
    ['/moved', redirect(301, '/ok')],
    ['/chain', redirect(302, '/chain-2')],
    ['/chain-2', redirect(307, '/chain-3')],
    ['/chain-3', redirect(308, '/ok')],
    ['/to-missing', redirect(302, '/missing')],
    ['/loop-a', redirect(302, '/loop-b')],
    ['/loop-b', redirect(302, '/loop-a')],
    ['/missing', page(404)],
    ['/error', page(500)],
    // Never answers (the connection is closed with the server): a check that ends while one is
    // pending ended by its own timeout or cancellation, not because the page came back.
    ['/slow', () => undefined],
    ['/logo.png', (_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length });
      response.end(PNG);
    }],
    ['/logo-html', page(200)],
    ['/flaky', (request, response) => {
      // 503 with Retry-After on the first request, 200 after: a polite retry gets through.
      const seen = counts.get(`${request.method} /flaky`) ?? 0;
      if (seen <= 1) {
        response.writeHead(503, { 'retry-after': '0', 'content-length': 0 });
        response.end();
      } else page(200)(request, response, new URL('http://x'));
    }],
    ['/busy', (_request, response) => {
      response.writeHead(429, { 'retry-after': '120', 'content-length': 0 });
      response.end();
    }],
    ['/next-step', redirect(302, '/confirm/abc123')],
    ['/to-localhost', (request, response) => redirect(302, `http://localhost:${request.socket.localPort}/ok`)(request, response, new URL('http://x'))],
    ['/head-refused', (request, response) => page(request.method === 'HEAD' ? 405 : 200)(request, response, new URL('http://x'))],
    ['/user', (request, response, url) => page(existingUsers.has(url.pathname.split('/')[2] ?? '') ? 200 : 404)(request, response, url)],
  ]);
}

function serve(create: (handler: http.RequestListener) => http.Server, scheme: 'http' | 'https', existingUsers: readonly string[], latencyMs: number): Promise<LinkServer> {
  const hits = new Map<string, number>();
  const table = routes(new Set(existingUsers), hits);
  let inFlight = 0;
  let maxInFlight = 0;
  const server = create((request, response) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.once('close', () => inFlight--);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const key = `${request.method} ${url.pathname}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const route = table.get(url.pathname) ?? table.get(`/${url.pathname.split('/')[1]}`) ?? (url.pathname.startsWith('/p/') ? table.get('/ok') : undefined);
    const answer = () => (route ? route(request, response, url) : (() => {
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': 2 });
      response.end('ok');
    })());
    if (latencyMs > 0) setTimeout(answer, latencyMs);
    else answer();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        origin: `${scheme}://127.0.0.1:${port}`,
        port,
        hits,
        hitsOf: (method, pathname) => hits.get(`${method} ${pathname}`) ?? 0,
        hitsUnder: (prefix, method) => [...hits].filter(([key]) => {
          const [m, p] = key.split(' ') as [string, string];
          return p.startsWith(prefix) && (method === undefined || m === method);
        }).reduce((sum, [, n]) => sum + n, 0),
        maxInFlight: () => maxInFlight,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

/** Any unknown path answers 200 (a catch-all landing page); `latencyMs` delays every answer. */
export function startLinkServer(options: { existingUsers?: readonly string[]; latencyMs?: number } = {}): Promise<LinkServer> {
  return serve((handler) => http.createServer({ keepAliveTimeout: 5_000 }, handler), 'http', options.existingUsers ?? [], options.latencyMs ?? 0);
}

/** The same routes over HTTPS with a self-signed certificate for 127.0.0.1, which no client trusts. */
export function startSelfSignedServer(): Promise<LinkServer> {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'linktrace-tls-'));
  try {
    const key = path.join(directory, 'key.pem');
    const cert = path.join(directory, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const credentials = { key: readFileSync(key), cert: readFileSync(cert) };
    return serve((handler) => https.createServer(credentials, handler), 'https', [], 0);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
