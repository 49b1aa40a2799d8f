// Recipients' pages as the routes serve them: rendered off the event loop (heavy-work.ts), and kept
// in a cache bounded in bytes, so many readers of one large page share one copy of it.
import type { Delivery, Recipient } from '@linktrace/core';
import type { HeavyWork } from './heavy-work';

/** Rendered pages kept in memory at most. */
const MAX_CACHED_PAGE_BYTES = 64 * 1024 * 1024;

export class RecipientPages {
  /** Least recently used first; a recipient's copy never changes once prepared. */
  private readonly pages = new Map<string, Promise<Buffer>>();
  private readonly sizes = new Map<string, number>();
  private cachedBytes = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly work: HeavyWork,
  ) {}

  /**
   * The HTML a recipient sees: in the inbox (`withOpenPixel`) or on the mirror page. `base`: where
   * its links point, the daemon's address as the request named it or a path relative to the page
   * (public-base.ts); the daemon's own URL by default.
   */
  page(delivery: Delivery, recipient: Recipient, options: { withOpenPixel: boolean; base?: string }): Promise<Buffer> {
    const baseUrl = options.base ?? this.baseUrl;
    const key = `${delivery.id}/${recipient.id}/${options.withOpenPixel ? 'email' : 'mirror'}/${baseUrl}`;
    const cached = this.pages.get(key);
    if (cached) {
      this.pages.delete(key);
      this.pages.set(key, cached);
      return cached;
    }
    const { id, template, dialect, settings, links } = delivery;
    const rendering = this.work.render({ delivery: { id, template, dialect, settings, links }, recipient, baseUrl, withOpenPixel: options.withOpenPixel });
    // Concurrent requests for the page wait for the same rendering.
    this.pages.set(key, rendering);
    rendering.then(
      (page) => this.account(key, rendering, page.length),
      () => {
        if (this.pages.get(key) === rendering) this.pages.delete(key);
      },
    );
    return rendering;
  }

  private account(key: string, rendering: Promise<Buffer>, bytes: number): void {
    if (this.pages.get(key) !== rendering) return;
    this.sizes.set(key, bytes);
    this.cachedBytes += bytes;
    for (const oldest of this.pages.keys()) {
      if (this.cachedBytes <= MAX_CACHED_PAGE_BYTES || oldest === key) break;
      const size = this.sizes.get(oldest);
      if (size === undefined) continue; // still rendering
      this.pages.delete(oldest);
      this.sizes.delete(oldest);
      this.cachedBytes -= size;
    }
  }
}
