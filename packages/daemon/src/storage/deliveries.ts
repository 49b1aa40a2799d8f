// Deliveries: a small index in lowdb (`deliveries.json`: id, name, date, which file holds the
// delivery, who opted out) and each delivery's template, link table and recipients in a file of
// its own under `deliveries/`, written once and never changed. A save writes one new file and the
// small index, never every delivery; retention keeps the newest N; a delivery is served only once
// both are on disk. A `deliveries.json` of the earlier one-document format is migrated on load.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { isId, type Delivery } from '@linktrace/core';
import { CorruptDataError, DeliveryLimitError } from './errors';
import { splitDeliveriesDocument, WHOLE_PARSE_MAX_BYTES } from './legacy-deliveries';
import { checkOwnDirectory, readOwnFile, syncDirectory, writeFileAtomically, writeNewFile } from './safe-files';

export const DELIVERIES_FILE = 'deliveries.json';
export const DELIVERIES_DIR = 'deliveries';
/** Deliveries kept unless told otherwise; saving one more retires the oldest. */
export const DEFAULT_KEEP_DELIVERIES = 200;

const INDEX_FORMAT = 'linktrace-deliveries';
const INDEX_VERSION = 2;
/** The one-document format of earlier versions: every delivery in full inside deliveries.json. */
const LEGACY_VERSION = 1;
const BODY_FORMAT = 'linktrace-delivery';
const BODY_VERSION = 1;
const BODY_FILE_PATTERN = /^([A-Za-z0-9_-]{1,64})\.([0-9a-f]{8})\.json$/;

/** What one stored delivery may hold; prepare enforces the same figures with friendlier errors. */
export interface DeliveryLimits {
  maxTemplateBytes: number;
  maxLinks: number;
  maxRecipients: number;
}

export interface IndexEntry {
  id: string;
  createdAt: string;
  name: string;
  /** The delivery's own file under deliveries/. */
  file: string;
  /** Recipients who opted out: the only part of a delivery that changes after it is saved. */
  optedOut: string[];
}

interface IndexDocument {
  format: typeof INDEX_FORMAT;
  version: typeof INDEX_VERSION;
  deliveries: IndexEntry[];
}

interface BodyDocument {
  format: typeof BODY_FORMAT;
  version: typeof BODY_VERSION;
  delivery: Delivery;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptDataError(file, `not valid JSON (${(error as Error).message})`);
  }
}

function checkDeliveryShape(file: string, value: unknown, where: string): Delivery {
  const d = value as Partial<Delivery> | null;
  if (typeof d !== 'object' || d === null || !isId(d.id) || !Array.isArray(d.recipients) || !Array.isArray(d.links)) {
    throw new CorruptDataError(file, `${where} is not a delivery (id, links, recipients)`);
  }
  return d as Delivery;
}

/** The index, or the deliveries of a legacy one-document file still to be migrated. */
function parseIndex(file: string, bytes: Buffer): IndexDocument | { legacy: Delivery[] } {
  let doc: { format?: unknown; version?: unknown; deliveries?: unknown } | null;
  if (bytes.length <= WHOLE_PARSE_MAX_BYTES) doc = parseJson(file, bytes.toString('utf8')) as typeof doc;
  else {
    // Only a legacy document gets this large: never made into one string (see legacy-deliveries.ts).
    const split = splitDeliveriesDocument(file, bytes);
    doc = split.skeleton as typeof doc;
    if (typeof doc === 'object' && doc !== null) doc.deliveries = split.deliveries;
  }
  if (typeof doc !== 'object' || doc === null || doc.format !== INDEX_FORMAT) {
    throw new CorruptDataError(file, `not a Linktrace deliveries file (no "format": "${INDEX_FORMAT}" marker)`);
  }
  if (doc.version !== INDEX_VERSION && doc.version !== LEGACY_VERSION) {
    throw new CorruptDataError(file, `deliveries file version ${String(doc.version)} is not supported (expected ${INDEX_VERSION})`);
  }
  if (!Array.isArray(doc.deliveries)) throw new CorruptDataError(file, '"deliveries" is not an array');
  if (doc.version === LEGACY_VERSION) return { legacy: doc.deliveries.map((d: unknown, i) => checkDeliveryShape(file, d, `deliveries[${i}]`)) };
  doc.deliveries.forEach((entry: unknown, i) => {
    const e = entry as Partial<IndexEntry> | null;
    const ok =
      typeof e === 'object' && e !== null && isId(e.id) && typeof e.createdAt === 'string' && typeof e.name === 'string' &&
      typeof e.file === 'string' && BODY_FILE_PATTERN.exec(e.file)?.[1] === e.id &&
      Array.isArray(e.optedOut) && e.optedOut.every((r) => typeof r === 'string');
    if (!ok) throw new CorruptDataError(file, `deliveries[${i}] is not a delivery index entry (id, createdAt, name, file, optedOut)`);
  });
  return doc as IndexDocument;
}

