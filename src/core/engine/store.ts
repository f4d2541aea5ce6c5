import { isActiveStatus, Run } from '../../mixpanel/types';
import { Emitter } from '../model/events';
import { SourceEntry, detectFinishedRuns, FinishedRun, hasActiveRuns, Problem, ProjectEntry } from '../model/entries';
import { refOf, Source, SourceRef, sameSource, sourceKey } from '../model/source';

/**
 * Orders answers about one source's runs: the refresher takes a ticket when it sends a request,
 * and an answer carrying an older ticket than one already applied is stale.
 */
export type Ticket = number;

/** How many announced runs are remembered, so that each end is announced once; the oldest go first. */
export const ANNOUNCED_RUNS_KEPT = 2_000;

/**
 * Runs kept per source, newest first: the most the tree shows (`runsPerConnector` goes to 200).
 * A server that pages out tens of thousands of runs cannot make the store hold them.
 */
export const RUNS_KEPT_PER_SOURCE = 200;

/** What changed, so that views redraw only that part. */
export type StoreChange =
  | { readonly scope: 'all' }
  | { readonly scope: 'project'; readonly projectId: number }
  | { readonly scope: 'source'; readonly ref: SourceRef };

/** Whether a change touches what is known about one source. */
export function changeAffects(change: StoreChange, ref: SourceRef): boolean {
  return change.scope === 'all'
    || (change.scope === 'project' && change.projectId === ref.projectId)
    || (change.scope === 'source' && sameSource(change.ref, ref));
}

/** What one list answer says of one source: its runs, or why they are missing, or that they were not asked for. */
export interface SourceAnswer {
  readonly source: Source;
  readonly runs?: readonly Run[];
  readonly problem?: Problem;
  readonly ticket?: Ticket;
  readonly unchanged?: boolean;
}

/**
 * The one owner of what is known about the projects, their sources and runs. Everything on
 * screen (tree, status bar, run panels) renders from this store and listens to its changes; the
 * refresher is the only writer. Entries are immutable: each update replaces the changed entry.
 */
export class SourceStore {
  private projectOrder: number[] = [];
  private readonly projects = new Map<number, ProjectEntry>();
  private readonly changed = new Emitter<StoreChange>();
  private readonly finished = new Emitter<FinishedRun[]>();
  /** Sources whose history has been seen at least once in this session. */
  private readonly observed = new Set<string>();
  /** The newest ticket applied per source. */
  private readonly appliedTickets = new Map<string, Ticket>();
  /** Runs already announced as ended, oldest first. */
  private readonly announced = new Set<string>();
  /** The ticket of the last change applied to a source itself (an import's PATCH answer), per source. */
  private readonly sourceTickets = new Map<string, Ticket>();

  readonly onDidChange = this.changed.event;
  /** Runs seen queued or running that have since ended; never runs already finished when first seen. */
  readonly onDidFinishRuns = this.finished.event;

  constructor(private readonly now: () => number = Date.now) {}

  dispose(): void {
    this.changed.dispose();
    this.finished.dispose();
  }

  get projectIds(): readonly number[] {
    return this.projectOrder;
  }

  get allProjects(): ProjectEntry[] {
    return this.projectOrder.map((id) => this.projects.get(id)!);
  }

  project(id: number): ProjectEntry | undefined {
    return this.projects.get(id);
  }

  source(ref: SourceRef): SourceEntry | undefined {
    return this.projects.get(ref.projectId)?.sources.find((entry) => sameSource(entry.source, ref));
  }

  run(ref: SourceRef, runKey: string): Run | undefined {
    return this.source(ref)?.runs.find((run) => run.key === runKey);
  }

  /** Sources with a queued or running run. */
  activeSources(): Source[] {
    return this.allProjects.flatMap((project) => project.sources.filter(hasActiveRuns).map((entry) => entry.source));
  }

