// Small response and request-body helpers shared by every route. Security headers are set by
// the server before any route runs; these only add what a response type needs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestError } from './errors';
import { PACED_CHUNK_BYTES, sendPacedBody } from './paced-body';
import { PAGE_CSP, notFoundPage } from './pages';


export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJsonError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

export function sendPage(res: ServerResponse, status: number, html: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': PAGE_CSP,
    'Content-Length': Buffer.byteLength(html),
  });
  if (typeof html === 'string' || html.length <= PACED_CHUNK_BYTES) res.end(html);
  else sendPacedBody(res, html);
}

/** The same page for every unknown or forged id, so a probe learns nothing (and never a Location). */
export function sendNotFound(res: ServerResponse): void {
  sendPage(res, 404, notFoundPage());
}

export function sendPlain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Reads a request body up to `limit` bytes. An oversized body is drained (up to a bound) before
 * the 413 so the client gets to read the answer instead of a reset connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  const drainLimit = Math.max(limit * 4, 8 * 1024 * 1024);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    const fail = () => reject(new RequestError(413, `request body larger than ${limit} bytes`));
    if (tooLarge && declared > drainLimit) {
      fail();
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (tooLarge) {
        chunks.length = 0;
        if (size > drainLimit) {
          req.destroy();
          fail();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => (tooLarge ? fail() : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('aborted', () => reject(new RequestError(400, 'request aborted')));
  });
}

/** Parses a JSON body; malformed JSON is a 400. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new RequestError(400, 'request body is not valid JSON');
  }
}
