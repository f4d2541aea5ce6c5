/**
 * A bound on how many requests run at once, shared by everything that talks to Mixpanel so that
 * a full refresh and the active-run polls together never exceed it. The bound can change while
 * work is queued (the user edits the setting).
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {
    this.limit = ConcurrencyLimiter.sane(limit);
  }

  private static sane(limit: number): number {
    return Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 1;
  }

  setLimit(limit: number): void {
    this.limit = ConcurrencyLimiter.sane(limit);
    this.drain();
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.running--;
      this.drain();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.limit) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => {
      this.take();
      resolve();
    }));
  }

  private take(): void {
    this.running++;
  }

  private drain(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      this.waiting.shift()!();
    }
  }
}
