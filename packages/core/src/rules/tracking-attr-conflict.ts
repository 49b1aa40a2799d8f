// Several tracking attributes on one link that disagree. Each platform reads only its own
// attribute, so the same template is tracked one way by one platform (and by Linktrace) and
// another way by the next: an opt-out counted as a click, a "never" link tracked anyway.
import { readTracking, setTracking } from '../tracking';
import type { Attribute, Link, Rule, RuleContext, Span, TrackingType } from '../types';
import { attributeNamed, attributeRemoval, attributeSpan } from './helpers-tracking';

/** One statement about a link's type: an attribute, a no-track marker or the URL scheme. */
interface Claim {
  type: TrackingType;
  what: string;
  span: Span;
  attribute?: Attribute;
}

// Maps, not object literals: keys are author text, and `constructor` must not find Object's.
const CANONICAL = new Map<string, TrackingType>([['tracked', 'tracked'], ['opt-out', 'opt-out'], ['mirror-page', 'mirror-page'], ['never', 'never']]);
const CAMPAIGN = new Map<string, TrackingType>([['optout', 'opt-out'], ['mirrorpage', 'mirror-page'], ['tracked', 'tracked'], ['never', 'never'], ['notrack', 'never']]);

/** No-track markers: what each value says (undefined: the value says nothing). */
const MARKER_CLAIMS: Record<string, (value: string, hasValue: boolean) => TrackingType | undefined> = {
  clicktracking: (value: string) => onOff(value, 'on', 'off'),
  'data-pm-no-track': () => 'never',
  'ses:no-track': () => 'never',
  'mc:disable-tracking': () => 'never',
  'data-mautic-disable-tracking': (value: string, hasValue: boolean) => (hasValue ? onOff(value, 'false', 'true') : 'never'),
  'disable-tracking': (value: string, hasValue: boolean) => (hasValue ? onOff(value, 'false', 'true') : 'never'),
  _donottrack: (value: string, hasValue: boolean) => (hasValue ? onOff(value, 'false', 'true') : 'never'),
  'data-msys-clicktrack': (value: string) => onOff(value, '1', '0'),
};
const MARKERS = new Map(Object.entries(MARKER_CLAIMS));

function onOff(value: string, tracked: string, never: string): TrackingType | undefined {
  const normalized = value.trim().toLowerCase();
  return normalized === tracked ? 'tracked' : normalized === never ? 'never' : undefined;
}

const BUILTIN_NAME: Partial<Record<TrackingType, string>> = { 'opt-out': 'unsubscribe (opt-out) link', 'mirror-page': 'mirror page link' };

const rule: Rule = {
  id: 'tracking-attr-conflict',
  defaultSeverity: 'warning',
  description: 'Tracking attributes on one link that disagree (data-tracking, _type, no-track markers, built-in URLs), so platforms track it differently.',
  check(context) {
    for (const link of context.template.links) {
      if (link.kind === 'image' || link.attributes.length === 0) continue;
      checkTypes(context, link);
      checkLabels(context, link);
    }
  },
};
export default rule;

/** Whether an attribute of this name can state a tracking type (see claimsOf). */
function isClaimingAttribute(name: string): boolean {
  return name === 'data-tracking' || name === '_type' || name === 'data-nl-type' || MARKERS.has(name);
}

function claimsOf(text: string, link: Link): Claim[] {
  const claims: Claim[] = [];
  const seen = new Set<string>();
  for (const attribute of link.attributes) {
    // HTML keeps the first of two same-named attributes; tracking-attr-invalid reports the second.
    if (seen.has(attribute.name)) continue;
    seen.add(attribute.name);
    const value = attribute.value.trim().toLowerCase();
    let type: TrackingType | undefined;
    if (attribute.name === 'data-tracking') type = CANONICAL.get(value);
    else if (attribute.name === '_type' || attribute.name === 'data-nl-type') type = CAMPAIGN.get(value);
    else type = MARKERS.get(attribute.name)?.(attribute.value, attribute.hasValue);
    if (type) claims.push({ type, what: attribute.hasValue ? `${attribute.name}="${attribute.value}"` : attribute.name, span: attributeSpan(text, attribute), attribute });
  }
  const scheme = link.url.spans.scheme;
  if (scheme && /^https?\+notrack$/.test(link.url.scheme)) claims.push({ type: 'never', what: `the ${link.url.scheme}:// scheme`, span: scheme });
  return claims;
}

