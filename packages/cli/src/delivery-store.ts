// What `report` and `logs` read: the running daemon's API when there is one, else the data
// directory's store itself (opened, read and closed again), so figures and logs are there
// without starting anything. Also which delivery they default to.
import { existsSync } from 'node:fs';
import type { Delivery, DeliveryReport, TrackingLog } from '@linktrace/core';
import { buildReport, callDaemonApi, createStorage, DaemonApiError, DaemonNotRunningError, DataDirLockedError, ForeignFileError, readLastDelivery, UntrustedDataDirError } from '@linktrace/daemon';
import { findDaemon, forEachLogPage, type DaemonInfo } from './daemon-client';

/** Logs read from the data directory per page when no daemon runs (the journal is read lazily). */
const LOG_PAGE = 5000;

type DeliveryListing = Pick<Delivery, 'id' | 'createdAt' | 'name'>;

export interface DeliveryStore {
  /** The daemon's URL, or the data directory when read without a daemon. */
  readonly where: string;
  readonly daemon?: DaemonInfo;
  deliveries(): Promise<DeliveryListing[]>;
  report(deliveryId: string): Promise<DeliveryReport | undefined>;
  /** The stored logs (of one delivery, or all), a page at a time to `onPage`, in seq order. */
  logs(deliveryId: string | undefined, onPage: (logs: TrackingLog[]) => void): Promise<void>;
  /** Deletes a delivery and its logs; false when there is none with that id. */
  remove(deliveryId: string): Promise<boolean>;
}

function daemonStore(info: DaemonInfo): DeliveryStore {
  return {
    where: info.url,
    daemon: info,
    deliveries: () => callDaemonApi<DeliveryListing[]>(info, 'GET', '/api/deliveries'),
    report: (deliveryId) => callDaemonApi<DeliveryReport>(info, 'GET', `/api/reports/${deliveryId}`),
    logs: (deliveryId, onPage) => forEachLogPage(info, 0, deliveryId, onPage),
    remove: async (deliveryId) => {
      try {
        await callDaemonApi(info, 'DELETE', `/api/deliveries/${deliveryId}`);
        return true;
      } catch (error) {
        if (error instanceof DaemonApiError && error.status === 404) return false;
        throw error;
      }
    },
  };
}

/**
 * Runs `read` on the daemon of dataDir, or on its store when no daemon runs. Without either
 * (no data directory yet) the daemon's not-running error says what to do.
 */
export async function withDeliveryStore<T>(dataDir: string, read: (store: DeliveryStore) => Promise<T>): Promise<T> {
  let notRunning: DaemonNotRunningError;
  try {
    return await read(daemonStore(await findDaemon(dataDir)));
  } catch (error) {
    if (!(error instanceof DaemonNotRunningError)) throw error;
    notRunning = error;
  }
  if (!existsSync(dataDir)) throw notRunning;
  const storage = createStorage(dataDir);
  try {
    await storage.open();
  } catch (error) {
    // A daemon is starting or stopping right now: its own answer is the better one.
    if (error instanceof DataDirLockedError) throw notRunning;
    // A directory Linktrace did not create (or with a file it did not write) is not read: say why.
    if (error instanceof UntrustedDataDirError || error instanceof ForeignFileError) throw new DaemonNotRunningError(error.message);
    throw error;
  }
  try {
    return await read({
      where: dataDir,
      deliveries: async () => storage.listDeliveries(),
      report: async (deliveryId) => {
        const delivery = storage.getDelivery(deliveryId);
        return delivery ? buildReport(delivery, await storage.readLogs(0, { deliveryId })) : undefined;
      },
      logs: async (deliveryId, onPage) => {
        for (let after = 0; ; ) {
          const page = await storage.readLogs(after, deliveryId ? { deliveryId } : undefined, LOG_PAGE);
          if (page.length > 0) onPage(page);
          if (page.length < LOG_PAGE) return;
          after = page[page.length - 1]!.seq;
        }
      },
      remove: (deliveryId) => storage.deleteDelivery(deliveryId),
    });
  } finally {
    await storage.close();
  }
}

/** The delivery last sent or opened from this data directory when it still exists, else the latest created. */
export async function defaultDeliveryId(dataDir: string, deliveries: readonly DeliveryListing[]): Promise<string | undefined> {
  const last = await readLastDelivery(dataDir);
  if (last && deliveries.some((delivery) => delivery.id === last)) return last;
  let latest: DeliveryListing | undefined;
  for (const delivery of deliveries) if (!latest || delivery.createdAt >= latest.createdAt) latest = delivery;
  return latest?.id;
}
