// Link checks over templates: every web link's URL per test recipient, each distinct URL requested
// once (bounded per host, cached on disk), results turned into linter-style findings per template.
import http from 'node:http';
import https from 'node:https';
import { parseTemplate, type Finding, type LinkKind, type LintOptions, type Recipient } from '@linktrace/core';
import type { LinkCheckCache } from './cache';
import { fetchUrl, type FetchOptions } from './fetch-url';
import { linkFindings, problemOf, type Outcome } from './findings';
import { HostLimiter } from './host-limiter';
import { oneTimeActionReason } from './side-effects';
import { linkTargets, type LinkTargets } from './targets';
import type { CheckMethod, UrlCheck } from './url-check';

export interface TemplateToCheck {
  /** The file path (or editor URI) findings are reported under. */
  id: string;
  text: string;
  /** The file's resolved config: dialect, format and allowedHosts matter here. */
  options: LintOptions;
}

export interface LinkCheckOptions {
  recipients: readonly Recipient[];
  /** Send HEAD to links that must not be requested with GET, instead of leaving them unchecked. */
  allowHead?: boolean;
  timeoutMs?: number;
  maxRedirects?: number;
  /** Requests in flight to one host. */
  perHost?: number;
  /** Requests in flight overall. */
  concurrency?: number;
  retries?: number;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  cache?: LinkCheckCache;
  signal?: AbortSignal;
  /** Called as URLs finish: done and total distinct URLs. */
  onProgress?: (done: number, total: number) => void;
}

export interface LinkCheckStats {
  links: number;
  /** Distinct URLs (by method, URL and allowed hosts). */
  urls: number;
  fromCache: number;
  /** HTTP requests sent, redirects and retries included. */
  requests: number;
  ms: number;
}

/** What was done for one link and one recipient (or for everyone, when the URL is the same for all). */
export interface LinkResult {
  linkId: string;
  kind: LinkKind;
  line: number;
  column: number;
  /** Absent when every recipient gets the same URL. */
  recipientId?: string;
  /** The URL as this recipient gets it, when it could be worked out. */
  url?: string;
  /** The check made (possibly from the cache); absent when the link was not requested. */
  check?: UrlCheck;
  /** Why the link was not requested. */
  notChecked?: string;
  /** The personalized URL is not a URL at all. */
  invalid?: true;
}

export interface LinkCheckReport {
  findings: Map<string, Finding[]>;
  /** Every link's result per recipient, in document order, by template id. */
  results: Map<string, LinkResult[]>;
  stats: LinkCheckStats;
  cancelled: boolean;
}

export const LINK_CHECK_DEFAULTS = { timeoutMs: 10_000, maxRedirects: 10, perHost: 8, concurrency: 32, retries: 2, retryDelayMs: 500, maxRetryDelayMs: 5_000 };
const USER_AGENT = 'linktrace-link-check/0.1 (email link checker; HEAD/GET only, bodies not read)';

