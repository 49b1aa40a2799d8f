// Tracking attributes whose value no platform understands: the link then silently falls back to
// the default type (usually Tracked), so an intended opt-out or mirror link is counted as a click.
import type { Attribute, Link, Rule, RuleContext, TrackingType } from '../types';
import { attributeSpan, attributeValueSpan, hasTemplateCode } from './helpers-tracking';

const CANONICAL_VALUES = ['tracked', 'opt-out', 'mirror-page', 'never'];
/** Adobe Campaign `_type` / `data-nl-type` values, lower-cased as the reader compares them. */
const CAMPAIGN_VALUES = ['optout', 'mirrorpage', 'tracked', 'never', 'notrack'];
const CAMPAIGN_SPELLING: Record<TrackingType, string> = { 'opt-out': 'optout', 'mirror-page': 'mirrorPage', tracked: 'tracked', never: 'never' };

/** Common misspellings, keyed by the value with everything but letters removed (a Map: values are author text). */
const LIKELY_MEANT = new Map<string, TrackingType>(Object.entries<TrackingType>({
  optout: 'opt-out', unsubscribe: 'opt-out', unsub: 'opt-out', unsubscription: 'opt-out',
  mirrorpage: 'mirror-page', mirror: 'mirror-page', webversion: 'mirror-page', webview: 'mirror-page', viewonline: 'mirror-page',
  tracked: 'tracked', track: 'tracked', tracking: 'tracked', trackable: 'tracked', yes: 'tracked', on: 'tracked', true: 'tracked',
  never: 'never', notrack: 'never', notracking: 'never', untracked: 'never', donottrack: 'never', nottracked: 'never', none: 'never', no: 'never', off: 'never', false: 'never',
}));

/** No-track markers that take a value, and the values their platform accepts. */
const MARKER_VALUES = new Map<string, { accepted: readonly string[]; platform: string }>(Object.entries({
  clicktracking: { accepted: ['on', 'off'], platform: 'SendGrid' },
  'data-msys-clicktrack': { accepted: ['0', '1'], platform: 'SparkPost' },
  'data-mautic-disable-tracking': { accepted: ['true', 'false'], platform: 'Mautic' },
  'disable-tracking': { accepted: ['true', 'false'], platform: 'Mandrill and Mailgun' },
  _donottrack: { accepted: ['true', 'false'], platform: 'Adobe Campaign' },
}));

const ONE_PER_LINK = new Set(['data-tracking', '_type', 'data-nl-type', 'data-label', '_label', ...MARKER_VALUES.keys()]);

const rule: Rule = {
  id: 'tracking-attr-invalid',
  defaultSeverity: 'error',
  description: 'Tracking attributes with a value no platform understands: unknown data-tracking or _type, empty or personalized labels, bad no-track values, duplicates.',
  check(context) {
    for (const link of context.template.links) {
      const seen = new Set<string>();
      for (const attribute of link.attributes) {
        if (ONE_PER_LINK.has(attribute.name)) {
          if (seen.has(attribute.name)) {
            context.report({
              span: attributeSpan(context.template.text, attribute),
              message: `${attribute.name} is written twice on this link: HTML keeps only the first one, so this one is ignored. Remove it.`,
              linkId: link.id,
            });
            continue;
          }
          seen.add(attribute.name);
        }
        checkAttribute(context, link, attribute);
      }
    }
  },
};
export default rule;

function checkAttribute(context: RuleContext, link: Link, attribute: Attribute): void {
  const { name } = attribute;
  if (name === 'data-tracking') checkType(context, link, attribute, CANONICAL_VALUES, (type) => type);
  else if (name === '_type' || name === 'data-nl-type') checkType(context, link, attribute, CAMPAIGN_VALUES, (type) => CAMPAIGN_SPELLING[type]);
  else if (name === 'data-label' || name === '_label') checkLabel(context, link, attribute);
  else {
    const marker = MARKER_VALUES.get(name);
    if (marker) checkMarker(context, link, attribute, marker);
  }
}

function checkType(context: RuleContext, link: Link, attribute: Attribute, accepted: readonly string[], spell: (type: TrackingType) => string): void {
  const value = attribute.value.trim();
  const choices = accepted === CANONICAL_VALUES ? CANONICAL_VALUES.join(', ') : 'optout, mirrorPage (Campaign tracks every other link by default)';
  if (!attribute.hasValue || value === '') {
    context.report({ span: attributeSpan(context.template.text, attribute), message: `${attribute.name} has no value, so the link keeps its default tracking type. Write one of: ${choices}.`, linkId: link.id });
    return;
  }
  if (accepted.includes(value.toLowerCase())) return;
  if (hasTemplateCode(value)) {
    context.report({
      span: attributeValueSpan(context.template.text, attribute),
      message: `${attribute.name} is computed by personalization: the tracking type is fixed when the delivery is prepared, before any recipient data exists. Write one of: ${choices}.`,
      linkId: link.id,
    });
    return;
  }
  const meant = LIKELY_MEANT.get(value.toLowerCase().replace(/[^a-z]/g, ''));
  const replacement = meant ? spell(meant) : undefined;
  context.report({
    span: attributeValueSpan(context.template.text, attribute),
    message: `${attribute.name}="${value}" is not a tracking type, so the link keeps its default type${replacement ? `; did you mean "${replacement}"?` : `. Write one of: ${choices}.`}`,
    linkId: link.id,
    ...(replacement
      ? { fix: { description: `Write ${attribute.name}="${replacement}"`, edits: [{ ...attribute.valueSpan, newText: replacement }], safe: false } }
      : {}),
  });
}

function checkLabel(context: RuleContext, link: Link, attribute: Attribute): void {
  if (!attribute.hasValue || attribute.value.trim() === '') {
    context.report({
      span: attributeSpan(context.template.text, attribute),
      message: `${attribute.name} is empty: reports cannot tell this link's clicks apart. Name the link (for example ${attribute.name}="footer-logo") or remove the attribute.`,
      linkId: link.id,
    });
  } else if (hasTemplateCode(attribute.value)) {
    context.report({
      span: attribute.valueSpan,
      message: `${attribute.name} contains personalization: each recipient would get a different label and the link's clicks would be split. Use a fixed name.`,
      linkId: link.id,
    });
  }
}

function checkMarker(context: RuleContext, link: Link, attribute: Attribute, marker: { accepted: readonly string[]; platform: string }): void {
  const bareAllowed = marker.accepted.includes('true');
  if (!attribute.hasValue && bareAllowed) return;
  if (marker.accepted.includes(attribute.value.trim().toLowerCase())) return;
  context.report({
    span: attributeValueSpan(context.template.text, attribute),
    message: `${attribute.name}${attribute.hasValue ? `="${attribute.value}"` : ' without a value'} is ignored by ${marker.platform}, which accepts only ${marker.accepted.map((v) => `"${v}"`).join(' or ')}: the link stays tracked.`,
    linkId: link.id,
  });
}
