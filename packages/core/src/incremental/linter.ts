// Lints one document version after version with work in proportion to each edit, with exactly
// the findings of a full `lint()` of the new text (same findings, ranges and order; the property
// test in test/incremental.test.ts checks it edit after edit):
//   - the HTML scan re-tokenizes only around the change (html-scan.ts), platform signals are
//     looked for only around it (platform-detection.ts), links the scan kept are moved rather than
//     built again; the cheap whole-text passes (pragmas, personalization) run as in a full parse;
//   - per-link rules, whose findings on a link depend only on that link, its tag's text and the
//     template-wide facts of `contextKey`, re-run only on links whose content changed; the
//     findings of the others are moved with their link;
//   - whole-template rules with an incremental form (duplicates, label collisions) keep per-link
//     facts in tallies that are told only of the links that changed, and report from them;
//     whole-text rules with one (the size) keep a measure of the text updated from the changed
//     stretch; the other whole-template rules (opt-out presence, counts, ...) run on every
//     version over the links already parsed.
// Pragmas are applied after: an edit may move a `linktrace-disable` without touching a link.
import { byPlace, enabledRules, lintTemplate, MAX_FINDINGS_PER_RULE, runRules } from '../lint';
import { startLintRun } from '../rules/helpers-memo';
import { parseTemplate, parseTemplateWith, ParsedLink, type LinkReuse, type RawLink } from '../links';
import { isMjmlElement } from '../mjml';
import { isSuppressed } from '../pragmas';
import type { Attribute, Finding, Fix, IncrementalRuleForm, IncrementalTextForm, Link, LinkTally, LintOptions, Rule, Segment, Span, TalliedLink, Template, UrlParts } from '../types';
import { commonEnds, IncrementalHtmlScan } from './html-scan';
import { IncrementalPlatformDetection } from './platform-detection';

/**
 * Rules whose findings on a link depend only on the link itself (its attributes, value, text and
 * segments, the text of its tag) and on the template-wide facts in `contextKey`. Every other rule
 * reads several links or the whole text and runs on each version.
 */
export const PER_LINK_RULES: ReadonlySet<string> = new Set([
  'url-scheme-missing',
  'url-relative',
  'url-fully-dynamic',
  'url-dynamic-host',
  'url-script-generated',
  'url-param-unescaped',
  'url-param-reserved',
  'url-whitespace',
  'url-malformed',
  'url-scheme-unsafe',
  'url-untracked-scheme',
  'url-insecure-http',
  'url-nonproduction-host',
  'url-fragment-after-personalization',
  'url-ampersand',
  'url-personalization-encoded',
  'attr-unquoted',
  'attr-spaced-equals',
  'attr-quote-collision',
  'tracked-url-as-text',
  'link-text-repeats-url',
  'tracking-attr-invalid',
  'tracking-attr-conflict',
  'mirror-link-untyped',
  'ajo-url-expression',
  'ajo-url-token-space',
  'utm-missing',
  'utm-misspelt',
  'utm-duplicate',
  'utm-after-fragment',
]);

/** Why a version was linted in full rather than incrementally (counted in `IncrementalStats.fallbacks`). */
export type FallbackReason =
  /** A plain-text part: no HTML scan to re-use, and text parts are small. */
  | 'text-format'
  /** The template has MJML components, whose rules and fixes read the `<mj-head>` of the file. */
  | 'mjml'
  /** Links or conditional comments nested past the parser's limits: where a limit lands depends on the whole scan. */
  | 'parse-limit'
  /** Dialect, platform, settings, kind of message or the set of rules that hold changed. */
  | 'template-context-changed'
  /** A rule reached MAX_FINDINGS_PER_RULE: which of its findings are listed depends on all of them. */
  | 'findings-cap'
  /** A step threw: the version is linted by `lint()` itself, which reports the error. */
  | 'internal-error';

