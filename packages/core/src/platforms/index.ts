// The single list of platform profiles. Order breaks detection ties: more specific platforms first.
import type { Dialect } from '../types';
import braze from './braze';
import campaign from './campaign';
import campaignMonitor from './campaign-monitor';
import generic from './generic';
import journeyOptimizer from './journey-optimizer';
import klaviyo from './klaviyo';
import listmonk from './listmonk';
import mailchimp from './mailchimp';
import mailgun from './mailgun';
import mautic from './mautic';
import postmark from './postmark';
import type { BuiltinUrl, PlatformId, PlatformProfile } from './profile';
import sendgrid from './sendgrid';
import shopify from './shopify';

export type { BuiltinUrl, MessageKind, PlatformId, PlatformProfile, PlatformSignal, TrackingModel } from './profile';

export const PLATFORMS: readonly PlatformProfile[] = [
  campaign,
  journeyOptimizer,
  listmonk,
  mailchimp,
  mautic,
  sendgrid,
  postmark,
  braze,
  klaviyo,
  campaignMonitor,
  mailgun,
  shopify,
  generic,
];

export const PLATFORM_IDS: readonly PlatformId[] = PLATFORMS.map((platform) => platform.id);

export const PLATFORMS_BY_ID: ReadonlyMap<PlatformId, PlatformProfile> = new Map(PLATFORMS.map((platform) => [platform.id, platform]));

export const GENERIC_PLATFORM = generic;

/**
 * Every platform's built-in URLs. A link's role is read from all of them, whatever the platform:
 * `*|UNSUB|*` means the opt-out everywhere it can appear, and detection must not change link types.
 */
export const ALL_BUILTINS: readonly BuiltinUrl[] = PLATFORMS.flatMap((platform) => platform.builtins);

/** The built-in URL that `expression` names on any platform, if any. */
export function builtinUrl(expression: string): BuiltinUrl | undefined {
  return ALL_BUILTINS.find((builtin) => builtin.expression.test(expression));
}

/** Segment expressions that write a whole opt-out link, on any platform. */
export const ALL_OPT_OUT_BLOCKS: readonly RegExp[] = PLATFORMS.flatMap((platform) => platform.optOutBlocks ?? []);

/** The platform a dialect implies when the template holds no platform tag. */
export function platformOfDialect(dialect: Dialect): PlatformProfile {
  return PLATFORMS.find((platform) => platform.ownsDialect && platform.dialect === dialect) ?? generic;
}
