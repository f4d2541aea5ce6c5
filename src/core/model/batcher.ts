import { Clock } from './clock';
import { Disposable } from './events';

/** How long a batch collects from its first item. */
export const BATCH_WINDOW_MS = 500;

/**
 * Collects items (finished runs, health episodes) for half a second from the first one, then hands
 * them over as one batch, so that a refresh that finds five runs ended makes one notification, not five.
 */
export class Batcher<T> implements Disposable {
  private pending: T[] = [];
  private timer: unknown;

  constructor(private readonly clock: Clock, private readonly deliver: (batch: T[]) => void, private readonly windowMs = BATCH_WINDOW_MS) {}

  add(items: readonly T[]): void {
    this.pending.push(...items);
    if (this.timer === undefined && this.pending.length > 0) {
      this.timer = this.clock.setTimeout(() => this.flush(), this.windowMs);
    }
  }

  dispose(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.pending = [];
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.deliver(batch);
    }
  }
}

