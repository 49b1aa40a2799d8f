// The Tracking panel's data: logs (each seq once, in order), deliveries, filters, counters and
// per-link figures. Pure (no DOM, no vscode) so the webview and the extension compute the same
// figures. "Human" counts leave out logs the daemon flagged as likely machine traffic.
import type { DeliveryLinkRecord, LogType, TrackingLog } from '@linktrace/core';
import type { PanelDelivery, PanelFilters } from '../messages';

/** Oldest logs are dropped beyond this, so a long session cannot grow the panel without bound. */
export const MAX_KEPT_LOGS = 20_000;

export interface Count {
  raw: number;
  human: number;
}

export type Counters = Record<LogType, Count>;

export interface LinkFigures {
  link: DeliveryLinkRecord;
  total: Count;
  /** Distinct recipients who clicked (human clicks). */
  unique: number;
  /** This link's part of the delivery's human clicks, 0..1. */
  share: number;
}

export const NO_FILTERS: PanelFilters = { type: '', deliveryId: '', recipientId: '' };

const emptyCount = (): Count => ({ raw: 0, human: 0 });

export class PanelModel {
  private logList: TrackingLog[] = [];
  private readonly deliveryMap = new Map<string, PanelDelivery>();

  get logs(): readonly TrackingLog[] {
    return this.logList;
  }

  get lastSeq(): number {
    return this.logList.at(-1)?.seq ?? 0;
  }

  get deliveries(): PanelDelivery[] {
    return [...this.deliveryMap.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  delivery(id: string): PanelDelivery | undefined {
    return this.deliveryMap.get(id);
  }

  setDelivery(delivery: PanelDelivery): void {
    this.deliveryMap.set(delivery.id, delivery);
  }

  /** Adds logs it does not have yet; returns those it added. */
  addLogs(logs: readonly TrackingLog[]): TrackingLog[] {
    const added: TrackingLog[] = [];
    const last = this.lastSeq;
    const seen = new Set<number>();
    let kept: Set<number> | undefined;
    for (const log of logs) {
      if (seen.has(log.seq)) continue;
      if (log.seq <= last) {
        kept ??= new Set(this.logList.map((each) => each.seq));
        if (kept.has(log.seq)) continue;
      }
      seen.add(log.seq);
      added.push(log);
    }
    if (added.length === 0) return added;
    this.logList.push(...added);
    if (added.some((log) => log.seq < last) || !isSorted(added)) this.logList.sort((a, b) => a.seq - b.seq);
    if (this.logList.length > MAX_KEPT_LOGS) this.logList.splice(0, this.logList.length - MAX_KEPT_LOGS);
    return added;
  }

  reset(logs: readonly TrackingLog[], deliveries: readonly PanelDelivery[]): void {
    this.logList = [];
    this.deliveryMap.clear();
    for (const delivery of deliveries) this.setDelivery(delivery);
    this.addLogs(logs);
  }

  filtered(filters: PanelFilters): TrackingLog[] {
    return this.logList.filter((log) => matches(log, filters));
  }

  /** Per type, within the delivery and recipient filters (the type filter does not hide counters). */
  counters(filters: PanelFilters = NO_FILTERS): Counters {
    const counters: Counters = { open: emptyCount(), click: emptyCount(), mirror: emptyCount(), optout: emptyCount() };
    for (const log of this.logList) {
      if (!matches(log, { ...filters, type: '' })) continue;
      counters[log.type].raw++;
      if (!log.machine) counters[log.type].human++;
    }
    return counters;
  }

  /** Per type, the recipients behind its human logs, within the delivery and recipient filters. */
  uniqueRecipients(filters: PanelFilters = NO_FILTERS): Record<LogType, number> {
    const seen: Record<LogType, Set<string>> = { open: new Set(), click: new Set(), mirror: new Set(), optout: new Set() };
    for (const log of this.logList) {
      if (log.machine || !matches(log, { ...filters, type: '' })) continue;
      seen[log.type].add(`${log.deliveryId}/${log.recipientId}`);
    }
    return { open: seen.open.size, click: seen.click.size, mirror: seen.mirror.size, optout: seen.optout.size };
  }

  /** Click figures of each link of a delivery (recipient filter applied). */
  linkFigures(deliveryId: string, recipientId = ''): LinkFigures[] {
    const delivery = this.deliveryMap.get(deliveryId);
    if (!delivery) return [];
    const totals = new Map<string, Count>();
    const clickers = new Map<string, Set<string>>();
    let humanClicks = 0;
    for (const log of this.logList) {
      if (log.type !== 'click' || log.deliveryId !== deliveryId || !log.linkId) continue;
      if (recipientId && log.recipientId !== recipientId) continue;
      const count = totals.get(log.linkId) ?? emptyCount();
      count.raw++;
      if (!log.machine) {
        count.human++;
        humanClicks++;
        const who = clickers.get(log.linkId) ?? new Set<string>();
        who.add(log.recipientId);
        clickers.set(log.linkId, who);
      }
      totals.set(log.linkId, count);
    }
    return delivery.links
      .filter((link) => link.type === 'tracked')
      .map((link) => {
        const total = totals.get(link.linkId) ?? emptyCount();
        return { link, total, unique: clickers.get(link.linkId)?.size ?? 0, share: humanClicks ? total.human / humanClicks : 0 };
      });
  }

  /** The delivery the per-link views show: the filtered one, else the newest. */
  focusedDelivery(filters: PanelFilters): PanelDelivery | undefined {
    return (filters.deliveryId && this.deliveryMap.get(filters.deliveryId)) || this.deliveries[0];
  }
}

export function matches(log: TrackingLog, filters: PanelFilters): boolean {
  return (
    (!filters.type || log.type === filters.type) &&
    (!filters.deliveryId || log.deliveryId === filters.deliveryId) &&
    (!filters.recipientId || log.recipientId === filters.recipientId)
  );
}

function isSorted(logs: readonly TrackingLog[]): boolean {
  for (let i = 1; i < logs.length; i++) if (logs[i]!.seq < logs[i - 1]!.seq) return false;
  return true;
}
