// Tracking types inline: reading a link's type and label from its attributes (canonical,
// Campaign aliases, ESP no-track markers, built-in platform URLs) and writing them back as
// minimal text edits.
import { isMjmlElement, readMjmlTyping, setMjmlTracking, type MjmlHead, type MjmlTyping } from './mjml';
import { builtinUrl } from './platforms/index';
import type { PlatformProfile } from './platforms/profile';
import type { Attribute, AttributeStyle, Link, MessageSettings, TextEdit, Tracking, TrackingSource, TrackingType } from './types';

// Maps, not object literals: keys come from the author's text, and `constructor` must not match.
const CANONICAL: ReadonlyMap<string, TrackingType> = new Map([
  ['tracked', 'tracked'],
  ['opt-out', 'opt-out'],
  ['mirror-page', 'mirror-page'],
  ['never', 'never'],
]);

/** Adobe Campaign `_type` / `data-nl-type` values. */
const CAMPAIGN_TYPES: ReadonlyMap<string, TrackingType> = new Map([
  ['optout', 'opt-out'],
  ['mirrorpage', 'mirror-page'],
  ['tracked', 'tracked'],
  ['never', 'never'],
  ['notrack', 'never'],
]);

/** ESP attributes that switch click tracking off for one link, and the values that do so. */
const NO_TRACK_MARKERS: ReadonlyMap<string, (value: string, hasValue: boolean) => boolean> = new Map([
  ['clicktracking', (value: string) => value.toLowerCase() === 'off'], // SendGrid
  ['data-pm-no-track', () => true], // Postmark
  ['ses:no-track', () => true], // Amazon SES
  ['data-mautic-disable-tracking', (value: string, hasValue: boolean) => !hasValue || value.toLowerCase() === 'true'],
  ['disable-tracking', (value: string, hasValue: boolean) => !hasValue || value.toLowerCase() === 'true'], // Mandrill / Mailgun
  ['mc:disable-tracking', () => true], // Mailchimp
  ['data-msys-clicktrack', (value: string) => value === '0'], // SparkPost
  ['_donottrack', (value: string, hasValue: boolean) => !hasValue || value.toLowerCase() === 'true'], // Campaign Classic
  ['cm_dontconvertlink', () => true], // Campaign Monitor
]);

/** Campaign's type attributes, in the order they are read. */
const CAMPAIGN_TYPE_ATTRIBUTES = ['_type', 'data-nl-type'] as const;

/** `mjmlHead`: the document's MJML head, which maps the class tokens that type mj-* elements (see mjml.ts). */
export function readTracking(link: Link, settings: MessageSettings, platform: PlatformProfile, mjmlHead?: MjmlHead): Tracking {
  const mjml = isMjmlElement(link.tag) ? readMjmlTyping(link, mjmlHead) : NOT_MJML;
  const labelAttribute = mjml.labelAttribute ?? attributeNamed(link, 'data-label') ?? attributeNamed(link, '_label');
  const label = labelAttribute && labelAttribute.value.trim() !== '' ? (mjml.label ?? labelAttribute.value) : undefined;
  if (link.kind === 'image') return { type: 'never', source: 'untrackable' };
  return readType(link, settings, platform, mjml, label !== undefined || labelAttribute !== undefined, label, labelAttribute);
}

/**
 * A link's tracking, built once with its label when it has one (a labelled copy per link cost an
 * object more). Keys as they always were: type, source, typeAttribute when an attribute or marker
 * set the type (`null`: no such key), then label and labelAttribute when labelled.
 */
function tracking(type: TrackingType, source: TrackingSource, typeAttribute: Attribute | undefined | null, labelled: boolean, label: string | undefined, labelAttribute: Attribute | undefined): Tracking {
  if (typeAttribute === null) return labelled ? { type, source, label, labelAttribute } : { type, source };
  return labelled ? { type, source, typeAttribute, label, labelAttribute } : { type, source, typeAttribute };
}

/** What an element that is not MJML is typed by through the MJML head: nothing. */
const NOT_MJML: MjmlTyping = Object.freeze({});

/** The type half of readTracking (no closure per link: this runs for every link of every parse). */
function readType(link: Link, settings: MessageSettings, platform: PlatformProfile, mjml: MjmlTyping, labelled: boolean, label: string | undefined, labelAttribute: Attribute | undefined): Tracking {
  if (mjml.type) return tracking(mjml.type, 'attribute', mjml.typeAttribute, labelled, label, labelAttribute);
  const canonical = attributeNamed(link, 'data-tracking');
  const canonicalType = canonical && CANONICAL.get(canonical.value.trim().toLowerCase());
  if (canonical && canonicalType) return tracking(canonicalType, 'attribute', canonical, labelled, label, labelAttribute);

  for (const name of CAMPAIGN_TYPE_ATTRIBUTES) {
    const alias = attributeNamed(link, name);
    const aliasType = alias && CAMPAIGN_TYPES.get(alias.value.trim().toLowerCase());
    if (alias && aliasType) return tracking(aliasType, 'alias', alias, labelled, label, labelAttribute);
  }

  for (const attribute of link.attributes) {
    const isMarker = NO_TRACK_MARKERS.get(attribute.name);
    if (isMarker?.(attribute.value, attribute.hasValue)) return tracking('never', 'no-track-marker', attribute, labelled, label, labelAttribute);
  }
  if (link.url.scheme === 'https+notrack' || link.url.scheme === 'http+notrack') return tracking('never', 'no-track-marker', null, labelled, label, labelAttribute);

  const builtin = builtinType(link);
  if (builtin) return tracking(builtin, 'builtin', null, labelled, label, labelAttribute);

  if (/@TrackLink\s*$/.test(link.raw) || link.segments.some((segment) => /^TrackLink\b/.test(segment.expression))) {
    return tracking(settings.clicks ? 'tracked' : 'never', settings.clicks ? 'alias' : 'untrackable', null, labelled, label, labelAttribute);
  }
  if (isClickTrackable(link) && settings.clicks && !platform.tracksOnlyMarkedLinks) return tracking('tracked', 'default', null, labelled, label, labelAttribute);
  return tracking('never', 'untrackable', null, labelled, label, labelAttribute);
}

