import { isActiveStatus, Run } from '../../mixpanel/types';
import { Disposable, Emitter, Event } from './events';
import { assessHealth, episodeKey, Finding, HealthThresholds } from './health';
import { SourceEntry } from './model';
import { fetcherOf, HealthContext, refOf, SourceFetchers, SourceRef, sourceKey } from './source';
import { SourceStore } from './store';

/** One finding of one source, named so that the same episode has the same name in every window. */
export interface HealthEpisode {
  readonly ref: SourceRef;
  readonly finding: Finding;
  /** The source's key and the finding's episode: what a ledger of announcements keeps. */
  readonly key: string;
}

export interface HealthChange {
  /** Sources whose findings changed, to redraw. */
  readonly changed: readonly SourceRef[];
  /** Findings that began (or were first seen on fresh data), and findings whose cause ended. */
  readonly started: readonly HealthEpisode[];
  readonly ended: readonly HealthEpisode[];
}

/** What views read of health: the findings of a source, and when they change. */
export interface HealthReader {
  findings(ref: SourceRef): readonly Finding[];
  readonly onDidChange: Event<HealthChange>;
  /** Judges now what a store change left to judge later: rows about to be built show it. */
  settle(): void;
}

/** For views with no health to show (tests of other things). */
export const NO_HEALTH: HealthReader = { findings: () => [], onDidChange: () => ({ dispose: () => undefined }), settle: () => undefined };

export interface HealthMonitorOptions {
  readonly store: SourceStore;
  readonly fetchers: SourceFetchers;
  readonly context: HealthContext;
  readonly thresholds: () => HealthThresholds;
  readonly now: () => number;
  /** Runs kept from earlier looks, beyond what the API still lists; newest first. */
  readonly keptRuns?: (ref: SourceRef) => readonly Run[] | undefined;
  /**
   * How a judgement after a store change is put off: by default to the next turn of the event
   * loop, so that the first rows are not kept waiting and a burst of changes is judged once.
   */
  readonly defer?: (judge: () => void) => void;
}

interface Watched {
  readonly ref: SourceRef;
  findings: readonly Finding[];
  /** Episodes told as started, so that only those are told as ended. */
  readonly told: Set<string>;
}

/**
 * The store's runs, then the kept ones it no longer holds, newest first. A kept run last seen
 * queued or running that Mixpanel no longer lists is left out: its end was never seen, and the
 * runs going on now are the store's.
 */
export function withKeptRuns(runs: readonly Run[], kept: readonly Run[] | undefined): readonly Run[] {
  if (!kept || kept.length === 0) {
    return runs;
  }
  const starts = new Set(runs.map((run) => run.startTime));
  const older = kept.filter((run) => run.startTime !== undefined && !starts.has(run.startTime) && !isActiveStatus(run.status));
  if (older.length === 0) {
    return runs;
  }
  return [...runs, ...older].sort((a, b) => (b.startTime ?? Number.POSITIVE_INFINITY) - (a.startTime ?? Number.POSITIVE_INFINITY));
}

/**
 * Health over every source in the store: re-judged when the store changes and on the minute tick
 * (late, stuck and deadlines need no request). Findings derived from a cached project are shown
 * but not told as started until the project's data is fresh, so that a reload does not announce
 * what the next answer would take back.
 */
export class HealthMonitor implements HealthReader, Disposable {
  private readonly watched = new Map<string, Watched>();
  /** Per source, its runs with the kept ones, made again only when either changes. */
  private readonly merged = new Map<string, { readonly runs: readonly Run[]; readonly kept: readonly Run[] | undefined; readonly merged: readonly Run[] }>();
  /** Per source, its running run's progress when last seen to change, and since when. */
  private readonly progress = new Map<string, { readonly runKey: string; readonly value: number; readonly since: number }>();
  private readonly changedEmitter = new Emitter<HealthChange>();
  private readonly subscription: Disposable;
  private pending = false;
  private disposed = false;

  readonly onDidChange: Event<HealthChange> = this.changedEmitter.event;

  constructor(private readonly options: HealthMonitorOptions) {
    const defer = options.defer ?? ((judge: () => void) => { setTimeout(judge, 0); });
    this.subscription = options.store.onDidChange(() => {
      if (this.pending) {
        return;
      }
      this.pending = true;
      defer(() => this.settle());
    });
  }

