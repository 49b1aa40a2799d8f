// UTM parameters: the `utm` setting of linktrace.config.json (which parameters each link must
// carry, with which values), and what the utm-* rules share: the standard names, which links the
// requirement applies to, and how parameters are written into a URL as minimal edits.
import type { Link, Span, TextEdit } from './types';
import { editDistance } from './edit-distance';

/**
 * `utm` in linktrace.config.json. `parameters` maps a name to the value every in-scope link must
 * carry (as written, personalization allowed: `"{{ campaign.name }}"`), `true` for "any value",
 * or `false` to drop a requirement an outer layer added (overrides merge per parameter).
 */
export interface UtmSettings {
  parameters?: Record<string, string | boolean>;
  /** Hosts whose links need the parameters (a leading `*.` matches subdomains); default: every http(s) link. */
  hosts?: string[];
}

/** Google Analytics' campaign parameters: the names a misspelling is measured against. */
export const STANDARD_UTM_PARAMETERS: readonly string[] = [
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'utm_id',
  'utm_source_platform', 'utm_creative_format', 'utm_marketing_tactic',
];

type Fail = (where: string, problem: string) => never;

/** Validates the `utm` object of a config file (or an override). */
export function readUtmSettings(value: unknown, where: string, fail: Fail): UtmSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(where, 'must be an object such as {"parameters": {"utm_source": "newsletter", "utm_medium": "email"}}');
  }
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    if (key !== 'parameters' && key !== 'hosts') fail(`${where}.${key}`, 'is not a known setting (utm takes "parameters" and "hosts")');
  }
  const settings: UtmSettings = {};
  if (source.parameters !== undefined) {
    const parameters = source.parameters;
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
      fail(`${where}.parameters`, 'must be an object of parameter name → required value, true (any value) or false (not required)');
    }
    const read: Record<string, string | boolean> = {};
    for (const [name, required] of Object.entries(parameters as Record<string, unknown>)) {
      if (!/^[A-Za-z0-9_.~-]+$/.test(name)) fail(`${where}.parameters`, `"${name}" is not a query parameter name (letters, digits, _ . ~ -)`);
      if (typeof required !== 'boolean' && (typeof required !== 'string' || required === '' || /[\s&#"<>]/.test(required))) {
        fail(`${where}.parameters.${name}`, `must be a value without spaces, &, #, quotes or angle brackets, true or false, not ${JSON.stringify(required)}`);
      }
      read[name] = required as string | boolean;
    }
    settings.parameters = read;
  }
  if (source.hosts !== undefined) {
    const hosts = source.hosts;
    if (!Array.isArray(hosts) || hosts.some((host) => typeof host !== 'string' || !host.trim() || /[\s/]/.test(host))) {
      fail(`${where}.hosts`, 'must be a list of host names such as "shop.example.com" or "*.example.com"');
    }
    settings.hosts = (hosts as string[]).map((host) => host.toLowerCase());
  }
  return settings;
}

/** An override's `utm` on top of the outer one: parameters merge by name, hosts replace. */
export function mergeUtmSettings(outer: UtmSettings | undefined, inner: UtmSettings): UtmSettings {
  const merged: UtmSettings = { ...outer };
  if (inner.parameters) merged.parameters = { ...outer?.parameters, ...inner.parameters };
  if (inner.hosts) merged.hosts = inner.hosts;
  return merged;
}

/** In a required value, stands for the link's own label (`data-label`, `_label`): `"utm_content": "{label}"`. */
export const LABEL_PLACEHOLDER = '{label}';

/**
 * The value a link must carry for one requirement: `{label}` replaced by the link's label (URL-
 * encoded), and `true` (any value) when the link has no label to use.
 */
export function requiredValueFor(link: Link, value: string | true): string | true {
  if (value === true || !value.includes(LABEL_PLACEHOLDER)) return value;
  const label = link.tracking.label?.trim();
  if (!label) return true;
  return value.split(LABEL_PLACEHOLDER).join(encodeURIComponent(label));
}

/** The parameters a link must carry, without the ones switched off. */
export function requiredUtmParameters(settings: UtmSettings | undefined): [string, string | true][] {
  const parameters = settings?.parameters;
  if (typeof parameters !== 'object' || parameters === null) return [];
  return Object.entries(parameters).filter((entry): entry is [string, string | true] => entry[1] !== false && (entry[1] === true || typeof entry[1] === 'string'));
}

/**
 * Links that take campaign parameters: clicked http(s) links with a literal host, except opt-out
 * and mirror-page links (platform pages, not landing pages).
 */
export function takesUtmParameters(link: Link): boolean {
  if (link.kind === 'image') return false;
  if (link.url.scheme !== 'http' && link.url.scheme !== 'https') return false;
  if (link.tracking.type === 'opt-out' || link.tracking.type === 'mirror-page') return false;
  const host = link.url.spans.host;
  return host !== undefined && link.url.host !== '' && !link.segments.some((segment) => segment.start < host.end && host.start < segment.end);
}

