// The link model: one pass of htmlparser2's tokenizer over the template (personalization masked
// out), collecting every URL-bearing attribute with exact offsets, link text, conditional
// comment context and tracking type.
import { Tokenizer } from 'htmlparser2';
import { isWholeMessage, messageKindOf, type MessageKindFacts } from './message';
import { MJML_TEXT_COLLECTING, MJML_URL_ATTRIBUTES, isMjmlElement, readMjmlHead, type MjmlHead } from './mjml';
import { maskSegments, scanPersonalization } from './personalization';
import { detectPlatform, type PlatformChoice } from './platforms/detect';
import { builtinUrl, PLATFORMS_BY_ID, type MessageKind, type PlatformProfile } from './platforms/index';
import { readPragmas } from './pragmas';
import { LineIndex } from './position';
import { readTracking } from './tracking';
import { splitUrl } from './url';
import { countWork, countedIndexOf } from './work-meter';
import { KnownWords } from './known-words';
import type { Attribute, Dialect, Link, LinkKind, MessageSettings, ParseOptions, Position, Pragmas, Segment, Span, Template, Tracking, UnparsedRegion, UrlParts } from './types';

/** Tags with URL attributes, and what each attribute's URL is, in the order a tag may carry them. */
const URL_ATTRIBUTE: ReadonlyMap<string, readonly { attribute: string; kind: LinkKind }[]> = new Map([
  ['a', [{ attribute: 'href', kind: 'link' }]],
  ['area', [{ attribute: 'href', kind: 'link' }]],
  ['v:roundrect', [{ attribute: 'href', kind: 'link' }]],
  ['v:rect', [{ attribute: 'href', kind: 'link' }]],
  ['v:oval', [{ attribute: 'href', kind: 'link' }]],
  ['v:shape', [{ attribute: 'href', kind: 'link' }]],
  ['button', [{ attribute: 'href', kind: 'link' }]], // Inky
  ['img', [{ attribute: 'src', kind: 'image' }]],
  ...MJML_URL_ATTRIBUTES,
]);

/** Attribute names of link tags written on nearly every link, shared rather than sliced (lower-case as written: any other case is sliced). */
const COMMON_ATTRIBUTE_NAMES = new KnownWords([
  'href', 'src', 'style', 'class', 'id', 'target', 'title', 'alt', 'width', 'height', 'border', 'rel', 'name', 'align',
  'data-tracking', 'data-label', '_label', '_type', 'data-nl-type', 'arcsize', 'strokecolor', 'fillcolor', 'stroke', 'fill',
]);

/** Elements whose text content is the link text. */
const TEXT_COLLECTING = new Set(['a', 'button', 'v:roundrect', 'v:rect', 'v:oval', 'v:shape', ...MJML_TEXT_COLLECTING]);

export function findLinks(text: string, options: ParseOptions = {}): Link[] {
  return parseTemplate(text, options).links;
}

/** Parses a template once: dialect, settings, pragmas, personalization segments and links. */
export function parseTemplate(text: string, options: ParseOptions = {}): Template {
  return parseTemplateWith(text, options, { scanHtml });
}

/** How a parse reads the links of its (masked) HTML: `scanHtml`, or incremental/'s re-use of an earlier scan. */
export type HtmlScan = (text: string, masked: string, unparsed: UnparsedRegion[]) => RawLink[];

/** What a link's model depends on beyond its raw link, its segments and whether it is in a loop. */
export interface LinkContext {
  settings: MessageSettings;
  platform: PlatformProfile;
  mjmlHead: MjmlHead | undefined;
  positionAt(offset: number): Position;
}

/**
 * incremental/'s way to re-use the links of the previous version: given this parse's context, a
 * function that returns the link for a raw link (with the id, segments and loop state it has in
 * this version) when it can build it from the previous one, else undefined.
 */
export type LinkReuse = (context: LinkContext) => ((rawLink: RawLink, id: string, inside: Segment[], inLoop: boolean) => Link | undefined) | undefined;

/** The steps of a parse that incremental/ does its own way, re-using the previous version's. */
export interface ParseSteps {
  scanHtml: HtmlScan;
  reuseLinks?: LinkReuse;
  detectPlatform?: (text: string, dialect: Dialect) => PlatformChoice;
}