  settle(): void {
    if (this.pending && !this.disposed) {
      this.pending = false;
      this.evaluate();
    }
  }

  /** The source's findings now, worst first. */
  findings(ref: SourceRef): readonly Finding[] {
    return this.watched.get(sourceKey(ref))?.findings ?? [];
  }

  /** Judges every source again; fires once with what changed. */
  evaluate(): void {
    const { store } = this.options;
    const now = this.options.now();
    const changed: SourceRef[] = [];
    const started: HealthEpisode[] = [];
    const ended: HealthEpisode[] = [];
    const present = new Set<string>();
    for (const project of store.allProjects) {
      for (const entry of project.sources) {
        const key = sourceKey(entry.source);
        present.add(key);
        this.judge(entry, key, now, !project.fromCache, { changed, started, ended });
      }
    }
    for (const [key, watched] of [...this.watched]) {
      if (!present.has(key)) {
        // A source that went (sign-out, another project chosen) ends nothing: it is just no longer watched.
        this.watched.delete(key);
        this.progress.delete(key);
        this.merged.delete(key);
        if (watched.findings.length > 0) {
          changed.push(watched.ref);
        }
      }
    }
    if (changed.length > 0 || started.length > 0 || ended.length > 0) {
      this.changedEmitter.fire({ changed, started, ended });
    }
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    this.changedEmitter.dispose();
  }

  private judge(entry: SourceEntry, key: string, now: number, fresh: boolean, out: { changed: SourceRef[]; started: HealthEpisode[]; ended: HealthEpisode[] }): void {
    const { source } = entry;
    const ref = refOf(source);
    const runs = this.runsOf(key, entry.runs, this.options.keptRuns?.(ref));
    const facts = fetcherOf(this.options.fetchers, source).healthFacts(source, this.options.context);
    const findings = assessHealth({ facts, runs, now, thresholds: this.options.thresholds(), progressSince: this.progressSince(key, runs, now) });
    const watched = this.watched.get(key) ?? { ref, findings: [], told: new Set<string>() };
    this.watched.set(key, watched);
    const before = watched.findings;
    watched.findings = findings;
    if (!sameFindings(before, findings)) {
      out.changed.push(ref);
    }
    const current = new Set(findings.map((finding) => episodeKey(finding)));
    for (const finding of before) {
      const episode = episodeKey(finding);
      if (!current.has(episode) && watched.told.delete(episode)) {
        out.ended.push({ ref, finding, key: `${key}|${episode}` });
      }
    }
    if (fresh) {
      for (const finding of findings) {
        const episode = episodeKey(finding);
        if (!watched.told.has(episode)) {
          watched.told.add(episode);
          out.started.push({ ref, finding, key: `${key}|${episode}` });
        }
      }
    }
  }

  private runsOf(key: string, runs: readonly Run[], kept: readonly Run[] | undefined): readonly Run[] {
    const known = this.merged.get(key);
    if (known && known.runs === runs && known.kept === kept) {
      return known.merged;
    }
    const merged = withKeptRuns(runs, kept);
    this.merged.set(key, { runs, kept, merged });
    return merged;
  }

  /** Since when the running run's progress has stood where it is, as far as this window has seen. */
  private progressSince(key: string, runs: readonly Run[], now: number): number | undefined {
    const running = runs.find((run) => run.status === 'running' && run.progress !== undefined);
    if (!running) {
      this.progress.delete(key);
      return undefined;
    }
    const seen = this.progress.get(key);
    if (seen && seen.runKey === running.key && seen.value === running.progress) {
      return seen.since;
    }
    this.progress.set(key, { runKey: running.key, value: running.progress!, since: now });
    return now;
  }
}

/** What a row shows of a finding's evidence: times to the minute, counts exactly. */
function shown(finding: Finding): number {
  return finding.kind === 'noEvents' || finding.kind === 'lowVolume' || finding.kind === 'highVolume' ? finding.seen : Math.round(finding.seen / 60_000);
}

/** Same findings with the same evidence as shown: redraws follow what a user sees. */
function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((finding, index) =>
    finding.kind === b[index].kind && finding.since === b[index].since && finding.severity === b[index].severity
    && shown(finding) === shown(b[index]) && finding.expected === b[index].expected);
}
