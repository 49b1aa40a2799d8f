// Links to hosts recipients can never reach (loopback, private networks, local-only names), that
// are meant for testing (staging, dev, preview), or that are placeholders reserved for examples
// (example.com): usually a leftover from building the email or from the template it started as.
import type { Link, Rule } from '../types';

/** Top-level names that never resolve on the public internet (RFC 2606, RFC 6761, RFC 6762, RFC 8375). */
const LOCAL_SUFFIXES = ['localhost', 'local', 'test', 'invalid', 'internal', 'lan', 'home.arpa', 'localdomain'];

/**
 * Domains reserved for documentation by RFC 2606 (§2 the `.example` top-level name, §3 these three
 * second-level names), with their subdomains. `test.com`, `domain.com` or `yoursite.com` look like
 * placeholders but are registered, real sites: not listed, since a false finding costs more.
 */
const PLACEHOLDER_DOMAINS = ['example.com', 'example.net', 'example.org'];

/** Host labels (or hyphen-separated words of a label) that name a non-production environment. */
const ENVIRONMENT_WORDS = new Set(['staging', 'stage', 'stg', 'dev', 'develop', 'development', 'preview', 'preprod', 'uat', 'qa', 'sandbox', 'test', 'testing']);

const rule: Rule = {
  id: 'url-nonproduction-host',
  defaultSeverity: 'warning',
  description: 'Links to localhost, private IP ranges, local-only domains (.local, .test), placeholder domains (example.com, .example) or staging/dev/preview hosts that recipients cannot or should not reach',
  check(context) {
    const configured: unknown = context.options.allowedHosts;
    const allowed = (Array.isArray(configured) ? configured : [])
      .filter((pattern): pattern is string => typeof pattern === 'string')
      .map((pattern) => pattern.trim().toLowerCase())
      .filter(Boolean);
    for (const link of context.template.links) {
      const span = link.url.spans.host;
      if (!span || link.url.host === '' || hasPersonalizationIn(link, span.start, span.end)) continue;
      const { name, withPort } = hostName(link.url.host);
      if (name === '' || allowed.some((pattern) => matchesHost(pattern, name, withPort))) continue;
      const reason = reasonFor(name);
      if (!reason) continue;
      context.report({
        span,
        linkId: link.id,
        message: `"${link.url.host}" is ${reason}: recipients cannot use this link. Point it at the production host, or list the host in allowedHosts if it is meant to be there.`,
      });
    }
  },
};
export default rule;

function hasPersonalizationIn(link: Link, start: number, end: number): boolean {
  return link.segments.some((segment) => segment.start < end && start < segment.end);
}

/** The host without port, brackets or a trailing dot, lower-cased; and with its port, for allowedHosts. */
function hostName(host: string): { name: string; withPort: string } {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) {
    const close = lower.indexOf(']');
    const name = close === -1 ? lower.slice(1) : lower.slice(1, close);
    return { name, withPort: lower };
  }
  const colon = lower.indexOf(':');
  const name = (colon === -1 ? lower : lower.slice(0, colon)).replace(/\.$/, '');
  return { name, withPort: lower };
}

/** `example.com` matches itself; `*.example.com` matches its subdomains; a pattern with a port matches that port only. */
function matchesHost(pattern: string, name: string, withPort: string): boolean {
  if (pattern.startsWith('*.')) {
    const suffix = pattern.slice(1);
    return name.endsWith(suffix) || withPort.endsWith(suffix);
  }
  return pattern === name || pattern === withPort;
}

/**
 * nonProductionReason, remembered by host name: a template links to a few hosts many times over.
 * Bounded, so a template with a million distinct hosts does not keep them all.
 */
const reasons = new Map<string, string | undefined>();
const MAX_REMEMBERED_HOSTS = 1000;

function reasonFor(name: string): string | undefined {
  if (reasons.has(name)) return reasons.get(name);
  if (reasons.size >= MAX_REMEMBERED_HOSTS) reasons.clear();
  const reason = nonProductionReason(name);
  reasons.set(name, reason);
  return reason;
}

/** Why a host is not a production host, or undefined when it looks like one. */
function nonProductionReason(name: string): string | undefined {
  if (name === 'localhost' || name === '0.0.0.0') return 'the local machine';
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  if (ipv4) return ipv4Reason(ipv4.slice(1).map(Number));
  if (name.includes(':')) return ipv6Reason(name);
  const labels = name.split('.');
  for (const suffix of LOCAL_SUFFIXES) {
    if (name.endsWith(`.${suffix}`)) return `a local-only name (.${suffix} never resolves on the internet)`;
  }
  // Only subdomain labels count: `dev.to` and `stage.com` are real sites, `dev.shop.com` is not.
  const subdomains = labels.slice(0, -2);
  for (const label of subdomains) {
    const word = label.split('-').find((part) => ENVIRONMENT_WORDS.has(part));
    if (word) return `a ${word} host`;
  }
  const site = labels[labels.length - 2];
  if (site && site.includes('-')) {
    const word = site.split('-').find((part) => part === 'staging' || part === 'preprod');
    if (word) return `a ${word} host`;
  }
  if (isPlaceholder(name)) return 'a placeholder domain reserved for examples (RFC 2606), not a real site';
  return undefined;
}

function isPlaceholder(name: string): boolean {
  if (name === 'example' || name.endsWith('.example')) return true;
  return PLACEHOLDER_DOMAINS.some((domain) => name === domain || name.endsWith(`.${domain}`));
}

function ipv4Reason([a, b]: number[]): string | undefined {
  if (a === 127) return 'the local machine (loopback address)';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return 'a private network address';
  if (a === 169 && b === 254) return 'a link-local address';
  if (a === 0) return 'an unroutable address';
  return undefined;
}

function ipv6Reason(name: string): string | undefined {
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return 'the local machine (loopback address)';
  if (/^f[cd][0-9a-f]{0,2}:/.test(name)) return 'a private network address';
  if (/^fe[89ab][0-9a-f]?:/.test(name)) return 'a link-local address';
  if (name === '::') return 'an unroutable address';
  return undefined;
}