/** `parseTemplate` with some of its steps given: what the incremental re-parse changes. */
export function parseTemplateWith(text: string, options: ParseOptions, steps: ParseSteps): Template {
  const lines = new LineIndex(text);
  const pragmas = readPragmas(text, lines);
  const chosenPlatform = choosePlatform(options, pragmas);
  const requested = options.dialect && options.dialect !== 'auto' ? options.dialect : undefined;
  const unparsed: UnparsedRegion[] = [];
  const scanned = scanPersonalization(text, requested ?? pragmas.dialect, MAX_UNCLOSED_SEGMENTS);
  const { dialect, segments } = scanned;
  if (scanned.firstUnclosedLeftOut !== undefined) {
    unparsed.push({ span: { start: scanned.firstUnclosedLeftOut, end: scanned.firstUnclosedLeftOut }, reason: 'unclosed-delimiters' });
  }
  const { platform, reason: platformReason } = chosenPlatform ?? (steps.detectPlatform ?? detectPlatform)(text, dialect);
  const tracks = platform.tracking !== 'none';
  const settings: MessageSettings = { opens: tracks, clicks: tracks, ...options.settings, ...pragmas.settings };
  const format = options.format ?? 'html';
  const found: RawLink[] = format === 'text' ? scanText(text, segments) : steps.scanHtml(text, maskSegments(text, segments), unparsed);
  const inLoop = spanLookup(loopSpans(segments));

  const mjmlHead = found.some((rawLink) => isMjmlElement(rawLink.tag)) ? readMjmlHead(text) : undefined;
  const links: Link[] = [];
  let kind: MessageKindFacts | undefined;
  let segmentCursor = 0;
  const positionAt = (offset: number): Position => lines.positionAt(offset);
  const reuse = steps.reuseLinks?.({ settings, platform, mjmlHead, positionAt });
  for (const rawLink of found) {
    const cursorBefore = segmentCursor;
    while (segmentCursor < segments.length && segments[segmentCursor]!.end <= rawLink.valueSpan.start) segmentCursor++;
    let inside = NO_SEGMENTS;
    let i = segmentCursor;
    for (; i < segments.length && segments[i]!.start < rawLink.valueSpan.end; i++) {
      if (segments[i]!.start < rawLink.valueSpan.start) continue;
      if (inside === NO_SEGMENTS) inside = [];
      inside.push(segments[i]!);
    }
    const reused = reuse?.(rawLink, `L${links.length + 1}`, inside, inLoop(rawLink.valueSpan.start));
    if (reused) {
      links.push(reused);
      continue;
    }
    // The URL attribute's value is this very slice: one string for both.
    const urlAttribute = rawLink.urlAttribute;
    const raw = urlAttribute !== undefined && urlAttribute.valueSpan === rawLink.valueSpan ? urlAttribute.value : text.slice(rawLink.valueSpan.start, rawLink.valueSpan.end);
    countWork(1 + (segmentCursor - cursorBefore) + (i - segmentCursor) + raw.length);
    const url = splitUrl(raw, rawLink.valueSpan.start, inside);
    const link = new ParsedLink(`L${links.length + 1}`, rawLink, raw, url, inside, inLoop(rawLink.valueSpan.start), positionAt);
    link.tracking = readTracking(link, settings, platform, mjmlHead);
    links.push(link);
  }
  return {
    text, format, dialect, settings, pragmas, segments, links, unparsed,
    platform, platformReason,
    // Read from the message's words only when a rule or a view asks: most checks never need it.
    get messageKind() {
      return (kind ??= messageKindOf(text, platform, chosenMessageKind(options, pragmas))).kind;
    },
    get messageKindReason() {
      return (kind ??= messageKindOf(text, platform, chosenMessageKind(options, pragmas))).reason;
    },
    wholeMessage: isWholeMessage(text, format, segments),
    positionAt,
  };
}

/** The segments of a link without personalization, shared: most links of most templates have none. */
const NO_SEGMENTS = Object.freeze([]) as readonly Segment[] as Segment[];

