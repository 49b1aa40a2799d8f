// The Linktrace language server's own messages, for what LSP has no equivalent of. Defined once:
// the server registers them, the VS Code extension sends them, and both validate every payload
// at run time with the checks below (a client and a server of different builds must fail loudly
// on a shape they do not agree on, never misread it). Imports nothing of the server, so the
// extension's bundle stays free of it.
//
//   linktrace/templateLinks   request       client → server  a template's links, findings, platform and lint options
//   linktrace/linkAt          request       client → server  the link at a position (or with an id) of a template
//   linktrace/clickCounts     notification  client → server  live clicks per link of a template (the client's daemon feed)
//   linktrace/daemon          notification  client → server  the address of the daemon the client is connected to
import { NotificationType, RequestType, type Position, type Range } from 'vscode-languageserver-protocol';
import type { LintOptions, LinkKind, Severity, TrackingType } from '@linktrace/core';

/** A link of a template as the editor shows it (a JSON-safe subset of core's Link). */
export interface TemplateLink {
  /** Core's link id ('L1', 'L2', ... in document order). */
  id: string;
  kind: LinkKind;
  /** Lower-cased tag ('a', 'img', 'mj-button'; '#text' for a bare URL). */
  tag: string;
  /** The URL as written. */
  raw: string;
  /** The link's text, whitespace collapsed ('' for images). */
  text: string;
  /** An image's alt text, when it has one. */
  alt?: string;
  /** Whether a tracking type and label can be written on it (an `<a href>`-like tag). */
  typeable: boolean;
  /** Whether the URL has personalization in it. */
  personalized: boolean;
  tracking: { type: TrackingType; label?: string; source: string };
  /** 1-based line of the URL. */
  line: number;
  /** The URL's value. */
  range: Range;
  /** The whole start tag (the value for a bare URL). */
  tagRange: Range;
}

export interface TemplateFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  linkId?: string;
  fix?: { description: string; safe: boolean };
}

export interface TemplateLinksParams {
  textDocument: { uri: string };
}

export interface TemplateLinksResult {
  uri: string;
  /** The document version these links are of. */
  version: number;
  format: 'html' | 'text';
  /** "Checked for Mailchimp (found *|UNSUB|*) · marketing message": which platform the checks assumed, and why. */
  platform: string;
  links: TemplateLink[];
  findings: TemplateFinding[];
  /** What the document is linted with (settings, linktrace.config.json, overrides): link checks run with the same. */
  lintOptions: LintOptions;
}

export interface LinkAtParams {
  textDocument: { uri: string };
  /** The link whose start tag (or bare URL) holds this position... */
  position?: Position;
  /** ...or the link with this id. */
  linkId?: string;
}

export interface LinkAtResult {
  uri: string;
  version: number;
  link: TemplateLink;
}

export interface ClickCountsParams {
  uri: string;
  /** Link id → human clicks and unique clickers; null forgets the template's counts. */
  links: Record<string, { total: number; unique: number }> | null;
}

export interface DaemonParams {
  /** Base URL of the daemon the client is connected to; null when none. */
  url: string | null;
}

/** null: the document is not an open email template (not linted, or not a template at all). */
export const TemplateLinksRequest = new RequestType<TemplateLinksParams, TemplateLinksResult | null, void>('linktrace/templateLinks');
/** null: no such template, or no link there. */
export const LinkAtRequest = new RequestType<LinkAtParams, LinkAtResult | null, void>('linktrace/linkAt');
export const ClickCountsNotification = new NotificationType<ClickCountsParams>('linktrace/clickCounts');
export const DaemonNotification = new NotificationType<DaemonParams>('linktrace/daemon');

/**
 * What a client says in `initializationOptions.client` about the parts it does itself:
 * `commands`: it registers the commands (the server then does not list them, so a client library
 * that registers listed commands does not register them twice) and sends workspace/executeCommand;
 * `clickCounts`: it feeds linktrace/clickCounts, so the server does not poll the daemon.
 */
export interface ClientParts {
  commands?: boolean;
  clickCounts?: boolean;
}

export function clientParts(initializationOptions: unknown): ClientParts {
  const client = isObject(initializationOptions) ? initializationOptions.client : undefined;
  if (!isObject(client)) return {};
  return { commands: client.commands === true, clickCounts: client.clickCounts === true };
}

// ---- run-time validation -------------------------------------------------------------------

export class ProtocolError extends Error {
  constructor(method: string, where: string, why: string) {
    super(`${method}: ${where} ${why}`);
    this.name = 'ProtocolError';
  }
}

type Check = (value: unknown, where: string) => void;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checker(method: string) {
  const fail = (where: string, why: string): never => {
    throw new ProtocolError(method, where, why);
  };
  const object = (value: unknown, where: string): Record<string, unknown> => (isObject(value) ? value : fail(where, 'is not an object'));
  const string: Check = (value, where) => void (typeof value === 'string' || fail(where, 'is not a string'));
  const number: Check = (value, where) => void ((typeof value === 'number' && Number.isFinite(value)) || fail(where, 'is not a number'));
  const boolean: Check = (value, where) => void (typeof value === 'boolean' || fail(where, 'is not a boolean'));
  const oneOf = (values: readonly string[]): Check => (value, where) => void (values.includes(value as string) || fail(where, `is not one of ${values.join(', ')}`));
  const optional = (check: Check): Check => (value, where) => void (value === undefined || check(value, where));
  const array = (value: unknown, where: string, each: Check) => {
    if (!Array.isArray(value)) fail(where, 'is not an array');
    (value as unknown[]).forEach((item, index) => each(item, `${where}[${index}]`));
  };
  const position: Check = (value, where) => {
    const p = object(value, where);
    number(p.line, `${where}.line`);
    number(p.character, `${where}.character`);
  };
  const range: Check = (value, where) => {
    const r = object(value, where);
    position(r.start, `${where}.start`);
    position(r.end, `${where}.end`);
  };
  const textDocument: Check = (value, where) => string(object(value, where).uri, `${where}.uri`);
  return { fail, object, string, number, boolean, oneOf, optional, array, position, range, textDocument };
}

