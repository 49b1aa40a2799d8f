// Messages between the extension and the Tracking panel's webview. The webview is a browser page
// showing attacker-controlled strings, so what it sends back is validated like any input.
import type { DeliveryLinkRecord, LogType, TrackingLog } from '@linktrace/core';

/** Marks each tracked link's start tag in the hot-clicks template; its value is the delivery's link id. */
export const LINK_ATTRIBUTE = 'data-linktrace-link';

export type PanelConnection = { state: 'connected'; url: string } | { state: 'connecting' | 'disconnected'; url?: string; error?: string };

/** What the panel knows of a delivery: no template text, no URLs of recipient copies. */
export interface PanelDelivery {
  id: string;
  name: string;
  createdAt: string;
  sourcePath?: string;
  links: DeliveryLinkRecord[];
  recipients: { id: string; email: string }[];
}

export type ToPanelMessage =
  /** Everything, sent when the webview (re)loads and after a clear. */
  | { type: 'reset'; logs: TrackingLog[]; deliveries: PanelDelivery[]; connection: PanelConnection }
  | { type: 'logs'; logs: TrackingLog[] }
  | { type: 'delivery'; delivery: PanelDelivery }
  | { type: 'connection'; connection: PanelConnection }
  /** The template of a delivery for the hot-clicks view, each tracked link marked with data-linktrace-link="linkId". */
  | { type: 'template'; deliveryId: string; html: string | null; error?: string }
  /** Show this delivery (the latest of the template in the active editor, or the one just sent). */
  | { type: 'focus'; deliveryId: string };

export interface PanelFilters {
  type: LogType | '';
  deliveryId: string;
  recipientId: string;
}

export type FromPanelMessage =
  | { type: 'ready' }
  /** Reveal a delivery's link (by linkId) or source line in the editor. */
  | { type: 'reveal'; deliveryId: string; linkId?: string; line?: number }
  | { type: 'requestTemplate'; deliveryId: string }
  /** The webview has drawn its model up to this seq (lets tests follow the real message path). */
  | { type: 'rendered'; lastSeq: number; rows: number }
  /** Open or copy a recipient's test email (the extension knows its address; the webview does not). */
  | { type: 'testEmail'; action: TestEmailAction; deliveryId: string; recipientId: string }
  /** The panel's Clear and Export buttons. */
  | { type: 'command'; command: PanelCommand };

export const TEST_EMAIL_ACTIONS = ['open', 'copy'] as const;
export type TestEmailAction = (typeof TEST_EMAIL_ACTIONS)[number];
export const PANEL_COMMANDS = ['clearLogs', 'exportLogs'] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The message, when it is one the extension understands; undefined otherwise. */
export function parsePanelMessage(value: unknown): FromPanelMessage | undefined {
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal': {
      if (typeof value.deliveryId !== 'string' || !ID.test(value.deliveryId)) return undefined;
      if (value.linkId !== undefined && (typeof value.linkId !== 'string' || !ID.test(value.linkId))) return undefined;
      if (value.line !== undefined && (!isCount(value.line) || value.line === 0)) return undefined;
      return { type: 'reveal', deliveryId: value.deliveryId, linkId: value.linkId as string | undefined, line: value.line as number | undefined };
    }
    case 'requestTemplate':
      return typeof value.deliveryId === 'string' && ID.test(value.deliveryId) ? { type: 'requestTemplate', deliveryId: value.deliveryId } : undefined;
    case 'rendered':
      return isCount(value.lastSeq) && isCount(value.rows) ? { type: 'rendered', lastSeq: value.lastSeq, rows: value.rows } : undefined;
    case 'testEmail': {
      if (!(TEST_EMAIL_ACTIONS as readonly unknown[]).includes(value.action)) return undefined;
      if (typeof value.deliveryId !== 'string' || !ID.test(value.deliveryId) || typeof value.recipientId !== 'string' || !ID.test(value.recipientId)) return undefined;
      return { type: 'testEmail', action: value.action as TestEmailAction, deliveryId: value.deliveryId, recipientId: value.recipientId };
    }
    case 'command':
      return (PANEL_COMMANDS as readonly unknown[]).includes(value.command) ? { type: 'command', command: value.command as PanelCommand } : undefined;
    default:
      return undefined;
  }
}
