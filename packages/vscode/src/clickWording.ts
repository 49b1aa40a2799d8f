// One wording for click figures everywhere (CodeLens, Links view, hover, Tracking panel):
// "3 clicks · 2 unique". Also runs in the webview, so it imports nothing.

export function formatClicks(total: number, unique: number, raw?: number): string {
  const clicks = `${total} click${total === 1 ? '' : 's'} · ${unique} unique`;
  return raw !== undefined && raw !== total ? `${clicks} (${raw} with machine traffic)` : clicks;
}

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', '#39': "'", '#x27': "'", '#38': '&' };

/** A URL as written in HTML (`&amp;` between parameters), as a browser reads it. */
export function decodeUrlForDisplay(url: string): string {
  return url.replace(/&(amp|quot|apos|lt|gt|#39|#x27|#38);/gi, (match, name: string) => ENTITIES[name.toLowerCase()] ?? match);
}
