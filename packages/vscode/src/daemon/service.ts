// The extension's one daemon session: starting the bundled daemon (or finding the one already
// running for the data directory, or the configured URL), the live connection, and what it
// received: logs and deliveries in a PanelModel that the status bar, the Tracking panel, the
// Links view figures and the commands all read. The daemon this service spawned stops with it.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { DeliverySummary, PrepareRequest, PrepareResult, Recipient, TrackingLog } from '@linktrace/core';
import { DEFAULT_DAEMON_PORT } from '@linktrace/core';
import { callDaemonApi, createStorage, DEFAULT_RECIPIENTS, summarizeDelivery } from '@linktrace/daemon';
import type { Ctx } from '../ctx';
import type { LinkClicks } from '../linkStats';
import type { PanelConnection, PanelDelivery } from '../panel/messages';
import { MAX_KEPT_LOGS, PanelModel } from '../panel/webview/model';
import { fetchAllLogs, isHealthy, prepareDelivery, type DaemonEndpoint } from './api';
import { DaemonClient } from './client';
import { isLoopbackDaemonUrl } from '@linktrace/daemon';
import { readDaemonInfo } from './daemonInfo';
import { spawnDaemon, type DaemonProcess } from './daemonProcess';
import { isPortFree, RememberedPorts } from './rememberedPorts';

/** A first connection that takes longer fails Start Daemon (later outages are retried without end). */
const CONNECT_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** How long a joined daemon may be silent before this session starts its own in its place. */
const TAKE_OVER_DELAY_MS = 1000;

/** Waits before each restart of a crashed daemon. */
const RESPAWN_DELAYS_MS = [200, 1000, 3000, 10_000];

export type DaemonState = 'stopped' | 'starting' | 'connecting' | 'connected' | 'disconnected';

export interface DaemonStatus {
  state: DaemonState;
  url?: string;
  /** Set when this extension started the daemon (it stops it again). */
  pid?: number;
  /** Logs received in this session. */
  logCount: number;
  error?: string;
}

export function toPanelDelivery(summary: DeliverySummary): PanelDelivery {
  return {
    id: summary.id,
    name: summary.name,
    createdAt: summary.createdAt,
    ...(summary.sourcePath ? { sourcePath: summary.sourcePath } : {}),
    links: summary.links,
    recipients: summary.recipients.map((recipient) => ({ id: recipient.id, email: recipient.email })),
  };
}

export class DaemonService implements vscode.Disposable {
  readonly model = new PanelModel();
  readonly output: vscode.OutputChannel;
  private readonly summaries = new Map<string, DeliverySummary>();
  /** Template texts this session prepared, for the hot-clicks view. */
  private readonly templates = new Map<string, string>();
  /** Recipients (with their fields) of the deliveries this session prepared, for the hot-clicks preview. */
  private readonly recipientData = new Map<string, readonly Recipient[]>();
  private client: DaemonClient | undefined;
  private process: DaemonProcess | undefined;
  private endpoint: DaemonEndpoint | undefined;
  private state: DaemonState = 'stopped';
  private lastError: string | undefined;
  private starting: Promise<void> | undefined;
  private refreshingDeliveries: Promise<void> | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private receivedCount = 0;

  private readonly statusEmitter = new vscode.EventEmitter<DaemonStatus>();
  private readonly logsEmitter = new vscode.EventEmitter<TrackingLog[]>();
  private readonly deliveryEmitter = new vscode.EventEmitter<PanelDelivery>();
  private readonly resetEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  /** New logs, each once, in seq order. */
  readonly onDidReceiveLogs = this.logsEmitter.event;
  readonly onDidAddDelivery = this.deliveryEmitter.event;
  private readonly prepareEmitter = new vscode.EventEmitter<DeliverySummary>();
  /** A delivery this window just prepared (Send Test Delivery). */
  readonly onDidPrepare = this.prepareEmitter.event;
  /** Logs were cleared or the daemon's store was replaced: consumers re-read the model. */
  readonly onDidReset = this.resetEmitter.event;

  constructor(private readonly ctx: Ctx) {
    this.output = vscode.window.createOutputChannel('Linktrace Daemon');
  }

  private disposed = false;

  /** The output channel, until disposal: the daemon still talks while it shuts down. */
  log(line: string): void {
    if (!this.disposed) this.output.appendLine(line);
  }

  get status(): DaemonStatus {
    return {
      state: this.state,
      ...(this.endpoint ? { url: this.endpoint.url } : {}),
      ...(this.process ? { pid: this.process.pid } : {}),
      logCount: this.receivedCount,
      ...(this.lastError ? { error: this.lastError } : {}),
    };
  }

