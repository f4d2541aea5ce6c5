import { Run } from '../../mixpanel/types';
import { Disposable } from '../model/events';
import { SourceEntry } from '../model/entries';
import { KeptRun, RunHistory, runOfKept } from './runHistory';
import { refOf, SourceRef, sourceKey } from '../model/source';
import { SourceStore, StoreChange } from '../engine/store';

/** How long after the first change the files are read: the first rows come first. */
export const HISTORY_LOAD_DELAY_MS = 2_000;

/**
 * Keeps every run the store learns from Mixpanel in the run history. A source's file is read
 * before its runs are recorded, so that what is already kept is not written again; files are read
 * one at a time, a moment after the first change, so that parsing them never delays the first
 * rows. Runs restored from the cache were kept when they were seen, and are not recorded again.
 */
export class HistoryKeeper implements Disposable {
  private readonly subscription: Disposable;
  private readonly converted = new WeakMap<readonly KeptRun[], readonly Run[]>();
  private readonly toLoad = new Map<string, SourceRef>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loading = false;
  private disposed = false;

  constructor(
    private readonly store: SourceStore,
    private readonly history: RunHistory,
    private readonly onDidLoad: () => void,
    private readonly loadDelayMs = HISTORY_LOAD_DELAY_MS,
  ) {
    this.subscription = store.onDidChange((change) => this.keep(change));
  }

  /** The runs kept of a source, newest first, once its file has been read. */
  keptRuns(ref: SourceRef): readonly Run[] | undefined {
    const kept = this.history.runsOf(ref);
    if (!kept) {
      return undefined;
    }
    let runs = this.converted.get(kept);
    if (!runs) {
      runs = kept.map(runOfKept);
      this.converted.set(kept, runs);
    }
    return runs;
  }

  /** Resolves when every file asked for so far has been read (for tests and the end of the extension). */
  async settled(): Promise<void> {
    while (this.timer !== undefined || this.loading) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private keep(change: StoreChange): void {
    for (const entry of this.affected(change)) {
      if (this.store.project(entry.source.projectId)?.fromCache) {
        continue;
      }
      const ref = refOf(entry.source);
      if (this.history.runsOf(ref)) {
        this.history.record(ref, entry.runs);
      } else {
        this.toLoad.set(sourceKey(ref), ref);
      }
    }
    if (this.toLoad.size > 0 && this.timer === undefined && !this.loading && !this.disposed) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.loadQueued();
      }, this.loadDelayMs);
    }
  }

  /** One file at a time; then the runs the store holds now are recorded, and health is judged once. */
  private async loadQueued(): Promise<void> {
    this.loading = true;
    try {
      while (this.toLoad.size > 0 && !this.disposed) {
        const [key, ref] = this.toLoad.entries().next().value as [string, SourceRef];
        this.toLoad.delete(key);
        await this.history.load(ref);
        const entry = this.store.source(ref);
        if (entry && !this.store.project(ref.projectId)?.fromCache) {
          this.history.record(ref, entry.runs);
        }
      }
    } finally {
      this.loading = false;
    }
    if (!this.disposed) {
      this.onDidLoad();
    }
  }

  private affected(change: StoreChange): SourceEntry[] {
    switch (change.scope) {
      case 'source': {
        const entry = this.store.source(change.ref);
        return entry ? [entry] : [];
      }
      case 'project':
        return [...(this.store.project(change.projectId)?.sources ?? [])];
      default:
        return this.store.allProjects.flatMap((project) => project.sources);
    }
  }
}
