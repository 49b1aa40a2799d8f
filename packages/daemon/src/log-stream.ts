// Appending logs and streaming them to subscribers without a gap or a duplicate. A subscriber
// is registered and its backlog read in one synchronous step, and every later delivery reads
// "logs after what this subscriber was sent" from storage, which only holds durable logs in seq
// order: so logs arriving during the backlog, or appends finishing out of order, cannot slip
// between the two or be sent twice.
import type { TrackingLog } from '@linktrace/core';
import type { Storage } from './storage/types';

export interface Subscription {
  /** Highest seq this subscriber has been sent (or skipped past as not matching its filter). */
  readonly sentSeq: number;
  unsubscribe(): void;
}

interface Subscriber {
  deliveryId?: string;
  sentSeq: number;
  send: (log: TrackingLog) => void;
}

export class LogHub {
  private readonly subscribers = new Set<Subscriber>();

  constructor(private readonly storage: Storage) {}

  get size(): number {
    return this.subscribers.size;
  }

  /** Stores a log; resolves once it is durable, after it went to every subscriber. */
  async append(entry: Omit<TrackingLog, 'seq'>): Promise<TrackingLog> {
    const log = await this.storage.appendLog(entry);
    this.publish();
    return log;
  }

  /** Sends the backlog after `after` synchronously, then keeps `send` fed with every new log. */
  subscribe(after: number, deliveryId: string | undefined, send: (log: TrackingLog) => void): Subscription {
    const subscriber: Subscriber = { deliveryId, sentSeq: after, send };
    this.subscribers.add(subscriber);
    this.feed(subscriber);
    return {
      get sentSeq() {
        return subscriber.sentSeq;
      },
      unsubscribe: () => {
        this.subscribers.delete(subscriber);
      },
    };
  }

  /** Brings every subscriber up to the newest durable log. */
  publish(): void {
    for (const subscriber of this.subscribers) this.feed(subscriber);
  }

  private feed(subscriber: Subscriber): void {
    const logs = this.storage.logsAfter(subscriber.sentSeq, subscriber.deliveryId ? { deliveryId: subscriber.deliveryId } : undefined);
    // Everything up to lastSeq is in storage's index already, so the cursor may skip to it.
    const cursor = Math.max(subscriber.sentSeq, this.storage.lastSeq());
    for (const log of logs) {
      subscriber.sentSeq = Math.max(subscriber.sentSeq, log.seq);
      subscriber.send(log);
      // A send that unsubscribes (socket closed) stops the feed.
      if (!this.subscribers.has(subscriber)) return;
    }
    subscriber.sentSeq = Math.max(subscriber.sentSeq, cursor);
  }

  close(): void {
    this.subscribers.clear();
  }
}