  /** The time of the oldest data on screen, for "refresh on focus if older than a minute". */
  get oldestSuccessAt(): number | undefined {
    let oldest: number | undefined;
    for (const project of this.projects.values()) {
      if (project.lastSuccessAt === undefined || project.fromCache) {
        return undefined;
      }
      oldest = oldest === undefined ? project.lastSuccessAt : Math.min(oldest, project.lastSuccessAt);
    }
    return oldest;
  }

  /**
   * Sets which projects are shown, keeping what is known of those that stay. Names come from
   * `/me` where the account can read them.
   */
  setProjects(ids: readonly number[], names: ReadonlyMap<number, string> = new Map()): void {
    const unique = [...new Set(ids)];
    let changed = unique.length !== this.projectOrder.length || unique.some((id, index) => this.projectOrder[index] !== id);
    for (const [id, project] of [...this.projects]) {
      if (!unique.includes(id)) {
        this.projects.delete(id);
        this.forget(project.sources.map((entry) => entry.source));
      }
    }
    for (const id of unique) {
      const existing = this.projects.get(id);
      const name = names.get(id) ?? existing?.name ?? `Project ${id}`;
      if (existing?.name !== name) {
        changed = true;
        this.projects.set(id, existing ? { ...existing, name } : { id, name, state: 'loading', sources: [], failures: 0, fromCache: false });
      }
    }
    this.projectOrder = unique;
    // The same projects again (a session starting over the rows it previewed) redraw nothing.
    if (changed) {
      this.changed.fire({ scope: 'all' });
    }
  }

  setProjectNames(names: ReadonlyMap<number, string>): void {
    let changed = false;
    for (const [id, name] of names) {
      const project = this.projects.get(id);
      if (project && project.name !== name) {
        this.projects.set(id, { ...project, name });
        changed = true;
      }
    }
    if (changed) {
      this.changed.fire({ scope: 'all' });
    }
  }

  /** Forgets everything (sign-out). */
  clear(): void {
    this.projects.clear();
    this.projectOrder = [];
    this.observed.clear();
    this.appliedTickets.clear();
    this.sourceTickets.clear();
    this.announced.clear();
    this.changed.fire({ scope: 'all' });
  }

  /** Shows an earlier session's data at once, marked as such, until the first refresh lands. */
  restore(entries: readonly ProjectEntry[]): void {
    let restored = false;
    for (const cached of entries) {
      const current = this.projects.get(cached.id);
      if (current && current.state === 'loading' && current.sources.length === 0) {
        this.projects.set(cached.id, { ...cached, name: current.name !== `Project ${cached.id}` ? current.name : cached.name, fromCache: true, problem: undefined, failures: 0, retryAt: undefined });
        restored = true;
      }
    }
    if (restored) {
      this.changed.fire({ scope: 'all' });
    }
  }

  /**
   * A full answer for a project: its sources, each with its runs or the reason they are missing.
   * A source's runs from a request older than one already applied are left as they are.
   */
  applyProject(
    projectId: number,
    answers: readonly SourceAnswer[],
    /** Taken before the list was asked for: a source changed since (a PATCH answer) keeps its newer self. */
    listTicket?: Ticket,
  ): void {
    const project = this.projects.get(projectId);
    if (!project) {
      return;
    }
    const at = this.now();
    const finishedRuns: FinishedRun[] = [];
    const entries = answers.map(({ source: listed, runs: answered, problem, ticket, unchanged }): SourceEntry => {
      const previous = project.sources.find((entry) => sameSource(entry.source, listed));
      const source = previous && this.isNewerThanList(listed, listTicket) ? previous.source : listed;
      const runs = answered?.slice(0, RUNS_KEPT_PER_SOURCE);
      if (unchanged && previous) {
        // Not asked this time: its runs are as they were, and so is when they were read.
        return { ...previous, source };
      }
      if (runs && this.isFresh(source, ticket)) {
        const merged = previous ? keepFinished(previous.runs, runs) : runs;
        finishedRuns.push(...this.observe(source, previous?.runs, merged, previous?.updatedAt));
        return { source, runs: merged, updatedAt: at };
      }
      if (runs && previous) {
        return { ...previous, source };
      }
      return { source, runs: previous?.runs ?? [], runsProblem: problem, updatedAt: previous?.updatedAt };
    });
    this.forget(project.sources.map((entry) => entry.source).filter((source) => !entries.some((entry) => sameSource(entry.source, source))));
    this.projects.set(projectId, {
      ...project,
      state: 'ready',
      sources: entries,
      problem: undefined,
      lastSuccessAt: at,
      failures: 0,
      retryAt: undefined,
      fromCache: false,
    });
    this.changed.fire({ scope: 'project', projectId });
    this.announce(finishedRuns);
  }