export async function checkLinks(templates: readonly TemplateToCheck[], options: LinkCheckOptions): Promise<LinkCheckReport> {
  const started = performance.now();
  const settings = { ...LINK_CHECK_DEFAULTS, ...definedOnly(options) };
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: settings.perHost }), https: new https.Agent({ keepAlive: true, maxSockets: settings.perHost }) };
  const limiter = new HostLimiter(settings.perHost, settings.concurrency);

  const planned = templates.map((template) => {
    const parsed = parseTemplate(template.text, template.options);
    return { template, parsed, entries: linkTargets(parsed, options.recipients, options.allowHead === true) };
  });

  // One request per distinct URL, whichever templates, links and recipients share it.
  const jobs = new Map<string, { url: string; method: CheckMethod; allowedHosts: readonly string[]; result?: Promise<UrlCheck> }>();
  const jobKey = (method: CheckMethod, url: string, allowedHosts: readonly string[]) => `${method} ${url} ${allowedHosts.join(',')}`;
  for (const { template, entries } of planned) {
    const allowedHosts = template.options.allowedHosts ?? [];
    for (const entry of entries) {
      for (const target of entry.targets) {
        if (target.kind !== 'check') continue;
        const key = jobKey(target.method, target.url, allowedHosts);
        if (!jobs.has(key)) jobs.set(key, { url: target.url, method: target.method, allowedHosts });
      }
    }
  }

  let done = 0;
  let fromCache = 0;
  let requests = 0;
  const total = jobs.size;
  options.onProgress?.(0, total);
  for (const job of jobs.values()) {
    job.result = (async () => {
      const scope = job.allowedHosts.join(',');
      const cached = options.cache?.get(job.method, job.url, scope);
      let check: UrlCheck;
      if (cached) {
        fromCache++;
        check = cached;
      } else {
        const fetchOptions: FetchOptions = {
          method: job.method,
          timeoutMs: settings.timeoutMs,
          maxRedirects: settings.maxRedirects,
          retries: settings.retries,
          retryDelayMs: settings.retryDelayMs,
          maxRetryDelayMs: settings.maxRetryDelayMs,
          allowedHosts: job.allowedHosts,
          refuseGet: oneTimeActionReason,
          headWhenRefused: options.allowHead === true,
          limiter,
          agents,
          userAgent: USER_AGENT,
          ...(options.signal ? { signal: options.signal } : {}),
        };
        check = await fetchUrl(job.url, fetchOptions);
        requests += check.requests;
        if (!options.signal?.aborted) options.cache?.set(check, scope);
      }
      done++;
      options.onProgress?.(done, total);
      return check;
    })();
  }

  const findings = new Map<string, Finding[]>();
  const results = new Map<string, LinkResult[]>();
  let links = 0;
  for (const { template, parsed, entries } of planned) {
    const allowedHosts = template.options.allowedHosts ?? [];
    const own: Finding[] = [];
    const rows: LinkResult[] = [];
    for (const entry of entries) {
      links++;
      const outcomes = await outcomesOf(entry, (method, url) => jobs.get(jobKey(method, url, allowedHosts))!.result!, rows);
      own.push(...linkFindings(parsed, entry, outcomes, options.recipients.length));
    }
    findings.set(template.id, own.sort((a, b) => a.start - b.start || (a.ruleId < b.ruleId ? -1 : 1)));
    results.set(template.id, rows);
  }
  agents.http.destroy();
  agents.https.destroy();
  return { findings, results, stats: { links, urls: total, fromCache, requests, ms: Math.round(performance.now() - started) }, cancelled: options.signal?.aborted === true };
}

async function outcomesOf(entry: LinkTargets, resultOf: (method: CheckMethod, url: string) => Promise<UrlCheck>, rows: LinkResult[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const { link } = entry;
  const place = { linkId: link.id, kind: link.kind, line: link.start.line, column: link.start.column };
  for (const target of entry.targets) {
    const recipient = 'recipient' in target ? target.recipient : undefined;
    const who = recipient && !entry.sameForAll ? { recipientId: recipient.id } : {};
    if (target.kind === 'not-checked') {
      outcomes.push({ recipient, problem: { ruleId: 'link-not-checked', severity: 'info', message: `Not checked: ${target.reason}.` } });
      rows.push({ ...place, ...who, ...(target.url ? { url: target.url } : {}), notChecked: target.reason });
    } else if (target.kind === 'invalid') {
      outcomes.push({ recipient, url: target.url, problem: { ruleId: 'link-broken', severity: 'error', message: `"${target.url}" is not a valid URL once personalized.` } });
      rows.push({ ...place, ...who, url: target.url, invalid: true });
    } else {
      const check = await resultOf(target.method, target.url);
      outcomes.push({ recipient, url: target.url, problem: problemOf(link, check) });
      rows.push({ ...place, ...who, url: target.url, check });
    }
  }
  return outcomes;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
