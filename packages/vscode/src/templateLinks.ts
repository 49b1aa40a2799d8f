// Naming tracking types and links as the editor shows them (Links view, quick picks).
import type { TrackingType } from '@linktrace/core';
import type { TemplateLink } from '@linktrace/lsp/src/protocol';

export const TRACKING_TYPE_TITLES: Record<TrackingType, string> = {
  tracked: 'Tracked',
  'opt-out': 'Opt-out',
  'mirror-page': 'Mirror page',
  never: 'Never',
};

export const TRACKING_TYPE_DESCRIPTIONS: Record<TrackingType, string> = {
  tracked: 'Clicks are recorded through a redirect',
  'opt-out': 'The unsubscribe link: clicking it opts the recipient out',
  'mirror-page': 'The "view in browser" link to the online copy of the message',
  never: 'Left as written: no redirect, no click recorded',
};

/** A link's URL as written, for display: personalization kept, whitespace collapsed. */
export function displayUrl(link: Pick<TemplateLink, 'raw'>): string {
  return link.raw.trim().replace(/\s+/g, ' ');
}
