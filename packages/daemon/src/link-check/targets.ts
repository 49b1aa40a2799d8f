// The URLs a template's links really send each test recipient to: personalization filled in by the
// daemon's own data lookup (nothing evaluated), and for each one whether it may be requested and how.
import type { Link, Recipient, Template } from '@linktrace/core';
import { personalize } from '../personalize';
import { linkSideEffectReason, oneTimeActionReason } from './side-effects';
import type { CheckMethod } from './url-check';

export type Target =
  | { kind: 'check'; recipient: Recipient; url: string; method: CheckMethod }
  | { kind: 'not-checked'; recipient?: Recipient; url?: string; reason: string }
  | { kind: 'invalid'; recipient: Recipient; url: string };

export interface LinkTargets {
  link: Link;
  /** Whether every recipient gets the same URL (the link has no personalization). */
  sameForAll: boolean;
  targets: Target[];
}

/** Links worth checking: web links and images. mailto:, tel:, anchors and relative paths are not fetched. */
export function isWebLink(link: Link): boolean {
  const raw = link.raw.trim();
  if (raw === '' || raw.startsWith('#')) return false;
  if (link.url.scheme === 'http' || link.url.scheme === 'https') return true;
  // Scheme from personalization (`{{ url }}`): known only once resolved.
  return link.url.scheme === '' && link.segments.length > 0 && link.segments[0]!.start <= link.valueSpan.start + (link.raw.length - link.raw.trimStart().length);
}

const ANYONE: Recipient = { id: 'anyone', email: '', fields: {} };

export function linkTargets(template: Template, recipients: readonly Recipient[], allowHead: boolean): LinkTargets[] {
  const result: LinkTargets[] = [];
  for (const link of template.links) {
    if (!isWebLink(link)) continue;
    const sideEffect = linkSideEffectReason(link);
    const withPersonalization = link.segments.length > 0;
    if (sideEffect && !allowHead) {
      result.push({ link, sameForAll: true, targets: [{ kind: 'not-checked', reason: `${sideEffect}; allow HEAD requests (--allow-head) to check it` }] });
      continue;
    }
    const targets: Target[] = [];
    const written = link.raw.trim();
    // Without personalization every recipient gets the same URL: one of them stands for all.
    const who = withPersonalization ? recipients : recipients.length ? recipients.slice(0, 1) : [ANYONE];
    for (const recipient of who) {
      const filled = personalize(written, template.dialect, recipient, 'attribute-url');
      // Template logic left as written would make a URL nobody receives: requesting it proves nothing.
      const unresolved = filled.unresolved;
      if (unresolved.length) {
        targets.push({ kind: 'not-checked', recipient, reason: `${unresolved.map((segment) => `"${written.slice(segment.start, segment.end)}"`).join(', ')} cannot be filled in for this recipient (only plain field lookups are; nothing is evaluated)` });
        continue;
      }
      let url: URL;
      try {
        url = new URL(filled.text);
      } catch {
        targets.push({ kind: 'invalid', recipient, url: filled.text });
        continue;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      // Mail clients GET every image when the email is opened: a check adds no side effect, and
      // signed CDN URLs (`?X-Amz-Signature=`, `?token=`) would otherwise never be checked.
      const oneTime = sideEffect ?? (link.kind === 'image' ? undefined : oneTimeActionReason(url));
      if (oneTime && !allowHead) {
        targets.push({ kind: 'not-checked', recipient, url: url.href, reason: `${oneTime}; allow HEAD requests (--allow-head) to check it` });
        continue;
      }
      targets.push({ kind: 'check', recipient, url: url.href, method: oneTime ? 'HEAD' : 'GET' });
    }
    if (targets.length) result.push({ link, sameForAll: !withPersonalization, targets });
  }
  return result;
}
