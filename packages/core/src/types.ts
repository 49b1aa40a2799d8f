// The shared vocabulary of @linktrace/core. Every offset is a UTF-16 index into the template
// text as given (never into a normalised copy), so `text.slice(start, end)` is always exact.
import type { MessageKind, PlatformId, PlatformProfile, TrackingModel } from './platforms/profile';
import type { UtmSettings } from './utm';

/** A half-open range of offsets: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** 1-based line and column, as editors show them. */
export interface Position {
  line: number;
  column: number;
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export type Dialect =
  | 'campaign' // Adobe Campaign: <%= %>, <%== %>, <% %>, <%@ include %>
  | 'handlebars' // Journey Optimizer / Handlebars / Mustache: {{ }}, {{{ }}}, {{#if}}, {%= %}
  | 'liquid' // Liquid / Nunjucks: {{ }}, {% %}
  | 'listmonk' // Go templates: {{ .Subscriber.UUID }}, {{ TrackLink "u" }}, url@TrackLink
  | 'mautic' // {contactfield=x}, {unsubscribe_url}
  | 'mailchimp' // *|TAG|*
  | 'sendgrid' // <%asm_..._url%>, [Unsubscribe], plus Handlebars
  | 'plain'; // no personalization

export const DIALECTS: readonly Dialect[] = [
  'campaign', 'handlebars', 'liquid', 'listmonk', 'mautic', 'mailchimp', 'sendgrid', 'plain',
];

/** What a personalization segment does, independent of its dialect. */
export type SegmentKind =
  | 'output' // inserts a value: <%= x %>, {{ x }}, *|X|*, {contactfield=x}, [Tag]
  | 'raw-output' // inserts unescaped: <%== x %>, {{{ x }}}
  | 'code' // statements: <% if (x) { %>, {% if x %}, {{#if x}}, {{/if}}
  | 'directive'; // <%@ include view='MirrorPage' %>

/** One personalization segment (delimiters included) found in the template text. */
export interface Segment extends Span {
  dialect: Dialect;
  kind: SegmentKind;
  open: string; // opening delimiter as written, e.g. '<%=' or '{{{'
  close: string; // closing delimiter as written ('' when unclosed)
  /** The expression between the delimiters, trimmed. */
  expression: string;
  /** False when the closing delimiter is missing: the segment then runs to the end of the line. */
  closed: boolean;
}

export type TrackingType = 'tracked' | 'opt-out' | 'mirror-page' | 'never';
export const TRACKING_TYPES: readonly TrackingType[] = ['tracked', 'opt-out', 'mirror-page', 'never'];

/** Where a link's tracking type came from, most explicit first. */
export type TrackingSource =
  | 'attribute' // data-tracking="..."
  | 'alias' // Campaign _type / data-nl-type
  | 'no-track-marker' // clicktracking=off, ses:no-track, https+notrack:// ...
  | 'builtin' // the URL is a platform built-in (mirror page, unsubscribe)
  | 'default' // http(s) link, click tracking on
  | 'untrackable'; // mailto:, tel:, #anchor, javascript:, click tracking off, images

export interface Tracking {
  type: TrackingType;
  source: TrackingSource;
  label?: string;
  /** The attribute that set the type (data-tracking, _type, a marker), when one did. */
  typeAttribute?: Attribute;
  /** The attribute that set the label (data-label or _label), when one did. */
  labelAttribute?: Attribute;
}

/** An attribute of a start tag, with exact ranges. */
export interface Attribute {
  /** Lower-cased name. */
  name: string;
  nameSpan: Span;
  /** Raw value as written (entities not decoded); '' for a bare attribute. */
  value: string;
  /** Range of the value without its quotes; for a bare attribute, an empty range after the name. */
  valueSpan: Span;
  quote: '"' | "'" | '';
  /** Whitespace around '=' (`href = "x"`). */
  spacedEquals: boolean;
  /** Whether an '=' was written at all. */
  hasValue: boolean;
}

/** The URL of a link split into parts. Parts keep personalization as written. */
export interface UrlParts {
  scheme: string; // 'https', 'mailto', ... lower-cased; '' when none
  /** Authority host (with port), '' when none. */
  host: string;
  path: string;
  query: string; // without '?'
  fragment: string; // without '#'
  /** Spans of each part in the template text (absolute offsets); absent when the part is missing. */
  spans: Partial<Record<'scheme' | 'host' | 'path' | 'query' | 'fragment', Span>>;
  /** Query parameters in order, name and raw value with their spans. */
  params: { name: string; value: string; nameSpan: Span; valueSpan: Span }[];
}

export type LinkKind = 'link' | 'image' | 'text-url';

export interface Link {
  /** Stable within one parse: 'L1', 'L2', ... in document order. */
  id: string;
  kind: LinkKind;
  /** Lower-cased tag: 'a', 'area', 'v:roundrect', 'v:rect', 'button', 'img'; '#text' for bare URLs. */
  tag: string;
  /** 'href' or 'src'; '' for bare URLs in text. */
  attribute: string;
  /** Exactly `text.slice(valueSpan.start, valueSpan.end)`. */
  raw: string;
  valueSpan: Span;
  quote: '"' | "'" | '';
  start: Position; // of valueSpan.start
  end: Position; // of valueSpan.end
  /** Range of the whole start tag `<a ...>` ({start,end} of the value for bare URLs). */
  tagSpan: Span;
  /** All attributes of the start tag (empty for bare URLs). */
  attributes: Attribute[];
  /** The URL attribute itself (undefined for bare URLs). */
  urlAttribute?: Attribute;
  url: UrlParts;
  /** Personalization segments inside the value. */
  segments: Segment[];
  /** Text content between the start and end tag, whitespace collapsed ('' for images). */
  text: string;
  /** Whether the link sits inside an Outlook conditional comment `<!--[if mso]>`. */
  inConditionalComment: boolean;
  /** Whether the link sits inside a template code block (<% for ... %>, {% for %}, {{#each}}). */
  inLoop: boolean;
  tracking: Tracking;
}

export type Severity = 'error' | 'warning' | 'info';
export type RuleSetting = Severity | 'off';

/** Message-level tracking settings (Journey Optimizer defaults: both on). */
export interface MessageSettings {
  opens: boolean;
  clicks: boolean;
}

/** `<!-- linktrace ... -->` pragmas found in a template. */
export interface Pragmas {
  settings: Partial<MessageSettings>;
  dialect?: Dialect;
  platform?: PlatformId;
  messageKind?: MessageKind;
  /** Rules off from a `linktrace-disable RULE` comment to a `linktrace-enable` or the end (`*` = all). */
  disabledFrom: { rule: string; offset: number; until?: number }[];
  /** Rules off on one line (1-based) from `linktrace-disable-next-line RULE`. */
  disabledLines: { rule: string; line: number }[];
}

export type TemplateFormat = 'html' | 'text';

export interface ParseOptions {
  /** Default 'auto': detected from the text. */
  dialect?: Dialect | 'auto';
  /** Default 'html'; 'text' finds bare URLs in a plain-text email part. */
  format?: TemplateFormat;
  /** Message-level settings before pragmas apply. */
  settings?: Partial<MessageSettings>;
  /** Default 'auto': detected from the platform tags in the text. A pragma in the template wins. */
  platform?: PlatformId | 'auto';
  /** Default 'auto': the platform's usual kind, else read from the message. A pragma wins. */
  messageKind?: MessageKind | 'auto';
}

/** A parsed template: everything rules and editors need, computed once. */
/** Where the parser stopped following the template's nesting (see MAX_* in links.ts). */
export interface UnparsedRegion {
  span: Span;
  /** Conditional comments nested too deep (their links are not read), or link elements (their text is not read). */
  reason: 'conditional-comment-depth' | 'link-nesting-depth' | 'unclosed-delimiters';
}

export interface Template {
  text: string;
  format: TemplateFormat;
  dialect: Dialect;
  /** Settings after options and pragmas. */
  settings: MessageSettings;
  /** The platform the template is for, and how that was decided. */
  platform: PlatformProfile;
  platformReason: string;
  /** Marketing needs an opt-out link, transactional does not; `unknown` when nothing says. */
  messageKind: MessageKind | 'unknown';
  messageKindReason: string;
  /** False for partials and subject lines, which get no message-level findings. */
  wholeMessage: boolean;
  pragmas: Pragmas;
  /** Every personalization segment of the file, in order. */
  segments: Segment[];
  /** Links, images and bare URLs in document order. */
  links: Link[];
  /** Parts nested deeper than the parser follows. */
  unparsed: UnparsedRegion[];
  /** Offset to 1-based line/column. */
  positionAt(offset: number): Position;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
  /** Safe fixes are applied by `linktrace lint --fix` and fix-all; unsafe ones only on request. */
  safe: boolean;
}

export interface Finding extends Span {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Link the finding is about, when there is one. */
  linkId?: string;
  fix?: Fix;
}

export interface LintOptions extends ParseOptions {
  /** Per-rule severity overrides; 'off' disables. */
  rules?: Record<string, RuleSetting>;
  /** Hosts that are never reported as non-production. */
  allowedHosts?: string[];
  /** Platform link limit for `link-count` (default 100). */
  maxLinks?: number;
  /** Campaign parameters links must carry (the utm-* rules). */
  utm?: UtmSettings;
}

/** What a rule sees: the parsed template and a way to report. */
export interface RuleContext {
  template: Template;
  options: LintOptions;
  report(finding: { span: Span; message: string; linkId?: string; fix?: Fix; severity?: Severity }): void;
}

/** Where a rule holds. Each field narrows; a rule without a scope holds on every platform. */
export interface RuleScope {
  /** Tracking models the rule is about (`source`: links registered from the source at send time). */
  tracking?: readonly TrackingModel[];
  /** The platforms whose own features the rule checks. */
  platforms?: readonly PlatformId[];
  /** Needs per-link labels: the platform has them, or the template writes label attributes. */
  labels?: true;
  /** Needs typed links (opt-out, mirror page): the platform reads them, or the template types links. */
  typedLinks?: true;
  /** About a whole message: not run on partials and subject lines. */
  message?: true;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line shown in docs and the README table. */
  description: string;
  /** Absent: every platform. A rule set in the user's config runs wherever it is set. */
  scope?: RuleScope;
  /** The reference: the rule's findings on the whole template. */
  check(context: RuleContext): void;
  /**
   * A whole-template rule's form for incremental/'s linter, where the findings of `check()` come
   * from per-link facts kept across edits: `collect` runs again only on the links an edit changed.
   * Must report exactly what `check()` reports, in the same order (the property test compares).
   */
  incremental?: IncrementalRuleForm;
  /**
   * A whole-text rule's form for incremental/'s linter: a measure of the text kept across edits
   * and updated from the changed stretch alone. Must report exactly what `check()` reports.
   */
  incrementalText?: IncrementalTextForm;
}

/**
 * `measure` reads a whole text once; `edited` gives the measure of `text` from that of `previous`
 * when only `previous.slice(prefix, previous.length - suffix)` was replaced by
 * `text.slice(prefix, text.length - suffix)`, reading little more than those two stretches.
 */
export interface IncrementalTextForm<Measure = any> {
  measure(text: string): Measure;
  edited(measure: Measure, previous: string, text: string, prefix: number, suffix: number): Measure;
  report(context: RuleContext, measure: Measure): void;
}

/**
 * `collect(link)` reads what the rule needs of one link, from that link alone (as incremental/'s
 * `sameLink` compares links: a link equal to the previous version's keeps its fact). A tally holds
 * the facts of every link of the current version and is told which arrive and which leave, so
 * that `report` reads only the links that take part in a finding (duplicates, collisions), never
 * every link.
 */
export interface IncrementalRuleForm<Fact = any> {
  collect(link: Link): Fact;
  tally(): LinkTally<Fact>;
}

/** A link of the current version with its fact; `link` and `index` (its place in `template.links`) are updated as edits move it. */
export interface TalliedLink<Fact = unknown> {
  readonly link: Link;
  readonly index: number;
  readonly fact: Fact;
}

export interface LinkTally<Fact = unknown> {
  add(entry: TalliedLink<Fact>): void;
  remove(entry: TalliedLink<Fact>): void;
  /** Reports `check()`'s findings of the links added and not removed. */
  report(context: RuleContext): void;
}

/** How to write tracking attributes: canonical data-* or Adobe Campaign `_type`/`_label`. */
export type AttributeStyle = 'data' | 'campaign';

/** One link of a delivery's link table, as the daemon registers it. */
export interface DeliveryLink {
  linkId: string; // the parse's link id ('L1'...)
  url: string; // raw URL as in the template (personalization kept)
  type: TrackingType;
  label?: string;
  line: number;
}

/** What `renderTracked` needs to turn a template into its tracked form. */
export interface TrackedUrls {
  /** Redirect URL of a tracked link, by link id; links without an entry stay as they are. */
  click(link: Link): string | undefined;
  mirrorPage?: string;
  optOut?: string;
  /** Open pixel URL; inserted before </body> when open tracking is on. */
  openPixel?: string;
}
