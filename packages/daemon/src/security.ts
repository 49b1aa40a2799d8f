// Checks that protect a daemon any browser on the machine can reach: Host allow-list against DNS
// rebinding, bearer token compared in constant time, browser requests (Origin) kept off the
// API and the stream, and the headers every response carries.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/** Headers on every response, pages and API alike. No CORS header is ever sent. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

export const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

/** The Host values this daemon answers to: loopback names with its own port. */
export function allowedHosts(port: number): Set<string> {
  const names = ['localhost', '127.0.0.1', '[::1]'];
  const hosts = new Set(names.map((name) => `${name}:${port}`));
  // Clients leave out the port when it is the scheme's default.
  if (port === 80) for (const name of names) hosts.add(name);
  return hosts;
}

export function isAllowedHost(headers: IncomingHttpHeaders, allowed: ReadonlySet<string>): boolean {
  const host = headers.host;
  return typeof host === 'string' && allowed.has(host.toLowerCase());
}

/** Browsers send Origin on every WebSocket handshake and cross-origin request; our clients never do. */
export function hasOrigin(headers: IncomingHttpHeaders): boolean {
  return headers.origin !== undefined;
}

/**
 * Whether a request comes from a page of another site: an Origin other than this daemon's own
 * (the Host, already checked against the loopback allow-list). No Origin is not a browser page:
 * RFC 8058 one-click opt-outs are posted by mail servers. Our pages' `Referrer-Policy: no-referrer`
 * makes a browser send `Origin: null` even from them, so `null` passes only with the browser's own
 * `Sec-Fetch-Site: same-origin` (which no page can set); any other `null` (sandboxed frames, file:
 * pages, another site's no-referrer page) is foreign.
 */
export function hasForeignOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (origin === undefined) return false;
  if (origin === 'null') return headers['sec-fetch-site'] !== 'same-origin';
  return typeof headers.host !== 'string' || origin.toLowerCase() !== `http://${headers.host.toLowerCase()}`;
}

/** Constant-time check of `Authorization: Bearer <token>`. */
export function hasValidToken(headers: IncomingHttpHeaders, token: string): boolean {
  const header = headers.authorization;
  if (typeof header !== 'string') return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'utf8');
  const expected = Buffer.from(token, 'utf8');
  // timingSafeEqual needs equal lengths; comparing against itself keeps the timing uniform.
  if (given.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(given, expected);
}
