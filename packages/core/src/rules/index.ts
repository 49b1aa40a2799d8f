// The single list of lint rules. One file per rule, table-driven tests beside them in test/rules/.
import type { Rule } from '../types';
import urlSchemeMissing from './url-scheme-missing';
import urlRelative from './url-relative';
import urlFullyDynamic from './url-fully-dynamic';
import urlDynamicHost from './url-dynamic-host';
import urlScriptGenerated from './url-script-generated';
import urlParamUnescaped from './url-param-unescaped';
import urlParamReserved from './url-param-reserved';
import urlWhitespace from './url-whitespace';
import urlMalformed from './url-malformed';
import urlSchemeUnsafe from './url-scheme-unsafe';
import urlUntrackedScheme from './url-untracked-scheme';
import urlInsecureHttp from './url-insecure-http';
import urlNonproductionHost from './url-nonproduction-host';
import urlFragmentAfterPersonalization from './url-fragment-after-personalization';
import urlAmpersand from './url-ampersand';
import urlPersonalizationEncoded from './url-personalization-encoded';
import attrUnquoted from './attr-unquoted';
import attrSpacedEquals from './attr-spaced-equals';
import attrQuoteCollision from './attr-quote-collision';
import templateDelimiterUnbalanced from './template-delimiter-unbalanced';
import textUrlDelimiters from './text-url-delimiters';
import trackedUrlAsText from './tracked-url-as-text';
import linkTextRepeatsUrl from './link-text-repeats-url';
import duplicateUrlLabel from './duplicate-url-label';
import labelCollision from './label-collision';
import trackingAttrInvalid from './tracking-attr-invalid';
import trackingAttrConflict from './tracking-attr-conflict';
import mirrorLinkUntyped from './mirror-link-untyped';
import optoutLinkMissing from './optout-link-missing';
import openPixelDuplicate from './open-pixel-duplicate';
import ajoUrlExpression from './ajo-url-expression';
import ajoUrlTokenSpace from './ajo-url-token-space';
import listmonkTracklink from './listmonk-tracklink';
import vmlLinkMismatch from './vml-link-mismatch';
import mjmlNavbarBaseUrl from './mjml-navbar-base-url';
import mjmlTrackingLost from './mjml-tracking-lost';
import linkCount from './link-count';
import htmlSizeClipping from './html-size-clipping';
import utmMissing from './utm-missing';
import utmMisspelt from './utm-misspelt';
import utmDuplicate from './utm-duplicate';
import utmAfterFragment from './utm-after-fragment';
import parseLimit from './parse-limit';

export const RULES: readonly Rule[] = [
  urlSchemeMissing,
  urlRelative,
  urlFullyDynamic,
  urlDynamicHost,
  urlScriptGenerated,
  urlParamUnescaped,
  urlParamReserved,
  urlWhitespace,
  urlMalformed,
  urlSchemeUnsafe,
  urlUntrackedScheme,
  urlInsecureHttp,
  urlNonproductionHost,
  urlFragmentAfterPersonalization,
  urlAmpersand,
  urlPersonalizationEncoded,
  attrUnquoted,
  attrSpacedEquals,
  attrQuoteCollision,
  templateDelimiterUnbalanced,
  textUrlDelimiters,
  trackedUrlAsText,
  linkTextRepeatsUrl,
  duplicateUrlLabel,
  labelCollision,
  trackingAttrInvalid,
  trackingAttrConflict,
  mirrorLinkUntyped,
  optoutLinkMissing,
  openPixelDuplicate,
  ajoUrlExpression,
  ajoUrlTokenSpace,
  listmonkTracklink,
  vmlLinkMismatch,
  mjmlNavbarBaseUrl,
  mjmlTrackingLost,
  linkCount,
  htmlSizeClipping,
  utmMissing,
  utmMisspelt,
  utmDuplicate,
  utmAfterFragment,
  parseLimit,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
