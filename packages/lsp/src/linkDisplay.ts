// How links are named to the user (CodeLens titles, hovers, code action titles): the same words as
// the VS Code extension's Links view.
import type { Link, Tracking, TrackingType } from '@linktrace/core';

export const TRACKING_TYPE_TITLES: Record<TrackingType, string> = {
  tracked: 'Tracked',
  'opt-out': 'Opt-out',
  'mirror-page': 'Mirror page',
  never: 'Never',
};

export const TRACKING_SOURCE_NOTES: Record<string, string> = {
  attribute: 'set by an attribute',
  alias: 'set by a platform attribute',
  'no-track-marker': 'a no-track marker',
  builtin: 'a platform built-in URL',
  default: 'the default for http(s) links',
  untrackable: 'not trackable',
};

/** `Tracked · hero`, `Opt-out`, ... */
export function trackingTitle(tracking: Tracking): string {
  const title = TRACKING_TYPE_TITLES[tracking.type];
  return tracking.type === 'tracked' && tracking.label ? `${title} · ${tracking.label}` : title;
}

/** Whether a tracking type can be written on the link (an `<a href>`-like tag, not an image or a bare URL). */
export function isTypeable(link: Link): boolean {
  return link.kind === 'link' && link.urlAttribute !== undefined;
}

/** The link whose start tag (or bare URL) contains the offset. */
export function linkAtOffset(links: readonly Link[], offset: number): Link | undefined {
  return links.find((link) => link.tagSpan.start <= offset && offset <= link.tagSpan.end)
    ?? links.find((link) => link.valueSpan.start <= offset && offset <= link.valueSpan.end);
}

/** A link's URL as written, for display: personalization kept, whitespace collapsed. */
export function displayUrl(link: Link): string {
  return link.raw.trim().replace(/\s+/g, ' ');
}

const MAX_URL_HINT = 40;

export function shortUrl(link: Link): string {
  const bare = displayUrl(link).replace(/^https?:\/\//i, '');
  return bare.length > MAX_URL_HINT ? `${bare.slice(0, MAX_URL_HINT - 1)}…` : bare;
}
