// Likely machine traffic: link scanners and prefetchers open and click before (or instead of) a
// person. Such requests are still logged, with the reason in `machine`, so reports can show raw
// and human counts side by side.

export const BURST_REASON_PREFIX = 'burst';
/** A click this soon after the email was served, among several distinct links, is a scanner. */
export const BURST_WINDOW_MS = 1000;

/**
 * User agents of security scanners, link prefetchers, image proxies, headless browsers and HTTP
 * libraries. (The end-to-end tests give their Chromium a desktop user agent, as a person's has.)
 */
const MACHINE_USER_AGENTS: [RegExp, string][] = [
  [/GoogleImageProxy|ggpht\.com/i, 'Gmail image proxy (fetches images for the inbox, not a person reading)'],
  [/YahooMailProxy/i, 'Yahoo Mail image proxy'],
  // Apple Mail Privacy Protection prefetches every image with a bare "Mozilla/5.0".
  [/^Mozilla\/5\.0$/, 'Apple Mail Privacy Protection prefetch'],
  [/barracuda/i, 'Barracuda link scanner'],
  [/mimecast/i, 'Mimecast link scanner'],
  [/proofpoint/i, 'Proofpoint link scanner'],
  [/safelinks|microsoft office|ms-office|msoffice|defender/i, 'Microsoft SafeLinks / Office prefetch'],
  [/symantec|messagelabs|forcepoint|trend ?micro|sophos|fortinet|cisco ?ironport/i, 'security gateway scanner'],
  [/HeadlessChrome|PhantomJS|Puppeteer|Playwright/i, 'headless browser'],
  [/bot\b|bot\/|spider|crawler|slurp|preview/i, 'bot or crawler'],
  [/python-requests|python-urllib|aiohttp|httpx/i, 'Python HTTP library'],
  [/^curl\/|\bwget\b|libwww-perl|go-http-client|java\/|apache-httpclient|okhttp\/[\d.]+$/i, 'command-line or library HTTP client'],
];

/** Why a request looks automated from its method and user agent alone, or undefined. */
export function requestMachineReason(method: string, userAgent: string | undefined): string | undefined {
  if (method === 'HEAD') return 'HEAD request';
  if (userAgent === undefined || userAgent.trim() === '') return 'no User-Agent';
  for (const [pattern, reason] of MACHINE_USER_AGENTS) if (pattern.test(userAgent)) return `user agent: ${reason}`;
  return undefined;
}

interface RecipientWindow {
  servedAt: number;
  clicks: { linkId: string; at: number }[];
}

/** Remembers when each recipient's email was served and flags click bursts right after it. */
export class BurstDetector {
  private readonly windows = new Map<string, RecipientWindow>();

  constructor(private readonly maxTracked = 10_000) {}

  served(deliveryId: string, recipientId: string, at = Date.now()): void {
    const key = `${deliveryId}/${recipientId}`;
    this.windows.delete(key);
    this.windows.set(key, { servedAt: at, clicks: [] });
    // Oldest first in a Map: drop what can no longer matter.
    for (const [oldKey, window] of this.windows) {
      if (this.windows.size <= this.maxTracked && at - window.servedAt < BURST_WINDOW_MS) break;
      this.windows.delete(oldKey);
    }
  }

  /** The burst reason when this click makes several distinct links clicked within the window. */
  click(deliveryId: string, recipientId: string, linkId: string, at = Date.now()): string | undefined {
    const window = this.windows.get(`${deliveryId}/${recipientId}`);
    if (!window || at - window.servedAt >= BURST_WINDOW_MS || at < window.servedAt) return undefined;
    window.clicks.push({ linkId, at });
    const distinct = new Set(window.clicks.map((click) => click.linkId)).size;
    if (distinct < 2) return undefined;
    return `${BURST_REASON_PREFIX}: ${distinct} distinct links clicked within ${BURST_WINDOW_MS} ms of the email being served`;
  }
}
