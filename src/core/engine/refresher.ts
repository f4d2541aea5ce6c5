import { isApiError } from '../../mixpanel/errors';
import { RequestOptions } from '../../mixpanel/client';
import { backoffDelayMs, RetryPolicy } from '../../mixpanel/retry';
import { Run } from '../../mixpanel/types';
import { Emitter } from '../model/events';
import { EngineLog, reasonOf } from '../model/logRecords';
import { historyOf, Problem, problemFrom, withOlderRuns } from '../model/entries';
import { readerOf, Source, SourceReaders, SourceKind, SourceRef, SourcesApi, sourceKey } from '../model/source';
import { SourceStore, Ticket } from './store';

/** A 404 from a list means "none of these here": Cloud Import is gone from most projects. */
function isNotHere(error: unknown): boolean {
  return isApiError(error) && error.kind === 'notFound';
}

export interface RefreshResult {
  /** Every project answered. */
  readonly ok: boolean;
  readonly authenticationFailed: boolean;
  readonly problems: ReadonlyArray<{ readonly projectId: number; readonly problem: Problem }>;
}

const OK: RefreshResult = { ok: true, authenticationFailed: false, problems: [] };

function combine(results: RefreshResult[]): RefreshResult {
  return {
    ok: results.every((result) => result.ok),
    authenticationFailed: results.some((result) => result.authenticationFailed),
    problems: results.flatMap((result) => result.problems),
  };
}

/** How long a failing project is left alone before it is asked again. */
export const PROJECT_BACKOFF: RetryPolicy = {
  maxAttempts: Number.POSITIVE_INFINITY,
  baseDelayMs: 15_000,
  maxDelayMs: 10 * 60_000,
  maxTotalWaitMs: Number.POSITIVE_INFINITY,
};

/**
 * However a server answers (`Retry-After: 0`, a date long past), a failing project is not asked
 * again sooner than this. (The client caps `Retry-After` at an hour.)
 */
export const MIN_PROJECT_RETRY_MS = 5_000;

export interface RefresherOptions {
  readonly now?: () => number;
  readonly random?: () => number;
  readonly backoff?: RetryPolicy;
  readonly log?: EngineLog;
  /** What kinds keep beside their sources (the warehouse's connections), asked with each project's lists. */
  readonly companions?: readonly ProjectCompanion[];
}

/**
 * What a kind keeps beside its sources (the warehouse's connections, which a Mirror import's
 * deadline depends on): handed a project's listed sources, it decides whether they need it and asks
 * beside the runs; awaited before the project is shown. Never rejects; forgets all on `clear`.
 */
export interface ProjectCompanion {
  refreshWith(api: SourcesApi, projectId: number, listed: readonly Source[], options: RequestOptions): Promise<void>;
  clear(): void;
}

/**
 * Fetches from Mixpanel into the store, each kind of source through its own fetcher. A refresh of
 * something already being refreshed joins the one in flight instead of asking twice; a source's
 * refresh joins its project's. Results of a session that has since ended (sign-out, new
 * credentials) are dropped.
 */
export class Refresher {
  private api: SourcesApi | undefined;
  private generation = 0;
  private abort = new AbortController();
  private readonly inFlight = new Map<string, Promise<RefreshResult>>();
  /** Projects whose name `/me` has been asked for in this session. */
  private readonly namedProjects = new Set<number>();
  private authFailureReported = false;
  private disposed = false;
  /** Taken when a history request is sent, so that a late answer cannot overwrite a newer one. */
  private nextTicket: Ticket = 0;
  private readonly authFailed = new Emitter<void>();
  private readonly authRecovered = new Emitter<void>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly backoff: RetryPolicy;

  /** Once per session, however many requests were refused: the credentials need renewing. */
  readonly onAuthenticationFailed = this.authFailed.event;
  /** A request succeeded after an authentication failure (a manual refresh, say): polling may resume. */
  readonly onAuthenticationRecovered = this.authRecovered.event;

