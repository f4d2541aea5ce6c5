/** Time as the domain sees it; tests pass a fake clock. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The longest delay handed to a timer. Node fires a `setTimeout` past 2^31−1 ms (24.8 days) after
 * 1 ms, so a hostile or mistaken delay would make a timer that re-arms itself spin; a longer wait
 * is made of several timers of at most this.
 */
export const MAX_TIMER_DELAY_MS = 24 * 60 * 60_000;

/**
 * One timer that is armed or not, for a callback that must run no sooner than asked and never in a
 * loop: the delay is bounded below by `minimumMs` and above by {@link MAX_TIMER_DELAY_MS} (a
 * longer one waits in steps), and anything that is not a number waits the longest.
 */
export class TimerSlot {
  private handle: unknown;

  constructor(private readonly clock: Clock, private readonly minimumMs = 0) {}

  get armed(): boolean {
    return this.handle !== undefined;
  }

  /** Runs `callback` in `delayMs`, replacing what was armed. */
  arm(delayMs: number, callback: () => void): void {
    this.clear();
    const wanted = Number.isNaN(delayMs) ? MAX_TIMER_DELAY_MS : Math.max(this.minimumMs, 0, delayMs);
    this.armUntil(this.clock.now() + wanted, Math.min(wanted, MAX_TIMER_DELAY_MS), callback);
  }

  clear(): void {
    if (this.handle !== undefined) {
      this.clock.clearTimeout(this.handle);
      this.handle = undefined;
    }
  }

  private armUntil(dueAt: number, delay: number, callback: () => void): void {
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      const left = dueAt - this.clock.now();
      if (left > 0 && Number.isFinite(left)) {
        // A wait longer than one timer may hold, or a clock that was set back: the rest, in steps.
        this.armUntil(dueAt, Math.min(left, MAX_TIMER_DELAY_MS), callback);
        return;
      }
      callback();
    }, delay);
  }
}
