import { Clock, systemClock, TimerSlot } from '../model/clock';
import { Disposable } from '../model/events';
import { ProjectEntry } from '../model/entries';
import { fromCache, toCache } from './snapshotCache';
import { EngineLog, reasonOf } from '../model/logRecords';
import { sourceKey } from '../model/source';
import { SourceStore } from './store';

const KEY = 'mixpanelConnectors.snapshot';
/**
 * A snapshot that only moves on (a run's progress, when things were last read) is written at most
 * this often: global state is one database shared by every extension, and a run going on changes
 * the store every few seconds.
 */
export const SNAPSHOT_SAVE_INTERVAL_MS = 60_000;
/**
 * A change of what is there (a source or run that came or went, a run that changed state) is kept
 * after this delay, so that a refresh's answers land together: a window reloaded a few seconds
 * after a run failed must not show it running (VS Code does not wait for a write on reload).
 */
export const SNAPSHOT_SAVE_DELAY_MS = 2_000;

/** Where the snapshot is kept: VS Code's global state has this shape. */
export interface SnapshotMemory {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/**
 * Keeps the last known sources and runs in the extension's global state (never credentials)
 * for the next session of the same owner, which shows them at once, marked as cached. Written
 * only when what it holds changed: soon when a source or run came, went or changed state, at most
 * once a minute when runs only moved on.
 */
export class SnapshotStorage implements Disposable {
  private readonly saveTimer: TimerSlot;
  private readonly subscription: Disposable;
  /** What was last written, less when: a write that would say the same is skipped. */
  private lastWritten: string | undefined;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** What was there at the last write: sources, runs and their states, not how far they had got. */
  private lastOutline: string | undefined;
  private dueAt = Number.POSITIVE_INFINITY;
  /** Whose session runs now (host and account), if any: only an owner's data is written. */
  private owner: string | undefined;

  constructor(
    private readonly memory: SnapshotMemory,
    private readonly store: SourceStore,
    private readonly log: EngineLog,
    private readonly clock: Clock = systemClock,
  ) {
    this.saveTimer = new TimerSlot(clock);
    this.subscription = store.onDidChange(() => this.scheduleSave());
  }

  /** The session's owner changed (a sign-in, a sign-out); told by whoever runs the session. */
  setOwner(owner: string | undefined): void {
    this.owner = owner;
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
    this.lastOutline = undefined;
    this.lastWriteAt = Number.NEGATIVE_INFINITY;
    this.dueAt = Number.POSITIVE_INFINITY;
    await this.memory.update(KEY, undefined);
  }

  /** Writes what is pending now, for the extension's end: VS Code waits for it to be stored. */
  async flush(): Promise<void> {
    if (this.saveTimer.armed) {
      this.saveTimer.clear();
      this.dueAt = Number.POSITIVE_INFINITY;
      await this.save();
    }
  }

  dispose(): void {
    // Keep what the last refreshes brought, even if the delay had not run out (save never rejects).
    void this.flush();
    this.subscription.dispose();
  }

  /** A change of what is there soon; a change of how far it got a minute after the last write. */
  private scheduleSave(): void {
    const now = this.clock.now();
    const soon = now + SNAPSHOT_SAVE_DELAY_MS;
    const dueAt = this.outline() !== this.lastOutline ? soon : Math.max(soon, this.lastWriteAt + SNAPSHOT_SAVE_INTERVAL_MS);
    if (this.saveTimer.armed && this.dueAt <= dueAt) {
      return;
    }
    this.dueAt = dueAt;
    // save never rejects: a cache that cannot be written is a line in the log.
    this.saveTimer.arm(dueAt - now, () => {
      this.dueAt = Number.POSITIVE_INFINITY;
      void this.save();
    });
  }

  /** Which projects, sources and runs there are, in which state: cheap to compare at every change. */
  private outline(): string {
    return this.store.allProjects.map((project) => `${project.id}:${project.state}:${project.sources
      .map((entry) => `${sourceKey(entry.source)}=${entry.runs.map((run) => `${run.key}/${run.status}`).join(',')}`).join(';')}`).join('|');
  }

  /** Never rejects: a cache that cannot be written is a line in the log. */
  private async save(): Promise<void> {
    const owner = this.owner;
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
      this.lastOutline = this.outline();
      await this.memory.update(KEY, snapshot);
      this.lastWritten = content;
    } catch (error) {
      this.log({ event: 'snapshotNotKept', reason: reasonOf(error) });
    }
  }
}
