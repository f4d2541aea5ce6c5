import { Run } from '../../mixpanel/types';
import { Disposable } from './events';
import { SourceEntry } from './model';
import { KeptRun, RunHistory, runOfKept } from './runHistory';
import { refOf, SourceRef } from './source';
import { SourceStore, StoreChange } from './store';

/**
 * Keeps every run the store learns of in the run history, and reads a source's history the first
 * time the source is seen (never on the way to the first rows: reading waits for a change).
 */
export class HistoryKeeper implements Disposable {
  private readonly subscription: Disposable;
  private readonly converted = new WeakMap<readonly KeptRun[], readonly Run[]>();

  constructor(private readonly store: SourceStore, private readonly history: RunHistory, private readonly onDidLoad: () => void) {
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

  dispose(): void {
    this.subscription.dispose();
  }

  private keep(change: StoreChange): void {
    const loads: Array<Promise<unknown>> = [];
    for (const entry of this.affected(change)) {
      const ref = refOf(entry.source);
      this.history.record(ref, entry.runs);
      if (!this.history.runsOf(ref)) {
        loads.push(this.history.load(ref));
      }
    }
    if (loads.length > 0) {
      // Once for all the files one change asked for, not once per source.
      void Promise.all(loads).then(() => this.onDidLoad());
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
