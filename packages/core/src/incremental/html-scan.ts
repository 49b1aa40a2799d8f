// The HTML scan of one document across its versions: after an edit only the stretch of markup
// between the last clean point before the change and the first clean point after it, where the
// old scan was clean too, is tokenized again; links before it are kept and links after it are
// shifted. A clean point (see CleanPointProbe in links.ts) is just after a top-level close tag's
// `>` with no link element open: the tokenizer is in plain text, outside any tag, comment,
// conditional comment or masked personalization, and the scan holds nothing that later text
// depends on. The scan state there depends only on the masked text before it, so from a clean
// point where the masked text after it is also unchanged, the old scan's links are the new ones.
import { scanHtml, type HtmlScan, type RawLink } from '../links';
import type { Attribute, Span, UnparsedRegion } from '../types';

/** What one version's scan leaves for the next. */
interface ScanState {
  /** The text, whose slices are the links' values and texts. */
  text: string;
  /** The masked text it read (personalization masked: a change of segmentation shows here too). */
  masked: string;
  links: RawLink[];
  /** Regions the scan itself did not follow (conditional comments too deep, links nested too deep). */
  unparsed: UnparsedRegion[];
  /** Clean points, ascending. */
  cleanPoints: number[];
}

/** The work of the last scan. */
export interface ScanWork {
  /** Masked characters tokenized. */
  reparsedBytes: number;
  documentBytes: number;
  /** Why the whole text was scanned, when it was; undefined for an incremental scan. */
  fullScanReason?: 'first' | 'parse-limit';
}

/** Where a raw link of this version comes from: the previous version's, `delta` later. */
export interface RawLinkOrigin {
  old: RawLink;
  delta: number;
}

export class IncrementalHtmlScan {
  private state: ScanState | undefined;
  private work: ScanWork = { reparsedBytes: 0, documentBytes: 0 };
  /** Raw links of the last scan that are the previous scan's (kept, or moved): not tokenized again. */
  private origins = new Map<RawLink, RawLinkOrigin>();

  /** For `parseTemplateWith`: scans a version of the document, re-using the previous version's scan. */
  readonly scan: HtmlScan = (text, masked, unparsed) => this.run(text, masked, unparsed);

  get lastWork(): ScanWork {
    return this.work;
  }

  /** The raw links of the last scan, in order. */
  get lastLinks(): readonly RawLink[] {
    return this.state?.links ?? [];
  }

  /** The previous version's raw link `rawLink` (of the last scan) was copied from, when it was. */
  originOf(rawLink: RawLink): RawLinkOrigin | undefined {
    return this.origins.get(rawLink);
  }

  /** Forgets the previous version: the next scan reads the whole text. */
  reset(): void {
    this.state = undefined;
    this.origins = new Map();
  }

  private run(text: string, masked: string, unparsed: UnparsedRegion[]): RawLink[] {
    const previous = this.state;
    if (!previous) return this.scanWhole(text, masked, unparsed, 'first');
    // A parse limit (links or conditional comments nested past the parser's limits) is reached once
    // per scan and where it lands depends on the whole scan before it, a state a clean point does
    // not capture: a text that reaches one, before or after the edit, is always scanned whole.
    if (previous.unparsed.length > 0) return this.scanWhole(text, masked, unparsed, 'parse-limit');
    // The change: where the text or its masking differs (an edit inside personalization may leave
    // the masked text as it was, a new delimiter may change the masking far from the edit).
    const maskedEnds = commonEnds(previous.masked, masked);
    const textEnds = commonEnds(previous.text, text);
    const prefix = Math.min(maskedEnds.prefix, textEnds.prefix);
    const suffix = Math.min(maskedEnds.suffix, textEnds.suffix);
    const delta = masked.length - previous.masked.length;
    const changeEnd = masked.length - suffix;
    // The last clean point with only unchanged text before it: the scan state there is the old one.
    const kept = upperBound(previous.cleanPoints, prefix);
    const from = kept > 0 ? previous.cleanPoints[kept - 1]! : 0;
    const cleanPoints = previous.cleanPoints.slice(0, kept);
    const unparsedBefore = previous.unparsed.filter((region) => region.span.start < from);
    unparsed.push(...unparsedBefore);
    const firstInWindow = unparsed.length;
    let resumeAt = -1;
    const found = scanHtml(text, masked, unparsed, from, (offset) => {
      // Past the change, at a point where the old scan was clean too: the rest is the old scan's.
      if (offset >= changeEnd && binarySearch(previous.cleanPoints, offset - delta)) {
        resumeAt = offset;
        return true;
      }
      cleanPoints.push(offset);
      return false;
    });
    if (unparsed.length > firstInWindow) {
      unparsed.length = firstInWindow - unparsedBefore.length;
      return this.scanWhole(text, masked, unparsed, 'parse-limit');
    }
    const scanEnd = resumeAt === -1 ? masked.length : resumeAt;
    const links = previous.links.slice(0, lowerBoundByTagStart(previous.links, from));
    const origins = new Map<RawLink, RawLinkOrigin>();
    for (const link of links) origins.set(link, { old: link, delta: 0 });
    for (const link of found) links.push(link);
    const scanUnparsed = [...unparsedBefore, ...unparsed.slice(firstInWindow)];
    if (resumeAt !== -1) {
      const oldResume = resumeAt - delta;
      const shift = new Shift(delta);
      for (let i = lowerBoundByTagStart(previous.links, oldResume); i < previous.links.length; i++) {
        const old = previous.links[i]!;
        const moved = delta === 0 ? old : shift.rawLink(old);
        origins.set(moved, { old, delta });
        links.push(moved);
      }
      for (const region of previous.unparsed) {
        if (region.span.start < oldResume) continue;
        const moved = { span: shift.span(region.span), reason: region.reason };
        unparsed.push(moved);
        scanUnparsed.push(moved);
      }
      for (let i = upperBound(previous.cleanPoints, oldResume - 1); i < previous.cleanPoints.length; i++) cleanPoints.push(previous.cleanPoints[i]! + delta);
    }
    this.state = { text, masked, links, unparsed: scanUnparsed, cleanPoints };
    this.origins = origins;
    this.work = { reparsedBytes: scanEnd - from, documentBytes: masked.length };
    return links;
  }