  constructor(private readonly store: SourceStore, private readonly readers: SourceReaders, private readonly options: RefresherOptions = {}) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? PROJECT_BACKOFF;
  }

  /** Aborted when the session ends: for work on the session's behalf that is not the refresher's own. */
  get sessionSignal(): AbortSignal {
    return this.abort.signal;
  }

  /** A new session (sign-in, other credentials or host) or none (sign-out). In-flight work is cancelled. */
  setApi(api: SourcesApi | undefined): void {
    // Once disposed, no session can start: nothing may send a request after the extension ends.
    this.api = this.disposed ? undefined : api;
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    this.inFlight.clear();
    this.namedProjects.clear();
    for (const companion of this.options.companions ?? []) {
      companion.clear();
    }
    this.authFailureReported = false;
  }

  dispose(): void {
    this.disposed = true;
    this.setApi(undefined);
    this.authFailed.dispose();
    this.authRecovered.dispose();
  }

  /**
   * Every project in parallel, and the names of projects not named yet alongside. Each project
   * joins its own refresh in flight, so a project added during a refresh is asked for at once.
   */
  async refreshAll(): Promise<RefreshResult> {
    const names = this.store.projectIds.some((id) => !this.namedProjects.has(id)) ? this.join('names', async (api, signal, generation) => {
      await this.loadProjectNames(api, signal, generation);
      return OK;
    }) : undefined;
    const results = await Promise.all(this.store.projectIds.map((id) => this.refreshProject(id)));
    await names;
    return combine(results);
  }

  refreshProject(projectId: number): Promise<RefreshResult> {
    return this.join(`project:${projectId}`, async (api, signal, generation) =>
      this.noteRecovery(await this.fetchProject(api, projectId, signal, generation), generation));
  }

  /** Only these sources' histories, all of one project: what the active-run poll asks for. */
  refreshSources(projectId: number, refs: readonly SourceRef[]): Promise<RefreshResult> {
    return this.inFlight.get(`project:${projectId}`) ?? this.pollSources(projectId, refs.filter((ref) => ref.projectId === projectId));
  }

  private async pollSources(projectId: number, refs: readonly SourceRef[]): Promise<RefreshResult> {
    const generation = this.generation;
    const failures: unknown[] = [];
    await Promise.all(refs.map((ref) =>
      this.join(`source:${sourceKey(ref)}`, async (api, signal) => {
        const error = await this.fetchRuns(api, ref, signal, generation);
        if (error !== undefined) {
          failures.push(error);
        }
        return OK;
      }),
    ));
    // One failed poll counts once towards the project's backoff, however many sources it asked.
    return failures.length > 0 ? this.failure(projectId, failures[0], generation) : this.noteRecovery(OK, generation);
  }

  private join(key: string, work: (api: SourcesApi, signal: AbortSignal, generation: number) => Promise<RefreshResult>): Promise<RefreshResult> {
    const existing = this.inFlight.get(key);
    if (existing) {
      return existing;
    }
    const api = this.api;
    if (!api) {
      return Promise.resolve(OK);
    }
    const generation = this.generation;
    const promise = work(api, this.abort.signal, generation)
      .catch((error: unknown) => this.failure(undefined, error, generation))
      .finally(() => {
        if (this.inFlight.get(key) === promise) {
          this.inFlight.delete(key);
        }
      });
    this.inFlight.set(key, promise);
    return promise;
  }

  /** After a 401 stop, the first answer that gets through says the credentials work again. */
  private noteRecovery(result: RefreshResult, generation: number): RefreshResult {
    if (this.authFailureReported && generation === this.generation && !result.authenticationFailed && result.ok) {
      this.authFailureReported = false;
      this.authRecovered.fire();
    }
    return result;
  }

  private async loadProjectNames(api: SourcesApi, signal: AbortSignal, generation: number): Promise<void> {
    try {
      const account = await api.me({ signal });
      if (generation !== this.generation) {
        return;
      }
      this.store.setProjectNames(new Map(account.projects.map((project) => [project.id, project.name])));
      // Projects /me does not list stay "Project N" until the next session.
      for (const id of this.store.projectIds) {
        this.namedProjects.add(id);
      }
    } catch (error) {
      if (generation !== this.generation) {
        return;
      }
      // Names are a nicety: projects fall back to "Project 123", and the project calls report the cause.
      this.options.log?.({ event: 'projectNamesUnreadable', reason: reasonOf(error) });
    }
  }

  /**
   * A project's sources of every kind, then every source's runs. A list may answer 404 (none of
   * this kind here); a project with no source and a 404 is a calm "no imports".
   */
  private async fetchProject(api: SourcesApi, projectId: number, signal: AbortSignal, generation: number): Promise<RefreshResult> {
    const listTicket = ++this.nextTicket;
    const kinds = Object.keys(this.readers) as SourceKind[];
    const lists = await Promise.allSettled(kinds.map((kind) => this.readers[kind].list(api, projectId, { signal })));
    const failed = lists.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected' && !isNotHere(outcome.reason));
    if (failed) {
      return this.failure(projectId, failed.reason, generation);
    }
    const sources = lists.flatMap((outcome): readonly Source[] => outcome.status === 'fulfilled' ? outcome.value : []);
    if (sources.length === 0 && lists.some((outcome) => outcome.status === 'rejected')) {
      if (generation === this.generation) {
        this.store.applyUnavailable(projectId);
      }
      return OK;
    }
    const companions = Promise.all((this.options.companions ?? []).map((companion) => companion.refreshWith(api, projectId, sources, { signal })));
    const unchanged = sources.map((source) => !this.runsMayHaveChanged(source));
    const tickets = sources.map(() => ++this.nextTicket);
    const histories = await Promise.allSettled(sources.map((source, index) => unchanged[index] ? Promise.resolve([]) : this.runsOf(api, source, { signal })));
    await companions;
    if (generation !== this.generation) {
      return OK;
    }
    const firstAuthFailure = histories.find((outcome) => outcome.status === 'rejected' && isApiError(outcome.reason) && outcome.reason.kind === 'authentication');
    if (firstAuthFailure) {
      return this.failure(projectId, (firstAuthFailure as PromiseRejectedResult).reason, generation);
    }
    const at = this.now();
    this.store.applyProject(projectId, sources.map((source, index) => {
      const outcome = histories[index];
      if (unchanged[index]) {
        return { source, unchanged: true };
      }
      return outcome.status === 'fulfilled'
        ? { source, runs: outcome.value, ticket: tickets[index] }
        : { source, problem: problemFrom(outcome.reason, at) };
    }), listTicket);
    const problems = histories.flatMap((outcome, index) => outcome.status === 'rejected' ? [{ projectId, source: sources[index], problem: problemFrom(outcome.reason, at) }] : []);
    for (const { source, problem } of problems) {
      this.options.log?.({ event: 'runsUnreadable', source, problem });
    }
    return { ok: problems.length === 0, authenticationFailed: false, problems: problems.map(({ problem }) => ({ projectId, problem })) };
  }

  /** Undefined on success, else the error. */
  private async fetchRuns(api: SourcesApi, ref: SourceRef, signal: AbortSignal, generation: number): Promise<unknown> {
    const ticket = ++this.nextTicket;
    const source = this.store.source(ref)?.source;
    if (!source) {
      return undefined;
    }
    try {
      const newest = await this.runsOf(api, source, { signal, firstPageOnly: true });
      if (generation === this.generation) {
        this.store.applyRuns(source, withOlderRuns(newest, this.store.source(ref)?.runs ?? []), ticket);
      }
      return undefined;
    } catch (error) {
      if (generation === this.generation && !(isApiError(error) && (error.kind === 'authentication' || error.kind === 'cancelled'))) {
        this.store.applyRunsProblem(source, problemFrom(error, this.now()));
      }
      return error;
    }
  }

  /** Whether a listed source's runs must be read again: its kind says, from what was seen of it before. */
  private runsMayHaveChanged(source: Source): boolean {
    const previous = this.store.source(source);
    const reader = readerOf(this.readers, source);
    return previous === undefined || reader.runsMayHaveChanged === undefined || reader.runsMayHaveChanged(historyOf(previous), source, this.now());
  }

  private runsOf(api: SourcesApi, source: Source, options: RequestOptions): Promise<Run[]> {
    return readerOf(this.readers, source).readRuns(api, source, options);
  }

  /**
   * A source as Mixpanel answered a change to it: in the store at once, over any list read before.
   * A refresh of the project follows, after the one in flight (whose list predates the change).
   */
  applySourceChange(source: Source): Promise<RefreshResult> {
    this.store.applySource(source, ++this.nextTicket);
    const inFlight = this.inFlight.get(`project:${source.projectId}`);
    return inFlight ? inFlight.then(() => this.refreshProject(source.projectId)) : this.refreshProject(source.projectId);
  }

  private failure(projectId: number | undefined, error: unknown, generation: number): RefreshResult {
    if (generation !== this.generation || (isApiError(error) && error.kind === 'cancelled')) {
      return OK;
    }
    const problem = problemFrom(error, this.now());
    const authenticationFailed = problem.kind === 'authentication';
    if (projectId !== undefined) {
      const failures = (this.store.project(projectId)?.failures ?? 0) + 1;
      const wait = Math.max(MIN_PROJECT_RETRY_MS, problem.details.retryAfterMs ?? backoffDelayMs(failures, this.backoff, this.random));
      this.store.applyFailure(projectId, problem, authenticationFailed ? undefined : this.now() + wait);
    }
    this.options.log?.({ event: 'refreshFailed', projectId, problem });
    if (authenticationFailed && !this.authFailureReported) {
      this.authFailureReported = true;
      this.authFailed.fire();
    }
    return { ok: false, authenticationFailed, problems: projectId !== undefined ? [{ projectId, problem }] : [] };
  }
}
