// What routes and WebSocket handlers share for the life of one daemon.
import type { PrepareContext } from './deliveries';
import type { LogHub } from './log-stream';
import type { BurstDetector } from './machine-traffic';
import type { DeliveryRenderer } from './render';

export interface DaemonContext extends PrepareContext {
  hub: LogHub;
  bursts: BurstDetector;
  renderer: DeliveryRenderer;
  token: string;
  startedAt: number;
  log(line: string): void;
}
