// The heavy half of preparing a delivery, as a pure function of the request so it can run off the
// event loop (see heavy-work.ts): parse the template, list its trackable links and find what
// personalization cannot fill in, within the limits of delivery-limits.ts.
import {
  detectDialect,
  tokenizePersonalization,
  type DeliveryLinkRecord,
  type Dialect,
  type MessageSettings,
  type Recipient,
  type Segment,
  type Template,
  type UnresolvedExpression,
} from '@linktrace/core';
import { analyzeSegments, checkDeliverySize, checkLinkCount } from './delivery-limits';
import { parseDeliveryTemplate } from './render';

export interface TemplateAnalysisRequest {
  text: string;
  dialect: string;
  settings: Partial<MessageSettings>;
  recipients: Recipient[];
}

export interface TemplateAnalysis {
  dialect: Dialect;
  settings: { opens: boolean; clicks: boolean };
  /** The link table without ids: ids are drawn where the delivery is stored. */
  links: Omit<DeliveryLinkRecord, 'linkId'>[];
  unresolved: UnresolvedExpression[];
}

export async function analyzeTemplate(request: TemplateAnalysisRequest): Promise<TemplateAnalysis> {
  const { text, dialect, settings, recipients } = request;
  // Counted before the (much slower) parse, so an oversized request is refused cheaply.
  const roughDialect = dialect === 'auto' ? detectDialect(text) : (dialect as Dialect);
  checkDeliverySize(tokenizePersonalization(text, roughDialect).length, recipients.length);
  // Parse once with the requested options to fix dialect and settings; later renders reparse
  // with exactly these, so link ids ('L1', ...) always match the stored link table.
  const template = parseDeliveryTemplate(text, dialect, settings);
  const links = linkRows(template);
  checkLinkCount(links.length);
  return {
    dialect: template.dialect,
    settings: { opens: template.settings.opens, clicks: template.settings.clicks },
    links,
    unresolved: await unresolvedExpressions(template, recipients),
  };
}

/** Links and bare URLs (not images). */
function linkRows(template: Template): Omit<DeliveryLinkRecord, 'linkId'>[] {
  return template.links
    .filter((link) => link.kind === 'link' || link.kind === 'text-url')
    .map((link) => ({
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
  const unresolved = await analyzeSegments(segments, recipients, Buffer.byteLength(template.text), replaced.length === 0 ? undefined : inReplacedLink);
  return [...unresolved.entries()]
    .sort(([a], [b]) => a.start - b.start)
    .map(([segment, recipientIds]) => ({
      text: template.text.slice(segment.start, segment.end),
      line: template.positionAt(segment.start).line,
      recipientIds,
    }));
}
