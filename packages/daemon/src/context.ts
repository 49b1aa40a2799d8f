// What routes and WebSocket handlers share for the life of one daemon.
import type { PrepareContext } from './deliveries';
import type { LogHub } from './log-stream';
import type { BurstDetector } from './machine-traffic';
import type { RecipientPages } from './recipient-pages';
import type { Durability } from './storage/index';

export interface DaemonContext extends PrepareContext {
  hub: LogHub;
  bursts: BurstDetector;
  renderer: RecipientPages;
  token: string;
  durability: Durability;
  /** What start-up dropped from the journal, shown in /healthz. */
  recovery: { droppedTail?: { file: string; bytes: number; records: number } };
  startedAt: number;
  log(line: string): void;
}
