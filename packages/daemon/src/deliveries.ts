// Preparing a test delivery: snapshot the template, register its link table under random,
// unguessable ids, fix its message-level settings and recipients, and report what
// personalization cannot fill in. The HTTP API and the WebSocket both call prepareDelivery.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  checkPrepareRequest,
  MAX_PREPARE_BYTES,
  type Delivery,
  type DeliverySummary,
  type PrepareRequest,
  type PrepareResult,
  type Recipient,
} from '@linktrace/core';
import { RequestError } from './errors';
import { MAX_RECIPIENTS } from './delivery-limits';
import { normalizeRecipients } from './recipients';
import { analyzeTemplate, type TemplateAnalysis, type TemplateAnalysisRequest } from './template-analysis';
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
  /** analyzeTemplate wherever the daemon runs heavy work; on this thread when not given. */
  analyze?(request: TemplateAnalysisRequest): Promise<TemplateAnalysis>;
}

export async function prepareDelivery(context: PrepareContext, request: unknown): Promise<PrepareResult> {
  // Counted before each recipient is validated: 25,000 of them are refused without looking at one.
  const listed = (request as { recipients?: unknown } | null)?.recipients;
  if (Array.isArray(listed) && listed.length > MAX_RECIPIENTS) throw new RequestError(422, `${listed.length} recipients; a test delivery takes at most ${MAX_RECIPIENTS}`);
  const problem = checkPrepareRequest(request);
  if (problem) throw new RequestError(400, problem);
  const { template: text, name, sourcePath, dialect, settings, recipients: given } = request as PrepareRequest;
  if (text.length > MAX_PREPARE_BYTES) throw new RequestError(413, `template larger than ${MAX_PREPARE_BYTES} bytes`);

  const recipients = given ? normalizeRecipients(given) : normalizeRecipients(await context.defaultRecipients());
  const analysis = await (context.analyze ?? analyzeTemplate)({ text, dialect: dialect ?? 'auto', settings: settings ?? {}, recipients });
  const delivery: Delivery = {
    id: newId(),
    createdAt: new Date().toISOString(),
    name: name?.trim() || (sourcePath ? path.basename(sourcePath) : 'template'),
    ...(sourcePath ? { sourcePath } : {}),
    template: text,
    dialect: analysis.dialect,
    settings: analysis.settings,
    // Each link under a fresh random id.
    links: analysis.links.map((link) => ({ linkId: newId(), ...link })),
    recipients,
  };
  await context.storage.saveDelivery(delivery);
  return { delivery: summarizeDelivery(delivery, context.baseUrl), unresolved: analysis.unresolved };
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
