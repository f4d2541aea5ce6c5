import { Connector, Run } from '../mixpanel/types';
import { Emitter } from './events';
import { ConnectorEntry, detectFinishedRuns, FinishedRun, hasActiveRuns, Problem, ProjectEntry } from './model';

/** What changed, so that views redraw only that part. */
export type StoreChange =
  | { readonly scope: 'all' }
  | { readonly scope: 'project'; readonly projectId: number }
  | { readonly scope: 'connector'; readonly projectId: number; readonly connectorId: string };

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

  /** A full answer for a project: its connectors, each with its runs or the reason they are missing. */
  applyProject(projectId: number, connectors: ReadonlyArray<{ connector: Connector; runs?: readonly Run[]; problem?: Problem }>): void {
    const project = this.projects.get(projectId);
    if (!project) {
      return;
    }
    const at = this.now();
    const finishedRuns: FinishedRun[] = [];
    const entries = connectors.map(({ connector, runs, problem }) => {
      const previous = project.connectors.find((entry) => entry.connector.id === connector.id);
      if (runs) {
        finishedRuns.push(...this.observe(projectId, connector, previous?.runs, runs, project.fromCache));
        return { connector, runs, updatedAt: at };
      }
      return { connector, runs: previous?.runs ?? [], runsProblem: problem, updatedAt: previous?.updatedAt };
    });
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

  /** A fresh history for one connector (the active-run poll). */
  applyRuns(projectId: number, connectorId: string, runs: readonly Run[]): void {
    const project = this.projects.get(projectId);
    const index = project?.connectors.findIndex((entry) => entry.connector.id === connectorId) ?? -1;
    if (!project || index < 0) {
      return;
    }
    const previous = project.connectors[index];
    const finishedRuns = this.observe(projectId, previous.connector, previous.runs, runs, project.fromCache);
    const connectors = [...project.connectors];
    connectors[index] = { connector: previous.connector, runs, updatedAt: this.now() };
    this.projects.set(projectId, { ...project, connectors, failures: 0, retryAt: undefined, problem: undefined });
    this.changed.fire({ scope: 'connector', projectId, connectorId });
    this.announce(finishedRuns);
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

  private observe(projectId: number, connector: Connector, previous: readonly Run[] | undefined, next: readonly Run[], fromCache: boolean): FinishedRun[] {
    const key = `${projectId}/${connector.id}`;
    const seenBefore = this.observed.has(key);
    this.observed.add(key);
    // Runs are only announced against a history seen live in this session, not a cached one.
    if (!seenBefore || fromCache || !previous) {
      return [];
    }
    return detectFinishedRuns(previous, next).map((run) => ({ projectId, connector, run }));
  }

  private announce(runs: FinishedRun[]): void {
    if (runs.length > 0) {
      this.finished.fire(runs);
    }
  }
}