/** Stands for a link's tracking until readTracking, which reads the link itself, has set it. */
const TRACKING_NOT_READ: Tracking = Object.freeze({ type: 'never', source: 'untrackable' });

/**
 * A link as parsed. Its line and column are looked up when first read: only messages, views and
 * the CLI's listings name lines, and two line searches and two objects per link were a good part
 * of a link-dense parse. Fields are declared in the order Link lists them (the order toJSON keeps).
 */
export class ParsedLink implements Link {
  readonly id: string;
  readonly kind: LinkKind;
  readonly tag: string;
  readonly attribute: string;
  readonly raw: string;
  readonly valueSpan: Span;
  readonly quote: '"' | "'" | '';
  readonly tagSpan: Span;
  readonly attributes: Attribute[];
  readonly urlAttribute: Attribute | undefined;
  readonly url: UrlParts;
  readonly segments: Segment[];
  readonly text: string;
  readonly inConditionalComment: boolean;
  readonly inLoop: boolean;
  tracking: Tracking = TRACKING_NOT_READ;
  readonly #positionAt: (offset: number) => Position;
  #start: Position | undefined;
  #end: Position | undefined;

  constructor(id: string, rawLink: RawLink, raw: string, url: UrlParts, segments: Segment[], inLoop: boolean, positionAt: (offset: number) => Position) {
    this.id = id;
    this.kind = rawLink.kind;
    this.tag = rawLink.tag;
    this.attribute = rawLink.urlAttribute?.name ?? '';
    this.raw = raw;
    this.valueSpan = rawLink.valueSpan;
    this.quote = rawLink.urlAttribute?.quote ?? '';
    this.tagSpan = rawLink.tagSpan;
    this.attributes = rawLink.attributes;
    this.urlAttribute = rawLink.urlAttribute;
    this.url = url;
    this.segments = segments;
    this.text = rawLink.text;
    this.inConditionalComment = rawLink.inConditionalComment;
    this.inLoop = inLoop;
    this.#positionAt = positionAt;
  }