  /**
   * A fresh history for one source (the active-run poll). It says nothing about the rest of the
   * project, so the project's failure and backoff stay until the project itself answers.
   */
  applyRuns(ref: SourceRef, runs: readonly Run[], ticket?: Ticket): void {
    const found = this.find(ref);
    if (!found || !this.isFresh(ref, ticket)) {
      return;
    }
    const { previous } = found;
    const merged = keepFinished(previous.runs, runs.slice(0, RUNS_KEPT_PER_SOURCE));
    const finishedRuns = this.observe(previous.source, previous.runs, merged, previous.updatedAt);
    this.replace(found, { source: previous.source, runs: merged, updatedAt: this.now() });
    if (previous.runsProblem === undefined && sameRuns(previous.runs, merged)) {
      // Nothing new: when it was looked at is noted (the next look is planned from it), but no
      // view redraws and no snapshot is written for a poll that brought what was known.
      return;
    }
    this.changed.fire({ scope: 'source', ref: refOf(ref) });
    this.announce(finishedRuns);
  }

  /**
   * A source as Mixpanel answered a change to it (a PATCH, a create): shown at once, and kept over
   * any list that was asked for before this change was applied.
   */
  applySource(source: Source, ticket: Ticket): void {
    const found = this.find(source);
    const project = this.projects.get(source.projectId);
    if (!found && project?.state !== 'ready') {
      return;
    }
    this.sourceTickets.set(sourceKey(source), ticket);
    if (found) {
      this.replace(found, { ...found.previous, source });
    } else {
      // Mixpanel's answer to a create: shown at once, with no runs yet; the project's next list keeps it or not.
      this.projects.set(source.projectId, { ...project!, sources: [...project!.sources, { source, runs: [] }] });
    }
    this.changed.fire({ scope: 'source', ref: refOf(source) });
  }

  applyRunsProblem(ref: SourceRef, problem: Problem): void {
    const found = this.find(ref);
    if (!found) {
      return;
    }
    this.replace(found, { ...found.previous, runsProblem: problem });
    this.changed.fire({ scope: 'source', ref: refOf(ref) });
  }

  /** The project has no Cloud Import (404): a calm state, not a failure. */
  applyUnavailable(projectId: number): void {
    const project = this.projects.get(projectId);
    if (!project) {
      return;
    }
    this.projects.set(projectId, {
      ...project, state: 'unavailable', sources: [], problem: undefined, lastSuccessAt: this.now(), failures: 0, retryAt: undefined, fromCache: false,
    });
    this.changed.fire({ scope: 'project', projectId });
  }

  /** A failed refresh: the sources already shown stay, with the reason and when to try again. */
  applyFailure(projectId: number, problem: Problem, retryAt?: number): void {
    const project = this.projects.get(projectId);
    if (!project) {
      return;
    }
    this.projects.set(projectId, {
      ...project,
      state: project.state === 'loading' ? 'failed' : project.state,
      problem,
      failures: project.failures + 1,
      retryAt,
    });
    this.changed.fire({ scope: 'project', projectId });
  }

  private find(ref: SourceRef): { project: ProjectEntry; index: number; previous: SourceEntry } | undefined {
    const project = this.projects.get(ref.projectId);
    const index = project?.sources.findIndex((entry) => sameSource(entry.source, ref)) ?? -1;
    return project && index >= 0 ? { project, index, previous: project.sources[index] } : undefined;
  }

