import { Clock, systemClock, TimerSlot } from '../model/clock';
import { Disposable } from '../model/events';
import { nextLookAt } from './pollPlan';
import { Refresher } from './refresher';
import { SourceReaders, SourceRef, sameSource } from '../model/source';
import { SourceStore } from './store';

export interface PollingSettings {
  /** Sources with queued or running runs are polled this often; 0 turns it off. */
  readonly activeIntervalMs: number;
  /** Everything is refreshed this often while a window is focused; 0 turns it off. */
  readonly refreshIntervalMs: number;
}

export interface BurstSettings {
  /** How many fast polls follow a user's action. */
  readonly polls: number;
  readonly intervalMs: number;
}

export const DEFAULT_BURST: BurstSettings = { polls: 3, intervalMs: 3_000 };

/** Sources due within this window are asked together. */
const BATCH_WINDOW_MS = 1_000;
/** A burst not used by then (nothing came to look at) is dropped. */
const BURST_LIFETIME_MS = 60_000;
/** No timer of the scheduler fires sooner than this after it is armed. */
const MIN_TIMER_MS = 1_000;

/** On regaining focus, data older than this is refreshed. */
export const STALE_ON_FOCUS_MS = 60_000;

/**
 * When to ask Mixpanel for what. Three timers, each a `setTimeout` chain that is only armed when
 * it has work: active runs fast, everything slowly while focused, failing projects when their
 * backoff ends. Nothing is armed while disabled (signed out, no project), after an
 * authentication failure until the session changes, or once disposed.
 */
export class PollingScheduler implements Disposable {
  private enabled = false;
  private focused = true;
  private blockedByAuthentication = false;
  private disposed = false;
  private readonly activeTimer: TimerSlot;
  private readonly fullTimer: TimerSlot;
  private readonly retryTimer: TimerSlot;
  private retryTimerAt = Number.POSITIVE_INFINITY;
  private activeTick?: Promise<void>;
  private burstPollsLeft = 0;
  private lastBurstPollAt = 0;
  private burstAllActive = false;
  private burstUntil = 0;
  private burstTargets: SourceRef[] = [];
  private readonly subscriptions: Disposable[] = [];

  constructor(
    private readonly store: SourceStore,
    private readonly refresher: Refresher,
    private readonly readers: SourceReaders,
    private settings: PollingSettings,
    private readonly clock: Clock = systemClock,
    private readonly burstSettings: BurstSettings = DEFAULT_BURST,
  ) {
    // Never a tight loop, whatever the plan says (an answer dropped as stale leaves a source due).
    this.activeTimer = new TimerSlot(clock, MIN_TIMER_MS);
    this.fullTimer = new TimerSlot(clock, MIN_TIMER_MS);
    this.retryTimer = new TimerSlot(clock, MIN_TIMER_MS);
    this.subscriptions.push(
      store.onDidChange(() => this.onStoreChanged()),
      refresher.onAuthenticationFailed(() => {
        this.blockedByAuthentication = true;
        this.clearTimers();
        this.endBurst();
      }),
      refresher.onAuthenticationRecovered(() => {
        if (this.blockedByAuthentication) {
          this.blockedByAuthentication = false;
          this.armActive();
          this.armFull();
          this.armRetry();
        }
      }),
    );
  }

  /**
   * The session's one call per change of account or settings: whether there is something to poll
   * (signed in with at least one project; unchanged when left out), at which paces, and whether
   * this is a fresh start (a new session or a new choice of projects, which may poll again after a
   * 401). The timers are armed once, and only when something changed.
   */
  configure(change: { readonly enabled?: boolean; readonly settings: PollingSettings; readonly fresh: boolean }): void {
    const enabled = change.enabled ?? this.enabled;
    if (change.fresh || enabled !== this.enabled) {
      this.settings = change.settings;
      this.setEnabled(enabled);
    } else {
      this.setSettings(change.settings);
    }
  }

