// The client side of the daemon's token-protected JSON API over node:http, shared by the CLI and
// the VS Code extension so both speak to the daemon the same way.
import http from 'node:http';
import { isLoopbackDaemonUrl } from './daemon-info';
import { DaemonNotRunningError } from './errors';

/** Where a running daemon answers, and the token from its daemon.json. */
export interface DaemonEndpoint {
  url: string;
  token: string;
}

/** The daemon answered with an error status; the message carries the daemon's own reason. */
export class DaemonApiError extends Error {
  override readonly name = 'DaemonApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface DaemonResponse {
  status: number;
  body: string;
}

/** One request to the daemon with its Bearer token; resolves with whatever status it answers. */
export function requestDaemon(endpoint: DaemonEndpoint, method: string, pathAndQuery: string, body?: unknown, timeoutMs = 30_000): Promise<DaemonResponse> {
  // The token, templates and recipients go to a loopback daemon only, whatever a file said.
  if (!isLoopbackDaemonUrl(endpoint.url)) return Promise.reject(new DaemonNotRunningError(`no daemon running: ${JSON.stringify(endpoint.url)} is not a loopback daemon address`));
  const target = new URL(pathAndQuery, endpoint.url);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const request = http.request(
      target,
      {
        method,
        headers: {
          authorization: `Bearer ${endpoint.token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`the daemon did not answer ${method} ${target.pathname} within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}

/** Calls the JSON API and parses the answer; rejects with DaemonApiError on a non-2xx status. */
export async function callDaemonApi<T>(endpoint: DaemonEndpoint, method: string, pathAndQuery: string, body?: unknown, timeoutMs?: number): Promise<T> {
  const response = await requestDaemon(endpoint, method, pathAndQuery, body, timeoutMs);
  let parsed: unknown = undefined;
  if (response.body !== '') {
    try {
      parsed = JSON.parse(response.body);
    } catch {
      parsed = response.body;
    }
  }
  if (response.status < 200 || response.status >= 300) {
    const detail =
      parsed && typeof parsed === 'object' && 'error' in parsed
        ? String((parsed as { error: unknown }).error)
        : typeof parsed === 'string' && parsed
          ? parsed
          : `HTTP ${response.status}`;
    throw new DaemonApiError(response.status, `${method} ${pathAndQuery}: ${detail}`);
  }
  return parsed as T;
}