  get connection(): PanelConnection {
    if (this.state === 'connected' && this.endpoint) return { state: 'connected', url: this.endpoint.url };
    const url = this.endpoint?.url;
    const state = this.state === 'starting' || this.state === 'connecting' ? 'connecting' : 'disconnected';
    return { state, ...(url ? { url } : {}), ...(this.lastError ? { error: this.lastError } : {}) };
  }

  get isRunning(): boolean {
    return this.state !== 'stopped';
  }

  deliverySummary(id: string): DeliverySummary | undefined {
    return this.summaries.get(id);
  }

  /** Deliveries, newest first. */
  get deliveries(): DeliverySummary[] {
    return [...this.summaries.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The data directory: the setting, relative to the first workspace folder (else the extension's storage). */
  dataDirectory(): string {
    const setting = this.ctx.settings().daemonDataDirectory;
    if (path.isAbsolute(setting)) return setting;
    const folder = vscode.workspace.workspaceFolders?.[0];
    const base = folder?.uri.scheme === 'file' ? folder.uri.fsPath : this.ctx.extensionContext.globalStorageUri.fsPath;
    return path.join(base, setting);
  }

  private readingStore: Promise<boolean> | undefined;

  /**
   * Without a running daemon, the data directory's deliveries and logs, read from the store: a
   * template's clicks show in CodeLens and the Links view (and the panel) before any daemon
   * starts in this window. A running daemon is never bypassed: it holds the store, start() joins it.
   */
  loadFromStore(): Promise<boolean> {
    this.readingStore ??= this.readStore().finally(() => (this.readingStore = undefined));
    return this.readingStore;
  }

  private async readStore(): Promise<boolean> {
    const dataDir = this.dataDirectory();
    if (this.state !== 'stopped' || !existsSync(dataDir)) return false;
    const running = await readDaemonInfo(dataDir).catch(() => undefined);
    if (running?.url && (await isHealthy(running.url))) return false;
    const storage = createStorage(dataDir);
    try {
      await storage.open();
    } catch (error) {
      this.log(`[extension] could not read the store in ${dataDir}: ${(error as Error).message}`);
      return false;
    }
    try {
      // The addresses the daemon will have again: its data directory keeps its port.
      const port = new RememberedPorts(this.ctx.extensionContext.globalState).get(dataDir) ?? DEFAULT_DAEMON_PORT;
      for (const delivery of storage.listDeliveries()) this.summaries.set(delivery.id, summarizeDelivery(delivery, `http://127.0.0.1:${port}`));
      this.model.reset(await storage.readLogs(Math.max(0, storage.lastSeq() - MAX_KEPT_LOGS)), [...this.summaries.values()].map(toPanelDelivery));
    } finally {
      await storage.close();
    }
    this.resetEmitter.fire();
    this.publishLinkStats();
    return true;
  }

  /** Starts (or connects to) the daemon; resolves once connected. Calling it again while running is a no-op. */
  start(): Promise<void> {
    if (this.starting) return this.starting;
    if (this.state === 'connected' || this.state === 'connecting' || this.state === 'disconnected') return Promise.resolve();
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<void> {
    if (!vscode.workspace.isTrusted) throw new Error('The Linktrace daemon is not started in an untrusted workspace.');
    // The store is read without a daemon: let that finish before a daemon takes it.
    await this.readingStore;
    this.lastError = undefined;
    this.joined = false;
    this.setState('starting');
    try {
      this.endpoint = await this.findOrSpawn();
      await withTimeout(this.connect(this.endpoint), CONNECT_TIMEOUT_MS, `the daemon at ${this.endpoint.url} did not accept the connection within ${CONNECT_TIMEOUT_MS / 1000} s`);
    } catch (error) {
      this.lastError = (error as Error).message;
      this.log(`[extension] ${this.lastError}`);
      await this.stop();
      this.lastError = (error as Error).message;
      this.fireStatus();
      throw error;
    }
  }

  private async findOrSpawn(): Promise<DaemonEndpoint> {
    const dataDir = this.dataDirectory();
    const configured = this.ctx.settings().daemonUrl;
    if (configured) {
      // The token and templates go to a loopback daemon only, whatever a workspace setting says.
      if (!isLoopbackDaemonUrl(configured)) throw new Error(`linktrace.daemon.url must be a loopback address such as http://127.0.0.1:4178, not ${configured}`);
      const info = await readDaemonInfo(dataDir);
      this.log(`[extension] connecting to the configured daemon ${configured} (token from ${dataDir})`);
      return { url: configured, token: info.token };
    }
    // A daemon already running for this directory (e.g. `npm start` in a terminal) is the one writer: join it.
    const existing = await readDaemonInfo(dataDir).catch(() => undefined);
    if (existing?.url && (await isHealthy(existing.url))) {
      this.log(`[extension] joining the daemon already running at ${existing.url} (pid ${existing.pid ?? '?'})`);
      this.joined = true;
      return { url: existing.url, token: existing.token };
    }
    await mkdir(dataDir, { recursive: true });
    const started = await this.spawnOnRememberedPort(dataDir);
    const info = await readDaemonInfo(dataDir);
    return { url: started.url, token: info.token };
  }

  /**
   * A data directory keeps its port, so test emails opened before a restart still reach the
   * daemon; when another program took the port meanwhile, the daemon takes a free one and says so.
   */
  private async spawnOnRememberedPort(dataDir: string): Promise<DaemonProcess> {
    const ports = new RememberedPorts(this.ctx.extensionContext.globalState);
    const remembered = ports.get(dataDir);
    let started: DaemonProcess;
    if (remembered !== undefined && (await isPortFree(remembered))) started = await this.spawn(dataDir, remembered);
    else {
      started = await this.spawn(dataDir, 0);
      if (remembered !== undefined) {
        const port = new URL(started.url).port;
        const message = `Linktrace: port ${remembered} is in use by another program, so the daemon now listens on port ${port}. Test emails opened before point at the old address: send a new test delivery.`;
        this.log(`[extension] ${message}`);
        void vscode.window.showWarningMessage(message);
      }
    }
    await ports.set(dataDir, Number(new URL(started.url).port));
    return started;
  }

  private async spawn(dataDir: string, port: number): Promise<DaemonProcess> {
    const cliPath = vscode.Uri.joinPath(this.ctx.extensionUri, 'dist', 'linktrace.cjs').fsPath;
    this.log(`[extension] starting ${cliPath} daemon --port ${port} --data ${dataDir}`);
    const started = await spawnDaemon({ cliPath, dataDir, port, cwd: path.dirname(dataDir), onOutput: (line) => this.log(line) });
    this.process = started;
    void started.exited.then((code) => {
      if (this.process !== started) return; // stopped on purpose
      this.process = undefined;
      this.log(`[extension] the daemon exited unexpectedly (code ${code}); restarting it`);
      void this.respawn(dataDir, Number(new URL(started.url).port));
    });
    return started;
  }

  /**
   * Brings a daemon this session started back after a crash, on the same port, so the client's
   * own reconnect loop finds it and resumes after its last seq. Gives up after a few tries.
   */
  private async respawn(dataDir: string, port: number): Promise<void> {
    for (let attempt = 0; attempt < RESPAWN_DELAYS_MS.length; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, RESPAWN_DELAYS_MS[attempt]));
      if (this.disposed || !this.client || this.process) return; // stopped (or restarted) meanwhile
      try {
        await this.spawn(dataDir, port);
        return;
      } catch (error) {
        this.log(`[extension] restart ${attempt + 1} failed: ${(error as Error).message}`);
      }
    }
    this.lastError = 'the daemon exited and could not be restarted (see the Linktrace Daemon output)';
    await this.stop();
  }

  private async connect(endpoint: DaemonEndpoint): Promise<void> {
    this.setState('connecting');
    const client = new DaemonClient({
      url: endpoint.url,
      token: endpoint.token,
      after: this.model.lastSeq,
      initialBacklog: MAX_KEPT_LOGS,
      log: (line) => this.log(`[extension] ${line}`),
    });
    this.client = client;
    client.onState((state) => {
      if (this.client !== client) return;
      if (state === 'connected') {
        this.lastError = undefined;
        this.setState('connected');
        void this.refreshDeliveries();
      } else if (state === 'disconnected') {
        this.setState('disconnected');
        void this.takeOverIfGone(endpoint);
      }
    });
    client.onReset(() => this.resetModel());
    client.onLog((log) => this.receive(log));
    await client.connect();
  }

  private takingOver = false;
  /** The daemon was already running (a terminal's `linktrace start`, another window): not ours to stop. */
  private joined = false;

  /**
   * A joined daemon (started by `linktrace start` in a terminal, or another window) that stops
   * leaves this session waiting forever: when its address stays silent, this session starts its
   * own daemon on the same port and data directory, and the client's reconnect loop finds it.
   */
  private async takeOverIfGone(endpoint: DaemonEndpoint): Promise<void> {
    if (!this.joined || this.process || this.takingOver) return;
    this.takingOver = true;
    try {
      await new Promise((resolve) => setTimeout(resolve, TAKE_OVER_DELAY_MS));
      if (this.disposed || this.process || this.endpoint !== endpoint || this.state !== 'disconnected') return;
      if (await isHealthy(endpoint.url)) return; // back by itself
      const dataDir = this.dataDirectory();
      this.log(`[extension] the daemon at ${endpoint.url} stopped; starting one of this window's own on the same port`);
      await this.spawn(dataDir, Number(new URL(endpoint.url).port));
      this.joined = false;
    } catch (error) {
      this.log(`[extension] could not take over from the stopped daemon: ${(error as Error).message}`);
    } finally {
      this.takingOver = false;
    }
  }

  private pendingLogs: TrackingLog[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  private receive(log: TrackingLog): void {
    // Logs come one WebSocket message each; consumers get them in small batches.
    this.pendingLogs.push(log);
    this.flushTimer ??= setTimeout(() => this.flushLogs(), 15);
  }

  private flushLogs(): void {
    this.flushTimer = undefined;
    const logs = this.model.addLogs(this.pendingLogs.splice(0));
    if (logs.length === 0) return;
    this.receivedCount += logs.length;
    if (logs.some((log) => !this.summaries.has(log.deliveryId))) void this.refreshDeliveries();
    this.logsEmitter.fire(logs);
    this.fireStatus();
    this.scheduleLinkStats();
  }

  private resetModel(): void {
    this.model.reset([], [...this.summaries.values()].map(toPanelDelivery));
    this.pendingLogs = [];
    this.receivedCount = 0;
    this.ctx.linkStats.clear();
    this.resetEmitter.fire();
    this.fireStatus();
  }

  private refreshDeliveries(): Promise<void> {
    this.refreshingDeliveries ??= (async () => {
      try {
        const client = this.client;
        if (!client) return;
        for (const summary of await client.request('deliveries')) this.addDelivery(summary);
        this.scheduleLinkStats();
      } catch (error) {
        this.log(`[extension] could not list deliveries: ${(error as Error).message}`);
      } finally {
        this.refreshingDeliveries = undefined;
      }
    })();
    return this.refreshingDeliveries;
  }

  private addDelivery(summary: DeliverySummary): void {
    const known = this.summaries.has(summary.id);
    this.summaries.set(summary.id, summary);
    const delivery = toPanelDelivery(summary);
    this.model.setDelivery(delivery);
    if (!known) this.deliveryEmitter.fire(delivery);
  }

  /** Prepares a test delivery on the daemon (starting it when needed). */
  async prepare(request: PrepareRequest): Promise<PrepareResult> {
    await this.start();
    const result = await prepareDelivery(this.requireEndpoint(), request);
    this.templates.set(result.delivery.id, request.template);
    this.recipientData.set(result.delivery.id, request.recipients ?? DEFAULT_RECIPIENTS);
    this.addDelivery(result.delivery);
    this.scheduleLinkStats();
    this.prepareEmitter.fire(result.delivery);
    return result;
  }

  /** Clears the daemon's logs (all, or of one delivery) and the session's copy. */
  async clearLogs(deliveryId?: string): Promise<void> {
    const client = this.requireClient();
    await client.request('clear', deliveryId ? { deliveryId } : {});
    if (deliveryId) {
      const kept = this.model.logs.filter((log) => log.deliveryId !== deliveryId);
      this.model.reset(kept, [...this.summaries.values()].map(toPanelDelivery));
      this.receivedCount = kept.length;
      this.ctx.linkStats.clear();
      this.resetEmitter.fire();
      this.fireStatus();
      this.scheduleLinkStats();
    } else {
      this.resetModel();
    }
  }

  /**
   * Deletes a test delivery on the daemon (DELETE /api/deliveries/:id: its stored template, link
   * table and logs) and forgets it here: the panel, the Links view's test email and the figures
   * of its template then show the template's previous delivery, if any.
   */
  async deleteDelivery(deliveryId: string): Promise<void> {
    await this.start();
    await callDaemonApi(this.requireEndpoint(), 'DELETE', `/api/deliveries/${encodeURIComponent(deliveryId)}`);
    const sourcePath = this.summaries.get(deliveryId)?.sourcePath;
    this.summaries.delete(deliveryId);
    this.templates.delete(deliveryId);
    this.recipientData.delete(deliveryId);
    const kept = this.model.logs.filter((log) => log.deliveryId !== deliveryId);
    this.model.reset(kept, [...this.summaries.values()].map(toPanelDelivery));
    this.receivedCount = kept.length;
    if (sourcePath) {
      this.ctx.testDeliveries.delete(vscode.Uri.file(sourcePath));
      this.ctx.linkStats.clear(vscode.Uri.file(sourcePath));
    }
    this.resetEmitter.fire();
    this.fireStatus();
    this.publishLinkStats();
  }

  /** Every stored log from the daemon (not only this session's), for exports. */
  allLogs(deliveryId?: string): Promise<TrackingLog[]> {
    return fetchAllLogs(this.requireEndpoint(), deliveryId);
  }

  /**
   * A recipient of a delivery with their fields, to preview the template personalized: known for
   * deliveries this session prepared; otherwise only the id and email the daemon reports.
   */
  recipientOf(deliveryId: string, recipientId?: string): Recipient | undefined {
    const known = this.recipientData.get(deliveryId);
    const summary = this.summaries.get(deliveryId);
    const id = recipientId ?? summary?.recipients[0]?.id ?? known?.[0]?.id;
    const withFields = known?.find((recipient) => recipient.id === id);
    if (withFields) return withFields;
    const listed = summary?.recipients.find((recipient) => recipient.id === id);
    return listed ? { id: listed.id, email: listed.email, fields: {} } : undefined;
  }

  /** The template text of a delivery: as prepared in this session, else read from its source file. */
  async templateOf(deliveryId: string): Promise<string | undefined> {
    const cached = this.templates.get(deliveryId);
    if (cached !== undefined) return cached;
    const sourcePath = this.summaries.get(deliveryId)?.sourcePath;
    if (!sourcePath) return undefined;
    try {
      return Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(sourcePath))).toString('utf8');
    } catch {
      return undefined;
    }
  }

  private requireEndpoint(): DaemonEndpoint {
    if (!this.endpoint) throw new Error('The Linktrace daemon is not running. Run "Linktrace: Start Daemon" first.');
    return this.endpoint;
  }

  private requireClient(): DaemonClient {
    if (!this.client || this.state !== 'connected') throw new Error('Not connected to the Linktrace daemon. Run "Linktrace: Start Daemon" first.');
    return this.client;
  }

  /** Click figures of each template's latest delivery, for the Links view and CodeLens. */
  private scheduleLinkStats(): void {
    clearTimeout(this.statsTimer);
    this.statsTimer = setTimeout(() => this.publishLinkStats(), 100);
  }

  private publishLinkStats(): void {
    const latest = new Map<string, DeliverySummary>();
    for (const summary of this.deliveries) {
      if (summary.sourcePath && !latest.has(summary.sourcePath)) latest.set(summary.sourcePath, summary);
    }
    for (const [sourcePath, summary] of latest) {
      this.ctx.testDeliveries.set(vscode.Uri.file(sourcePath), {
        deliveryId: summary.id,
        name: summary.name,
        recipients: summary.recipients.map((recipient) => ({ id: recipient.id, email: recipient.email })),
      });
      const clicks = new Map<string, LinkClicks>();
      for (const figure of this.model.linkFigures(summary.id)) {
        clicks.set(figure.link.sourceId, { total: figure.total.human, unique: figure.unique });
      }
      this.ctx.linkStats.set(vscode.Uri.file(sourcePath), clicks);
    }
  }

  /** Disconnects, and stops the daemon when this service started it. */
  async stop(): Promise<void> {
    clearTimeout(this.statsTimer);
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.client?.close();
    this.client = undefined;
    const running = this.process;
    this.process = undefined;
    this.endpoint = undefined;
    if (running) {
      this.log(`[extension] stopping the daemon (pid ${running.pid})`);
      await running.stop();
    }
    // The figures stay in CodeLens and the Links view: they are the store's, not the connection's.
    this.setState('stopped');
  }

  private setState(state: DaemonState): void {
    if (this.state === state || this.disposed) return;
    this.state = state;
    this.fireStatus();
  }

  private fireStatus(): void {
    this.statusEmitter.fire(this.status);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Deactivation does not wait for promises: the SIGTERM goes out synchronously; the daemon
    // flushes and exits on its own.
    this.client?.close();
    this.client = undefined;
    const running = this.process;
    this.process = undefined;
    if (running) void running.stop();
    clearTimeout(this.statsTimer);
    clearTimeout(this.flushTimer);
    this.statusEmitter.dispose();
    this.logsEmitter.dispose();
    this.prepareEmitter.dispose();
    this.deliveryEmitter.dispose();
    this.resetEmitter.dispose();
    this.output.dispose();
  }
}
