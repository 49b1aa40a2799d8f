// A stand-in for the sites an email links to: a node:http server on 127.0.0.1:0 that answers
// every GET with 200 and a page naming the path it was asked for, and remembers each request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TargetServer {
  /** Base URL, e.g. http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  /** Every request target received (path and query as sent), in order. */
  requests: string[];
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startTargetServer(): Promise<TargetServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    requests.push(target);
    const body = `<!doctype html><html><head><meta charset="utf-8"><title>Target ${escape(target)}</title></head>` +
      `<body><h1 id="landed">Landed on ${escape(target)}</h1></body></html>`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
    res.end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
