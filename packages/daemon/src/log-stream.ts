// Appending logs and streaming them to subscribers without a gap or a duplicate. Each subscriber
// has one cursor (the highest seq it was sent) and at most one feed step running; every step sends
// "logs after the cursor" as storage has them — from memory for a subscriber that is caught up (the
// usual case, on every click), from the journal for a backlog or a subscriber that fell behind —
// so logs arriving meanwhile, or appends finishing out of order, cannot slip past the cursor or be
// sent twice. A subscriber whose socket is full is paused and nothing is queued for it: it costs the
// daemon no memory however many logs arrive, and resumes from its cursor.
import type { TrackingLog } from '@linktrace/core';
import type { Storage } from './storage/types';

export interface Subscription {
  /** Highest seq this subscriber has been sent (or skipped past as not matching its filter). */
  readonly sentSeq: number;
  /** Resolves once the backlog was sent, the feed paused on a full socket, or the subscription ended. */
  readonly ready: Promise<void>;
  /** Feeds a subscriber that paused (its send returned false) from where it stopped. */
  resume(): void;
  unsubscribe(): void;
}

/** Returns false when the receiver's buffer is full: nothing more is sent until resume(). */
export type SendLog = (log: TrackingLog) => boolean | void;

/** Limits for a subscriber that stopped reading. */
export interface SubscribeOptions {
  /** Logs it may fall behind the newest while paused... */
  maxLag: number;
  /** ...before this is called (once). */
  onTooFarBehind: () => void;
  /** Its logs could not be read from the journal: it is unsubscribed, and told why here. */
  onReadError: (error: Error) => void;
}

interface Subscriber {
  deliveryId?: string;
  limits?: SubscribeOptions;
  sentSeq: number;
  paused: boolean;
  /** A journal read for this subscriber is under way: it is fed again when that read is done. */
  reading: boolean;
  send: SendLog;
  /** Called once when the first feed step ends (backlog sent or paused). */
  settled?: () => void;
}

/** Logs read per step: a long backlog is never copied out whole. */
const FEED_PAGE = 1000;

export class LogHub {
  private readonly subscribers = new Set<Subscriber>();
  /** Set while a publish is already scheduled: one broadcast per batch of commits, not one per click. */
  private publishScheduled = false;

  constructor(private readonly storage: Storage) {}

  get size(): number {
    return this.subscribers.size;
  }

  /** Stores a log; resolves once it is committed (see --durability). Subscribers get it right after. */
  async append(entry: Omit<TrackingLog, 'seq'>): Promise<TrackingLog> {
    const log = await this.storage.appendLog(entry);
    // Every append of a group commit resolves in the same turn: they share one publish.
    if (!this.publishScheduled) {
      this.publishScheduled = true;
      queueMicrotask(() => {
        this.publishScheduled = false;
        this.publish();
      });
    }
    return log;
  }

  /** Starts sending the logs after `after` (the backlog first), then keeps `send` fed with every new log. */
  subscribe(after: number, deliveryId: string | undefined, send: SendLog, limits?: SubscribeOptions): Subscription {
    const subscriber: Subscriber = { deliveryId, limits, sentSeq: after, paused: false, reading: false, send };
    const ready = new Promise<void>((resolve) => (subscriber.settled = resolve));
    this.subscribers.add(subscriber);
    this.feed(subscriber);
    return {
      get sentSeq() {
        return subscriber.sentSeq;
      },
      ready,
      resume: () => {
        if (!subscriber.paused || !this.subscribers.has(subscriber)) return;
        subscriber.paused = false;
        this.feed(subscriber);
      },
      unsubscribe: () => {
        this.subscribers.delete(subscriber);
        this.settle(subscriber);
      },
    };
  }

  /** Brings every subscriber up to the newest committed log. */
  publish(): void {
    for (const subscriber of this.subscribers) this.feed(subscriber);
  }

  private settle(subscriber: Subscriber): void {
    subscriber.settled?.();
    subscriber.settled = undefined;
  }

  /** Sends what this subscriber is missing; returns early when it pauses or must wait for a read. */
  private feed(subscriber: Subscriber): void {
    if (!this.subscribers.has(subscriber)) return;
    if (subscriber.paused) {
      if (subscriber.limits && this.storage.lastSeq() - subscriber.sentSeq > subscriber.limits.maxLag) subscriber.limits.onTooFarBehind();
      return;
    }
    if (subscriber.reading) return;
    const filter = subscriber.deliveryId ? { deliveryId: subscriber.deliveryId } : undefined;
    for (;;) {
      // Everything up to lastSeq is in storage's index already, so a step that saw all of it may
      // move the cursor there (past logs of other deliveries, and cleared ones).
      const cursor = this.storage.lastSeq();
      const recent = this.storage.recentLogs(subscriber.sentSeq, filter, FEED_PAGE);
      if (recent === undefined) {
        this.readBehind(subscriber, filter, cursor);
        return;
      }
      if (!this.sendAll(subscriber, recent)) return;
      if (recent.length < FEED_PAGE) {
        subscriber.sentSeq = Math.max(subscriber.sentSeq, cursor);
        this.settle(subscriber);
        return;
      }
    }
  }

  /** A subscriber behind what memory holds reads a page from the journal, then feeds on. */
  private readBehind(subscriber: Subscriber, filter: { deliveryId: string } | undefined, cursor: number): void {
    subscriber.reading = true;
    this.storage.readLogs(subscriber.sentSeq, filter, FEED_PAGE).then(
      (logs) => {
        subscriber.reading = false;
        if (!this.subscribers.has(subscriber)) return;
        if (!this.sendAll(subscriber, logs)) return;
        if (logs.length < FEED_PAGE) subscriber.sentSeq = Math.max(subscriber.sentSeq, cursor);
        this.feed(subscriber);
      },
      (error: Error) => {
        subscriber.reading = false;
        this.subscribers.delete(subscriber);
        this.settle(subscriber);
        subscriber.limits?.onReadError(error);
      },
    );
  }

  /** Sends logs in order; false when the subscriber paused or went away meanwhile. */
  private sendAll(subscriber: Subscriber, logs: readonly TrackingLog[]): boolean {
    for (const log of logs) {
      if (log.seq <= subscriber.sentSeq) continue;
      subscriber.sentSeq = log.seq;
      const more = subscriber.send(log);
      // A send that unsubscribes (socket closed) stops the feed.
      if (!this.subscribers.has(subscriber)) return false;
      if (more === false) {
        subscriber.paused = true;
        this.settle(subscriber);
        return false;
      }
    }
    return true;
  }

  close(): void {
    for (const subscriber of this.subscribers) this.settle(subscriber);
    this.subscribers.clear();
  }
}
