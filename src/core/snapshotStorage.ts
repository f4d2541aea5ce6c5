import { Clock, systemClock, TimerSlot } from './clock';
import { Disposable } from './events';
import { ProjectEntry } from './model';
import { fromCache, toCache } from './snapshotCache';
import { ConnectorStore } from './store';

const KEY = 'mixpanelConnectors.snapshot';
/**
 * A snapshot is written at most this often (and when the extension ends): global state is one
 * database shared by every extension, and a run going on changes the store every few seconds.
 */
export const SNAPSHOT_SAVE_INTERVAL_MS = 60_000;
/** A change is kept after this delay at the soonest, so that a refresh's answers land together. */
const SAVE_DELAY_MS = 2_000;

/** Where the snapshot is kept: VS Code's global state has this shape. */
export interface SnapshotMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/**
 * Keeps the last known connectors and runs in the extension's global state (never credentials)
 * for the next session of the same owner, which shows them at once, marked as cached. Written
 * only when what it holds changed.
 */
export class SnapshotStorage implements Disposable {
  private readonly saveTimer: TimerSlot;
  private readonly subscription: Disposable;
  /** What was last written, less when: a write that would say the same is skipped. */
  private lastWritten: string | undefined;
  private lastWriteAt = Number.NEGATIVE_INFINITY;

  /** `owner` is whose session runs now (host and account), if any. */
  constructor(
    private readonly memory: SnapshotMemory,
    private readonly store: ConnectorStore,
    private readonly owner: () => string | undefined,
    private readonly log: (message: string) => void,
    private readonly clock: Clock = systemClock,
  ) {
    this.saveTimer = new TimerSlot(clock);
    this.subscription = store.onDidChange(() => this.scheduleSave());
  }

  /** Whose snapshot is kept (host and account), if any. */
  cachedOwner(): string | undefined {
    const data = this.memory.get<{ owner?: unknown }>(KEY);
    return typeof data?.owner === 'string' ? data.owner : undefined;
  }

  /** What an earlier session of this owner saw; nothing for another owner. */
  load(owner: string): ProjectEntry[] {
    return fromCache(this.memory.get(KEY), owner);
  }

  /** Sign-out: what the account saw is not kept. */
  async forget(): Promise<void> {
    this.saveTimer.clear();
    this.lastWritten = undefined;
    this.lastWriteAt = Number.NEGATIVE_INFINITY;
    await this.memory.update(KEY, undefined);
  }

  /** Writes what is pending now, for the extension's end: VS Code waits for it to be stored. */
  async flush(): Promise<void> {
    if (this.saveTimer.armed) {
      this.saveTimer.clear();
      await this.save();
    }
  }

  dispose(): void {
    // Keep what the last refreshes brought, even if the delay had not run out (save never rejects).
    void this.flush();
    this.subscription.dispose();
  }

  /** The first change soon (a new session's rows are kept within seconds), later ones a minute apart. */
  private scheduleSave(): void {
    if (!this.saveTimer.armed) {
      const delay = Math.max(SAVE_DELAY_MS, this.lastWriteAt + SNAPSHOT_SAVE_INTERVAL_MS - this.clock.now());
      // save never rejects: a cache that cannot be written is a line in the log.
      this.saveTimer.arm(delay, () => void this.save());
    }
  }

  /** Never rejects: a cache that cannot be written is a line in the log. */
  private async save(): Promise<void> {
    const owner = this.owner();
    const projects = this.store.allProjects;
    if (owner === undefined || projects.every((project) => project.fromCache || project.lastSuccessAt === undefined)) {
      return;
    }
    const snapshot = toCache(projects, owner, this.clock.now());
    const content = JSON.stringify({ ...snapshot, savedAt: 0 });
    if (content === this.lastWritten) {
      return;
    }
    try {
      this.lastWriteAt = this.clock.now();
      await this.memory.update(KEY, snapshot);
      this.lastWritten = content;
    } catch (error) {
      this.log(`Could not keep the connectors for the next start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
