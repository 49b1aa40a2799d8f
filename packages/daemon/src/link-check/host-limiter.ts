// Bounded concurrency: at most `perHost` requests in flight to one host (politeness) and `total`
// overall (sockets, memory). Waiting tasks start in arrival order as soon as their host has room.

interface Waiting {
  host: string;
  start: () => void;
}

export class HostLimiter {
  private active = 0;
  private readonly perHostActive = new Map<string, number>();
  private readonly waiting: Waiting[] = [];

  constructor(
    private readonly perHost: number,
    private readonly total: number,
  ) {}

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    await this.acquire(host);
    try {
      return await task();
    } finally {
      this.release(host);
    }
  }

  private acquire(host: string): Promise<void> {
    if (this.hasRoom(host)) {
      this.take(host);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ host, start: resolve }));
  }

  private hasRoom(host: string): boolean {
    return this.active < this.total && (this.perHostActive.get(host) ?? 0) < this.perHost;
  }

  private take(host: string): void {
    this.active++;
    this.perHostActive.set(host, (this.perHostActive.get(host) ?? 0) + 1);
  }

  private release(host: string): void {
    this.active--;
    const left = (this.perHostActive.get(host) ?? 1) - 1;
    if (left === 0) this.perHostActive.delete(host);
    else this.perHostActive.set(host, left);
    for (let i = 0; i < this.waiting.length && this.active < this.total; i++) {
      const next = this.waiting[i]!;
      if (!this.hasRoom(next.host)) continue;
      this.waiting.splice(i, 1);
      i--;
      this.take(next.host);
      next.start();
    }
  }
}
