// The one protocol shared by the daemon and its clients (CLI, VS Code extension): data shapes
// of deliveries and tracking logs, WebSocket messages, and their runtime validation. The
// validators are hand-written so this file stays dependency- and platform-free.
import type { Dialect, MessageSettings, TrackingType } from './types';
import { DIALECTS } from './types';

export type LogType = 'open' | 'click' | 'mirror' | 'optout';
export const LOG_TYPES: readonly LogType[] = ['open', 'click', 'mirror', 'optout'];

/** One tracking log, as stored and streamed. `seq` is monotonic across the data directory. */
export interface TrackingLog {
  seq: number;
  at: string; // ISO 8601
  type: LogType;
  deliveryId: string;
  recipientId: string;
  linkId?: string;
  url?: string;
  label?: string;
  userAgent?: string;
  /** Why the request looks like machine traffic (prefetch user agent, HEAD, burst); absent for humans. */
  machine?: string;
}

export interface Recipient {
  id: string;
  email: string;
  fields: Record<string, unknown>;
  optedOut?: boolean;
}

export interface DeliveryLinkRecord {
  /** Random, unguessable id used in the redirect URL. */
  linkId: string;
  /** The link's id in the parsed template ('L1', ...). */
  sourceId: string;
  url: string;
  type: TrackingType;
  label?: string;
  line: number;
}

export interface Delivery {
  id: string;
  createdAt: string;
  /** Display name: the template's file name. */
  name: string;
  /** Absolute path of the template it was prepared from, when known. */
  sourcePath?: string;
  template: string;
  dialect: string;
  settings: { opens: boolean; clicks: boolean };
  links: DeliveryLinkRecord[];
  recipients: Recipient[];
}

// ---------------------------------------------------------------------------------------------
// Daemon constants

/** Bumped when a message changes incompatibly; sent in `hello`. */
export const PROTOCOL_VERSION = 1;
/** Path of the daemon's WebSocket live stream. */
export const WS_PATH = '/ws';
/** Largest WebSocket message the daemon accepts (bigger frames close the socket with 1009). */
export const WS_MAX_PAYLOAD = 64 * 1024;
/** Largest `POST /api/deliveries` body; templates bigger than WS_MAX_PAYLOAD go over HTTP. */
export const MAX_PREPARE_BYTES = 2 * 1024 * 1024;
/** Port the daemon listens on unless told otherwise. */
export const DEFAULT_DAEMON_PORT = 4178;

// ---------------------------------------------------------------------------------------------
// Command payloads (the same over HTTP and WebSocket)

/** What a test delivery is prepared from. */
export interface PrepareRequest {
  template: string;
  /** Display name; defaults to the file name of sourcePath, else 'template'. */
  name?: string;
  sourcePath?: string;
  dialect?: Dialect | 'auto';
  /** Overrides of the message-level settings (pragmas in the template still win). */
  settings?: Partial<MessageSettings>;
  /** Test recipients; default: the daemon's recipients file or its built-in pair. */
  recipients?: Recipient[];
}

/** Where one test recipient's copy of a delivery can be seen. */
export interface RecipientLinks {
  id: string;
  email: string;
  optedOut: boolean;
  /** The tracked email as an inbox shows it (with open pixel and tracked links). */
  emailUrl: string;
  /** The personalized email in the browser (logs a mirror view). */
  mirrorUrl: string;
  /** The opt-out page (GET: form; POST or RFC 8058 one-click: opts out). */
  optOutUrl: string;
}

/** A delivery without its template text, with the addresses of each recipient's copy. */
export interface DeliverySummary {
  id: string;
  createdAt: string;
  name: string;
  sourcePath?: string;
  dialect: string;
  settings: { opens: boolean; clicks: boolean };
  links: DeliveryLinkRecord[];
  recipients: RecipientLinks[];
}

/** A personalization expression that could not be resolved from recipient data (left as written). */
export interface UnresolvedExpression {
  /** The segment as written, delimiters included. */
  text: string;
  line: number;
  /** Recipients for whom it stayed unresolved. */
  recipientIds: string[];
}

export interface PrepareResult {
  delivery: DeliverySummary;
  unresolved: UnresolvedExpression[];
}

/** A count with and without likely machine traffic. */
export interface Counts {
  raw: number;
  human: number;
}

/** A ratio with and without likely machine traffic (0 when the denominator is 0). */
export interface Ratio {
  raw: number;
  human: number;
}

export interface LinkReport {
  linkId: string;
  sourceId: string;
  url: string;
  label?: string;
  type: TrackingType;
  line: number;
  total: Counts;
  /** Distinct recipients who clicked. */
  unique: Counts;
}

export interface LabelReport {
  label: string;
  total: Counts;
  unique: Counts;
}

