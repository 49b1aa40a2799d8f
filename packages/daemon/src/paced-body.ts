// Large response bodies (a recipient's page can be megabytes) are written a chunk per socket per
// turn of the event loop, and only a few at a time: each one the kernel accepts ties up to
// megabytes of socket buffer whether or not the client reads, so 300 clients that never read a
// 4 MB page would otherwise put over a gigabyte in socket buffers and slow every connection on the
// machine. The rest wait their turn; a client that reads nothing is dropped by the idle timeout.
import type { ServerResponse } from 'node:http';

export const PACED_CHUNK_BYTES = 64 * 1024;
/** Large bodies being written at once. */
export const MAX_PACED_BODIES = 16;

let active = 0;
const waiting = new Set<() => void>();

function startNext(): void {
  for (const start of waiting) {
    waiting.delete(start);
    start();
    return;
  }
}

export function sendPacedBody(res: ServerResponse, body: Buffer): void {
  const start = () => {
    if (res.destroyed) return startNext();
    active++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      active--;
      startNext();
    };
    res.once('close', release);
    let offset = 0;
    const next = (error?: Error | null): void => {
      if (error || res.destroyed) return release();
      if (offset >= body.length) {
        res.end();
        return release();
      }
      const chunk = body.subarray(offset, offset + PACED_CHUNK_BYTES);
      offset += chunk.length;
      res.write(chunk, (writeError) => setImmediate(next, writeError));
    };
    next();
  };
  if (active < MAX_PACED_BODIES) {
    start();
    return;
  }
  waiting.add(start);
  res.once('close', () => waiting.delete(start));
}