export interface IncrementalStats {
  /** Versions linted. */
  versions: number;
  /** Versions linted with nothing to re-use (the first, or after a fallback that reset). */
  fullLints: number;
  fallbacks: Partial<Record<FallbackReason, number>>;
  /** Masked characters the HTML scan tokenized, summed over versions, and document sizes summed. */
  reparsedBytes: number;
  documentBytes: number;
  /** Links whose per-link rules ran, and links whose findings were moved instead. */
  linksChecked: number;
  linksReused: number;
}

/** What a version's lint says about its own work. */
export interface VersionWork {
  reparsedBytes: number;
  documentBytes: number;
  linksChecked: number;
  linksReused: number;
  fallback?: FallbackReason;
}

/**
 * One link, kept from version to version while an edit leaves it as it was (moved, renamed):
 * its per-link findings before pragmas and, per rule with an incremental form, its fact.
 */
interface LinkSlot {
  link: Link;
  /** Its place in `template.links`. */
  index: number;
  findings: Finding[];
  /** `IncrementalStats.versions` when the slot was last part of a version. */
  version: number;
  /** One per rule of `Previous.tallied`, in that order. */
  facts: SlotFact[];
}

/** A slot's fact for one rule, as that rule's tally holds it: link and place always the slot's current ones. */
class SlotFact implements TalliedLink {
  constructor(private readonly slot: LinkSlot, readonly fact: unknown) {}
  get link(): Link {
    return this.slot.link;
  }
  get index(): number {
    return this.slot.index;
  }
}

/** A rule run through its incremental form, and its tally of the current version's links. */
interface TalliedRule {
  rule: Rule & { incremental: IncrementalRuleForm };
  tally: LinkTally;
}

/** The measures of the rules with an incremental text form, of the text they were last taken of. */
interface TextMeasures {
  text: string;
  rules: readonly TextRule[];
  measures: unknown[];
}

type TextRule = Rule & { incrementalText: IncrementalTextForm };

interface Previous {
  text: string;
  template: Template;
  contextKey: string;
  /** By the offset where the link's tag starts: the links whose findings can be moved with them. */
  links: Map<number, LinkSlot>;
  /** Every link, in order. */
  slots: LinkSlot[];
  tallied: TalliedRule[];
}

export interface IncrementalResult {
  template: Template;
  findings: Finding[];
  work: VersionWork;
}

/** The links the previous parse built, by the raw link each was built from, and what they depended on. */
interface BuiltLinks {
  settingsKey: string;
  platform: Template['platform'];
  byRawLink: Map<RawLink, Link>;
}

export class IncrementalLinter {
  private readonly htmlScan = new IncrementalHtmlScan();
  private readonly platformDetection = new IncrementalPlatformDetection();
  private previous: Previous | undefined;
  private textMeasures: TextMeasures | undefined;
  private built: BuiltLinks | undefined;
  private lastWork: VersionWork = { reparsedBytes: 0, documentBytes: 0, linksChecked: 0, linksReused: 0 };
  readonly stats: IncrementalStats = { versions: 0, fullLints: 0, fallbacks: {}, reparsedBytes: 0, documentBytes: 0, linksChecked: 0, linksReused: 0 };

  constructor(readonly options: LintOptions = {}) {}

  get work(): VersionWork {
    return this.lastWork;
  }

  /** The findings of `text`, equal to `lint(text, options)`, re-using what the previous version's lint found. */
  lint(text: string): IncrementalResult {
    this.stats.versions++;
    let result: IncrementalResult;
    try {
      result = this.lintVersion(typeof text === 'string' ? text : String(text ?? ''));
    } catch {
      // A bug here must not cost the user their findings: lint this version as lint() does (which
      // reports its own errors), and start afresh with the next.
      result = this.fullLint(text, 'internal-error');
    }
    const { work } = result;
    if (work.fallback) this.stats.fallbacks[work.fallback] = (this.stats.fallbacks[work.fallback] ?? 0) + 1;
    this.stats.reparsedBytes += work.reparsedBytes;
    this.stats.documentBytes += work.documentBytes;
    this.stats.linksChecked += work.linksChecked;
    this.stats.linksReused += work.linksReused;
    this.lastWork = work;
    return result;
  }

