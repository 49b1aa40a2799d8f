// Recipient pages opened through a forwarder: code-server's /proxy/PORT/ (prefix stripped) and
// /absproxy/PORT/ (prefix kept), VS Code and Codespaces port forwarding (another host name or
// port), any reverse proxy. The browser's address is then unknown to the daemon and headers that
// would name it can be forged, so links in such a page are relative to the page itself: they
// resolve against whatever external address the recipient used and come back through it.
// Only the recipient routes get this freedom; the API and the stream keep their strict Host check.
import type { IncomingHttpHeaders } from 'node:http';
import { parseTrackedPath, type TrackedPath } from './urls';

/** A forwarder's own path segments before ours, e.g. `absproxy` and `4178`. */
const PREFIX_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_PREFIX_SEGMENTS = 8;

/** From a recipient page (`…/e/D/R`, `…/m/D/R`) back to the daemon's root, whatever prefix is in front. */
export const RELATIVE_BASE = '../..';

export interface RecipientPath {
  tracked: TrackedPath;
  /** The path before the tracked part, '' when the request came straight to the daemon. */
  prefix: string;
}

/**
 * A tracked path, possibly behind a forwarder's prefix. The tracked part is read from the end, so
 * `/absproxy/4178/c/D/R/L` is the click `c/D/R/L`; the prefix itself is only checked to be plain
 * segments (no dots, no percent-encoding) and never used to build anything.
 */
export function parseRecipientPath(rawPath: string): RecipientPath | undefined {
  const direct = parseTrackedPath(rawPath);
  if (direct) return { tracked: direct, prefix: '' };
  const segments = rawPath.split('/');
  if (segments[0] !== '') return undefined;
  for (const length of [4, 3]) {
    const prefixSegments = segments.slice(1, segments.length - length);
    if (prefixSegments.length === 0 || prefixSegments.length > MAX_PREFIX_SEGMENTS) continue;
    if (!prefixSegments.every((segment) => PREFIX_SEGMENT.test(segment))) continue;
    const tracked = parseTrackedPath(`/${segments.slice(segments.length - length).join('/')}`);
    if (tracked) return { tracked, prefix: `/${prefixSegments.join('/')}` };
  }
  return undefined;
}

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-host', 'x-forwarded-prefix', 'x-forwarded-proto', 'x-forwarded-port'];

/**
 * The base URL of the links in a recipient's page: the daemon's own loopback address (as the
 * request named it) when the request came straight to it, else RELATIVE_BASE.
 */
export function recipientLinkBase(headers: IncomingHttpHeaders, ownHosts: ReadonlySet<string>, prefix: string): string {
  const host = headers.host?.toLowerCase();
  const direct = prefix === '' && host !== undefined && ownHosts.has(host) && !FORWARDING_HEADERS.some((name) => headers[name] !== undefined);
  return direct ? `http://${host}` : RELATIVE_BASE;
}
