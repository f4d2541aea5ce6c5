import { Clock, systemClock } from '../model/clock';
import { Emitter } from '../model/events';

export const TICK_MS = 60_000;

/** Whatever wants to know when a view or panel shows or hides. */
export interface Visibility {
  setVisible(who: string, visible: boolean): void;
}

/**
 * Moves "5 min ago" on: while anything that shows relative times is visible, it ticks once a
 * minute. It only redraws from what is known; it never asks Mixpanel. Shown again after a while
 * hidden, it redraws at once, since what is on screen may be minutes old.
 */
export class MinuteTicker implements Visibility {
  private readonly visible = new Set<string>();
  private timer: unknown;
  private lastTick: number;
  private readonly ticked = new Emitter<void>();

  /** Whatever shows relative times redraws them here. */
  readonly onDidTick = this.ticked.event;

  constructor(private readonly clock: Clock = systemClock) {
    this.lastTick = clock.now();
  }

  /** `who` is a view or a panel; the ticker runs while any of them is visible. */
  setVisible(who: string, visible: boolean): void {
    const wasRunning = this.visible.size > 0;
    if (visible) {
      this.visible.add(who);
    } else {
      this.visible.delete(who);
    }
    if (this.visible.size > 0 && !wasRunning) {
      if (this.clock.now() - this.lastTick >= TICK_MS) {
        this.fire();
      }
      this.arm();
    } else if (this.visible.size === 0) {
      this.stop();
    }
  }

  dispose(): void {
    this.visible.clear();
    this.stop();
    this.ticked.dispose();
  }

  private fire(): void {
    this.lastTick = this.clock.now();
    this.ticked.fire();
  }

  private arm(): void {
    this.stop();
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.fire();
      this.arm();
    }, TICK_MS);
  }

  private stop(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
