// What kind of message a template is, and whether it is a whole message at all: message-level
// rules (opt-out link, size, link count) only make sense for a whole marketing email.
import type { MessageKind, PlatformProfile } from './platforms/index';
import type { Segment, TemplateFormat } from './types';

export interface MessageKindFacts {
  /** `unknown`: the platform does not say and the message does not tell. */
  kind: MessageKind | 'unknown';
  /** Why, for `linktrace links` and the editor. */
  reason: string;
}

/** Words of receipts, resets and notifications, and of newsletters; read case-insensitively. */
const TRANSACTIONAL_WORDS = /\b(?:password|receipt|invoice|order confirmation|order number|your order|has shipped|shipping confirmation|tracking number|verify your email|verify your account|confirm your email|confirm your account|confirm your subscription|activate your account|sign-in link|magic link|verification code|security code|one-time code|payment received|payment failed|trial expire|trial ends|invitation to join|invited you)\b/i;
const MARKETING_WORDS = /\b(?:unsubscribe|newsletter|opt out|opt-out|view this email in your browser|view in browser|manage your preferences|email preferences)\b/i;
const WHOLE_MESSAGE_MARKERS = /<(?:html|body|mjml|mj-body)\b/i;

/** The kind chosen by configuration or pragma, else the platform's usual kind, else the message's words. */
export function messageKindOf(text: string, platform: PlatformProfile, chosen?: { kind: MessageKind; reason: string }): MessageKindFacts {
  if (chosen) return chosen;
  if (platform.messageKind) return { kind: platform.messageKind, reason: `${platform.name} messages are ${platform.messageKind} by default` };
  const marketing = MARKETING_WORDS.exec(text);
  if (marketing) return { kind: 'marketing', reason: `it mentions "${marketing[0]}"` };
  const transactional = TRANSACTIONAL_WORDS.exec(text);
  if (transactional) return { kind: 'transactional', reason: `it mentions "${transactional[0]}"` };
  return { kind: 'unknown', reason: 'neither the platform nor the message says; set "messageKind" in linktrace.config.json' };
}

/** False for partials (`{{ define }}`, snippets without `<html>`/`<body>`) and subject lines. */
export function isWholeMessage(text: string, format: TemplateFormat, segments: readonly Segment[]): boolean {
  // Go's `{{ define "name" }}` blocks are pieces that another template assembles.
  if (segments.some((segment) => segment.kind === 'code' && /^define\s/.test(segment.expression))) return false;
  if (format === 'text') return hasTwoLines(text);
  return WHOLE_MESSAGE_MARKERS.test(text);
}

/** A subject-line file holds one line; a plain-text part holds more. */
function hasTwoLines(text: string): boolean {
  const first = text.trim().indexOf('\n');
  return first !== -1;
}