function parseBody(file: string, text: string, id: string): Delivery {
  const doc = parseJson(file, text) as Partial<BodyDocument> | null;
  if (typeof doc !== 'object' || doc === null || doc.format !== BODY_FORMAT || doc.version !== BODY_VERSION) {
    throw new CorruptDataError(file, `not a Linktrace delivery file (no "format": "${BODY_FORMAT}", "version": ${BODY_VERSION})`);
  }
  const delivery = checkDeliveryShape(file, doc.delivery, '"delivery"');
  if (delivery.id !== id) throw new CorruptDataError(file, `holds delivery ${delivery.id}, but the index names it for ${id}`);
  return delivery;
}

/** Deep-freezes a private copy: readers share stored deliveries without being able to change them behind storage's back. */
function frozenCopy<T>(value: T): T {
  // A work list, not recursion: recipient fields nest as deep as the posted JSON does.
  const freeze = (root: unknown): void => {
    const pending = [root];
    while (pending.length > 0) {
      const v = pending.pop();
      if (typeof v !== 'object' || v === null || Object.isFrozen(v)) continue;
      Object.freeze(v);
      for (const child of Object.values(v)) pending.push(child);
    }
  };
  const copy = structuredClone(value);
  freeze(copy);
  return copy;
}

/** The delivery as stored (opt-outs are kept in the index, not in its immutable file). */
function withOptOuts(delivery: Delivery, optedOut: readonly string[]): Delivery {
  if (optedOut.length === 0) return delivery;
  const out = new Set(optedOut);
  return { ...delivery, recipients: delivery.recipients.map((r) => (out.has(r.id) ? { ...r, optedOut: true } : r)) };
}

/**
 * lowdb's adapter for the index, through the data directory's no-follow file operations (lowdb's
 * own DataFile would write through a planted `.deliveries.json.tmp` link).
 */
class IndexFile implements Adapter<IndexDocument> {
  constructor(
    readonly file: string,
    private readonly dataDir: string,
  ) {}

  async read(): Promise<IndexDocument | null> {
    throw new Error('read through DeliveryStore.load: the file may be a legacy document');
  }

  async write(doc: IndexDocument): Promise<void> {
    await writeFileAtomically(this.file, JSON.stringify(doc, null, 1) + '\n');
    // The rename is durable only once the directory is.
    await syncDirectory(this.dataDir);
  }
}

export interface LoadReport {
  /** Deliveries moved out of a legacy one-document deliveries.json. */
  migrated?: number;
}