/** Whether a link's host is one the `hosts` setting names (always, when there is no such setting). */
export function inUtmHosts(link: Link, hosts: readonly string[] | undefined): boolean {
  if (!Array.isArray(hosts) || hosts.length === 0) return true;
  const host = link.url.host.toLowerCase().replace(/:\d*$/, '').replace(/\.$/, '');
  return hosts.some((pattern) => (typeof pattern === 'string' && pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : pattern === host));
}

/** `&amp;` when the query already separates parameters that way (an HTML attribute), else `&`. */
export function parameterSeparator(link: Link): string {
  return link.kind !== 'text-url' && /&amp;/i.test(link.url.query) ? '&amp;' : '&';
}

/**
 * The edit that appends `pairs` (already written `name=value`) to a link's query: after the last
 * parameter, or as a new query before the fragment (or at the end of the URL).
 */
export function appendToQuery(link: Link, pairs: readonly string[]): TextEdit {
  const separator = parameterSeparator(link);
  const query = link.url.spans.query;
  if (query) {
    const queryText = link.url.query;
    const joiner = queryText === '' || queryText.endsWith('&') || /&amp;$/i.test(queryText) ? '' : separator;
    return { start: query.end, end: query.end, newText: `${joiner}${pairs.join(separator)}` };
  }
  const at = urlEnd(link);
  return { start: at, end: at, newText: `?${pairs.join(separator)}` };
}

/** Where the URL's path ends: the `#` of the fragment, or the end of the value without trailing whitespace. */
function urlEnd(link: Link): number {
  const fragment = link.url.spans.fragment;
  if (fragment) return fragment.start - 1;
  const spans = Object.values(link.url.spans).filter((span): span is Span => span !== undefined);
  return Math.max(...spans.map((span) => span.end));
}

/**
 * The range that removes one parameter with the separator before it (`&utm_source=x`,
 * `&amp;utm_source=x`); undefined for the first parameter, which has no separator before it.
 */
export function parameterRemoval(text: string, param: Link['url']['params'][number]): Span | undefined {
  const nameStart = param.nameSpan.start;
  if (text.slice(nameStart - 5, nameStart).toLowerCase() === '&amp;') return { start: nameStart - 5, end: param.valueSpan.end };
  if (text.charAt(nameStart - 1) === '&') return { start: nameStart - 1, end: param.valueSpan.end };
  return undefined;
}

/** Campaign parameters written after the `#`: from the first `utm_` pair to the end of the fragment. */
export interface FragmentUtmTail {
  /** Absolute offset of the `?`/`&` before the first pair, or of the fragment's start when it opens with one. */
  start: number;
  /** The fragment text kept before them. */
  kept: string;
  /** Every `name=value` of the tail as written, `&amp;` prefixes dropped. */
  pairs: { name: string; written: string }[];
}

const FRAGMENT_UTM = /(^|[?&])(?:amp;)?utm_[A-Za-z0-9_]*=/i;

export function fragmentUtmTail(link: Link): FragmentUtmTail | undefined {
  const span = link.url.spans.fragment;
  if (!span) return undefined;
  const fragment = link.url.fragment;
  const found = FRAGMENT_UTM.exec(fragment);
  if (!found) return undefined;
  const tailStart = found.index;
  const pairsText = fragment.slice(tailStart + found[1]!.length);
  const pairs = pairsText.split('&').filter((pair) => pair !== '' && pair.toLowerCase() !== 'amp;').map((pair) => {
    const written = pair.replace(/^amp;/i, '');
    return { name: written.split('=')[0]!, written };
  });
  return { start: span.start + tailStart, kept: fragment.slice(0, tailStart), pairs };
}

/** The names a parameter may have been meant as: the standard ones and those the config requires. */
export function knownUtmNames(settings: UtmSettings | undefined): string[] {
  return [...new Set([...STANDARD_UTM_PARAMETERS, ...requiredUtmParameters(settings).map(([name]) => name)])];
}

/**
 * The known name a parameter was probably meant to be (`utm_campain`, `UTM_Source`, `utm-medium`,
 * `utmsource`), or undefined when it is one, or is not close to any. Ties give every candidate.
 */
export function intendedUtmNames(name: string, known: readonly string[]): string[] {
  if (known.includes(name)) return [];
  const normalized = name.toLowerCase().replace(/[-. ]/g, '_');
  const exact = known.filter((candidate) => candidate.toLowerCase() === normalized);
  if (exact.length) return exact;
  const looksUtm = /^u[a-z]m/.test(normalized) || /^[a-z]tm_/.test(normalized);
  if (!looksUtm || normalized.length < 5) return [];
  let best: string[] = [];
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(normalized, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [[candidate], distance];
    else if (distance === bestDistance) best.push(candidate);
  }
  return bestDistance <= 2 ? best : [];
}
