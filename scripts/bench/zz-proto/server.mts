import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
const write = promisify(fs.write), fdatasync = promisify(fs.fdatasync);
const [mode, file, depthArg] = process.argv.slice(2);
const depth = Number(depthArg ?? 2);
const fd = fs.openSync(file!, 'w');
type P = { line: string; resolve: () => void };
let queue: P[] = [];
let offset = 0, commits = 0, records = 0;
// serial: one batch at a time (the current writer). pipelined: up to `depth` batches in flight, settled in order.
let running = 0; let scheduled = false; let lastDone: Promise<void> = Promise.resolve();
function kick() {
  if (scheduled) return; scheduled = true;
  setImmediate(() => { scheduled = false; pump(); });
}
function pump() {
  const limit = mode === 'serial' ? 1 : depth;
  while (running < limit && queue.length) {
    const batch = queue; queue = [];
    const bytes = Buffer.from(batch.map((p) => p.line).join(''));
    const at = offset; offset += bytes.length; running++; commits++; records += batch.length;
    const prev = lastDone;
    const done = (async () => { await write(fd, bytes, 0, bytes.length, at); await fdatasync(fd); await prev; for (const p of batch) p.resolve(); })();
    lastDone = done;
    done.finally(() => { running--; pump(); });
  }
}
const server = http.createServer((req, res) => {
  const line = JSON.stringify({ seq: records, at: new Date().toISOString(), type: 'click', deliveryId: 'd', recipientId: 'r', linkId: 'l', url: 'https://x.example/a', userAgent: req.headers['user-agent'] }) + '\n';
  new Promise<void>((resolve) => { queue.push({ line, resolve }); kick(); }).then(() => { res.writeHead(302, { Location: 'https://x.example/a', 'Content-Length': 0 }); res.end(); });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n'));
process.on('SIGTERM', () => { process.stderr.write(`${mode}: avg batch ${(records / commits).toFixed(2)}\n`); process.exit(0); });