export class DeliveryStore {
  private db: Low<IndexDocument> | undefined;
  private readonly byId = new Map<string, Delivery>();
  /** Every change runs after the previous one: the index is written whole, in order. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataDir: string,
    private readonly limits: DeliveryLimits,
    private readonly keep: number,
  ) {}

  get file(): string {
    return path.join(this.dataDir, DELIVERIES_FILE);
  }

  private get bodyDir(): string {
    return path.join(this.dataDir, DELIVERIES_DIR);
  }

  async load(): Promise<LoadReport> {
    const bytes = await readOwnFile(this.file);
    const parsed = bytes ? parseIndex(this.file, bytes) : undefined;
    if (!(await checkOwnDirectory(this.bodyDir))) await mkdir(this.bodyDir, { mode: 0o700 });
    this.db = new Low(new IndexFile(this.file, this.dataDir), { format: INDEX_FORMAT, version: INDEX_VERSION, deliveries: [] });
    this.byId.clear();
    if (parsed && 'legacy' in parsed) {
      await this.migrate(parsed.legacy);
      return { migrated: parsed.legacy.length };
    }
    if (parsed) this.db.data = parsed;
    for (const entry of this.db.data.deliveries) {
      const file = path.join(this.bodyDir, entry.file);
      const body = await readOwnFile(file);
      if (!body) throw new CorruptDataError(file, `is missing, but ${DELIVERIES_FILE} lists delivery ${entry.id} in it`);
      this.byId.set(entry.id, frozenCopy(withOptOuts(parseBody(file, body.toString('utf8'), entry.id), entry.optedOut)));
    }
    await this.removeUnlisted();
    return {};
  }

  get(id: string): Delivery | undefined {
    return this.byId.get(id);
  }

  list(): Delivery[] {
    return [...this.byId.values()];
  }

  /**
   * Stores the delivery (replacing one with its id) and retires the oldest beyond the retention;
   * resolves with the ids retired. Until it resolves the delivery is not served, and if it fails
   * it never is.
   */
  save(delivery: Delivery): Promise<string[]> {
    try {
      this.checkLimits(delivery);
    } catch (error) {
      return Promise.reject(error);
    }
    const stored = frozenCopy(delivery);
    return this.serialized(async () => {
      const db = this.db!;
      const file = await this.writeBody(stored);
      const entry: IndexEntry = { id: stored.id, createdAt: stored.createdAt, name: stored.name, file, optedOut: [] };
      const previous = db.data.deliveries.find((e) => e.id === stored.id);
      const kept = [...db.data.deliveries.filter((e) => e.id !== stored.id), entry];
      // Newest last; the oldest beyond `keep` go (by creation date, then by save order).
      const order = kept.map((e, i) => ({ e, i })).sort((a, b) => (a.e.createdAt < b.e.createdAt ? -1 : a.e.createdAt > b.e.createdAt ? 1 : a.i - b.i));
      const retired = order.slice(0, Math.max(0, order.length - this.keep)).map(({ e }) => e);
      const next = kept.filter((e) => !retired.includes(e));
      if (!next.includes(entry)) {
        await unlink(path.join(this.bodyDir, file)).catch(() => undefined);
        throw new DeliveryLimitError(`delivery ${stored.id} was created before every one of the ${this.keep} deliveries kept; it was not stored`);
      }
      try {
        await this.writeIndex(next);
      } catch (error) {
        await unlink(path.join(this.bodyDir, file)).catch(() => undefined);
        throw error;
      }
      this.byId.set(stored.id, stored);
      for (const gone of retired) this.byId.delete(gone.id);
      await this.removeBodies([...retired, ...(previous ? [previous] : [])]);
      return retired.map((e) => e.id);
    });
  }

  /** Removes a delivery; false when there is none with that id. */
  remove(id: string): Promise<boolean> {
    return this.serialized(async () => {
      const entry = this.db!.data.deliveries.find((e) => e.id === id);
      if (!entry) return false;
      await this.writeIndex(this.db!.data.deliveries.filter((e) => e !== entry));
      this.byId.delete(id);
      await this.removeBodies([entry]);
      return true;
    });
  }

