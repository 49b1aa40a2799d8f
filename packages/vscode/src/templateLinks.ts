// Finding a template's links by id or position, and naming tracking types as the editor shows them.
import * as vscode from 'vscode';
import type { Link, Span, Tracking, TrackingType } from '@linktrace/core';
import type { Analysis } from './documents';

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

/** `Tracked · hero`, `Opt-out`, ...: what a CodeLens and the Links view show for a link. */
export function trackingTitle(tracking: Tracking): string {
  const title = TRACKING_TYPE_TITLES[tracking.type];
  return tracking.type === 'tracked' && tracking.label ? `${title} · ${tracking.label}` : title;
}

/** Whether the editor can write a tracking type on the link (an `<a href>`-like tag, not an image or a bare URL). */
export function isTypeable(link: Link): boolean {
  return link.kind === 'link' && link.urlAttribute !== undefined;
}

export function linkById(analysis: Analysis, linkId: string): Link | undefined {
  return analysis.template.links.find((link) => link.id === linkId);
}

/** The link whose start tag (or bare URL) contains the offset. */
export function linkAtOffset(analysis: Analysis, offset: number): Link | undefined {
  return analysis.template.links.find((link) => link.tagSpan.start <= offset && offset <= link.tagSpan.end)
    ?? analysis.template.links.find((link) => link.valueSpan.start <= offset && offset <= link.valueSpan.end);
}

export function toRange(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

/** A link's URL as written, for display: personalization kept, whitespace collapsed. */
export function displayUrl(link: Link): string {
  return link.raw.trim().replace(/\s+/g, ' ');
}
