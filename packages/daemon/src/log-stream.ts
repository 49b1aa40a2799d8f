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
  /** Feeds a subscriber that paused (its send returned false) from where it stopped. */
  resume(): void;
  unsubscribe(): void;
}

/** Returns false when the receiver's buffer is full: nothing more is sent until resume(). */
export type SendLog = (log: TrackingLog) => boolean | void;

interface Subscriber {
  deliveryId?: string;
  sentSeq: number;
  paused: boolean;
  send: SendLog;
}

/** Logs read from storage per step: a long backlog is never copied out whole. */
const FEED_PAGE = 1000;

export class LogHub {
  private readonly subscribers = new Set<Subscriber>();

  constructor(private readonly storage: Storage) {}

  get size(): number {
    return this.subscribers.size;
  }

  /** Stores a log; resolves once it is committed (see --durability), after it went to every subscriber. */
  async append(entry: Omit<TrackingLog, 'seq'>): Promise<TrackingLog> {
    const log = await this.storage.appendLog(entry);
    this.publish();
    return log;
  }

  /** Sends the backlog after `after` synchronously, then keeps `send` fed with every new log. */
  subscribe(after: number, deliveryId: string | undefined, send: SendLog): Subscription {
    const subscriber: Subscriber = { deliveryId, sentSeq: after, paused: false, send };
    this.subscribers.add(subscriber);
    this.feed(subscriber);
    return {
      get sentSeq() {
        return subscriber.sentSeq;
      },
      resume: () => {
        if (!subscriber.paused || !this.subscribers.has(subscriber)) return;
        subscriber.paused = false;
        this.feed(subscriber);
      },
      unsubscribe: () => {
        this.subscribers.delete(subscriber);
      },
    };
  }

  /** Brings every subscriber up to the newest durable log. */
  publish(): void {
    for (const subscriber of this.subscribers) if (!subscriber.paused) this.feed(subscriber);
  }

  private feed(subscriber: Subscriber): void {
    const filter = subscriber.deliveryId ? { deliveryId: subscriber.deliveryId } : undefined;
    // Everything up to lastSeq is in storage's index already, so the cursor may skip to it.
    const cursor = Math.max(subscriber.sentSeq, this.storage.lastSeq());
    for (;;) {
      const logs = this.storage.logsAfter(subscriber.sentSeq, filter, FEED_PAGE);
      for (const log of logs) {
        subscriber.sentSeq = Math.max(subscriber.sentSeq, log.seq);
        const more = subscriber.send(log);
        // A send that unsubscribes (socket closed) stops the feed.
        if (!this.subscribers.has(subscriber)) return;
        if (more === false) {
          subscriber.paused = true;
          return;
        }
      }
      if (logs.length < FEED_PAGE) break;
    }
    subscriber.sentSeq = Math.max(subscriber.sentSeq, cursor);
  }

  close(): void {
    this.subscribers.clear();
  }
}