  private lintVersion(text: string): IncrementalResult {
    const options = this.options;
    if ((options.format ?? 'html') === 'text') return this.fullLint(text, 'text-format');
    const template = parseTemplateWith(text, options, { scanHtml: this.htmlScan.scan, reuseLinks: this.reuseLinks, detectPlatform: this.platformDetection.detect });
    const scanWork = this.htmlScan.lastWork;
    this.rememberLinks(template);
    if (scanWork.fullScanReason === 'first') this.stats.fullLints++;
    const rules = enabledRules(template, options);
    // One lint run per version: rules share facts derived from the links within it (helpers-memo).
    startLintRun();
    if (template.links.some((link) => isMjmlElement(link.tag))) {
      // MJML rules and fixes read the file's <mj-head>: lint it as lint() would, keep the scan.
      this.previous = undefined;
      return this.finish(template, runRules(template, options, rules), scanWork, template.links.length, 0, 'mjml');
    }
    const perLinkRules = rules.filter((rule) => PER_LINK_RULES.has(rule.id));
    const templateRules = rules.filter((rule) => !PER_LINK_RULES.has(rule.id) && !rule.incremental && !rule.incrementalText);
    const textRules = rules.filter((rule): rule is TextRule => !PER_LINK_RULES.has(rule.id) && !rule.incremental && rule.incrementalText !== undefined);
    const incrementalRules = rules.filter((rule): rule is TalliedRule['rule'] => !PER_LINK_RULES.has(rule.id) && rule.incremental !== undefined);
    const contextKey = contextKeyOf(template, rules);
    const previous = this.previous?.contextKey === contextKey ? this.previous : undefined;
    const contextChanged = this.previous !== undefined && previous === undefined;
    const moves = previous ? offsetMoves(previous.text, text) : undefined;

    // Links whose content and context are as in the previous version keep their findings, moved;
    // the others are checked together in one run of the per-link rules.
    const reusedFindings: (Finding[] | undefined)[] = new Array(template.links.length);
    const carried: (LinkSlot | undefined)[] = new Array(template.links.length);
    const toCheck: Link[] = [];
    const toCheckIndex: number[] = [];
    template.links.forEach((link, index) => {
      const oldStart = moves?.oldOffset(link.tagSpan);
      const old = oldStart === undefined ? undefined : previous!.links.get(oldStart);
      const delta = old ? link.tagSpan.start - old.link.tagSpan.start : 0;
      if (old && sameLink(previous!.template, old.link, template, link, delta)) {
        // Before the change nothing moved, not even a line: the same findings, unless the id changed.
        reusedFindings[index] = moves!.isBefore(link.tagSpan) && old.link.id === link.id ? old.findings : movedFindings(old, link, delta, template);
        carried[index] = old;
      } else {
        toCheck.push(link);
        toCheckIndex.push(index);
      }
    });
    const checkedFindings = new Map<number, Finding[]>();
    /** Findings of per-link rules that name no link checked and lie in no checked tag. */
    const unplaced: Finding[] = [];
    if (toCheck.length > 0) {
      const view = Object.create(template, { links: { value: toCheck } }) as Template;
      const position = new Map(toCheck.map((link, i) => [link.id, i]));
      const checkedRun = runRules(view, options, perLinkRules, false);
      if (reachesFindingsCap(checkedRun)) {
        // Capped before pragmas applied, unlike a full lint: lint the whole file as lint() does.
        this.previous = undefined;
        return this.finish(template, runRules(template, options, rules), scanWork, template.links.length, 0, 'findings-cap');
      }
      for (const finding of checkedRun) {
        const i = finding.linkId !== undefined ? position.get(finding.linkId) : enclosingTag(toCheck, finding);
        if (i === undefined) unplaced.push(finding);
        else {
          const list = checkedFindings.get(toCheckIndex[i]!);
          if (list) list.push(finding);
          else checkedFindings.set(toCheckIndex[i]!, [finding]);
        }
      }
    }
    const findings: Finding[] = [];
    const entries = new Map<number, LinkSlot>();
    const version = this.stats.versions;
    const slots: LinkSlot[] = new Array(template.links.length);
    /** Slots of links that were not in the previous version as they are now: their facts are collected. */
    const arrived: LinkSlot[] = [];
    template.links.forEach((link, index) => {
      const own = reusedFindings[index] ?? checkedFindings.get(index) ?? [];
      let slot = carried[index];
      if (slot) {
        slot.link = link;
        slot.index = index;
        slot.findings = own;
        slot.version = version;
      } else {
        slot = { link, index, findings: own, version, facts: [] };
        for (const { incremental } of incrementalRules) slot.facts.push(new SlotFact(slot, incremental.collect(link)));
        arrived.push(slot);
      }
      slots[index] = slot;
      // Only findings that stay inside their tag can be moved with it next time.
      if (own.every((finding) => staysInside(finding, link))) entries.set(link.tagSpan.start, slot);
      for (const finding of own) {
        if (!isSuppressed(template.pragmas, finding.ruleId, finding.start, finding.line)) findings.push(finding);
      }
    });
    for (const finding of unplaced) {
      if (!isSuppressed(template.pragmas, finding.ruleId, finding.start, finding.line)) findings.push(finding);
    }
    const tallied = talliesOf(incrementalRules, previous, slots, arrived, version);
    // A finding not tied to a link would not be found again from the links: nothing is re-used then.
    this.previous = unplaced.length === 0 ? { text, template, contextKey, links: entries, slots, tallied } : undefined;
    if (reachesFindingsCap(findings)) {
      // Past the cap a rule lists only its first findings and counts the rest: a whole-file matter.
      this.previous = undefined;
      return this.finish(template, runRules(template, options, rules), scanWork, template.links.length, 0, 'findings-cap');
    }
    for (const finding of runRules(template, options, templateRules)) findings.push(finding);
    // Through runRules as check() would be: the same severities, pragmas and findings cap.
    const measures = this.measuresOf(textRules, text);
    const reporting = [
      ...tallied.map(({ rule, tally }): Rule => ({ ...rule, check: (context) => tally.report(context) })),
      ...textRules.map((rule, i): Rule => ({ ...rule, check: (context) => rule.incrementalText.report(context, measures[i]) })),
    ];
    for (const finding of runRules(template, options, reporting)) findings.push(finding);
    const checked = toCheck.length;
    const reused = template.links.length - checked;
    return this.finish(template, findings, scanWork, checked, reused, contextChanged ? 'template-context-changed' : scanWork.fullScanReason === 'parse-limit' ? 'parse-limit' : undefined);
  }

