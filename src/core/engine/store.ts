import { Connector, isActiveStatus, Run } from '../../mixpanel/types';
import { Emitter } from './events';
import { ConnectorEntry, detectFinishedRuns, FinishedRun, hasActiveRuns, Problem, ProjectEntry } from './model';

/** What changed, so that views redraw only that part. */
/**
 * Orders answers about one connector's runs: the refresher takes a ticket when it sends a request,
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

export type StoreChange =
  | { readonly scope: 'all' }
  | { readonly scope: 'project'; readonly projectId: number }
  | { readonly scope: 'connector'; readonly projectId: number; readonly connectorId: string };

/** Whether a change touches what is known about one connector. */
export function changeAffects(change: StoreChange, projectId: number, connectorId: string): boolean {
  return change.scope === 'all'
    || (change.scope === 'project' && change.projectId === projectId)
    || (change.scope === 'connector' && change.projectId === projectId && change.connectorId === connectorId);
}

/**
 * The one owner of what is known about the projects, their connectors and runs. Everything on
 * screen (tree, status bar, run panels) renders from this store and listens to its changes; the
 * refresher is the only writer. Entries are immutable: each update replaces the changed entry.
 */
export class ConnectorStore {
  private projectOrder: number[] = [];
  private readonly projects = new Map<number, ProjectEntry>();
  private readonly changed = new Emitter<StoreChange>();
  private readonly finished = new Emitter<FinishedRun[]>();
  /** Connectors whose history has been seen at least once in this session. */
  private readonly observed = new Set<string>();
  /** The newest ticket applied per connector. */
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

  connector(projectId: number, connectorId: string): ConnectorEntry | undefined {
    return this.projects.get(projectId)?.connectors.find((entry) => entry.connector.id === connectorId);
  }

  run(projectId: number, connectorId: string, runKey: string): Run | undefined {
    return this.connector(projectId, connectorId)?.runs.find((run) => run.key === runKey);
  }

  /** Connectors with a queued or running run, per project. */
  activeConnectors(): Map<number, string[]> {
    const result = new Map<number, string[]>();
    for (const project of this.allProjects) {
      const ids = project.connectors.filter(hasActiveRuns).map((entry) => entry.connector.id);
      if (ids.length > 0) {
        result.set(project.id, ids);
      }
    }
    return result;
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
    for (const id of [...this.projects.keys()]) {
      if (!unique.includes(id)) {
        this.projects.delete(id);
        this.forgetConnectorsOtherThan(id, []);
      }
    }
    for (const id of unique) {
      const existing = this.projects.get(id);
      const name = names.get(id) ?? existing?.name ?? `Project ${id}`;
      this.projects.set(id, existing ? { ...existing, name } : {
        id, name, state: 'loading', connectors: [], failures: 0, fromCache: false,
      });
    }
    this.projectOrder = unique;
    this.changed.fire({ scope: 'all' });
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
    for (const cached of entries) {
      const current = this.projects.get(cached.id);
      if (current && current.state === 'loading' && current.connectors.length === 0) {
        this.projects.set(cached.id, { ...cached, name: current.name !== `Project ${cached.id}` ? current.name : cached.name, fromCache: true, problem: undefined, failures: 0, retryAt: undefined });
      }
    }
    this.changed.fire({ scope: 'all' });
  }

