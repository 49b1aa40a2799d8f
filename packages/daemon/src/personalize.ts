// Personalization by data lookup only: an output segment whose expression is a plain field path
// (optionally wrapped in Campaign's escapeUrl) takes the recipient's value. Nothing is ever
// evaluated; any other segment (code, filters, helpers, unknown fields) stays as written and is
// reported, so a test email shows exactly what could not be filled in.
import { tokenizePersonalization, type Dialect, type Recipient, type Segment } from '@linktrace/core';
import { escapeHtml } from './pages';
import { countWork } from './work-meter';

/**
 * - 'html': the text is HTML; inserted values are HTML-escaped (raw-output segments too: these
 *   pages are served from the daemon's origin, so test data never becomes markup).
 * - 'attribute-url': the text is a URL as written in an HTML attribute; the result is the plain
 *   URL (entities decoded), values inserted as they are unless escapeUrl() asks for encoding.
 */
export type PersonalizeContext = 'html' | 'attribute-url';

export interface PersonalizeResult {
  text: string;
  /** Segments left as written, with offsets into the input text. */
  unresolved: Segment[];
}

/** Root names that stand for the recipient itself in the dialects' field paths. */
const RECIPIENT_ROOTS = new Set(['recipient', 'profile', 'subscriber', 'contact', 'customer', 'user']);
/** Well-known merge tag names and the field they mean. */
const FIELD_ALIASES = new Map([['fname', 'firstName'], ['lname', 'lastName'], ['first_name', 'firstName'], ['last_name', 'lastName']]);

const FIELD_PATH = /^\.?[A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)*$/;
const MAUTIC_FIELD = /^(?:contactfield|leadfield)=([A-Za-z_][\w-]*)$/;

export function personalize(text: string, dialect: Dialect, recipient: Recipient, context: PersonalizeContext = 'html', skip?: (segment: Segment) => boolean): PersonalizeResult {
  const segments = tokenizePersonalization(text, dialect);
  // Work of this call (see work-meter.ts): segments visited here, the rest added by resolve() and
  // literal(); handed over once at the end.
  work += segments.length + 1;
  const parts: string[] = [];
  const unresolved: Segment[] = [];
  let at = 0;
  for (const segment of segments) {
    if (segment.start < at) continue;
    if (skip?.(segment)) continue;
    const lookup = segment.closed && (segment.kind === 'output' || segment.kind === 'raw-output') ? resolve(segment, recipient) : undefined;
    if (lookup === undefined) {
      unresolved.push(segment);
      continue;
    }
    const value = lookup.urlEncode ? encodeURIComponent(lookup.value) : lookup.value;
    work += value.length;
    parts.push(literal(text.slice(at, segment.start), context), context === 'html' ? escapeHtml(value) : value);
    at = segment.end;
  }
  parts.push(literal(text.slice(at), context));
  countWork(work);
  work = 0;
  return { text: parts.join(''), unresolved };
}

/**
 * Work of the call under way (rendering is synchronous and not reentrant), added up here and
 * handed over to the meter once per call: a segment-dense template does a few small steps per
 * segment, each too small to report alone.
 */
let work = 0;

/** Template text between the segments filled in, as it goes into the output (counted as read). */
function literal(part: string, context: PersonalizeContext): string {
  work += part.length;
  return context === 'attribute-url' ? decodeHtmlEntities(part) : part;
}

interface Lookup {
  value: string;
  urlEncode: boolean;
}

/** The recipient's value for a segment, or undefined when the expression is not a known field path. */
export function resolveExpression(segment: Pick<Segment, 'dialect' | 'expression'>, recipient: Recipient): Lookup | undefined {
  const lookup = resolve(segment, recipient);
  countWork(work);
  work = 0;
  return lookup;
}

function resolve(segment: Pick<Segment, 'dialect' | 'expression'>, recipient: Recipient): Lookup | undefined {
  let expression = segment.expression;
  // The escapeUrl( ) check, the field-path test and the split each read the expression once.
  work += expression.length + 1;
  let urlEncode = false;
  const escapeUrlArgument = escapeUrlCallArgument(expression);
  if (escapeUrlArgument !== undefined) {
    expression = escapeUrlArgument;
    urlEncode = true;
  }
  if (segment.dialect === 'mautic') {
    const field = MAUTIC_FIELD.exec(expression);
    if (!field) return undefined;
    expression = field[1]!;
  }
  if (!FIELD_PATH.test(expression)) return undefined;
  const value = lookupPath(expression.replace(/^\./, '').split('.'), recipient);
  return value === undefined ? undefined : { value, urlEncode };
}

/**
 * The argument of `escapeUrl( x )` (trimmed), when that is the whole expression and the argument
 * has no parentheses. Index arithmetic: the regex `/^escapeUrl\(\s*([^()]*?)\s*\)$/` backtracks
 * cubically on a long run of spaces, and it runs at prepare, on every view and on every click.
 */
function escapeUrlCallArgument(expression: string): string | undefined {
  const open = 'escapeUrl(';
  if (!expression.startsWith(open) || !expression.endsWith(')') || expression.length < open.length + 1) return undefined;
  const argument = expression.slice(open.length, -1);
  if (argument.includes('(') || argument.includes(')')) return undefined;
  return argument.trim();
}

function lookupPath(path: string[], recipient: Recipient): string | undefined {
  const record: Record<string, unknown> = { ...recipient.fields };
  work += path.length;
  const withoutRoot = path.length > 1 && RECIPIENT_ROOTS.has(path[0]!.toLowerCase()) ? path.slice(1) : path;
  const candidates = [withoutRoot, path];
  for (const candidate of candidates) {
    const found = scalar(walk(record, candidate));
    if (found !== undefined) return found;
  }
  // Platforms nest fields differently ({{profile.person.name.firstName}}, .Subscriber.Attribs.x):
  // fall back to the last part of the path among the top-level fields.
  const last = path[path.length - 1]!;
  const byLast = scalar(findKey(record, last)) ?? scalar(findKey(record, FIELD_ALIASES.get(last.toLowerCase()) ?? ''));
  if (byLast !== undefined) return byLast;
  if (last.toLowerCase() === 'email') return recipient.email;
  if (last.toLowerCase() === 'id' && withoutRoot.length === 1) return recipient.id;
  return undefined;
}

function walk(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const part of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = findKey(current as Record<string, unknown>, part);
  }
  return current;
}

/** Own property by exact name, else by case-insensitive name (merge tags are upper case). */
function findKey(record: Record<string, unknown>, name: string): unknown {
  if (name === '') return undefined;
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) {
    work++;
    if (key.toLowerCase() === lower) return record[key];
  }
  return undefined;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

const NAMED_ENTITIES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00a0']]);

/** Decodes the character references a URL attribute may contain (unknown names stay as written). */
export function decodeHtmlEntities(value: string): string {
  return value.replace(/&(?:#(\d{1,7});?|#[xX]([0-9a-fA-F]{1,6});?|([A-Za-z]{2,6});)/g, (whole, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES.get(name) ?? whole;
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
