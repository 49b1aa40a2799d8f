// The delivery the user last sent or opened from a folder (DIR/last-delivery.json), which
// `report` and `logs` default to: "the latest created" is someone else's after a joined daemon or
// another window sent one. Written by send-test, start and the VS Code extension; a missing or
// unreadable file only means "no preference".
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isId } from '@linktrace/core';

export const LAST_DELIVERY_FILE = 'last-delivery.json';

export async function readLastDelivery(dataDir: string): Promise<string | undefined> {
  try {
    const value = JSON.parse(await readFile(path.join(dataDir, LAST_DELIVERY_FILE), 'utf8')) as { deliveryId?: unknown };
    return isId(value?.deliveryId) ? value.deliveryId : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a read-only or vanished data directory costs the default, not the command. */
export async function writeLastDelivery(dataDir: string, deliveryId: string): Promise<void> {
  const file = path.join(dataDir, LAST_DELIVERY_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    // A leftover (or planted) file or link at the temporary name is removed, never written through.
    await rm(temporary, { force: true });
    await writeFile(temporary, `${JSON.stringify({ deliveryId, at: new Date().toISOString() })}\n`, { mode: 0o600, flag: 'wx' });
    await rename(temporary, file);
  } catch {
    // see above
  }
}
