import { isActiveStatus, Run } from '../../mixpanel/types';
import { Disposable, Emitter, Event } from '../model/events';
import { assessHealth, episodeKey, Finding, HealthContext, HealthFacts, healthFactsOf, HealthThresholds, SourceHealthTable } from './judgement';
import { ProjectEntry, SourceEntry } from '../model/entries';
import { refOf, SourceRef, sourceKey } from '../model/source';
import { SourceStore } from '../engine/store';
import { Snooze } from './snooze';

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

/** The name of one finding of one source in every window, reload and run of the command line. */
export function episodeName(ref: SourceRef, finding: Finding): string {
  return `${sourceKey(ref)}|${episodeKey(finding)}`;
}

/** What views read of health: the findings of a source, and when they change. */
export interface HealthReader {
  findings(ref: SourceRef): readonly Finding[];
  readonly onDidChange: Event<HealthChange>;
  /** Judges now what a store change left to judge later: rows about to be built show it. */
  settle(): void;
  /** The source's snoozed findings, left out of `findings`: a reader with snoozes says them. */
  snoozed?(ref: SourceRef): ReadonlyArray<{ readonly finding: Finding; readonly snooze: Snooze }>;
}

/** For views with no health to show (tests of other things). */
export const NO_HEALTH: HealthReader = { findings: () => [], onDidChange: () => ({ dispose: () => undefined }), settle: () => undefined };

export interface HealthMonitorOptions {
  readonly store: SourceStore;
  /** The kinds that are judged, and by what. */
  readonly health: SourceHealthTable;
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
  /**
   * How old a source's last look may be for its findings to be told as started (the refresh
   * interval): older data is shown, never announced. Five minutes when left out.
   */
  readonly freshForMs?: () => number;
}

/** How old data may be and still be announced from, unless the caller says otherwise. */
export const DEFAULT_FRESH_FOR_MS = 5 * 60_000;

/** Data is current for one refresh interval and the minute a refresh may take; with refresh off, the default. */
export function freshForOf(refreshIntervalMs: number): number {
  return refreshIntervalMs > 0 ? refreshIntervalMs + 60_000 : DEFAULT_FRESH_FOR_MS;
}

/**
 * When a source's runs were last known to be complete: its own last read, or the project's last
 * list when that showed its runs unchanged. A failed read of its runs counts for nothing.
 */
export function checkedAtOf(entry: SourceEntry, project: ProjectEntry): number | undefined {
  if (entry.runsProblem !== undefined || project.lastSuccessAt === undefined) {
    return entry.updatedAt;
  }
  return entry.updatedAt === undefined ? project.lastSuccessAt : Math.max(entry.updatedAt, project.lastSuccessAt);
}

/** What a source keeps time by: a change that makes it due sooner starts its clock when it is seen. */
interface Timekeeping {
  readonly paused: boolean;
  readonly scheduleMs: number | undefined;
  readonly clockFrom?: number;
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
 * Health over every source in the store: re-judged when the store changes and on the minute tick.
 * Each source is judged as of its last successful look (see {@link checkedAtOf}): a window that
 * was not looking (unfocused, offline, asleep) claims nothing about the time it did not see.
 * Findings from data that is not current are shown but not told as started, so that a reload, an
 * outage or a wake does not announce what the next answer would take back.
 */
export class HealthMonitor implements HealthReader, Disposable {
  private readonly watched = new Map<string, Watched>();
  /** Per source, its runs with the kept ones, made again only when either changes. */
  private readonly merged = new Map<string, { readonly runs: readonly Run[]; readonly kept: readonly Run[] | undefined; readonly merged: readonly Run[] }>();
  /** Per source, its running run's progress when last seen to change, and since when. */
  private readonly progress = new Map<string, { readonly runKey: string; readonly value: number; readonly since: number }>();
  /** Per source, its pause and schedule when last judged, and since when its clock runs. */
  private readonly timekeeping = new Map<string, Timekeeping>();
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
        this.judge(entry, key, now, project, { changed, started, ended });
      }
    }
    for (const [key, watched] of [...this.watched]) {
      if (!present.has(key)) {
        // A source that went (sign-out, another project chosen) ends nothing: it is just no longer watched.
        this.watched.delete(key);
        this.progress.delete(key);
        this.merged.delete(key);
        this.timekeeping.delete(key);
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

  private judge(entry: SourceEntry, key: string, now: number, project: ProjectEntry, out: { changed: SourceRef[]; started: HealthEpisode[]; ended: HealthEpisode[] }): void {
    const { source } = entry;
    const ref = refOf(source);
    const kept = this.options.keptRuns?.(ref);
    const runs = this.runsOf(key, entry.runs, kept);
    const facts = healthFactsOf(this.options.health, source, this.options.context);
    const checkedAt = checkedAtOf(entry, project);
    const findings = facts === undefined ? [] : assessHealth({
      facts, runs, now, thresholds: this.options.thresholds(), progressSince: this.progressSince(key, runs, now),
      checkedAt, clockFrom: this.clockFrom(key, facts, now),
    });
    // Told only from data that is current: not a cache, not runs last read longer ago than the
    // refresh interval (a failed refresh reads nothing, so an outage makes every source's data
    // old), and not before the kept history is read (a baseline of 30 runs could be taken back by
    // the fuller one a moment later).
    const freshFor = this.options.freshForMs?.() ?? DEFAULT_FRESH_FOR_MS;
    const fresh = !project.fromCache && entry.runsProblem === undefined
      && checkedAt !== undefined && now - checkedAt <= freshFor
      && (this.options.keptRuns === undefined || kept !== undefined);
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
        out.ended.push({ ref, finding, key: episodeName(ref, finding) });
      }
    }
    if (fresh) {
      for (const finding of findings) {
        const episode = episodeKey(finding);
        if (!watched.told.has(episode)) {
          watched.told.add(episode);
          out.started.push({ ref, finding, key: episodeName(ref, finding) });
        }
      }
    }
  }

  /** Since when the source keeps time: the moment it was seen resumed or given a shorter schedule. */
  private clockFrom(key: string, facts: HealthFacts, now: number): number | undefined {
    const before = this.timekeeping.get(key);
    const scheduleMs = facts.scheduleMs;
    const sooner = before !== undefined && ((before.paused && !facts.paused)
      || (scheduleMs !== undefined && (before.scheduleMs === undefined || scheduleMs < before.scheduleMs)));
    const clockFrom = sooner ? now : before?.clockFrom;
    if (!before || sooner || before.paused !== facts.paused || before.scheduleMs !== scheduleMs) {
      this.timekeeping.set(key, { paused: facts.paused, scheduleMs, ...(clockFrom !== undefined ? { clockFrom } : {}) });
    }
    return clockFrom;
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