  /** The text rules' measures of `text`: from the last ones and the stretch that changed since, when the rules are the same. */
  private measuresOf(rules: readonly TextRule[], text: string): unknown[] {
    if (rules.length === 0) return [];
    const last = this.textMeasures;
    let measures: unknown[];
    if (last && last.rules.length === rules.length && last.rules.every((rule, i) => rule === rules[i])) {
      const { prefix, suffix } = commonEnds(last.text, text);
      measures = rules.map((rule, i) => rule.incrementalText.edited(last.measures[i], last.text, text, prefix, suffix));
    } else {
      measures = rules.map((rule) => rule.incrementalText.measure(text));
    }
    this.textMeasures = { text, rules, measures };
    return measures;
  }

  /**
   * A link whose raw link the scan kept or moved, with the same segments, loop state and context,
   * is the previous version's link moved: no URL split nor tracking read again.
   */
  private readonly reuseLinks: LinkReuse = (context) => {
    const built = this.built;
    if (!built || context.mjmlHead || context.platform !== built.platform || JSON.stringify(context.settings) !== built.settingsKey) return undefined;
    return (rawLink, id, inside, inLoop) => {
      const origin = this.htmlScan.originOf(rawLink);
      const old = origin && built.byRawLink.get(origin.old);
      if (!old || old.inLoop !== inLoop || !sameSegments(old.segments, inside, origin.delta)) return undefined;
      return movedLink(old, rawLink, id, inside, inLoop, origin.delta, context.positionAt);
    };
  };