  private replace(found: { project: ProjectEntry; index: number }, entry: SourceEntry): void {
    const sources = [...found.project.sources];
    sources[found.index] = entry;
    this.projects.set(found.project.id, { ...found.project, sources });
  }

  private isNewerThanList(ref: SourceRef, listTicket: Ticket | undefined): boolean {
    const changedAt = this.sourceTickets.get(sourceKey(ref));
    return listTicket !== undefined && changedAt !== undefined && changedAt > listTicket;
  }

  /** True when no newer answer about this source's runs has been applied; records the ticket. */
  private isFresh(ref: SourceRef, ticket: Ticket | undefined): boolean {
    if (ticket === undefined) {
      return true;
    }
    const key = sourceKey(ref);
    const applied = this.appliedTickets.get(key);
    if (applied !== undefined && ticket < applied) {
      return false;
    }
    this.appliedTickets.set(key, ticket);
    return true;
  }

  /** What is remembered of sources that are gone goes with them. */
  private forget(gone: readonly SourceRef[]): void {
    for (const ref of gone) {
      const key = sourceKey(ref);
      this.observed.delete(key);
      this.appliedTickets.delete(key);
      this.sourceTickets.delete(key);
    }
  }

  /** `lastLook`: when the previous history was read; a run that started and ended since is announced too. */
  private observe(source: Source, previous: readonly Run[] | undefined, next: readonly Run[], lastLook: number | undefined): FinishedRun[] {
    const key = sourceKey(source);
    const seenBefore = this.observed.has(key);
    this.observed.add(key);
    // Runs are only announced against a history seen live in this session, not a cached one:
    // a source is forgotten whenever its project leaves, so a restored cache is never "seen".
    if (!seenBefore || !previous) {
      return [];
    }
    const ended = detectFinishedRuns(previous, next, lastLook).filter((run) => !this.announced.has(`${key}/${run.key}`));
    for (const run of ended) {
      this.announced.add(`${key}/${run.key}`);
    }
    for (const oldest of this.announced) {
      if (this.announced.size <= ANNOUNCED_RUNS_KEPT) {
        break;
      }
      this.announced.delete(oldest);
    }
    return ended.map((run) => {
      // The run before it, in time: a success after a failure is a recovery.
      const before = next[next.indexOf(run) + 1];
      return { source, run, ...(run.status === 'success' && before?.status === 'failed' ? { afterFailure: true } : {}) };
    });
  }

  private announce(runs: FinishedRun[]): void {
    if (runs.length > 0) {
      this.finished.fire(runs);
    }
  }
}

/**
 * The newest answer, except that a run already seen finished stays finished: a server that
 * answers from a lagging replica must not bring an ended run back to life.
 */
function keepFinished(previous: readonly Run[], next: readonly Run[]): readonly Run[] {
  const finished = new Map(previous.filter((run) => !isActiveStatus(run.status)).map((run) => [run.key, run]));
  if (finished.size === 0) {
    return next;
  }
  let changed = false;
  const merged = next.map((run) => {
    const earlier = isActiveStatus(run.status) ? finished.get(run.key) : undefined;
    if (earlier) {
      changed = true;
      return earlier;
    }
    return run;
  });
  return changed ? merged : next;
}

/** Whether two histories show the same: the same runs, each in the same state. */
function sameRuns(a: readonly Run[], b: readonly Run[]): boolean {
  return a.length === b.length && a.every((run, index) => {
    const other = b[index];
    return run === other || (run.key === other.key && run.status === other.status && run.rawStatus === other.rawStatus
      && run.endTime === other.endTime && run.progress === other.progress && run.error?.message === other.error?.message
      && run.error?.code === other.error?.code && sameCounters(run.counters, other.counters));
  });
}

function sameCounters(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((name) => a[name] === b[name]);
}
