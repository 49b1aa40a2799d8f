// Live click counts for the CodeLens, when the project's daemon is running: the latest test
// delivery of the template (matched by its sourcePath) and that delivery's report, per link (the
// report's sourceId is core's link id). Looked up at most once per REFRESH_MS per template, and
// again every REFRESH_MS for open templates that have counts, with `onDidChange` when they moved;
// a daemon that is not running, not answering or refusing just means no counts, never an error.
// The daemon is found as the CLI finds it: DIR/daemon.json, checked (token, owner, lock) by the
// daemon package's own reader; DIR is `daemonDataDirectory` (default .linktrace) in the
// template's workspace folder.
import path from 'node:path';
import type { DeliveryReport, DeliverySummary } from '@linktrace/core';
// The two small modules, not the package index: the server's bundle stays free of the daemon itself.
import { callDaemonApi } from '@linktrace/daemon/src/api-client';
import { readDaemonInfo } from '@linktrace/daemon/src/daemon-info';

export interface LinkClicks {
  /** Human clicks (machine traffic excluded, as in reports). */
  total: number;
  unique: number;
}

export type ClicksByLink = ReadonlyMap<string, LinkClicks>;

const REFRESH_MS = 5000;
const API_TIMEOUT_MS = 1500;

export class ClickCounts {
  /**
   * Set when the client feeds the counts itself (linktrace/clickCounts: the VS Code extension holds
   * a live connection to its daemon): then only what it sent is shown, and the daemon is never polled.
   */
  fedByClient = false;
  private readonly fed = new Map<string, ClicksByLink>();
  private readonly cache = new Map<string, { at: number; clicks: Promise<ClicksByLink | undefined> }>();
  /** What each template's counts were when last fetched (serialized), to tell when they moved. */
  private readonly last = new Map<string, string>();
  private readonly poll: ReturnType<typeof setInterval>;

  /**
   * `dataDirOf` names the daemon data directory of a template, or undefined (no workspace folder);
   * `openFiles` are the templates whose counts are kept live; `onDidChange` hears of new counts.
   */
  constructor(
    private readonly dataDirOf: (filePath: string) => string | undefined,
    openFiles: () => readonly string[],
    private readonly onDidChange: (filePath: string) => void,
  ) {
    this.poll = setInterval(() => {
      if (this.fedByClient) return;
      for (const filePath of openFiles()) if (this.last.has(filePath)) void this.load(filePath);
    }, REFRESH_MS);
    this.poll.unref();
  }

  /** The counts of a template's latest test delivery, or undefined when there are none to show. */
  forFile(filePath: string): Promise<ClicksByLink | undefined> {
    if (this.fedByClient) return Promise.resolve(this.fed.get(filePath));
    const cached = this.cache.get(filePath);
    return cached && Date.now() - cached.at < REFRESH_MS ? cached.clicks : this.load(filePath);
  }

  /** The client's counts of a template (undefined forgets them); says they moved. */
  setFromClient(filePath: string, clicks: ClicksByLink | undefined): void {
    if (clicks) this.fed.set(filePath, clicks);
    else this.fed.delete(filePath);
    this.onDidChange(filePath);
  }

  /** Asks the daemon now, and says when the counts moved. */
  private load(filePath: string): Promise<ClicksByLink | undefined> {
    const clicks = this.fetch(filePath).catch(() => undefined);
    this.cache.set(filePath, { at: Date.now(), clicks });
    void clicks.then((counts) => {
      const serialized = counts ? JSON.stringify([...counts]) : undefined;
      const previous = this.last.get(filePath);
      if (serialized === undefined) this.last.delete(filePath);
      else this.last.set(filePath, serialized);
      if (serialized !== previous) this.onDidChange(filePath);
    });
    return clicks;
  }

  dispose(): void {
    clearInterval(this.poll);
  }

  private async fetch(filePath: string): Promise<ClicksByLink | undefined> {
    const dataDir = this.dataDirOf(filePath);
    if (!dataDir) return undefined;
    const endpoint = await readDaemonInfo(dataDir);
    const deliveries = await callDaemonApi<DeliverySummary[]>(endpoint, 'GET', '/api/deliveries', undefined, API_TIMEOUT_MS);
    const own = Array.isArray(deliveries) ? deliveries.filter((delivery) => delivery.sourcePath !== undefined && path.resolve(delivery.sourcePath) === path.resolve(filePath)) : [];
    const latest = own.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))[0];
    if (!latest) return undefined;
    const report = await callDaemonApi<DeliveryReport>(endpoint, 'GET', `/api/reports/${encodeURIComponent(latest.id)}`, undefined, API_TIMEOUT_MS);
    return new Map((report?.links ?? []).map((link) => [link.sourceId, { total: link.total.human, unique: link.unique.human }]));
  }
}

/** "3 clicks · 2 unique": the wording of the VS Code extension's views and Tracking panel too. */
export function formatClicks(clicks: LinkClicks): string {
  return `${clicks.total} click${clicks.total === 1 ? '' : 's'} · ${clicks.unique} unique`;
}

export function clicksTitle(clicks: LinkClicks | undefined): string {
  return clicks ? ` · ${formatClicks(clicks)}` : '';
}
