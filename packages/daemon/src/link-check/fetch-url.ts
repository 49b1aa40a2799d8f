// Checks one URL with node:http/https: redirects followed by hand (each hop timed, each hop's
// address checked, one-time-action hops not requested with GET), bodies not downloaded, polite
// retries for overloaded servers and dropped connections.
import http from 'node:http';
import https from 'node:https';
import { blockedAddressReason, guardedLookup, isAllowedHost } from './address-policy';
import type { HostLimiter } from './host-limiter';
import type { CheckMethod, Hop, ProblemKind, UrlCheck } from './url-check';

export interface FetchOptions {
  method: CheckMethod;
  /** Per request, in milliseconds. */
  timeoutMs: number;
  maxRedirects: number;
  /** Retries after 429/502/503/504 and dropped connections. */
  retries: number;
  /** First retry delay; doubled each time, or the server's Retry-After when it asks for longer (capped). */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  allowedHosts?: readonly string[];
  /** Why a hop must not be requested with GET (a redirect into an unsubscribe page), or undefined. */
  refuseGet?: (url: URL) => string | undefined;
  /** Such a hop is then requested with HEAD instead of ending the check. */
  headWhenRefused?: boolean;
  limiter: HostLimiter;
  agents: { http: http.Agent; https: https.Agent };
  userAgent: string;
  signal?: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const RETRY_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN']);
/** Bodies up to this size are read to keep the connection; larger ones end the connection instead. */
const DRAIN_LIMIT = 64 * 1024;

export async function fetchUrl(start: string, options: FetchOptions): Promise<UrlCheck> {
  const result: UrlCheck = { url: start, method: options.method, hops: [], finalUrl: start, requests: 0 };
  const fail = (kind: ProblemKind, message: string): UrlCheck => ({ ...result, problem: { kind, message } });
  const seen = new Set<string>();
  let method = options.method;
  let current: URL;
  try {
    current = new URL(start);
  } catch {
    return fail('bad-redirect', `"${start}" is not a valid URL`);
  }
  for (let hop = 0; ; hop++) {
    result.finalUrl = current.href;
    if (current.protocol !== 'http:' && current.protocol !== 'https:') return result; // mailto:, app links: nothing to request
    const blocked = literalAddressBlock(current, options.allowedHosts);
    if (blocked) return fail('blocked', blocked);
    if (hop > 0 && method === 'GET') {
      const refused = options.refuseGet?.(current);
      if (refused && !options.headWhenRefused) return fail('one-time', `redirects to ${current.href}, not requested because ${refused}`);
      if (refused) method = 'HEAD';
    }
    seen.add(current.href);
    const answer = await requestWithRetries(current, method, options, result);
    if (!answer.ok) {
      result.hops.push({ url: current.href, method, ms: answer.ms });
      return fail(answer.kind, answer.message);
    }
    const record: Hop = { url: current.href, method, status: answer.status, ms: answer.ms };
    result.hops.push(record);
    result.status = answer.status;
    result.contentType = answer.contentType;
    if (!REDIRECTS.has(answer.status)) return result;
    if (!answer.location) return fail('bad-redirect', `${current.href} answers ${answer.status} without a Location header`);
    let next: URL;
    try {
      next = new URL(answer.location, current);
    } catch {
      return fail('bad-redirect', `${current.href} redirects to an invalid URL "${answer.location}"`);
    }
    if (seen.has(next.href)) return fail('redirect-loop', `redirect loop: ${current.href} goes back to ${next.href}`);
    if (hop + 1 > options.maxRedirects) return fail('too-many-redirects', `more than ${options.maxRedirects} redirects`);
    current = next;
  }
}

type Answer =
  | { ok: true; status: number; location?: string; contentType?: string; retryAfterMs?: number; ms: number }
  | { ok: false; kind: ProblemKind; message: string; code?: string; ms: number };

async function requestWithRetries(url: URL, method: CheckMethod, options: FetchOptions, result: UrlCheck): Promise<Answer> {
  let delay = options.retryDelayMs;
  for (let attempt = 0; ; attempt++) {
    result.requests++;
    const answer = await options.limiter.run(url.host, () => requestOnce(url, method, options));
    const retryable = answer.ok ? RETRY_STATUSES.has(answer.status) : answer.code !== undefined && RETRY_ERRORS.has(answer.code);
    if (!retryable || attempt >= options.retries || options.signal?.aborted) return answer;
    const asked = answer.ok ? answer.retryAfterMs : undefined;
    // A server asking for longer than we are willing to wait gets its answer reported, not hammered.
    if (asked !== undefined && asked > options.maxRetryDelayMs) return answer;
    await sleep(Math.min(Math.max(delay, asked ?? 0), options.maxRetryDelayMs), options.signal);
    delay *= 2;
  }
}

function requestOnce(url: URL, method: CheckMethod, options: FetchOptions): Promise<Answer> {
  // Requests still queued when the run is cancelled are never sent.
  if (options.signal?.aborted) return Promise.resolve({ ok: false, kind: 'timeout', message: 'cancelled', ms: 0 });
  return new Promise((resolve) => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let settled = false;
    const settle = (answer: Answer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(answer);
    };
    const isHttps = url.protocol === 'https:';
    const allowed = isAllowedHost(url.hostname, url.port, options.allowedHosts);
    let request: http.ClientRequest;
    try {
      request = (isHttps ? https : http).request(url, {
        method,
        agent: isHttps ? options.agents.https : options.agents.http,
        headers: { 'user-agent': options.userAgent, accept: '*/*', 'accept-encoding': 'identity' },
        ...(allowed ? {} : { lookup: guardedLookup }),
      });
    } catch (error) {
      // A URL Node refuses to send (characters it will not put on the wire) is a broken link, not a crash.
      resolve({ ok: false, ...classifyError(error as NodeJS.ErrnoException, url), ms: elapsed() });
      return;
    }
    const timer = setTimeout(() => {
      request.destroy();
      settle({ ok: false, kind: 'timeout', message: `no answer within ${formatMs(options.timeoutMs)}`, ms: elapsed() });
    }, options.timeoutMs);
    const onAbort = (): void => {
      request.destroy();
      settle({ ok: false, kind: 'timeout', message: 'cancelled', ms: elapsed() });
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('response', (response) => {
      const length = Number(response.headers['content-length'] ?? NaN);
      // Headers are all a check needs: small bodies are drained so the connection is reused, large ones are not downloaded.
      if (method === 'GET' && !(length <= DRAIN_LIMIT)) response.destroy();
      else response.resume();
      response.on('error', () => {});
      const retryAfter = parseRetryAfter(response.headers['retry-after']);
      settle({
        ok: true,
        status: response.statusCode ?? 0,
        ...(typeof response.headers.location === 'string' ? { location: response.headers.location } : {}),
        ...(response.headers['content-type'] ? { contentType: response.headers['content-type'].split(';')[0]!.trim().toLowerCase() } : {}),
        ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
        ms: elapsed(),
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => settle({ ok: false, ...classifyError(error, url), ms: elapsed() }));
    request.end();
  });
}

const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)|ALTNAME|HOSTNAME|HANDSHAKE|EPROTO/;

function classifyError(error: NodeJS.ErrnoException, url: URL): { kind: ProblemKind; message: string; code?: string } {
  const code = typeof error.code === 'string' ? error.code : '';
  if (error.name === 'BlockedAddressError') return { kind: 'blocked', message: error.message };
  if (TLS_CODE.test(code)) return { kind: 'tls', message: `TLS error on ${url.host}: ${error.message} (${code})`, code };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { kind: 'dns', message: `${url.hostname} does not resolve (${code})`, code };
  return { kind: 'network', message: `${url.host}: ${error.message}${code && !error.message.includes(code) ? ` (${code})` : ''}`, ...(code ? { code } : {}) };
}

/** A host written as an IP address is never looked up, so the connect-time guard cannot see it: check it here. */
function literalAddressBlock(url: URL, allowedHosts: readonly string[] | undefined): string | undefined {
  if (isAllowedHost(url.hostname, url.port, allowedHosts)) return undefined;
  const reason = blockedAddressReason(url.hostname);
  if (reason) return `${url.hostname} is ${reason}; list it in allowedHosts to check it`;
  return undefined;
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}