export interface HistoryEntry {
  seq: number;
  type: LogType;
  at: string;
  linkId?: string;
  url?: string;
  label?: string;
  machine?: string;
}

export interface RecipientReport {
  id: string;
  email: string;
  optedOut: boolean;
  history: HistoryEntry[];
}

export interface DeliveryReport {
  deliveryId: string;
  name: string;
  createdAt: string;
  recipients: number;
  opens: { total: Counts; unique: Counts };
  clicks: { total: Counts; unique: Counts };
  links: LinkReport[];
  /** Clicks grouped by link label (links without a label are left out). */
  labels: LabelReport[];
  mirrorViews: { total: Counts; unique: Counts };
  optOuts: { total: Counts; unique: Counts };
  /** Unique clickers / recipients. */
  clickThrough: Ratio;
  /** Unique clickers / unique openers. */
  reactivity: Ratio;
  perRecipient: RecipientReport[];
}

export interface DaemonStats {
  version: number;
  url: string;
  lastSeq: number;
  deliveries: number;
  subscribers: number;
  uptimeMs: number;
}

export interface ClearResult {
  cleared: true;
  deliveryId?: string;
}

export interface SubscribeResult {
  /** Highest seq sent to this subscriber with the backlog (the cursor to resume from). */
  lastSeq: number;
}

export interface PongResult {
  pong: true;
}

// ---------------------------------------------------------------------------------------------
// WebSocket messages

/** Backlog after `after` (a seq cursor), then every new log; optionally of one delivery. */
export interface SubscribeMessage {
  id?: number;
  type: 'subscribe';
  after: number;
  deliveryId?: string;
}
export interface PrepareMessage extends PrepareRequest {
  id: number;
  type: 'prepare';
}
export interface DeliveriesMessage {
  id: number;
  type: 'deliveries';
}
export interface ReportMessage {
  id: number;
  type: 'report';
  deliveryId: string;
}
export interface StatsMessage {
  id: number;
  type: 'stats';
}
export interface ClearMessage {
  id: number;
  type: 'clear';
  deliveryId?: string;
}
export interface PingMessage {
  id: number;
  type: 'ping';
}

export type ClientMessage =
  | SubscribeMessage
  | PrepareMessage
  | DeliveriesMessage
  | ReportMessage
  | StatsMessage
  | ClearMessage
  | PingMessage;

export type ClientMessageType = ClientMessage['type'];
export const CLIENT_MESSAGE_TYPES: readonly ClientMessageType[] = ['subscribe', 'prepare', 'deliveries', 'report', 'stats', 'clear', 'ping'];

/** What each request's `result` holds. */
export interface ResultOf {
  subscribe: SubscribeResult;
  prepare: PrepareResult;
  deliveries: DeliverySummary[];
  report: DeliveryReport;
  stats: DaemonStats;
  clear: ClearResult;
  ping: PongResult;
}

export interface LogMessage {
  type: 'log';
  log: TrackingLog;
}
export interface ResultMessage<T = unknown> {
  type: 'result';
  id: number;
  result: T;
}
export interface ErrorMessage {
  type: 'error';
  /** The request's id, when the request carried a readable one. */
  id?: number;
  message: string;
}
export interface HelloMessage {
  type: 'hello';
  version: number;
  lastSeq: number;
}

export type ServerMessage = LogMessage | ResultMessage | ErrorMessage | HelloMessage;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; error: string; id?: number };

// ---------------------------------------------------------------------------------------------
// Validation

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const isRequestId = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isSeq = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

/** Ids the daemon hands out or accepts: letters, digits, '_' and '-' only (never path characters). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);

function checkSettings(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) return '"settings" must be an object';
  for (const key of Object.keys(value)) {
    if (key !== 'opens' && key !== 'clicks') return `"settings.${key}" is not a setting (opens, clicks)`;
    if (typeof value[key] !== 'boolean') return `"settings.${key}" must be true or false`;
  }
  return undefined;
}

/** Why `value` is not a list of recipients, or undefined when it is one. */
export function checkRecipients(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'recipients must be an array';
  if (value.length === 0) return 'recipients must not be empty';
  const seen = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    const recipient: unknown = value[i];
    const at = `recipients[${i}]`;
    if (!isObject(recipient)) return `${at} must be an object {id, email, fields}`;
    if (!isId(recipient.id)) return `${at}.id must be 1-64 letters, digits, '_' or '-'`;
    if (seen.has(recipient.id)) return `${at}.id "${recipient.id}" is used twice`;
    seen.add(recipient.id);
    if (typeof recipient.email !== 'string' || !/^[^\s@<>"]+@[^\s@<>"]+$/.test(recipient.email)) return `${at}.email must be an email address`;
    if (recipient.fields !== undefined && !isObject(recipient.fields)) return `${at}.fields must be an object`;
    if (recipient.optedOut !== undefined && typeof recipient.optedOut !== 'boolean') return `${at}.optedOut must be true or false`;
  }
  return undefined;
}