  /**
   * A full answer for a project: its connectors, each with its runs or the reason they are missing.
   * A connector's runs from a request older than one already applied are left as they are.
   */
  applyProject(
    projectId: number,
    connectors: ReadonlyArray<{ connector: Connector; runs?: readonly Run[]; problem?: Problem; ticket?: Ticket; unchanged?: boolean }>,
    /** Taken before the list was asked for: a source changed since (a PATCH answer) keeps its newer self. */
    listTicket?: Ticket,
  ): void {
    const project = this.projects.get(projectId);
    if (!project) {
      return;
    }
    const at = this.now();
    const finishedRuns: FinishedRun[] = [];
    const entries = connectors.map(({ connector: listed, runs: answered, problem, ticket, unchanged }) => {
      const previous = project.connectors.find((entry) => entry.connector.id === listed.id);
      const connector = previous && this.isNewerThanList(projectId, listed.id, listTicket) ? previous.connector : listed;
      const runs = answered?.slice(0, RUNS_KEPT_PER_SOURCE);
      if (unchanged && previous) {
        // Not asked this time: its runs are as they were, and so is when they were read.
        return { ...previous, connector };
      }
      if (runs && this.isFresh(projectId, connector.id, ticket)) {
        const merged = previous ? keepFinished(previous.runs, runs) : runs;
        finishedRuns.push(...this.observe(projectId, connector, previous?.runs, merged, previous?.updatedAt));
        return { connector, runs: merged, updatedAt: at };
      }
      if (runs && previous) {
        return { ...previous, connector };
      }
      return { connector, runs: previous?.runs ?? [], runsProblem: problem, updatedAt: previous?.updatedAt };
    });
    this.forgetConnectorsOtherThan(projectId, entries.map((entry) => entry.connector.id));
    this.projects.set(projectId, {
      ...project,
      state: 'ready',
      connectors: entries,
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
   * A fresh history for one connector (the active-run poll). It says nothing about the rest of
   * the project, so the project's failure and backoff stay until the project itself answers.
   */
  applyRuns(projectId: number, connectorId: string, runs: readonly Run[], ticket?: Ticket): void {
    const project = this.projects.get(projectId);
    const index = project?.connectors.findIndex((entry) => entry.connector.id === connectorId) ?? -1;
    if (!project || index < 0 || !this.isFresh(projectId, connectorId, ticket)) {
      return;
    }
    const previous = project.connectors[index];
    const merged = keepFinished(previous.runs, runs.slice(0, RUNS_KEPT_PER_SOURCE));
    const finishedRuns = this.observe(projectId, previous.connector, previous.runs, merged, previous.updatedAt);
    const connectors = [...project.connectors];
    connectors[index] = { connector: previous.connector, runs: merged, updatedAt: this.now() };
    this.projects.set(projectId, { ...project, connectors });
    if (previous.runsProblem === undefined && sameRuns(previous.runs, merged)) {
      // Nothing new: when it was looked at is noted (the next look is planned from it), but no
      // view redraws and no snapshot is written for a poll that brought what was known.
      return;
    }
    this.changed.fire({ scope: 'connector', projectId, connectorId });
    this.announce(finishedRuns);
  }

  /**
   * A source as Mixpanel answered a change to it (a PATCH): shown at once, and kept over any list
   * that was asked for before this change was applied.
   */
  applySource(projectId: number, connector: Connector, ticket: Ticket): void {
    const project = this.projects.get(projectId);
    const index = project?.connectors.findIndex((entry) => entry.connector.id === connector.id) ?? -1;
    if (!project || index < 0) {
      return;
    }
    this.sourceTickets.set(`${projectId}/${connector.id}`, ticket);
    const connectors = [...project.connectors];
    connectors[index] = { ...connectors[index], connector };
    this.projects.set(projectId, { ...project, connectors });
    this.changed.fire({ scope: 'connector', projectId, connectorId: connector.id });
  }

  applyRunsProblem(projectId: number, connectorId: string, problem: Problem): void {
    const project = this.projects.get(projectId);
    const index = project?.connectors.findIndex((entry) => entry.connector.id === connectorId) ?? -1;
    if (!project || index < 0) {
      return;
    }
    const connectors = [...project.connectors];
    connectors[index] = { ...connectors[index], runsProblem: problem };
    this.projects.set(projectId, { ...project, connectors });
    this.changed.fire({ scope: 'connector', projectId, connectorId });
  }

  /** The project has no Cloud Import (404): a calm state, not a failure. */
  applyUnavailable(projectId: number): void {
    const project = this.projects.get(projectId);
    if (!project) {
      return;
    }
    this.projects.set(projectId, {
      ...project, state: 'unavailable', connectors: [], problem: undefined, lastSuccessAt: this.now(), failures: 0, retryAt: undefined, fromCache: false,
    });
    this.changed.fire({ scope: 'project', projectId });
  }

  /** A failed refresh: the connectors already shown stay, with the reason and when to try again. */
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

  private isNewerThanList(projectId: number, connectorId: string, listTicket: Ticket | undefined): boolean {
    const changedAt = this.sourceTickets.get(`${projectId}/${connectorId}`);
    return listTicket !== undefined && changedAt !== undefined && changedAt > listTicket;
  }

  /** True when no newer answer about this connector's runs has been applied; records the ticket. */
  private isFresh(projectId: number, connectorId: string, ticket: Ticket | undefined): boolean {
    if (ticket === undefined) {
      return true;
    }
    const key = `${projectId}/${connectorId}`;
    const applied = this.appliedTickets.get(key);
    if (applied !== undefined && ticket < applied) {
      return false;
    }
    this.appliedTickets.set(key, ticket);
    return true;
  }

  private forgetConnectorsOtherThan(projectId: number, connectorIds: readonly string[]): void {
    const kept = new Set(connectorIds.map((id) => `${projectId}/${id}`));
    for (const map of [this.observed, this.appliedTickets, this.sourceTickets]) {
      for (const key of [...map.keys()]) {
        if (key.startsWith(`${projectId}/`) && !kept.has(key)) {
          map.delete(key);
        }
      }
    }
  }

  /** `lastLook`: when the previous history was read; a run that started and ended since is announced too. */
  private observe(projectId: number, connector: Connector, previous: readonly Run[] | undefined, next: readonly Run[], lastLook: number | undefined): FinishedRun[] {
    const key = `${projectId}/${connector.id}`;
    const seenBefore = this.observed.has(key);
    this.observed.add(key);
    // Runs are only announced against a history seen live in this session, not a cached one:
    // a connector is forgotten whenever its project leaves, so a restored cache is never "seen".
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
    return ended.map((run) => ({ projectId, connector, run }));
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