  setOptedOut(deliveryId: string, recipientId: string): Promise<void> {
    return this.serialized(async () => {
      const delivery = this.byId.get(deliveryId);
      const entry = this.db!.data.deliveries.find((e) => e.id === deliveryId);
      if (!delivery || !entry) throw new Error(`No delivery ${deliveryId}`);
      if (!delivery.recipients.some((r) => r.id === recipientId)) throw new Error(`Delivery ${deliveryId} has no recipient ${recipientId}`);
      if (entry.optedOut.includes(recipientId)) return;
      const updated = { ...entry, optedOut: [...entry.optedOut, recipientId] };
      await this.writeIndex(this.db!.data.deliveries.map((e) => (e === entry ? updated : e)));
      this.byId.set(deliveryId, frozenCopy(withOptOuts(delivery, [recipientId])));
    });
  }

  /** Resolves once every change issued so far has settled. */
  async flush(): Promise<void> {
    await this.writing.catch(() => undefined);
  }

  private serialized<T>(change: () => Promise<T>): Promise<T> {
    const run = this.writing.catch(() => undefined).then(change);
    this.writing = run.catch(() => undefined);
    return run;
  }

  private checkLimits(delivery: Delivery): void {
    const { maxTemplateBytes, maxLinks, maxRecipients } = this.limits;
    const templateBytes = Buffer.byteLength(delivery.template ?? '');
    if (templateBytes > maxTemplateBytes) throw new DeliveryLimitError(`the template is ${templateBytes} bytes; a stored delivery holds at most ${maxTemplateBytes}`);
    if (delivery.links.length > maxLinks) throw new DeliveryLimitError(`${delivery.links.length} links; a stored delivery holds at most ${maxLinks}`);
    if (delivery.recipients.length > maxRecipients) throw new DeliveryLimitError(`${delivery.recipients.length} recipients; a stored delivery holds at most ${maxRecipients}`);
  }

  /** Writes the delivery's own file, exclusively under a fresh name; returns that name. */
  private async writeBody(delivery: Delivery): Promise<string> {
    const name = `${delivery.id}.${randomBytes(4).toString('hex')}.json`;
    const doc: BodyDocument = { format: BODY_FORMAT, version: BODY_VERSION, delivery };
    await writeNewFile(path.join(this.bodyDir, name), JSON.stringify(doc) + '\n');
    await syncDirectory(this.bodyDir);
    return name;
  }

  private async writeIndex(deliveries: IndexEntry[]): Promise<void> {
    const db = this.db!;
    const before = db.data;
    db.data = { format: INDEX_FORMAT, version: INDEX_VERSION, deliveries };
    try {
      await db.write();
    } catch (error) {
      db.data = before;
      throw error;
    }
  }

  private async removeBodies(entries: readonly IndexEntry[]): Promise<void> {
    // Only space is at stake: an unlisted file is removed again on the next load.
    for (const entry of entries) await unlink(path.join(this.bodyDir, entry.file)).catch(() => undefined);
  }

  /** Delivery files the index does not list: left by a save that failed or a crash before its index write. */
  private async removeUnlisted(): Promise<void> {
    const listed = new Set(this.db!.data.deliveries.map((e) => e.file));
    for (const name of await readdir(this.bodyDir)) {
      if (BODY_FILE_PATTERN.test(name) && !listed.has(name)) await unlink(path.join(this.bodyDir, name)).catch(() => undefined);
    }
  }

  /**
   * Moves every delivery of a legacy deliveries.json into its own file, then replaces the legacy
   * file with the index (one atomic rename): a crash before the rename leaves the legacy file, and
   * the next start migrates again (files of the first attempt are unlisted and removed).
   */
  private async migrate(legacy: readonly Delivery[]): Promise<void> {
    const entries: IndexEntry[] = [];
    for (const delivery of legacy) {
      const optedOut = delivery.recipients.filter((r) => r.optedOut === true).map((r) => r.id);
      const stored = frozenCopy(delivery);
      entries.push({ id: delivery.id, createdAt: delivery.createdAt, name: delivery.name, file: await this.writeBody(stored), optedOut });
      this.byId.set(delivery.id, stored);
    }
    await this.writeIndex(entries);
    await this.removeUnlisted();
  }
}
