// Preparing a test delivery: snapshot the template, register its link table under random,
// unguessable ids, fix its message-level settings and recipients, and report what
// personalization cannot fill in. The HTTP API and the WebSocket both call prepareDelivery.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  checkPrepareRequest,
  MAX_PREPARE_BYTES,
  tokenizePersonalization,
  type Delivery,
  type DeliveryLinkRecord,
  type DeliverySummary,
  type PrepareRequest,
  type PrepareResult,
  type Recipient,
  type Segment,
  type Template,
  type UnresolvedExpression,
} from '@linktrace/core';
import { RequestError } from './errors';
import { analyzeSegments, checkDeliverySize, MAX_RECIPIENTS } from './delivery-limits';
import { normalizeRecipients } from './recipients';
import { parseDeliveryTemplate } from './render';
import type { Storage } from './storage/types';
import { emailUrl, mirrorUrl, optOutUrl } from './urls';

/**
 * 16 random bytes, base64url: unguessable, and only characters ID_PATTERN allows. Never starting
 * with '-' (or '_'), so an id pasted after `--delivery` is not read as an option.
 */
export function newId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

export interface PrepareContext {
  storage: Storage;
  /** The daemon's base URL, e.g. http://127.0.0.1:4178. */
  baseUrl: string;
  /** Recipients used when a request brings none. */
  defaultRecipients(): Promise<Recipient[]>;
}

export async function prepareDelivery(context: PrepareContext, request: unknown): Promise<PrepareResult> {
  const problem = checkPrepareRequest(request);
  if (problem) throw new RequestError(400, problem);
  const { template: text, name, sourcePath, dialect, settings, recipients: given } = request as PrepareRequest;
  if (text.length > MAX_PREPARE_BYTES) throw new RequestError(413, `template larger than ${MAX_PREPARE_BYTES} bytes`);

  if (given && given.length > MAX_RECIPIENTS) throw new RequestError(422, `${given.length} recipients; a test delivery takes at most ${MAX_RECIPIENTS}`);
  const recipients = given ? normalizeRecipients(given) : normalizeRecipients(await context.defaultRecipients());
  // Parse once with the requested options to fix dialect and settings; later renders reparse
  // with exactly these, so link ids ('L1', ...) always match the stored link table.
  const first = parseDeliveryTemplate(text, dialect ?? 'auto', settings ?? {});
  const delivery: Delivery = {
    id: newId(),
    createdAt: new Date().toISOString(),
    name: name?.trim() || (sourcePath ? path.basename(sourcePath) : 'template'),
    ...(sourcePath ? { sourcePath } : {}),
    template: text,
    dialect: first.dialect,
    settings: { opens: first.settings.opens, clicks: first.settings.clicks },
    links: linkTable(first),
    recipients,
  };
  // Checked before anything is stored: a delivery over the limits never exists.
  const unresolved = await unresolvedExpressions(first, recipients);
  await context.storage.saveDelivery(delivery);
  return { delivery: summarizeDelivery(delivery, context.baseUrl), unresolved };
}

/** Links and bare URLs (not images), each under a fresh random id. */
function linkTable(template: Template): DeliveryLinkRecord[] {
  return template.links
    .filter((link) => link.kind === 'link' || link.kind === 'text-url')
    .map((link) => ({
      linkId: newId(),
      sourceId: link.id,
      url: link.raw,
      type: link.tracking.type,
      ...(link.tracking.label !== undefined ? { label: link.tracking.label } : {}),
      line: link.start.line,
    }));
}

/**
 * Expressions left as written for at least one recipient. Segments inside opt-out and mirror
 * links are not counted: those URLs are replaced by the daemon's pages.
 */
async function unresolvedExpressions(template: Template, recipients: readonly Recipient[]): Promise<UnresolvedExpression[]> {
  const replaced = template.links
    .filter((link) => link.tracking.type === 'opt-out' || link.tracking.type === 'mirror-page')
    .map((link) => link.valueSpan);
  const inReplacedLink = (segment: Segment) => replaced.some((span) => span.start <= segment.start && segment.end <= span.end);
  const segments = tokenizePersonalization(template.text, template.dialect);
  checkDeliverySize(segments.length, recipients.length);
  const skip = replaced.length === 0 ? undefined : inReplacedLink;
  const unresolved = await analyzeSegments(segments, recipients, Buffer.byteLength(template.text), skip);
  return [...unresolved.entries()]
    .sort(([a], [b]) => a.start - b.start)
    .map(([segment, recipientIds]) => ({
      text: template.text.slice(segment.start, segment.end),
      line: template.positionAt(segment.start).line,
      recipientIds,
    }));
}

export function summarizeDelivery(delivery: Delivery, baseUrl: string): DeliverySummary {
  return {
    id: delivery.id,
    createdAt: delivery.createdAt,
    name: delivery.name,
    ...(delivery.sourcePath !== undefined ? { sourcePath: delivery.sourcePath } : {}),
    dialect: delivery.dialect,
    settings: { ...delivery.settings },
    links: delivery.links.map((link) => ({ ...link })),
    recipients: delivery.recipients.map((recipient) => ({
      id: recipient.id,
      email: recipient.email,
      optedOut: recipient.optedOut === true,
      emailUrl: emailUrl(baseUrl, delivery.id, recipient.id),
      mirrorUrl: mirrorUrl(baseUrl, delivery.id, recipient.id),
      optOutUrl: optOutUrl(baseUrl, delivery.id, recipient.id),
    })),
  };
}
