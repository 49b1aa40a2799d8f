// Deliveries (with their links and recipients) in one lowdb JSON document, `deliveries.json`.
// They are few and rarely written, so a whole-file atomic rewrite (Steno: temp file + rename) per
// change is fine. The file carries a format marker so a foreign or damaged file is refused, never
// overwritten.
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import type { Delivery } from '@linktrace/core';
import { CorruptDataError } from './errors';
import { readOwnFile, writeFileAtomically } from './safe-files';

export const DELIVERIES_FILE = 'deliveries.json';
const FORMAT = 'linktrace-deliveries';
const VERSION = 1;

interface DeliveriesDocument {
  format: typeof FORMAT;
  version: typeof VERSION;
  deliveries: Delivery[];
}

function parseDocument(file: string, text: string): DeliveriesDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CorruptDataError(file, `not valid JSON (${(error as Error).message})`);
  }
  const doc = value as Partial<DeliveriesDocument> | null;
  if (typeof doc !== 'object' || doc === null || doc.format !== FORMAT) {
    throw new CorruptDataError(file, `not a Linktrace deliveries file (no "format": "${FORMAT}" marker)`);
  }
  if (doc.version !== VERSION) {
    throw new CorruptDataError(file, `deliveries file version ${String(doc.version)} is not supported (expected ${VERSION})`);
  }
  if (!Array.isArray(doc.deliveries)) throw new CorruptDataError(file, '"deliveries" is not an array');
  doc.deliveries.forEach((delivery: unknown, i) => {
    const d = delivery as Partial<Delivery> | null;
    if (typeof d !== 'object' || d === null || typeof d.id !== 'string' || !Array.isArray(d.recipients) || !Array.isArray(d.links)) {
      throw new CorruptDataError(file, `deliveries[${i}] is not a delivery (id, links, recipients)`);
    }
  });
  return doc as DeliveriesDocument;
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

/**
 * lowdb's adapter for the deliveries file, through the data directory's no-follow file operations
 * (lowdb's own DataFile would write through a planted `.deliveries.json.tmp` link). Writes run one
 * after another so an older document never lands after a newer one.
 */
class DeliveriesFile implements Adapter<DeliveriesDocument> {
  private last: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async read(): Promise<DeliveriesDocument | null> {
    const bytes = await readOwnFile(this.file);
    return bytes ? parseDocument(this.file, bytes.toString('utf8')) : null;
  }

  write(doc: DeliveriesDocument): Promise<void> {
    const text = JSON.stringify(doc, null, 2) + '\n';
    const write = this.last.catch(() => undefined).then(() => writeFileAtomically(this.file, text));
    this.last = write;
    return write;
  }
}

export class DeliveryStore {
  private db: Low<DeliveriesDocument> | undefined;
  private readonly byId = new Map<string, Delivery>();
  /** Writes are chained so close() can wait for the last one. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dataDir: string) {}

  get file(): string {
    return path.join(this.dataDir, DELIVERIES_FILE);
  }

  async load(): Promise<void> {
    const file = this.file;
    const adapter = new DeliveriesFile(file);
    const stored = await adapter.read();
    const doc = stored ?? { format: FORMAT, version: VERSION, deliveries: [] };
    doc.deliveries = doc.deliveries.map(frozenCopy);
    this.db = new Low(adapter, doc);
    this.byId.clear();
    for (const delivery of doc.deliveries) this.byId.set(delivery.id, delivery);
  }

  get(id: string): Delivery | undefined {
    return this.byId.get(id);
  }

  list(): Delivery[] {
    return [...this.byId.values()];
  }

  save(delivery: Delivery): Promise<void> {
    const stored = frozenCopy(delivery);
    return this.replace(stored);
  }

  async setOptedOut(deliveryId: string, recipientId: string): Promise<void> {
    const delivery = this.byId.get(deliveryId);
    if (!delivery) throw new Error(`No delivery ${deliveryId}`);
    const recipient = delivery.recipients.find((r) => r.id === recipientId);
    if (!recipient) throw new Error(`Delivery ${deliveryId} has no recipient ${recipientId}`);
    if (recipient.optedOut) return this.writing;
    const recipients = delivery.recipients.map((r) => (r.id === recipientId ? { ...r, optedOut: true } : r));
    return this.replace(frozenCopy({ ...delivery, recipients }));
  }

  /** Resolves once every write issued so far is on disk. */
  async flush(): Promise<void> {
    await this.writing;
  }

  private replace(delivery: Delivery): Promise<void> {
    const db = this.db!;
    const index = db.data.deliveries.findIndex((d) => d.id === delivery.id);
    if (index === -1) db.data.deliveries.push(delivery);
    else db.data.deliveries[index] = delivery;
    this.byId.set(delivery.id, delivery);
    const write = db.write();
    this.writing = this.writing.then(() => write).catch(() => undefined);
    return write;
  }
}