  /** Whether there is something to poll: signed in with at least one project. */
  setEnabled(enabled: boolean): void {
    if (this.disposed) {
      return;
    }
    this.enabled = enabled;
    // A new session (or the same one re-enabled after a sign-in) may poll again.
    this.blockedByAuthentication = false;
    this.clearTimers();
    this.endBurst();
    if (enabled) {
      this.armActive();
      this.armFull();
      this.armRetry();
    }
  }

  /** New paces re-arm the timers; the same ones (read again after a sign-in) change nothing. */
  setSettings(settings: PollingSettings): void {
    if (settings.activeIntervalMs === this.settings.activeIntervalMs && settings.refreshIntervalMs === this.settings.refreshIntervalMs) {
      return;
    }
    this.settings = settings;
    if (this.running) {
      this.clearTimers();
      this.armActive();
      this.armFull();
      this.armRetry();
    }
  }

  setFocused(focused: boolean): void {
    const regained = focused && !this.focused;
    this.focused = focused;
    if (!regained || !this.running) {
      return;
    }
    const oldest = this.store.oldestSuccessAt;
    if (oldest === undefined || this.clock.now() - oldest > STALE_ON_FOCUS_MS) {
      this.runFull();
    } else if (!this.fullTimer.armed) {
      this.armFull();
    }
  }