  private rememberLinks(template: Template): void {
    const rawLinks = this.htmlScan.lastLinks;
    if (template.format !== 'html' || rawLinks.length !== template.links.length) {
      this.built = undefined;
      return;
    }
    const byRawLink = new Map<RawLink, Link>();
    rawLinks.forEach((rawLink, i) => byRawLink.set(rawLink, template.links[i]!));
    this.built = { settingsKey: JSON.stringify(template.settings), platform: template.platform, byRawLink };
  }

  private finish(template: Template, findings: Finding[], scanWork: { reparsedBytes: number; documentBytes: number }, linksChecked: number, linksReused: number, fallback: FallbackReason | undefined): IncrementalResult {
    return {
      template,
      findings: findings.sort(byPlace),
      work: { reparsedBytes: scanWork.reparsedBytes, documentBytes: scanWork.documentBytes, linksChecked, linksReused, ...(fallback ? { fallback } : {}) },
    };
  }

  private fullLint(text: string, reason: FallbackReason): IncrementalResult {
    this.htmlScan.reset();
    this.platformDetection.reset();
    this.previous = undefined;
    this.built = undefined;
    this.textMeasures = undefined;
    this.stats.fullLints++;
    const template = parseTemplate(text, this.options);
    return this.finish(template, lintTemplate(template, this.options), { reparsedBytes: text.length, documentBytes: text.length }, template.links.length, 0, reason);
  }
}

/**
 * The tallies of this version: the previous version's, told which links left (not carried into
 * this version) and which arrived, when the rules are the same (the context key says so); else
 * new ones holding every link.
 */
function talliesOf(rules: readonly TalliedRule['rule'][], previous: Previous | undefined, slots: readonly LinkSlot[], arrived: readonly LinkSlot[], version: number): TalliedRule[] {
  if (rules.length === 0) return [];
  if (previous) {
    const { tallied } = previous;
    for (const slot of previous.slots) {
      if (slot.version === version) continue;
      tallied.forEach(({ tally }, i) => tally.remove(slot.facts[i]!));
    }
    for (const slot of arrived) tallied.forEach(({ tally }, i) => tally.add(slot.facts[i]!));
    return tallied;
  }
  const fresh = rules.map((rule) => ({ rule, tally: rule.incremental.tally() }));
  for (const slot of slots) fresh.forEach(({ tally }, i) => tally.add(slot.facts[i]!));
  return fresh;
}

/**
 * The template-wide facts per-link rules read besides the link: when any differs from the
 * previous version's, every link is checked again.
 */
function contextKeyOf(template: Template, rules: readonly Rule[]): string {
  return JSON.stringify([
    template.format,
    template.dialect,
    template.platform.id,
    template.settings,
    template.wholeMessage,
    rules.map((rule) => rule.id),
  ]);
}

/**
 * Whether a per-link rule sees the same link in both versions, `delta` apart: everything of the
 * link it may read and the segments reaching into its tag (masking decides where its attributes
 * end). The text of the tag itself is the same: `offsetMoves` maps only tags the edit did not
 * touch. Compared in place, without building keys: this runs for every link on every keystroke.
 */