const TRACKING_TYPE_VALUES: readonly TrackingType[] = ['tracked', 'opt-out', 'mirror-page', 'never'];
const SEVERITY_VALUES: readonly Severity[] = ['error', 'warning', 'info'];
const LINK_KIND_VALUES: readonly LinkKind[] = ['link', 'image', 'text-url'];

function templateLinkCheck(c: ReturnType<typeof checker>): Check {
  return (value, where) => {
    const link = c.object(value, where);
    c.string(link.id, `${where}.id`);
    c.oneOf(LINK_KIND_VALUES)(link.kind, `${where}.kind`);
    c.string(link.tag, `${where}.tag`);
    c.string(link.raw, `${where}.raw`);
    c.string(link.text, `${where}.text`);
    c.optional(c.string)(link.alt, `${where}.alt`);
    c.boolean(link.typeable, `${where}.typeable`);
    c.boolean(link.personalized, `${where}.personalized`);
    const tracking = c.object(link.tracking, `${where}.tracking`);
    c.oneOf(TRACKING_TYPE_VALUES)(tracking.type, `${where}.tracking.type`);
    c.optional(c.string)(tracking.label, `${where}.tracking.label`);
    c.string(tracking.source, `${where}.tracking.source`);
    c.number(link.line, `${where}.line`);
    c.range(link.range, `${where}.range`);
    c.range(link.tagRange, `${where}.tagRange`);
  };
}

export function validateTemplateLinksParams(value: unknown): TemplateLinksParams {
  const c = checker(TemplateLinksRequest.method);
  c.textDocument(c.object(value, 'params').textDocument, 'params.textDocument');
  return value as TemplateLinksParams;
}

export function validateTemplateLinksResult(value: unknown): TemplateLinksResult | null {
  if (value === null) return null;
  const c = checker(TemplateLinksRequest.method);
  const result = c.object(value, 'result');
  c.string(result.uri, 'result.uri');
  c.number(result.version, 'result.version');
  c.oneOf(['html', 'text'])(result.format, 'result.format');
  c.string(result.platform, 'result.platform');
  c.array(result.links, 'result.links', templateLinkCheck(c));
  c.array(result.findings, 'result.findings', (item, where) => {
    const finding = c.object(item, where);
    c.string(finding.ruleId, `${where}.ruleId`);
    c.oneOf(SEVERITY_VALUES)(finding.severity, `${where}.severity`);
    c.string(finding.message, `${where}.message`);
    c.range(finding.range, `${where}.range`);
    c.optional(c.string)(finding.linkId, `${where}.linkId`);
    if (finding.fix !== undefined) {
      const fix = c.object(finding.fix, `${where}.fix`);
      c.string(fix.description, `${where}.fix.description`);
      c.boolean(fix.safe, `${where}.fix.safe`);
    }
  });
  c.object(result.lintOptions, 'result.lintOptions');
  return value as TemplateLinksResult;
}

export function validateLinkAtParams(value: unknown): LinkAtParams {
  const c = checker(LinkAtRequest.method);
  const params = c.object(value, 'params');
  c.textDocument(params.textDocument, 'params.textDocument');
  c.optional(c.position)(params.position, 'params.position');
  c.optional(c.string)(params.linkId, 'params.linkId');
  if ((params.position === undefined) === (params.linkId === undefined)) c.fail('params', 'must name a position or a linkId (one of them)');
  return value as LinkAtParams;
}

export function validateLinkAtResult(value: unknown): LinkAtResult | null {
  if (value === null) return null;
  const c = checker(LinkAtRequest.method);
  const result = c.object(value, 'result');
  c.string(result.uri, 'result.uri');
  c.number(result.version, 'result.version');
  templateLinkCheck(c)(result.link, 'result.link');
  return value as LinkAtResult;
}

export function validateClickCountsParams(value: unknown): ClickCountsParams {
  const c = checker(ClickCountsNotification.method);
  const params = c.object(value, 'params');
  c.string(params.uri, 'params.uri');
  if (params.links !== null) {
    for (const [linkId, clicks] of Object.entries(c.object(params.links, 'params.links'))) {
      const figures = c.object(clicks, `params.links.${linkId}`);
      c.number(figures.total, `params.links.${linkId}.total`);
      c.number(figures.unique, `params.links.${linkId}.unique`);
    }
  }
  return value as ClickCountsParams;
}

export function validateDaemonParams(value: unknown): DaemonParams {
  const c = checker(DaemonNotification.method);
  const params = c.object(value, 'params');
  if (params.url !== null) c.string(params.url, 'params.url');
  return value as DaemonParams;
}