  /** After a user's action: a few fast polls of active runs (and of `target`), then the usual pace. */
  burst(target?: SourceRef): void {
    if (!this.running || this.settings.activeIntervalMs <= 0) {
      return;
    }
    this.burstPollsLeft = this.burstSettings.polls;
    this.lastBurstPollAt = this.clock.now();
    this.burstUntil = this.clock.now() + BURST_LIFETIME_MS;
    // A refresh the user asked for follows every active run closely (those its answer brings too);
    // an action on one source, that source.
    if (!target) {
      this.burstAllActive = true;
    } else if (!this.burstTargets.some((known) => sameSource(known, target))) {
      this.burstTargets.push(target);
    }
    if (this.activeTick === undefined) {
      this.clearTimer('active');
      this.armActive();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.enabled = false;
    this.clearTimers();
    this.endBurst();
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }

  private get running(): boolean {
    return this.enabled && !this.blockedByAuthentication && !this.disposed;
  }

  private onStoreChanged(): void {
    if (!this.running) {
      return;
    }
    if (!this.activeTimer.armed && this.activeTick === undefined) {
      this.armActive();
    }
    this.armRetry();
  }

  private backingOff(projectId: number): boolean {
    const retryAt = this.store.project(projectId)?.retryAt;
    return retryAt !== undefined && retryAt > this.clock.now();
  }

  /**
   * The sources to look at now, by project, and when the next one is due: active runs at the pace
   * their estimated end calls for, scheduled imports when their next run is due (while focused),
   * focused or not, and the targets of a burst at its fast pace. Projects backing off wait for their retry.
   */
  private plan(): { due: Map<number, SourceRef[]>; nextAt: number | undefined } {
    const now = this.clock.now();
    const due = new Map<number, SourceRef[]>();
    let nextAt: number | undefined;
    const consider = (ref: SourceRef, at: number) => {
      if (at <= now + BATCH_WINDOW_MS) {
        const refs = due.get(ref.projectId) ?? [];
        if (!refs.some((known) => sameSource(known, ref))) {
          due.set(ref.projectId, [...refs, ref]);
        }
      } else {
        nextAt = nextAt === undefined ? at : Math.min(nextAt, at);
      }
    };
    const pacing = { fastestMs: this.settings.activeIntervalMs };
    if (this.burstPollsLeft > 0 && now > this.burstUntil) {
      this.endBurst();
    }
    for (const project of this.store.allProjects) {
      if (this.backingOff(project.id)) {
        continue;
      }
      for (const entry of project.sources) {
        // Unfocused too: an active run's end, and a scheduled import's next run (one look a period),
        // are announced when they happen, not when a window is next focused.
        const at = nextLookAt(entry, now, pacing, this.readers);
        if (at !== undefined) {
          consider(entry.source, at);
        }
      }
    }
    if (this.burstPollsLeft > 0) {
      const at = this.lastBurstPollAt + Math.min(this.burstSettings.intervalMs, this.settings.activeIntervalMs);
      const active = this.burstAllActive ? this.store.activeSources() : [];
      for (const ref of [...this.burstTargets, ...active]) {
        if (this.store.source(ref) && !this.backingOff(ref.projectId)) {
          consider(ref, at);
        }
      }
    }
    return { due, nextAt };
  }

  private armActive(): void {
    if (!this.running || this.settings.activeIntervalMs <= 0 || this.activeTimer.armed) {
      return;
    }
    const { due, nextAt } = this.plan();
    if (due.size === 0 && nextAt === undefined) {
      // Nothing to look at yet: a burst waits for the refresh that brings its runs, a while.
      return;
    }
    const delay = due.size > 0 ? 0 : nextAt! - this.clock.now();
    this.activeTimer.arm(delay, () => {
      this.activeTick = this.pollActive().finally(() => {
        this.activeTick = undefined;
        this.armActive();
      });
    });
  }

  private async pollActive(): Promise<void> {
    const { due } = this.plan();
    if (this.burstPollsLeft > 0 && this.lastBurstPollAt + Math.min(this.burstSettings.intervalMs, this.settings.activeIntervalMs) <= this.clock.now() + BATCH_WINDOW_MS) {
      this.lastBurstPollAt = this.clock.now();
      this.burstPollsLeft--;
      if (this.burstPollsLeft === 0) {
        this.endBurst();
      }
    }
    await Promise.all([...due].map(([projectId, refs]) => this.refresher.refreshSources(projectId, refs)));
  }

  private armFull(): void {
    if (!this.running || this.settings.refreshIntervalMs <= 0 || this.fullTimer.armed) {
      return;
    }
    this.fullTimer.arm(this.settings.refreshIntervalMs, () => {
      if (this.focused) {
        this.runFull();
      }
      // Unfocused: the timer stays unarmed until focus returns and finds the data stale.
    });
  }

  private runFull(): void {
    this.clearTimer('full');
    // Refreshes never reject (failures land in the store); the chain only re-arms the timer.
    void Promise.all(this.store.projectIds.filter((id) => !this.backingOff(id)).map((id) => this.refresher.refreshProject(id)))
      .finally(() => this.armFull());
  }

  /** One timer for the earliest project whose backoff ends. */
  private armRetry(): void {
    if (!this.running) {
      return;
    }
    const retryTimes = this.store.allProjects.map((project) => project.retryAt).filter((at): at is number => at !== undefined);
    const next = retryTimes.length > 0 ? Math.min(...retryTimes) : Number.POSITIVE_INFINITY;
    if (next === this.retryTimerAt) {
      return;
    }
    this.clearTimer('retry');
    if (!Number.isFinite(next)) {
      return;
    }
    this.retryTimerAt = next;
    this.retryTimer.arm(next - this.clock.now(), () => {
      this.retryTimerAt = Number.POSITIVE_INFINITY;
      const due = this.store.allProjects.filter((project) => project.retryAt !== undefined && project.retryAt <= this.clock.now());
      // Refreshes never reject (failures land in the store); the chain only re-arms the timer.
      void Promise.all(due.map((project) => this.refresher.refreshProject(project.id))).finally(() => this.armRetry());
    });
  }

  private clearTimer(which: 'active' | 'full' | 'retry'): void {
    if (which === 'active') {
      this.activeTimer.clear();
    } else if (which === 'full') {
      this.fullTimer.clear();
    } else {
      this.retryTimer.clear();
      this.retryTimerAt = Number.POSITIVE_INFINITY;
    }
  }

  private clearTimers(): void {
    this.clearTimer('active');
    this.clearTimer('full');
    this.clearTimer('retry');
  }

  private endBurst(): void {
    this.burstPollsLeft = 0;
    this.burstTargets = [];
    this.burstAllActive = false;
  }
}
