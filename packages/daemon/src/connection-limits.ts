// Bounds on what one client can hold of the daemon: how many connections, how long a connection
// may sit without the other side reading or sending (a client that never reads its page is cut
// off instead of keeping the page buffered), and how long headers and bodies may take.
import type http from 'node:http';

/** Connections per listening socket; beyond this new ones are closed at once. */
export const MAX_CONNECTIONS = 512;
/** A socket that neither reads nor writes for this long is destroyed (slow readers included). */
export const IDLE_TIMEOUT_MS = 20_000;
/** A stream subscriber that has not drained its buffer in this long is dropped. */
export const STREAM_STALL_TIMEOUT_MS = 30_000;

/** The timeouts above, shortened by tests that watch a slow client being dropped. */
export interface ClientTimeouts {
  idleTimeoutMs: number;
  streamStallTimeoutMs: number;
}

export const DEFAULT_CLIENT_TIMEOUTS: ClientTimeouts = { idleTimeoutMs: IDLE_TIMEOUT_MS, streamStallTimeoutMs: STREAM_STALL_TIMEOUT_MS };

export function limitConnections(server: http.Server, idleTimeoutMs = IDLE_TIMEOUT_MS): void {
  server.maxConnections = MAX_CONNECTIONS;
  server.keepAliveTimeout = 5_000;
  // 'timeout' with no listener destroys the socket; pending writes that make no progress count as idle.
  server.setTimeout(idleTimeoutMs);
}
