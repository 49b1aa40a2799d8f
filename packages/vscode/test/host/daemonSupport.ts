// Helpers of the daemon tests: where the bundled daemon is, a temp data directory, HTTP GETs that
// do not follow redirects, and the tracked click URLs of a test email (read from the email itself,
// as a mail client would).
import { existsSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { scaledTimeout, WAIT_TIMEOUT_MS } from './helpers';

/** dist/linktrace.cjs, from the test bundle (dist/test) or from the sources (test/host). */
export function bundledCli(): string {
  const candidates = [path.join(__dirname, '..', 'linktrace.cjs'), path.join(__dirname, '..', '..', 'dist', 'linktrace.cjs')];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`dist/linktrace.cjs is not built (looked at ${candidates.join(', ')}): run npm run build`);
  return found;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function get(url: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { 'User-Agent': 'Mozilla/5.0 (linktrace host test)', ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
  });
}

/** The click-redirect URLs in a recipient's test email, in document order. */
export async function clickUrlsOf(emailUrl: string, daemonUrl: string): Promise<string[]> {
  const email = await get(emailUrl);
  if (email.status !== 200) throw new Error(`GET ${emailUrl} answered ${email.status}`);
  const urls = [...email.body.matchAll(/href="([^"]+)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'));
  return urls.filter((url) => url.startsWith(`${daemonUrl}/c/`));
}

/** Polls until `probe` holds; as generous as helpers.ts's waitFor (a wait is not a speed check). */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = WAIT_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + scaledTimeout(Math.max(timeoutMs, WAIT_TIMEOUT_MS));
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