/** The order in which Linktrace's reader follows claims: lower first. */
function rank(claim: Claim): number {
  const name = claim.attribute?.name;
  if (name === 'data-tracking') return 0;
  if (name === '_type') return 1;
  if (name === 'data-nl-type') return 2;
  if (!name) return 4;
  return claim.type === 'never' ? 3 : 5;
}

/**
 * The claim Linktrace's reader follows: data-tracking, then _type, then data-nl-type, then a no-track
 * marker, then the scheme. A marker's explicit "on" only agrees with the default, so it never decides.
 */
function winnerOf(claims: readonly Claim[]): Claim | undefined {
  let best: Claim | undefined;
  for (const claim of claims) if (!best || rank(claim) < rank(best)) best = claim;
  return best;
}

/** Claims need two statements to disagree; most links make at most one (or none). */
function mayConflict(link: Link): boolean {
  let claiming = link.url.scheme === 'https+notrack' || link.url.scheme === 'http+notrack' ? 1 : 0;
  for (const attribute of link.attributes) if (isClaimingAttribute(attribute.name)) claiming++;
  // One claim still conflicts with a built-in URL: one that opens with a platform's opt-out or mirror page tag.
  return claiming > 1 || (claiming === 1 && opensWithSegment(link));
}

/** Whether the value is blank up to its first personalization segment (where a built-in URL tag would be). */
function opensWithSegment(link: Link): boolean {
  const first = link.segments[0];
  if (!first) return false;
  for (let at = 0; at < first.start - link.valueSpan.start; at++) if (!isJsWhitespace(link.raw.charCodeAt(at))) return false;
  return true;
}

/** What String.prototype.trim removes (as the built-in URL test reads the value). */
function isJsWhitespace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
    || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function checkTypes(context: RuleContext, link: Link): void {
  if (!mayConflict(link)) return;
  const claims = claimsOf(context.template.text, link);
  const winner = winnerOf(claims);
  if (!winner) return;
  for (const claim of claims) {
    if (claim === winner || claim.type === winner.type) continue;
    context.report({
      span: claim.span,
      message: `${claim.what} says ${claim.type}, but ${winner.what} on the same link says ${winner.type}: platforms that read ${claim.attribute ? claim.attribute.name : 'the scheme'} will track this link differently. Keep one tracking type.`,
      linkId: link.id,
      ...(claim.attribute
        ? { fix: { description: `Remove ${claim.what}`, edits: [attributeRemoval(context.template.text, claim.attribute)], safe: false } }
        : {}),
    });
  }
  // The URL itself is the platform's unsubscribe or mirror page link: an attribute calling it something else wins
  // in the link table, so the platform's own page is counted as an ordinary click. Never is a legitimate choice.
  const builtin = readTracking({ ...link, attributes: [] }, context.template.settings, context.template.platform);
  if (builtin.source !== 'builtin' || winner.type === builtin.type || winner.type === 'never') return;
  context.report({
    span: winner.span,
    message: `This URL is the platform's ${BUILTIN_NAME[builtin.type] ?? builtin.type} but ${winner.what} types it ${winner.type}: it would be logged as the wrong kind of link. Type it ${builtin.type}.`,
    linkId: link.id,
    fix: { description: `Type the link ${builtin.type}`, edits: setTracking(context.template.text, link, { type: builtin.type }), safe: false },
  });
}

function checkLabels(context: RuleContext, link: Link): void {
  const canonical = attributeNamed(link, 'data-label');
  const campaign = attributeNamed(link, '_label');
  if (!canonical || !campaign) return;
  const a = canonical.value.trim();
  const b = campaign.value.trim();
  if (a === '' || b === '' || a === b) return;
  context.report({
    span: attributeSpan(context.template.text, campaign),
    message: `_label="${campaign.value}" and data-label="${canonical.value}" name the same link differently: Adobe Campaign reports it as "${b}", Linktrace as "${a}". Keep one label.`,
    linkId: link.id,
    fix: { description: `Remove _label="${campaign.value}"`, edits: [attributeRemoval(context.template.text, campaign)], safe: false },
  });
}