function sameLink(oldTemplate: Template, old: Link, template: Template, link: Link, delta: number): boolean {
  if (
    old.kind !== link.kind || old.tag !== link.tag || old.attribute !== link.attribute || old.quote !== link.quote
    || old.text !== link.text || old.inConditionalComment !== link.inConditionalComment || old.inLoop !== link.inLoop
    || old.valueSpan.start + delta !== link.valueSpan.start || old.valueSpan.end + delta !== link.valueSpan.end
    || old.tagSpan.end + delta !== link.tagSpan.end
    || old.tracking.type !== link.tracking.type || old.tracking.source !== link.tracking.source || old.tracking.label !== link.tracking.label
    || old.tracking.typeAttribute?.name !== link.tracking.typeAttribute?.name || old.tracking.labelAttribute?.name !== link.tracking.labelAttribute?.name
    || old.attributes.length !== link.attributes.length || old.attributes.indexOf(old.urlAttribute!) !== link.attributes.indexOf(link.urlAttribute!)
  ) return false;
  for (let i = 0; i < link.attributes.length; i++) {
    const a = old.attributes[i]!;
    const b = link.attributes[i]!;
    if (
      a.quote !== b.quote || a.spacedEquals !== b.spacedEquals || a.hasValue !== b.hasValue
      || a.nameSpan.start + delta !== b.nameSpan.start || a.nameSpan.end + delta !== b.nameSpan.end
      || a.valueSpan.start + delta !== b.valueSpan.start || a.valueSpan.end + delta !== b.valueSpan.end
    ) return false;
  }
  const oldSegments = oldTemplate.segments;
  const segments = template.segments;
  let i = firstSegmentEndingAfter(oldSegments, old.tagSpan.start);
  let j = firstSegmentEndingAfter(segments, link.tagSpan.start);
  for (; j < segments.length && segments[j]!.start < link.tagSpan.end; i++, j++) {
    const a = oldSegments[i];
    const b = segments[j]!;
    if (
      !a || a.start + delta !== b.start || a.end + delta !== b.end || a.kind !== b.kind || a.dialect !== b.dialect
      || a.open !== b.open || a.close !== b.close || a.closed !== b.closed || a.expression !== b.expression
    ) return false;
  }
  return i >= oldSegments.length || oldSegments[i]!.start >= old.tagSpan.end;
}

