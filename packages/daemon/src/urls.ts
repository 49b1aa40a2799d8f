// The daemon's tracked addresses. Every one is built from the daemon's own base URL and ids
// only; parsing accepts exactly these shapes, each id checked against ID_PATTERN before any lookup.
import { isId } from '@linktrace/core';

export const ROUTE = {
  email: 'e',
  mirror: 'm',
  optOut: 'u',
  pixel: 'o',
  click: 'c',
} as const;

export type TrackedRoute = (typeof ROUTE)[keyof typeof ROUTE];

export function emailUrl(base: string, deliveryId: string, recipientId: string): string {
  return `${base}/${ROUTE.email}/${deliveryId}/${recipientId}`;
}
export function mirrorUrl(base: string, deliveryId: string, recipientId: string): string {
  return `${base}/${ROUTE.mirror}/${deliveryId}/${recipientId}`;
}
export function optOutUrl(base: string, deliveryId: string, recipientId: string): string {
  return `${base}/${ROUTE.optOut}/${deliveryId}/${recipientId}`;
}
export function pixelUrl(base: string, deliveryId: string, recipientId: string): string {
  return `${base}/${ROUTE.pixel}/${deliveryId}/${recipientId}`;
}
export function clickUrl(base: string, deliveryId: string, recipientId: string, linkId: string): string {
  return `${base}/${ROUTE.click}/${deliveryId}/${recipientId}/${linkId}`;
}

export interface TrackedPath {
  route: TrackedRoute;
  deliveryId: string;
  recipientId: string;
  linkId?: string;
}

/**
 * Reads a tracked path (`/c/D/R/L`, `/e/D/R`, ...). The path is taken as sent, not
 * percent-decoded, so an encoded slash or dot can never match an id.
 */
export function parseTrackedPath(pathname: string): TrackedPath | undefined {
  const parts = pathname.split('/');
  if (parts[0] !== '') return undefined;
  const [, route, deliveryId, recipientId, linkId] = parts;
  const expected = route === ROUTE.click ? 5 : 4;
  if (parts.length !== expected || !isId(deliveryId) || !isId(recipientId)) return undefined;
  if (route === ROUTE.click) return isId(linkId) ? { route, deliveryId, recipientId, linkId } : undefined;
  if (route === ROUTE.email || route === ROUTE.mirror || route === ROUTE.optOut || route === ROUTE.pixel) return { route, deliveryId, recipientId };
  return undefined;
}
