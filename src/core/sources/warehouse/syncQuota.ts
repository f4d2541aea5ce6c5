/** Mixpanel allows this many manual syncs per import and hour. */
export const SYNCS_PER_HOUR = 5;

/** Where the syncs started are remembered across windows and restarts: global state has this shape. */
export interface QuotaMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const QUOTA_KEY = 'mixpanelConnectors.manualSyncs';
const HOUR_MS = 3_600_000;

export interface QuotaState {
  /** Syncs that may still be started this rolling hour. */
  readonly left: number;
  /** When none is left: when the next one is possible. */
  readonly nextAt?: number;
}

type Kept = Record<string, number[]>;

/**
 * Mixpanel allows 5 manual syncs per import and hour. This counts the syncs the extension started
 * over a rolling hour, per import, so that it can say how many are left before sending and send
 * nothing when none is.
 */
export class SyncQuota {
  constructor(private readonly memory: QuotaMemory, private readonly now: () => number) {}

  state(importKey: string): QuotaState {
    const recent = this.recent()[importKey] ?? [];
    const left = Math.max(0, SYNCS_PER_HOUR - recent.length);
    return left > 0 ? { left } : { left, nextAt: recent[recent.length - SYNCS_PER_HOUR] + HOUR_MS };
  }

  /** A sync is being sent; answers when, for {@link forget}. */
  async record(importKey: string): Promise<number> {
    const kept = this.recent();
    const at = this.now();
    await this.memory.update(QUOTA_KEY, { ...kept, [importKey]: [...(kept[importKey] ?? []), at] });
    return at;
  }

  /** The sync sent at `at` surely did not start (Mixpanel refused it): it does not count. */
  async forget(importKey: string, at: number): Promise<void> {
    const kept = this.recent();
    const times = kept[importKey] ?? [];
    const index = times.indexOf(at);
    if (index >= 0) {
      await this.memory.update(QUOTA_KEY, { ...kept, [importKey]: times.filter((_, position) => position !== index) });
    }
  }

  /**
   * Mixpanel said no (429): none is left until `retryAfterMs` from now (an hour when it did not say),
   * whatever this window counted, since other clients may have synced too.
   */
  async exhaust(importKey: string, retryAfterMs = HOUR_MS): Promise<void> {
    const kept = this.recent();
    const until = this.now() + Math.min(retryAfterMs, HOUR_MS);
    await this.memory.update(QUOTA_KEY, { ...kept, [importKey]: Array.from({ length: SYNCS_PER_HOUR }, () => until - HOUR_MS) });
  }

  /** What is kept, less what is older than an hour (and garbage). */
  private recent(): Kept {
    const stored = this.memory.get<unknown>(QUOTA_KEY);
    const since = this.now() - HOUR_MS;
    const kept: Kept = {};
    if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
      for (const [key, times] of Object.entries(stored)) {
        const recent = Array.isArray(times) ? times.filter((at): at is number => typeof at === 'number' && at > since).sort((a, b) => a - b) : [];
        if (recent.length > 0) {
          kept[key] = recent;
        }
      }
    }
    return kept;
  }
}