/** Segments are in order and do not overlap: the first one ending after `offset`, by binary search. */
function firstSegmentEndingAfter(segments: Template['segments'], offset: number): number {
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (segments[middle]!.end <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The link among `links` (in tag order) whose tag holds the finding's span. */
function enclosingTag(links: readonly Link[], finding: Finding): number | undefined {
  let low = 0;
  let high = links.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (links[middle]!.tagSpan.start <= finding.start) low = middle + 1;
    else high = middle;
  }
  const link = links[low - 1];
  return link && finding.end <= link.tagSpan.end ? low - 1 : undefined;
}

/** Where offsets of the previous text are in the new one: unchanged before the edit, moved after it. */
function offsetMoves(oldText: string, newText: string): { oldOffset(span: Span): number | undefined; isBefore(span: Span): boolean } {
  const { prefix, suffix } = commonEnds(oldText, newText);
  const delta = newText.length - oldText.length;
  const newChangeEnd = newText.length - suffix;
  return {
    isBefore: (span) => span.end <= prefix,
    oldOffset(span) {
      if (span.end <= prefix) return span.start;
      if (span.start >= newChangeEnd) return span.start - delta;
      return undefined;
    },
  };
}

/** A link's previous findings, moved by `delta`, placed on this version's lines and renamed to its id in it. */
function movedFindings(old: LinkSlot, link: Link, delta: number, template: Template): Finding[] {
  return old.findings.map((finding) => {
    const start = template.positionAt(finding.start + delta);
    const end = template.positionAt(finding.end + delta);
    const moved: Finding = {
      ...finding,
      start: finding.start + delta,
      end: finding.end + delta,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    };
    if (finding.linkId !== undefined) moved.linkId = finding.linkId === old.link.id ? link.id : finding.linkId;
    if (finding.fix) moved.fix = movedFix(finding.fix, delta);
    return moved;
  });
}

function movedFix(fix: Fix, delta: number): Fix {
  return { ...fix, edits: fix.edits.map((edit) => ({ ...edit, start: edit.start + delta, end: edit.end + delta })) };
}

function staysInside(finding: Finding, link: Link): boolean {
  const { start, end } = link.tagSpan;
  if (finding.linkId !== undefined && finding.linkId !== link.id) return false;
  if (finding.start < start || finding.end > end) return false;
  return !finding.fix || finding.fix.edits.every((edit) => edit.start >= start && edit.end <= end);
}

/** Whether a rule has as many findings as a full lint lists of one rule (or more: then it left some out). */
function reachesFindingsCap(findings: readonly Finding[]): boolean {
  if (findings.length < MAX_FINDINGS_PER_RULE) return false;
  const perRule = new Map<string, number>();
  for (const finding of findings) {
    const count = (perRule.get(finding.ruleId) ?? 0) + 1;
    if (count >= MAX_FINDINGS_PER_RULE) return true;
    perRule.set(finding.ruleId, count);
  }
  return false;
}

function sameSegments(old: readonly Segment[], inside: readonly Segment[], delta: number): boolean {
  if (old.length !== inside.length) return false;
  for (let i = 0; i < old.length; i++) {
    const a = old[i]!;
    const b = inside[i]!;
    if (
      a.start + delta !== b.start || a.end + delta !== b.end || a.kind !== b.kind || a.dialect !== b.dialect
      || a.open !== b.open || a.close !== b.close || a.closed !== b.closed || a.expression !== b.expression
    ) return false;
  }
  return true;
}

/**
 * The previous version's link as it is in this one: `delta` later, with this version's id,
 * segments (rules compare them by identity with the template's), positions and raw link parts.
 * Undefined when its tracking names an attribute the raw link does not have (MJML typing).
 */
function movedLink(old: Link, rawLink: RawLink, id: string, inside: Segment[], inLoop: boolean, delta: number, positionAt: (offset: number) => Link['start']): Link | undefined {
  let tracking = old.tracking;
  if (rawLink.attributes !== old.attributes) {
    const moved = (attribute: Attribute | undefined): Attribute | undefined | false => {
      if (attribute === undefined) return undefined;
      const index = old.attributes.indexOf(attribute);
      return index === -1 ? false : rawLink.attributes[index]!;
    };
    const typeAttribute = moved(tracking.typeAttribute);
    const labelAttribute = moved(tracking.labelAttribute);
    if (typeAttribute === false || labelAttribute === false) return undefined;
    tracking = { ...tracking };
    if ('typeAttribute' in old.tracking) tracking.typeAttribute = typeAttribute;
    if ('labelAttribute' in old.tracking) tracking.labelAttribute = labelAttribute;
  }
  // A ParsedLink as parseTemplate builds it: the same class, positions read when asked.
  const link = new ParsedLink(id, rawLink, old.raw, delta === 0 ? old.url : movedUrl(old.url, delta), inside, inLoop, positionAt);
  link.tracking = tracking;
  return link;
}

function movedUrl(url: UrlParts, delta: number): UrlParts {
  const move = (span: Span): Span => ({ start: span.start + delta, end: span.end + delta });
  const { scheme, host, path, query, fragment } = url.spans;
  const spans: UrlParts['spans'] = {};
  if (scheme) spans.scheme = move(scheme);
  if (host) spans.host = move(host);
  if (path) spans.path = move(path);
  if (query) spans.query = move(query);
  if (fragment) spans.fragment = move(fragment);
  return {
    scheme: url.scheme,
    host: url.host,
    path: url.path,
    query: url.query,
    fragment: url.fragment,
    spans,
    params: url.params.map((param) => ({ name: param.name, value: param.value, nameSpan: move(param.nameSpan), valueSpan: move(param.valueSpan) })),
  };
}