/** The built-in meaning of a URL that starts with a platform's mirror-page or opt-out expression. */
function builtinType(link: Link): TrackingType | undefined {
  const first = link.segments[0];
  if (!first || link.raw.slice(0, first.start - link.valueSpan.start).trim() !== '') return undefined;
  const meaning = builtinUrl(first.expression)?.meaning;
  return meaning === 'mirror-page' || meaning === 'opt-out' ? meaning : undefined;
}

/** http(s) links, and links whose scheme and host come from personalization (tracked as written). */
function isClickTrackable(link: Link): boolean {
  const { scheme } = link.url;
  if (scheme === 'http' || scheme === 'https') return true;
  if (scheme !== '') return false;
  const value = link.raw.trim();
  if (value === '' || value.startsWith('#')) return false;
  // `{{url}}`, `<%= url %>`, `www.site.com`: the platform tries to track them; lint rules say why that fails.
  return true;
}

/** The attribute `name` of a link (names are lower-cased by the parser). */
export function attributeNamed(link: Link, name: string): Attribute | undefined {
  // A loop, not find(): asked several times for every link of a template.
  for (const attribute of link.attributes) if (attribute.name === name) return attribute;
  return undefined;
}

export interface SetTrackingOptions {
  /** `data` writes data-tracking / data-label; `campaign` writes Adobe Campaign `_type` / `_label`. */
  style?: AttributeStyle;
}

const CAMPAIGN_VALUE: Partial<Record<TrackingType, string>> = { 'opt-out': 'optout', 'mirror-page': 'mirrorPage' };
const TYPE_ATTRIBUTES = ['data-tracking', '_type', 'data-nl-type', ...NO_TRACK_MARKERS.keys()];

/**
 * The minimal edits that give `link` the tracking `type` and/or `label` (null removes the label):
 * values are replaced in place; missing attributes are inserted right after the URL attribute, in
 * the author's quote style; attributes that would contradict the new type are removed.
 */
export function setTracking(
  text: string,
  link: Link,
  change: { type?: TrackingType; label?: string | null },
  options: SetTrackingOptions = {},
): TextEdit[] {
  if (!link.urlAttribute) return [];
  if (isMjmlElement(link.tag)) return setMjmlTracking(text, link, change, TYPE_ATTRIBUTES);
  const style = options.style ?? 'data';
  const quote = link.quote === "'" ? "'" : '"';
  const edits: TextEdit[] = [];
  const inserts: string[] = [];
  const write = (name: string, value: string, keep: Attribute | undefined): void => {
    const escaped = escapeAttribute(value, quote);
    if (keep && keep.hasValue) {
      if (keep.value !== escaped) edits.push({ start: keep.valueSpan.start, end: keep.valueSpan.end, newText: escaped });
    } else if (keep) {
      edits.push({ start: keep.nameSpan.start, end: keep.nameSpan.end, newText: `${name}=${quote}${escaped}${quote}` });
    } else {
      inserts.push(` ${name}=${quote}${escaped}${quote}`);
    }
  };

  if (change.type !== undefined) {
    const wanted = typeAttributeFor(change.type, style);
    const keep = wanted ? attributeNamed(link, wanted.name) : undefined;
    for (const attribute of link.attributes) {
      if (attribute !== keep && TYPE_ATTRIBUTES.includes(attribute.name)) edits.push(removal(text, attribute));
    }
    if (wanted) write(wanted.name, wanted.value, keep);
  }

  if (change.label !== undefined) {
    const labelName = style === 'campaign' ? '_label' : 'data-label';
    const keep = attributeNamed(link, labelName);
    for (const attribute of link.attributes) {
      if (attribute !== keep && (attribute.name === 'data-label' || attribute.name === '_label')) edits.push(removal(text, attribute));
    }
    if (change.label === null || change.label === '') {
      if (keep) edits.push(removal(text, keep));
    } else {
      write(labelName, change.label, keep);
    }
  }

  if (inserts.length) {
    const after = link.urlAttribute.valueSpan.end + (link.urlAttribute.quote ? 1 : 0);
    edits.push({ start: after, end: after, newText: inserts.join('') });
  }
  return edits.sort((a, b) => a.start - b.start);
}

function typeAttributeFor(type: TrackingType, style: AttributeStyle): { name: string; value: string } | undefined {
  if (style === 'data') return { name: 'data-tracking', value: type };
  if (type === 'never') return { name: '_donottrack', value: 'true' };
  const value = CAMPAIGN_VALUE[type];
  return value ? { name: '_type', value } : undefined; // Campaign tracks by default: no attribute
}

/** Deletes an attribute with the whitespace before it. */
function removal(text: string, attribute: Attribute): TextEdit {
  let start = attribute.nameSpan.start;
  while (start > 0 && /\s/.test(text.charAt(start - 1))) start--;
  const end = attribute.hasValue ? attribute.valueSpan.end + (attribute.quote ? 1 : 0) : attribute.nameSpan.end;
  return { start, end, newText: '' };
}

function escapeAttribute(value: string, quote: string): string {
  const escaped = value.replace(/&(?!#?\w+;)/g, '&amp;');
  return quote === '"' ? escaped.replace(/"/g, '&quot;') : escaped.replace(/'/g, '&#39;');
}
