// What checking one URL found: each request made (a hop), where it ended, and what went wrong.
// Plain data, so results can be cached on disk and compared in tests.

export type CheckMethod = 'GET' | 'HEAD';

export interface Hop {
  url: string;
  /** HEAD when this hop looked like a one-time action and HEAD was allowed; GET checks stay GET until then. */
  method?: CheckMethod;
  /** HTTP status; absent when the request failed before an answer. */
  status?: number;
  /** Time to the response headers (or to the failure), in milliseconds. */
  ms: number;
}

export type ProblemKind =
  | 'tls' // certificate or handshake failure
  | 'timeout' // no answer in time
  | 'dns' // the name does not resolve
  | 'network' // refused, reset, unreachable
  | 'blocked' // a private, loopback or link-local address not in allowedHosts
  | 'one-time' // a redirect to a URL that looks like a one-time action, not followed with GET
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'bad-redirect'; // a 3xx without a usable Location

export interface UrlCheck {
  url: string;
  method: CheckMethod;
  hops: Hop[];
  finalUrl: string;
  /** Status of the last answer. */
  status?: number;
  /** Content-Type of the last answer, without parameters, lower-cased. */
  contentType?: string;
  problem?: { kind: ProblemKind; message: string };
  /** Requests sent, retries included. */
  requests: number;
}

/** Results worth keeping between runs: not the transient ones (timeouts, resets, overloaded servers). */
export function isCacheable(check: UrlCheck): boolean {
  if (check.problem) return check.problem.kind === 'tls' || check.problem.kind === 'redirect-loop' || check.problem.kind === 'too-many-redirects';
  return check.status !== undefined && ![408, 425, 429, 500, 502, 503, 504].includes(check.status);
}
