// What routes and WebSocket handlers share for the life of one daemon.
import type { PrepareContext } from './deliveries';
import type { LogHub } from './log-stream';
import type { BurstDetector } from './machine-traffic';
import type { RecipientPages } from './recipient-pages';
import type { Durability } from './storage/index';

/** A span of journal bytes that start-up could not read: where, how much, and where its copy is. */
export interface DroppedSpan {
  file: string;
  offset: number;
  bytes: number;
  records: number;
  savedAs: string;
}

export interface Recovery {
  droppedTail?: DroppedSpan;
  damaged?: DroppedSpan[];
}

export interface DaemonContext extends PrepareContext {
  hub: LogHub;
  bursts: BurstDetector;
  renderer: RecipientPages;
  token: string;
  durability: Durability;
  /** What start-up dropped from the journal (files relative to the data directory), shown in /healthz. */
  recovery: Recovery;
  startedAt: number;
  log(line: string): void;
}
