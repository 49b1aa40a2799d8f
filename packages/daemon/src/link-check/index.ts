// Link checks that follow each recipient's real URL, safely: the engine the CLI and the editor share.
export { checkLinks, LINK_CHECK_DEFAULTS, type LinkCheckOptions, type LinkCheckReport, type LinkResult, type LinkCheckStats, type TemplateToCheck } from './check-links';
export { LinkCheckCache } from './cache';
export { LINK_CHECK_RULES } from './findings';
export { blockedAddressReason } from './address-policy';
export { linkSideEffectReason, oneTimeActionReason } from './side-effects';
export type { UrlCheck, Hop } from './url-check';