  get start(): Position {
    return (this.#start ??= this.#positionAt(this.valueSpan.start));
  }

  get end(): Position {
    return (this.#end ??= this.#positionAt(this.valueSpan.end));
  }

  /** The plain object a link was before its positions became lazy, keys in the same order. */
  toJSON(): Link {
    return {
      id: this.id, kind: this.kind, tag: this.tag, attribute: this.attribute, raw: this.raw, valueSpan: this.valueSpan, quote: this.quote,
      start: this.start, end: this.end, tagSpan: this.tagSpan, attributes: this.attributes, urlAttribute: this.urlAttribute, url: this.url,
      segments: this.segments, text: this.text, inConditionalComment: this.inConditionalComment, inLoop: this.inLoop, tracking: this.tracking,
    };
  }
}

/** The platform named by the template's pragma or else the options; undefined means detect it. */
function choosePlatform(options: ParseOptions, pragmas: Pragmas): PlatformChoice | undefined {
  if (pragmas.platform) return { platform: PLATFORMS_BY_ID.get(pragmas.platform)!, reason: 'set by <!-- linktrace platform=... --> in the template' };
  const configured = options.platform && options.platform !== 'auto' ? PLATFORMS_BY_ID.get(options.platform) : undefined;
  return configured && { platform: configured, reason: 'set in the configuration' };
}


function chosenMessageKind(options: ParseOptions, pragmas: Pragmas): { kind: MessageKind; reason: string } | undefined {
  if (pragmas.messageKind) return { kind: pragmas.messageKind, reason: 'set by <!-- linktrace messageKind=... --> in the template' };
  return options.messageKind && options.messageKind !== 'auto' ? { kind: options.messageKind, reason: 'set in the configuration' } : undefined;
}

export interface RawLink {
  kind: LinkKind;
  tag: string;
  tagSpan: Span;
  attributes: Attribute[];
  urlAttribute?: Attribute;
  valueSpan: Span;
  text: string;
  inConditionalComment: boolean;
}

/**
 * Conditional comments nested deeper than this are left unparsed and reported: each level
 * tokenizes its inside again, so the depth bounds the work at a few passes over the text.
 */
export const MAX_CONDITIONAL_COMMENT_DEPTH = 4;

/**
 * Link elements (`<a>`, VML shapes, `<button>`) left open inside each other past this many get no
 * link text: every text part goes into each open link, so the depth bounds that work per part.
 */
export const MAX_OPEN_LINK_ELEMENTS = 32;

/**
 * Unclosed delimiters read past this many are left as text: each is a finding already, a template
 * with thousands is not one a person wrote, and reading them all costs far more than the HTML.
 * The personalization scan skips them without building them (see KeptSegments).
 */
export const MAX_UNCLOSED_SEGMENTS = 200;

interface Fragment {
  from: number;
  to: number;
  /** How many conditional comments enclose it. */
  depth: number;
}

/**
 * Told of each clean point of a top-level scan: just after a close tag's `>` outside conditional
 * comments with no link element open, where the tokenizer is in plain text and the scan holds
 * nothing the rest of the text depends on. Returning true stops the scan there (incremental/).
 */
export type CleanPointProbe = (offset: number) => boolean;

/**
 * Tokenizes (masked) HTML and returns URL attributes in document order; from `from` (a clean
 * point, or 0) when given, stopping where `probe` says.
 */
export function scanHtml(text: string, masked: string, unparsed: UnparsedRegion[], from = 0, probe?: CleanPointProbe): RawLink[] {
  const links: RawLink[] = [];
  // A work list, not recursion: a template can nest conditional comments as deep as it likes.
  const fragments: Fragment[] = [{ from, to: masked.length, depth: 0 }];
  for (let fragment = fragments.pop(); fragment; fragment = fragments.pop()) {
    if (fragment.depth > MAX_CONDITIONAL_COMMENT_DEPTH) {
      unparsed.push({ span: { start: fragment.from, end: fragment.to }, reason: 'conditional-comment-depth' });
      continue;
    }
    scanFragment(text, masked, fragment.from, fragment.to, fragment.depth, links, fragments, unparsed, fragment.depth === 0 ? probe : undefined);
  }
  // Fragments inside conditional comments were scanned after their surroundings.
  if (links.length > 1 && masked.includes('[if')) links.sort((a, b) => a.tagSpan.start - b.tagSpan.start);
  return links;
}

function scanFragment(text: string, masked: string, from: number, to: number, depth: number, links: RawLink[], fragments: Fragment[], unparsed: UnparsedRegion[], probe?: CleanPointProbe): void {
  const inConditionalComment = depth > 0;
  const source = from === 0 && to === masked.length ? masked : masked.slice(from, to);
  countWork(source.length);
  let tagName = '';
  let tagStart = 0;
  let attributes: Attribute[] = [];
  let attributeName = '';
  let attributeNameSpan: Span = { start: 0, end: 0 };
  /** Text parts of the fragment in order; open link elements remember where theirs begin, so a
   * text part costs O(1) however many links are left open (unclosed `<a>` tags are common). */
  const textParts: string[] = [];
  const collecting: { link: RawLink; firstPart: number }[] = [];
  /** Where each tag name's open elements sit in `collecting`, innermost last: a close tag finds
   * its element without walking past every other open one. */
  const openByTag = new Map<string, number[]>();
  let linkDepthReached = false;
  const close = (open: { link: RawLink; firstPart: number }): void => {
    open.link.text = linkText(textParts, open.firstPart);
  };
  /** Closes `collecting[index]` and everything opened after it. */
  const closeFrom = (index: number): void => {
    for (const closed of collecting.splice(index)) {
      openByTag.get(closed.link.tag)!.pop();
      close(closed);
    }
  };

  const finishTag = (endIndex: number): void => {
    const specs = URL_ATTRIBUTE.get(tagName);
    if (!specs) return;
    const tagSpan = { start: tagStart, end: from + endIndex + 1 };
    // One link per URL attribute (`<mj-image src href>`), in the order written so links stay in document order.
    // Pushed straight onto `links` (no array per tag): this tag's links are those from `firstOfTag` on.
    const firstOfTag = links.length;
    let link: RawLink | undefined;
    for (const attribute of attributes) {
      const spec = specFor(specs, attribute.name);
      if (!spec || hasLinkFor(links, firstOfTag, attribute.name)) continue;
      const found: RawLink = { kind: spec.kind, tag: tagName, tagSpan, attributes, urlAttribute: attribute, valueSpan: attribute.valueSpan, text: '', inConditionalComment };
      links.push(found);
      if (!link && found.kind === 'link') link = found;
    }
    if (!link || !TEXT_COLLECTING.has(tagName)) return;
    // An <a> start tag ends any open <a> (anchors cannot nest), as browsers parse it.
    if (tagName === 'a') {
      const open = openByTag.get('a')?.[0];
      if (open !== undefined) closeFrom(open);
    }
    if (collecting.length >= MAX_OPEN_LINK_ELEMENTS) {
      // Each text part is collected into every open link: past this depth, the new one gets none.
      if (!linkDepthReached) unparsed.push({ span: { start: tagStart, end: tagStart }, reason: 'link-nesting-depth' });
      linkDepthReached = true;
      return;
    }
    let open = openByTag.get(tagName);
    if (!open) openByTag.set(tagName, (open = []));
    open.push(collecting.length);
    collecting.push({ link, firstPart: textParts.length });
  };

  const tokenizer = new Tokenizer({ decodeEntities: false }, {
    onopentagname(start, end) {
      // Only link-bearing tags need their name and attributes: skipping the rest (td, table,
      // span...) saves a slice per tag and per attribute, most of the parse's own work.
      tagName = mayBeUrlTag(source, start, end) ? source.slice(start, end).toLowerCase() : '';
      tagStart = from + start - 1;
      if (tagName !== '') attributes = [];
    },
    onattribname(start, end) {
      if (tagName === '') return;
      attributeName = COMMON_ATTRIBUTE_NAMES.at(source, start, end) ?? source.slice(start, end).toLowerCase();
      attributeNameSpan = { start: from + start, end: from + end };
    },
    onattribdata() {},
    onattribentity() {},
    onattribend() {
      if (tagName === '') return;
      attributes.push(readAttribute(text, masked, attributeName, attributeNameSpan, to));
    },
    onopentagend(endIndex) {
      if (tagName !== '') finishTag(endIndex);
    },
    onselfclosingtag(endIndex) {
      if (tagName === '') return;
      finishTag(endIndex);
      if (collecting.length && collecting[collecting.length - 1]!.link.tagSpan.end === from + endIndex + 1) {
        openByTag.get(collecting.pop()!.link.tag)!.pop(); // `<v:roundrect ... />` has no text
      }
    },
    onclosetag(start, end) {
      if (collecting.length > 0) {
        const open = openByTag.get(source.slice(start, end).toLowerCase());
        if (open?.length) closeFrom(open[open.length - 1]!);
      }
      if (probe && collecting.length === 0 && source.charCodeAt(end) === 0x3e /* > */ && probe(from + end + 1)) tokenizer.pause();
    },
    ontext(start, end) {
      // A close tag left open at the end (`</x y`) makes htmlparser2 report the rest from index -1:
      // a tag cut off by the end of the file is no text (as in browsers), wherever the scan began.
      if (collecting.length === 0 || start < 0) return;
      textParts.push(text.slice(from + start, from + end));
    },
    ontextentity() {},
    oncomment(start, end, offset) {
      const contentStart = from + start;
      const contentEnd = from + end - offset;
      // Outlook conditional comments hold real markup (VML buttons): parse their inside too.
      if (masked.startsWith('[if', contentStart)) {
        const markupStart = indexOfWithin(masked, ']>', contentStart, contentEnd);
        if (markupStart !== -1) fragments.push({ from: markupStart + 2, to: contentEnd, depth: depth + 1 });
      }
    },
    oncdata() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {
      for (const open of collecting) close(open);
    },
  });
  tokenizer.write(source);
  tokenizer.end();
}

/** The spec of the URL attribute `name` of a tag (loops, not find/some: asked for every attribute of every link tag). */
function specFor(specs: readonly { attribute: string; kind: LinkKind }[], name: string): { attribute: string; kind: LinkKind } | undefined {
  for (const spec of specs) if (spec.attribute === name) return spec;
  return undefined;
}

/** Whether a link was made already from an attribute `name` of this tag, its links being `links` from `first` on (HTML keeps the first). */
function hasLinkFor(links: readonly RawLink[], first: number, name: string): boolean {
  for (let i = first; i < links.length; i++) if (links[i]!.urlAttribute!.name === name) return true;
  return false;
}

/** `text.indexOf(needle, from)` that gives up at `end` instead of scanning on to the end of the text. */
function indexOfWithin(text: string, needle: string, from: number, end: number): number {
  const first = needle.charCodeAt(0);
  for (let at = from; at + needle.length <= end; at++) {
    if (text.charCodeAt(at) === first && text.startsWith(needle, at)) {
      countWork(at - from + 1);
      return at;
    }
  }
  countWork(end - from + 1);
  return -1;
}

/** Lengths and first letters of the tag names in URL_ATTRIBUTE as bit sets, for a check before any slice. */
const URL_TAG_LENGTHS = [...URL_ATTRIBUTE.keys()].reduce((bits, name) => bits | (1 << name.length), 0);
const URL_TAG_FIRST_LETTERS = [...URL_ATTRIBUTE.keys()].reduce((bits, name) => bits | (1 << (name.charCodeAt(0) - 0x61)), 0);

function mayBeUrlTag(source: string, start: number, end: number): boolean {
  const length = end - start;
  if (length > 30 || (URL_TAG_LENGTHS & (1 << length)) === 0) return false;
  const letter = (source.charCodeAt(start) | 0x20) - 0x61;
  return letter >= 0 && letter < 26 && (URL_TAG_FIRST_LETTERS & (1 << letter)) !== 0;
}

/** Link text is for reading (labels, "view online" detection): a bounded prefix is enough, and
 * bounding it keeps links left open to the end of a large file linear. */
const MAX_LINK_TEXT = 2000;

function linkText(parts: readonly string[], first: number): string {
  let joined = '';
  for (let i = first; i < parts.length && joined.length < MAX_LINK_TEXT; i++) joined += (i > first ? ' ' : '') + parts[i];
  countWork(1 + joined.length);
  return collapseText(joined.slice(0, MAX_LINK_TEXT));
}

/**
 * Reads one attribute's value span from the masked text, after its name, never past `end`, the end
 * of the fragment the tokenizer read (a conditional comment's inside ends there for it too).
 */
function readAttribute(text: string, masked: string, name: string, nameSpan: Span, end: number): Attribute {
  const attribute = readAttributeAt(text, masked, name, nameSpan, end);
  countWork(1 + attribute.valueSpan.end - nameSpan.end);
  return attribute;
}

function readAttributeAt(text: string, masked: string, name: string, nameSpan: Span, end: number): Attribute {
  let at = nameSpan.end;
  while (at < end && isSpace(masked.charCodeAt(at))) at++;
  if (at >= end || masked.charAt(at) !== '=') {
    return { name, nameSpan, value: '', valueSpan: { start: nameSpan.end, end: nameSpan.end }, quote: '', spacedEquals: false, hasValue: false };
  }
  const spacedBefore = at > nameSpan.end;
  at++;
  const afterEquals = at;
  while (at < end && isSpace(masked.charCodeAt(at))) at++;
  const spacedEquals = spacedBefore || at > afterEquals;
  const quoteChar = at < end ? masked.charAt(at) : '';
  if (quoteChar === '"' || quoteChar === "'") {
    // The native search where the fragment runs to the end of the text (the top level, nearly every
    // attribute): the loop only where it must stop early, inside a conditional comment.
    const close = end === masked.length ? countedIndexOf(masked, quoteChar, at + 1) : indexOfWithin(masked, quoteChar, at + 1, end);
    const valueEnd = close === -1 ? end : close;
    return { name, nameSpan, value: text.slice(at + 1, valueEnd), valueSpan: { start: at + 1, end: valueEnd }, quote: quoteChar, spacedEquals, hasValue: true };
  }
  let valueEnd = at;
  while (valueEnd < end && !isSpace(masked.charCodeAt(valueEnd)) && masked.charAt(valueEnd) !== '>') valueEnd++;
  return { name, nameSpan, value: text.slice(at, valueEnd), valueSpan: { start: at, end: valueEnd }, quote: '', spacedEquals, hasValue: true };
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
}

function collapseText(text: string): string {
  if (isCollapsed(text)) return text; // most link text: no entity, no comment, single spaces
  return withoutComments(text
    .replace(/&nbsp;|&#160;|&#xa0;/gi, ' ')
    .replace(/&amp;/gi, '&'))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether collapseText would return `text` as it is: no `&`, no `<`, whitespace only as single inner spaces. */
function isCollapsed(text: string): boolean {
  const last = text.length - 1;
  for (let at = 0; at <= last; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x26 /* & */ || code === 0x3c /* < */) return false;
    if (isRegexWhitespace(code) && (code !== 0x20 || at === 0 || at === last || text.charCodeAt(at - 1) === 0x20)) return false;
  }
  return true;
}

/** `text.replace(/<!--[^]*?-->/g, '')` without its search for `-->` from every unclosed `<!--`. */
function withoutComments(text: string): string {
  let open = countedIndexOf(text, '<!--', 0);
  if (open === -1) return text;
  const parts: string[] = [];
  let at = 0;
  while (open !== -1) {
    const close = countedIndexOf(text, '-->', open + 4);
    if (close === -1) break; // no later comment closes either
    parts.push(text.slice(at, open));
    at = close + 3;
    open = countedIndexOf(text, '<!--', at);
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * URLs in a plain-text email part, as `/(?:\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/|\bwww\.)[^\s<>()[\]{}"']+/g`
 * would match them, trailing punctuation dropped. Written as a loop: that regex rescans a long
 * `a.a.a.a` run from every letter after a dot, which is quadratic. Personalization is masked.
 */
function findTextUrls(masked: string): Span[] {
  const spans: Span[] = [];
  countWork(masked.length);
  // End of the run of scheme characters around `at`, computed once per run.
  let schemeRunEnd = -1;
  let at = 0;
  while (at < masked.length) {
    const code = masked.charCodeAt(at);
    if (!isLetter(code) || (at > 0 && isWordCharacter(masked.charCodeAt(at - 1)))) {
      at++;
      continue;
    }
    if (schemeRunEnd <= at) {
      schemeRunEnd = at + 1;
      while (schemeRunEnd < masked.length && isSchemeCharacter(masked.charCodeAt(schemeRunEnd))) schemeRunEnd++;
      countWork(schemeRunEnd - at);
    }
    // The regex's alternatives in its order: `scheme://` then `www.`, each needing a non-empty body.
    let bodyEnd = masked.startsWith('://', schemeRunEnd) ? textUrlBodyEnd(masked, schemeRunEnd + 3) : -1;
    if (bodyEnd === -1 && masked.startsWith('www.', at)) bodyEnd = textUrlBodyEnd(masked, at + 4);
    if (bodyEnd === -1) {
      at++;
      continue;
    }
    let end = bodyEnd;
    while (isTrailingPunctuation(masked.charCodeAt(end - 1))) end--;
    spans.push({ start: at, end });
    at = bodyEnd;
  }
  return spans;
}

/** Where the URL body starting at `start` ends; -1 when it would be empty. */
function textUrlBodyEnd(masked: string, start: number): number {
  let end = start;
  while (end < masked.length && isTextUrlCharacter(masked.charCodeAt(end))) end++;
  countWork(1 + end - start);
  return end === start ? -1 : end;
}

function isLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

function isWordCharacter(code: number): boolean {
  return isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x5f;
}

function isSchemeCharacter(code: number): boolean {
  return isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2e || code === 0x2d;
}

/** Anything but whitespace and `<>()[]{}"'`. */
function isTextUrlCharacter(code: number): boolean {
  return !isRegexWhitespace(code) && code !== 0x3c && code !== 0x3e && code !== 0x28 && code !== 0x29
    && code !== 0x5b && code !== 0x5d && code !== 0x7b && code !== 0x7d && code !== 0x22 && code !== 0x27;
}

/** What `\s` matches. */
function isRegexWhitespace(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
    || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** `.,;:!?` */
function isTrailingPunctuation(code: number): boolean {
  return code === 0x2e || code === 0x2c || code === 0x3b || code === 0x3a || code === 0x21 || code === 0x3f;
}

function scanText(text: string, segments: readonly Segment[]): RawLink[] {
  const masked = maskSegments(text, segments);
  const links: RawLink[] = [];
  const add = (start: number, end: number): void => {
    links.push({ kind: 'text-url', tag: '#text', tagSpan: { start, end }, attributes: [], valueSpan: { start, end }, text: '', inConditionalComment: false });
  };
  const urlSpans = findTextUrls(masked);
  // A segment standing alone as a URL (`*|UNSUB|*`, `<%@ include view='MirrorPageUrl' %>`) is a link too.
  // URL spans do not overlap and both lists are in order: one cursor walks the spans.
  let spanCursor = 0;
  const segmentLinks = segments.filter((segment) => {
    while (spanCursor < urlSpans.length && urlSpans[spanCursor]!.end < segment.end) spanCursor++;
    const span = urlSpans[spanCursor];
    return isStandaloneUrlSegment(segment) && !(span && span.start <= segment.start && segment.end <= span.end);
  });
  const all = [...urlSpans, ...segmentLinks.map((segment) => ({ start: segment.start, end: segment.end }))].sort((a, b) => a.start - b.start);
  for (const span of all) add(span.start, span.end);
  return links;
}

function isStandaloneUrlSegment(segment: Segment): boolean {
  const meaning = builtinUrl(segment.expression)?.meaning;
  return meaning === 'mirror-page' || meaning === 'opt-out';
}

/**
 * Whether an offset lies in one of `spans` (in any order, possibly nested), by binary search over
 * the starts with the furthest end so far: a template with a loop per link stays linear.
 */
function spanLookup(spans: Span[]): (offset: number) => boolean {
  if (spans.length === 0) return () => false;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let furthest = -Infinity;
  const furthestEnds = sorted.map((span) => (furthest = Math.max(furthest, span.end)));
  return (offset) => {
    let low = 0;
    let high = sorted.length; // first span starting after offset
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]!.start <= offset) low = middle + 1;
      else high = middle;
    }
    return low > 0 && furthestEnds[low - 1]! > offset;
  };
}

/** Spans of template loops (`<% for ... { %> ... <% } %>`, `{% for %}`, `{{#each}}`, `{{ range }}`). */
function loopSpans(segments: readonly Segment[]): Span[] {
  const spans: Span[] = [];
  const blockStack: { start: number; loop: boolean }[] = [];
  let braceDepth = 0;
  const braceLoops: { start: number; depth: number }[] = [];
  for (const segment of segments) {
    countWork(1);
    if (segment.kind !== 'code') continue;
    const expression = segment.expression;
    countWork(expression.length);
    if (segment.dialect === 'campaign') {
      const isLoop = /\b(?:for|while|forEach)\b|\.each\(/.test(expression);
      const opens = count(expression, '{');
      const closes = count(expression, '}');
      if (isLoop && opens > closes) braceLoops.push({ start: segment.start, depth: braceDepth });
      braceDepth += opens - closes;
      while (braceLoops.length && braceDepth <= braceLoops[braceLoops.length - 1]!.depth) {
        spans.push({ start: braceLoops.pop()!.start, end: segment.end });
      }
      continue;
    }
    const opening = /^(?:#(\w+)|(for|range|if|with|unless|capture|case|block|macro|each)\b)/.exec(expression);
    const closing = /^(?:\/(\w+)|(end\w*)\b)/.exec(expression);
    if (closing) {
      const open = blockStack.pop();
      if (open?.loop) spans.push({ start: open.start, end: segment.end });
    } else if (opening) {
      const word = opening[1] ?? opening[2]!;
      blockStack.push({ start: segment.start, loop: word === 'each' || word === 'for' || word === 'range' });
    }
  }
  for (const open of braceLoops) spans.push({ start: open.start, end: Number.MAX_SAFE_INTEGER });
  return spans;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}