  private scanWhole(text: string, masked: string, unparsed: UnparsedRegion[], reason: NonNullable<ScanWork['fullScanReason']>): RawLink[] {
    const firstOwn = unparsed.length;
    const cleanPoints: number[] = [];
    const links = scanHtml(text, masked, unparsed, 0, (offset) => {
      cleanPoints.push(offset);
      return false;
    });
    this.state = { text, masked, links, unparsed: unparsed.slice(firstOwn), cleanPoints };
    this.origins = new Map();
    this.work = { reparsedBytes: masked.length, documentBytes: masked.length, fullScanReason: reason };
    return links;
  }
}

/** Characters compared at once while the texts agree: a slice comparison is a memory compare. */
const COMPARE_CHUNK = 2048;

/** Lengths of the common prefix and of the common suffix (not overlapping it) of two strings. */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix + COMPARE_CHUNK <= shorter && a.substring(prefix, prefix + COMPARE_CHUNK) === b.substring(prefix, prefix + COMPARE_CHUNK)) prefix += COMPARE_CHUNK;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  const room = shorter - prefix;
  let suffix = 0;
  while (suffix + COMPARE_CHUNK <= room && a.substring(a.length - suffix - COMPARE_CHUNK, a.length - suffix) === b.substring(b.length - suffix - COMPARE_CHUNK, b.length - suffix)) suffix += COMPARE_CHUNK;
  while (suffix < room && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/**
 * Moves raw links by `delta`, keeping what the scan shares between the links of one tag (its
 * attributes and span; they are adjacent) and a link's value span being its attribute's. Objects
 * are written out field by field, without maps: this runs for every link after an edit.
 */
class Shift {
  private lastAttributes: Attribute[] | undefined;
  private lastMovedAttributes: Attribute[] = [];
  private lastTagSpan: Span | undefined;
  private lastMovedTagSpan: Span = { start: 0, end: 0 };

  constructor(private readonly delta: number) {}

  span(span: Span): Span {
    return { start: span.start + this.delta, end: span.end + this.delta };
  }

  attribute(attribute: Attribute): Attribute {
    return {
      name: attribute.name,
      nameSpan: this.span(attribute.nameSpan),
      value: attribute.value,
      valueSpan: this.span(attribute.valueSpan),
      quote: attribute.quote,
      spacedEquals: attribute.spacedEquals,
      hasValue: attribute.hasValue,
    };
  }

  rawLink(link: RawLink): RawLink {
    if (link.attributes !== this.lastAttributes) {
      this.lastAttributes = link.attributes;
      this.lastMovedAttributes = link.attributes.map((attribute) => this.attribute(attribute));
    }
    if (link.tagSpan !== this.lastTagSpan) {
      this.lastTagSpan = link.tagSpan;
      this.lastMovedTagSpan = this.span(link.tagSpan);
    }
    const attributes = this.lastMovedAttributes;
    const urlIndex = link.urlAttribute ? link.attributes.indexOf(link.urlAttribute) : -1;
    const urlAttribute = urlIndex !== -1 ? attributes[urlIndex] : link.urlAttribute && this.attribute(link.urlAttribute);
    return {
      kind: link.kind,
      tag: link.tag,
      tagSpan: this.lastMovedTagSpan,
      attributes,
      urlAttribute,
      valueSpan: urlAttribute && link.valueSpan === link.urlAttribute!.valueSpan ? urlAttribute.valueSpan : this.span(link.valueSpan),
      text: link.text,
      inConditionalComment: link.inConditionalComment,
    };
  }
}

/** Index of the first element greater than `value` (ascending numbers). */
function upperBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function binarySearch(sorted: readonly number[], value: number): boolean {
  const after = upperBound(sorted, value);
  return after > 0 && sorted[after - 1] === value;
}

/** Index of the first link whose tag starts at or after `offset` (links are in tag order). */
function lowerBoundByTagStart(links: readonly RawLink[], offset: number): number {
  let low = 0;
  let high = links.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (links[middle]!.tagSpan.start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
