// Links a checker must never GET: requesting them can unsubscribe a real person, confirm a
// subscription or burn a one-time login link. They are known by their tracking type, by the
// platform built-in they use, or by what their URL looks like.
import { isBeaconImage, type Link } from '@linktrace/core';

/** Platform built-ins whose URL performs an action for the recipient (unsubscribe, confirm, preferences). */
const ACTION_BUILTIN = /unsub|optout|opt_out|optin|opt_in|confirm|subscri|preference|asm_/i;

/** Why the link must not be requested whatever its URL, or undefined. */
export function linkSideEffectReason(link: Link): string | undefined {
  const { type, source } = link.tracking;
  if (type === 'opt-out') return 'it is an opt-out link: requesting it could unsubscribe the recipient';
  if (type === 'mirror-page') return 'it is a mirror-page link, built by the platform for each recipient at send time';
  if (type === 'never' && source !== 'untrackable') return 'it is typed never: the author asked for it to be left alone';
  if (link.kind === 'image' && isBeaconImage(link)) return 'it is an open-tracking pixel: requesting it would log an open nobody made';
  const builtin = link.segments.find((segment) => segment.kind !== 'code' && ACTION_BUILTIN.test(segment.expression));
  if (builtin) return `it uses the platform built-in "${builtin.expression}", which acts for the recipient (unsubscribe, confirm, preferences)`;
  return undefined;
}

/** Words in a path or query that name an action a GET may perform. */
const ACTION_WORD = /(?:^|[^a-z])(un-?subscribe|unsub|opt-?out|opt-?in|double-?opt-?in|subscribe|confirm[a-z]*|verif[a-z]*|validat[a-z]*|activat[a-z]*|magic|log-?in|sign-?in|signon|sso|auth|oauth|reset[a-z]*|password|passwordless|one-?time|otp|invit[a-z]*|accept|approve|unlock|cancel[a-z]*|delete|remove|claim|redeem|rsvp)(?:[^a-z]|$)/;
/** Parameter names that carry a credential: a request with them spends or leaks it. */
const CREDENTIAL_PARAMETER = /^(?:.*[-_])?(?:token|key|code|sig|signature|hash|nonce|otp|ticket|secret|auth|session|jwt)(?:[-_].*)?$/i;

/** Why a resolved URL looks like a one-time action, or undefined. */
export function oneTimeActionReason(url: URL): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname).toLowerCase();
  } catch {
    path = url.pathname.toLowerCase();
  }
  const pathWord = ACTION_WORD.exec(path);
  if (pathWord) return `its path contains "${pathWord[1]}", which looks like a one-time action`;
  for (const [name, value] of url.searchParams) {
    if (CREDENTIAL_PARAMETER.test(name)) return `its parameter "${name}" looks like a one-time credential`;
    if (/^utm_/i.test(name)) continue;
    const word = ACTION_WORD.exec(`${name.toLowerCase()}=${value.toLowerCase()}`);
    if (word) return `its query contains "${word[1]}", which looks like a one-time action`;
  }
  return undefined;
}
