// What routes and WebSocket handlers share for the life of one daemon.
import type { PrepareContext } from './deliveries';
import type { LogHub } from './log-stream';
import type { BurstDetector } from './machine-traffic';
import type { RecipientPages } from './recipient-pages';

export interface DaemonContext extends PrepareContext {
  hub: LogHub;
  bursts: BurstDetector;
  renderer: RecipientPages;
  token: string;
  startedAt: number;
  log(line: string): void;
}