/** Why `value` is not a PrepareRequest, or undefined when it is one. */
export function checkPrepareRequest(value: unknown): string | undefined {
  if (!isObject(value)) return 'a prepare request must be an object';
  if (typeof value.template !== 'string') return '"template" must be a string';
  if (!isOptionalString(value.name)) return '"name" must be a string';
  if (!isOptionalString(value.sourcePath)) return '"sourcePath" must be a string';
  if (value.dialect !== undefined && value.dialect !== 'auto' && !DIALECTS.includes(value.dialect as Dialect)) {
    return `"dialect" must be one of auto, ${DIALECTS.join(', ')}`;
  }
  const settings = checkSettings(value.settings);
  if (settings) return settings;
  if (value.recipients !== undefined) return checkRecipients(value.recipients);
  return undefined;
}

function checkClientMessage(message: Fields): string | undefined {
  switch (message.type) {
    case 'subscribe':
      if (message.id !== undefined && !isRequestId(message.id)) return '"id" must be a non-negative integer';
      if (!isSeq(message.after)) return '"after" must be a non-negative integer (a seq cursor)';
      if (message.deliveryId !== undefined && !isId(message.deliveryId)) return '"deliveryId" is not a valid id';
      return undefined;
    case 'prepare':
      return checkPrepareRequest(message);
    case 'report':
      return isId(message.deliveryId) ? undefined : '"deliveryId" is not a valid id';
    case 'clear':
      return message.deliveryId === undefined || isId(message.deliveryId) ? undefined : '"deliveryId" is not a valid id';
    case 'deliveries':
    case 'stats':
    case 'ping':
      return undefined;
    default:
      return `unknown message type ${JSON.stringify(message.type)}`;
  }
}

/** Both directions start alike: a message is one JSON object. */
function parseJsonObject(raw: string): { ok: true; value: Fields } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'message is not valid JSON' };
  }
  return isObject(value) ? { ok: true, value } : { ok: false, error: 'message must be a JSON object' };
}

/** Parses and validates one client → daemon message. */
export function parseClientMessage(raw: string): ParseResult<ClientMessage> {
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) return parsed;
  const { value } = parsed;
  const id = isRequestId(value.id) ? value.id : undefined;
  if (typeof value.type !== 'string') return { ok: false, error: 'message has no "type"', id };
  if (value.type !== 'subscribe' && !isRequestId(value.id)) return { ok: false, error: `"${value.type}" needs an "id" (non-negative integer)`, id };
  const error = checkClientMessage(value);
  return error ? { ok: false, error, id } : { ok: true, message: value as unknown as ClientMessage };
}

/** Why `value` is not a TrackingLog, or undefined when it is one. */
export function checkTrackingLog(value: unknown): string | undefined {
  if (!isObject(value)) return 'log must be an object';
  if (!isSeq(value.seq) || value.seq === 0) return 'log.seq must be a positive integer';
  if (typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at))) return 'log.at must be an ISO date';
  if (!LOG_TYPES.includes(value.type as LogType)) return `log.type must be one of ${LOG_TYPES.join(', ')}`;
  if (typeof value.deliveryId !== 'string' || typeof value.recipientId !== 'string') return 'log.deliveryId and log.recipientId must be strings';
  for (const key of ['linkId', 'url', 'label', 'userAgent', 'machine'] as const) {
    if (!isOptionalString(value[key])) return `log.${key} must be a string`;
  }
  return undefined;
}

/** Parses and validates one daemon → client message (the result payload is not checked deeply). */
export function parseServerMessage(raw: string): ParseResult<ServerMessage> {
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) return parsed;
  const { value } = parsed;
  let error: string | undefined;
  switch (value.type) {
    case 'log':
      error = checkTrackingLog(value.log);
      break;
    case 'result':
      if (!isRequestId(value.id)) error = '"id" must be a non-negative integer';
      else if (!('result' in value)) error = 'result message has no "result"';
      break;
    case 'error':
      if (typeof value.message !== 'string') error = '"message" must be a string';
      else if (value.id !== undefined && !isRequestId(value.id)) error = '"id" must be a non-negative integer';
      break;
    case 'hello':
      if (typeof value.version !== 'number' || !isSeq(value.lastSeq)) error = 'hello needs "version" and "lastSeq" numbers';
      break;
    default:
      error = `unknown message type ${JSON.stringify(value.type)}`;
  }
  return error ? { ok: false, error } : { ok: true, message: value as unknown as ServerMessage };
}
