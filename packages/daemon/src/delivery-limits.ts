// What one prepare request may cost. The body limit alone does not bound the work: a template's
// personalization segments are looked up for every recipient, and each looked-up value can be as
// long as the body, so a 2 MB request could ask for hours of CPU and gigabytes of pages. These
// limits keep prepare and every recipient's page small, and the analysis yields to the event loop
// so /healthz and clicks keep being answered while it runs.
import type { Recipient, Segment } from '@linktrace/core';
import { RequestError } from './errors';
import { escapeHtml } from './pages';
import { resolveExpression } from './personalize';

export const MAX_RECIPIENTS = 1000;
/** Links registered per delivery: each gets an id, a stored row and a row in every answer. */
export const MAX_LINKS = 2000;
export const MAX_SEGMENTS = 5000;
/** Segment lookups one prepare may do (segments x recipients). */
export const MAX_LOOKUPS = 100_000;
/** Largest copy of the email one recipient may get. */
export const MAX_RENDERED_BYTES = 8 * 1024 * 1024;
/** The analysis gives the event loop back at least this often. */
const SLICE_MS = 10;

export function checkDeliverySize(segments: number, recipients: number): void {
  if (recipients > MAX_RECIPIENTS) throw new RequestError(422, `${recipients} recipients; a test delivery takes at most ${MAX_RECIPIENTS}`);
  if (segments > MAX_SEGMENTS) throw new RequestError(422, `the template has ${segments} personalization segments; at most ${MAX_SEGMENTS} are supported`);
  if (segments * recipients > MAX_LOOKUPS) {
    throw new RequestError(
      422,
      `${segments} personalization segments for ${recipients} recipients is ${segments * recipients} lookups; at most ${MAX_LOOKUPS}: send to fewer recipients`,
    );
  }
}

/** encodeURIComponent, refusing here (422) what would fail every page and click of the recipient. */
function encodeForUrl(value: string, recipient: Recipient): string {
  try {
    return encodeURIComponent(value);
  } catch {
    throw new RequestError(422, `recipient ${JSON.stringify(recipient.id)} has a field value that is not valid Unicode (a lone surrogate) where escapeUrl() must encode it`);
  }
}

export function checkLinkCount(links: number): void {
  if (links > MAX_LINKS) throw new RequestError(422, `the template has ${links} links; a test delivery registers at most ${MAX_LINKS}`);
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * For each segment, the recipients it stays unresolved for; and a 422 when a recipient's copy
 * would exceed MAX_RENDERED_BYTES. Work is linear in segments x recipients and done in slices.
 */
export async function analyzeSegments(
  segments: readonly Segment[],
  recipients: readonly Recipient[],
  templateBytes: number,
  skip?: (segment: Segment) => boolean,
): Promise<Map<Segment, string[]>> {
  const unresolved = new Map<Segment, string[]>();
  let sliceStart = Date.now();
  for (const recipient of recipients) {
    let size = templateBytes;
    // As personalize() walks them: a segment inside one already filled in is not looked at.
    let at = 0;
    for (const segment of segments) {
      if (segment.start < at || skip?.(segment)) continue;
      const lookup = segment.closed && (segment.kind === 'output' || segment.kind === 'raw-output') ? resolveExpression(segment, recipient) : undefined;
      if (lookup === undefined) {
        const ids = unresolved.get(segment);
        if (ids) ids.push(recipient.id);
        else unresolved.set(segment, [recipient.id]);
      } else {
        // As personalize() inserts it into the page: encoded when asked, then HTML-escaped.
        const inserted = escapeHtml(lookup.urlEncode ? encodeForUrl(lookup.value, recipient) : lookup.value);
        size += Buffer.byteLength(inserted) - (segment.end - segment.start);
        at = segment.end;
      }
    }
    if (size > MAX_RENDERED_BYTES) {
      throw new RequestError(422, `the copy for recipient ${JSON.stringify(recipient.id)} would be ${size} bytes; at most ${MAX_RENDERED_BYTES}`);
    }
    if (Date.now() - sliceStart >= SLICE_MS) {
      await yieldToLoop();
      sliceStart = Date.now();
    }
  }
  return unresolved;
}
