// Turns what was found for each recipient's URL into findings shaped like the linter's, one per
// link and distinct problem, naming the recipients it concerns when the URL is personalized.
import { STATUS_CODES } from 'node:http';
import { isSuppressed, type Finding, type Link, type Recipient, type Severity, type Template } from '@linktrace/core';
import { formatMs } from './fetch-url';
import type { LinkTargets } from './targets';
import type { UrlCheck } from './url-check';

/** The rule ids of link checks, for formatters that describe rules (SARIF) and for docs. */
export const LINK_CHECK_RULES: readonly { id: string; defaultSeverity: Severity; description: string }[] = [
  { id: 'link-broken', defaultSeverity: 'error', description: 'A link answers 4xx/5xx, does not resolve, refuses the connection or loops through redirects.' },
  { id: 'link-tls', defaultSeverity: 'error', description: 'A link\'s HTTPS certificate or handshake fails (self-signed, expired, wrong host).' },
  { id: 'link-timeout', defaultSeverity: 'warning', description: 'A link does not answer within the timeout.' },
  { id: 'link-redirect-chain', defaultSeverity: 'warning', description: 'A link goes through two or more redirects (or one permanent one) before its page.' },
  { id: 'image-not-image', defaultSeverity: 'error', description: 'An image URL answers with something other than an image (an HTML error or login page).' },
  { id: 'link-not-checked', defaultSeverity: 'info', description: 'A link that was deliberately not requested, and why (opt-out, one-time action, private address, unresolved personalization).' },
];

interface Problem {
  ruleId: string;
  severity: Severity;
  message: string;
}

/** What one target amounted to: a problem, or nothing to report. */
export function problemOf(link: Link, check: UrlCheck): Problem | undefined {
  const chain = describeChain(check);
  if (check.problem) {
    switch (check.problem.kind) {
      case 'tls':
        return { ruleId: 'link-tls', severity: 'error', message: `${check.problem.message}${chain ? `, after ${chain}` : ''}. Recipients' browsers will refuse it too.` };
      case 'timeout':
        return { ruleId: 'link-timeout', severity: 'warning', message: `${check.finalUrl}: ${check.problem.message}${chain ? ` (after ${chain})` : ''}.` };
      case 'blocked':
      case 'one-time':
        return { ruleId: 'link-not-checked', severity: 'info', message: `Not checked: ${check.problem.message}.` };
      default:
        return { ruleId: 'link-broken', severity: 'error', message: `${check.url}: ${check.problem.message}${chain ? ` (${chain})` : ''}.` };
    }
  }
  const status = check.status ?? 0;
  const lastMethod = check.hops[check.hops.length - 1]?.method ?? check.method;
  if (lastMethod === 'HEAD' && (status === 405 || status === 501)) {
    return { ruleId: 'link-not-checked', severity: 'info', message: `Not checked: ${check.finalUrl} does not answer HEAD requests (${status}), and a GET could trigger its action.` };
  }
  if (status >= 400) {
    return { ruleId: 'link-broken', severity: 'error', message: `${check.finalUrl} answers ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd() + `${chain ? ` (${chain})` : ''}.` };
  }
  if (link.kind === 'image' && status >= 200 && status < 300 && lastMethod === 'GET' && !isImageType(check.contentType)) {
    return { ruleId: 'image-not-image', severity: 'error', message: `This image URL answers ${check.contentType ? `"${check.contentType}"` : 'without a Content-Type'}, not an image${chain ? ` (${chain})` : ''}: recipients see a broken image.` };
  }
  const redirects = check.hops.length - 1;
  if (redirects >= 2) {
    return { ruleId: 'link-redirect-chain', severity: 'warning', message: `${redirects} redirects before the page: ${chain}. Each hop costs recipients time and can break; link to ${check.finalUrl} directly.` };
  }
  if (redirects === 1 && (check.hops[0]!.status === 301 || check.hops[0]!.status === 308)) {
    return { ruleId: 'link-redirect-chain', severity: 'info', message: `Moved permanently: ${chain}. Link to ${check.finalUrl} directly.` };
  }
  return undefined;
}

function isImageType(contentType: string | undefined): boolean {
  return contentType !== undefined && (contentType.startsWith('image/') || contentType === 'application/octet-stream');
}

/** `a (301, 12 ms) → b (200, 3 ms)`, or '' for a single request. */
export function describeChain(check: UrlCheck): string {
  if (check.hops.length < 2) return '';
  return check.hops.map((hop) => `${hop.url} (${hop.method === 'HEAD' && check.method === 'GET' ? 'HEAD ' : ''}${hop.status ?? 'no answer'}, ${formatMs(hop.ms)})`).join(' → ');
}

/** `url`: the URL this recipient gets, so recipients failing the same way can share one finding. */
export type Outcome = { recipient?: Recipient; url?: string; problem?: Problem };

const URL_MARK = '\u0000url\u0000';

/** Groups the outcomes of one link by problem and places each group on the link's URL. */
export function linkFindings(template: Template, entry: LinkTargets, outcomes: readonly Outcome[], recipientCount: number): Finding[] {
  // Recipients whose URLs differ only where their data goes fail "the same way": one finding.
  const groups = new Map<string, { problem: Problem; members: Outcome[] }>();
  for (const outcome of outcomes) {
    if (!outcome.problem) continue;
    const shape = outcome.url ? outcome.problem.message.split(outcome.url).join(URL_MARK) : outcome.problem.message;
    const key = `${outcome.problem.ruleId}\u0000${shape}`;
    const group = groups.get(key) ?? { problem: outcome.problem, members: [] };
    group.members.push(outcome);
    groups.set(key, group);
  }
  const { link } = entry;
  const start = template.positionAt(link.valueSpan.start);
  const end = template.positionAt(link.valueSpan.end);
  // `<!-- linktrace-disable-next-line link-broken -->` silences a link check like a lint rule.
  const shown = [...groups.values()].filter(({ problem }) => !isSuppressed(template.pragmas, problem.ruleId, link.valueSpan.start, start.line));
  return shown.map(({ problem, members }) => ({
    ruleId: problem.ruleId,
    severity: problem.severity,
    message: groupMessage(entry.sameForAll, problem, members, recipientCount),
    start: link.valueSpan.start,
    end: link.valueSpan.end,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    linkId: link.id,
  }));
}

function groupMessage(sameForAll: boolean, problem: Problem, members: readonly Outcome[], recipientCount: number): string {
  const recipients = members.flatMap((member) => (member.recipient ? [member.recipient] : []));
  if (sameForAll || recipients.length === 0) return problem.message;
  const who = recipients.length === recipientCount && recipientCount > 1 ? 'For every recipient' : `For ${recipients.map(describeRecipient).join(', ')}`;
  const urls = [...new Set(members.map((member) => member.url).filter((url): url is string => url !== undefined))];
  if (urls.length <= 1) return `${who}: ${problem.message}`;
  const first = members[0]!;
  const general = first.url ? problem.message.split(first.url).join('their URL') : problem.message;
  return `${who}: ${general.replace(/\.$/, '')} (${members.map((member) => `${member.recipient?.id ?? '?'}: ${member.url ?? '-'}`).join(', ')}).`;
}

function describeRecipient(recipient: Recipient): string {
  return recipient.email ? `${recipient.id} (${recipient.email})` : recipient.id;
}
