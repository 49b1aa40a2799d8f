// What a platform profile says. Platform knowledge lives here as data, one module per platform,
// so rules ask "what does the user's platform do?" instead of testing platform names.
import type { Dialect } from '../types';

export type PlatformId =
  | 'campaign'
  | 'journey-optimizer'
  | 'mailchimp'
  | 'mautic'
  | 'listmonk'
  | 'sendgrid'
  | 'postmark'
  | 'braze'
  | 'klaviyo'
  | 'campaign-monitor'
  | 'mailgun'
  | 'shopify'
  | 'generic';

/**
 * How a platform learns which links to track:
 * - `source`: it registers each link from the template source at send time (Adobe Campaign,
 *   Journey Optimizer), so a URL that only exists after rendering cannot be tracked;
 * - `rendered`: it renders each recipient's message first and rewrites the links it finds then
 *   (Mailchimp, Mautic, listmonk, the ESPs), so fully dynamic URLs are tracked like any other;
 * - `none`: it sends without click tracking (Shopify notifications).
 */
export type TrackingModel = 'source' | 'rendered' | 'none';

/** Marketing messages need an opt-out link; transactional ones (receipts, resets) do not. */
export type MessageKind = 'marketing' | 'transactional';

/** A URL the platform writes itself, recognised by its personalization expression. */
export interface BuiltinUrl {
  /** Tested against a segment's trimmed expression (`UNSUB` of `*|UNSUB|*`). */
  expression: RegExp;
  /** `platform`: a page the platform serves (preferences, forward to a friend, archive list). */
  meaning: 'opt-out' | 'mirror-page' | 'platform';
  /** As the author writes it, for messages: `*|UNSUB|*`. */
  example: string;
}

/**
 * Evidence in a template's text that it was written for this platform: a `pattern` that cannot
 * backtrack (bounded classes, no nested quantifiers) and opens with template punctuation (`{`, `*`,
 * `[`, `%`, `@`, `|`), so one scan over the text skips most positions; or, for markup such as
 * attributes and tags, a `literal` found with indexOf.
 */
export type PlatformSignal = ({ pattern: RegExp; literal?: undefined } | { literal: string; pattern?: undefined }) & {
  /** What a match is, for the "why" of detection: "Mailchimp merge tag". */
  what: string;
};

export interface PlatformProfile {
  id: PlatformId;
  /** As users know it: "Mailchimp". */
  name: string;
  /** The personalization syntax the platform renders. */
  dialect: Dialect;
  /** Whether that syntax is this platform's alone, so it implies the platform without any other tag. */
  ownsDialect?: boolean;
  tracking: TrackingModel;
  /**
   * Whether the platform reads a link's role (opt-out, mirror page) from how the link is typed in
   * the source (`_type="optout"`). Elsewhere a role comes from the platform's built-in URLs only.
   */
  typesLinks: boolean;
  /** listmonk tracks only the links written with TrackLink; the others go out as they are. */
  tracksOnlyMarkedLinks?: true;
  /** The attribute that keeps one link out of click tracking, where the platform has one. */
  noTrack?: string;
  /** How one link gets its own name in click reports; absent when reports only know URLs. */
  labels?: { attribute: string; example: string };
  /** Every built-in URL tag. */
  builtins: readonly BuiltinUrl[];
  /** Segment expressions that write a whole opt-out link where they stand (`{% unsubscribe %}`). */
  optOutBlocks?: readonly RegExp[];
  /** Markup the platform turns into the opt-out link (Campaign Monitor's `<unsubscribe>`, Mailgun's `%unsubscribe_url%`). */
  optOutMarkers?: readonly RegExp[];
  /** What a message on this platform usually is; `undefined`: decided from the message itself. */
  messageKind?: MessageKind;
  signals: readonly PlatformSignal[];
}
