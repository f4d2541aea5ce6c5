import { RequestOptions } from '../../mixpanel/client';
import { isApiError } from '../../mixpanel/errors';
import { backoffDelayMs, RetryPolicy } from '../../mixpanel/retry';
import { AccountInfo, Connector, isActiveStatus, Run, WarehouseImport, WarehouseRun } from '../../mixpanel/types';
import { runFromWarehouseRun, sourceFromImport } from '../sources/warehouse';
import { plainTranslate, Translate } from '../../shared/l10n';
import { describeProblem } from '../presentation/errorMessages';
import { Emitter } from './events';
import { Problem, problemFrom } from './model';
import { ConnectorStore, Ticket } from './store';

/** The calls the refresher makes; `MixpanelClient` is the implementation. */
export interface ConnectorsApi {
  me(options?: RequestOptions): Promise<AccountInfo>;
  listConnectors(projectId: number, options?: RequestOptions): Promise<Connector[]>;
  listRuns(projectId: number, connectorId: string, options?: RequestOptions): Promise<Run[]>;
  listWarehouseImports(projectId: number, options?: RequestOptions): Promise<WarehouseImport[]>;
  listWarehouseRuns(projectId: number, importId: number, options?: RequestOptions): Promise<WarehouseRun[]>;
}

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

/** How long an import's history may be taken as unchanged from its last dispatch alone. */
export const UNCHANGED_FOR_MS = 30 * 60_000;

export interface RefresherOptions {
  readonly now?: () => number;
  readonly random?: () => number;
  readonly backoff?: RetryPolicy;
  readonly log?: (message: string) => void;
  /** For names the refresher gives (an import without a table is "Import 123"). */
  readonly t?: Translate;
}

/**
 * Fetches from Mixpanel into the store. A refresh of something already being refreshed joins
 * the one in flight instead of asking twice; a connector's refresh joins its project's. Results
 * of a session that has since ended (sign-out, new credentials) are dropped.
 */
export class Refresher {
  private api: ConnectorsApi | undefined;
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

  constructor(private readonly store: ConnectorStore, private readonly options: RefresherOptions = {}) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.backoff = options.backoff ?? PROJECT_BACKOFF;
  }

  /** A new session (sign-in, other credentials or host) or none (sign-out). In-flight work is cancelled. */
  setApi(api: ConnectorsApi | undefined): void {
    // Once disposed, no session can start: nothing may send a request after the extension ends.
    this.api = this.disposed ? undefined : api;
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    this.inFlight.clear();
    this.namedProjects.clear();
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

  /** Only these connectors' histories: what the active-run poll asks for. */
  refreshConnectors(projectId: number, connectorIds: readonly string[]): Promise<RefreshResult> {
    return this.inFlight.get(`project:${projectId}`) ?? this.pollConnectors(projectId, connectorIds);
  }

  private async pollConnectors(projectId: number, connectorIds: readonly string[]): Promise<RefreshResult> {
    const generation = this.generation;
    const failures: unknown[] = [];
    await Promise.all(connectorIds.map((connectorId) =>
      this.join(`connector:${projectId}:${connectorId}`, async (api, signal) => {
        const error = await this.fetchRuns(api, projectId, connectorId, signal, generation);
        if (error !== undefined) {
          failures.push(error);
        }
        return OK;
      }),
    ));
    // One failed poll counts once towards the project's backoff, however many connectors it asked.
    return failures.length > 0 ? this.failure(projectId, failures[0], generation) : this.noteRecovery(OK, generation);
  }

  private join(key: string, work: (api: ConnectorsApi, signal: AbortSignal, generation: number) => Promise<RefreshResult>): Promise<RefreshResult> {
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

  private async loadProjectNames(api: ConnectorsApi, signal: AbortSignal, generation: number): Promise<void> {
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
      this.options.log?.(`Could not read project names from /me: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * A project's Cloud Import connectors and warehouse imports, then every source's runs. Either
   * list may answer 404 (no such thing here); a project with neither is a calm "no imports".
   */
  private async fetchProject(api: ConnectorsApi, projectId: number, signal: AbortSignal, generation: number): Promise<RefreshResult> {
    const listTicket = ++this.nextTicket;
    const [cloud, warehouse] = await Promise.allSettled([api.listConnectors(projectId, { signal }), api.listWarehouseImports(projectId, { signal })]);
    const failed = [cloud, warehouse].find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected' && !isNotHere(outcome.reason));
    if (failed) {
      return this.failure(projectId, failed.reason, generation);
    }
    const t = this.options.t ?? plainTranslate;
    const imports = warehouse.status === 'fulfilled' ? warehouse.value.map((item) => sourceFromImport(item, t)) : [];
    const importIds = new Set(imports.map((source) => source.id));
    // A Cloud Import id is the API's text: one that reads like an import's would give two rows one id.
    const clashing = cloud.status === 'fulfilled' ? cloud.value.filter((connector) => importIds.has(connector.id)) : [];
    for (const connector of clashing) {
      this.options.log?.(`Project ${projectId}: skipped the Cloud Import connector ${JSON.stringify(connector.id.slice(0, 60))}: its id is that of a warehouse import.`);
    }
    const connectors: Connector[] = [
      ...imports,
      ...(cloud.status === 'fulfilled' ? cloud.value.filter((connector) => !importIds.has(connector.id)) : []),
    ];
    if (connectors.length === 0 && cloud.status === 'rejected') {
      if (generation === this.generation) {
        this.store.applyUnavailable(projectId);
      }
      return OK;
    }
    const unchanged = connectors.map((connector) => this.unchangedSince(projectId, connector));
    const tickets = connectors.map(() => ++this.nextTicket);
    const histories = await Promise.allSettled(connectors.map((connector, index) => unchanged[index] ? Promise.resolve([]) : this.runsOf(api, connector, signal)));
    if (generation !== this.generation) {
      return OK;
    }
    const firstAuthFailure = histories.find((outcome) => outcome.status === 'rejected' && isApiError(outcome.reason) && outcome.reason.kind === 'authentication');
    if (firstAuthFailure) {
      return this.failure(projectId, (firstAuthFailure as PromiseRejectedResult).reason, generation);
    }
    const at = this.now();
    this.store.applyProject(projectId, connectors.map((connector, index) => {
      const outcome = histories[index];
      if (unchanged[index]) {
        return { connector, unchanged: true };
      }
      return outcome.status === 'fulfilled'
        ? { connector, runs: outcome.value, ticket: tickets[index] }
        : { connector, problem: problemFrom(outcome.reason, at) };
    }), listTicket);
    const problems = histories.flatMap((outcome) => outcome.status === 'rejected' ? [{ projectId, problem: problemFrom(outcome.reason, at) }] : []);
    for (const { problem } of problems) {
      this.options.log?.(`Project ${projectId}: a connector's runs could not be read: ${describeProblem(problem, plainTranslate)}`);
    }
    return { ok: problems.length === 0, authenticationFailed: false, problems };
  }

  /** Undefined on success, else the error. */
  private async fetchRuns(api: ConnectorsApi, projectId: number, connectorId: string, signal: AbortSignal, generation: number): Promise<unknown> {
    const ticket = ++this.nextTicket;
    const connector = this.store.connector(projectId, connectorId)?.connector;
    if (!connector) {
      return undefined;
    }
    try {
      const runs = await this.runsOf(api, connector, signal);
      if (generation === this.generation) {
        this.store.applyRuns(projectId, connectorId, runs, ticket);
      }
      return undefined;
    } catch (error) {
      if (generation === this.generation && !(isApiError(error) && (error.kind === 'authentication' || error.kind === 'cancelled'))) {
        this.store.applyRunsProblem(projectId, connectorId, problemFrom(error, this.now()));
      }
      return error;
    }
  }

  /**
   * A warehouse import whose last dispatch is the one already seen, with no run going on and runs
   * read less than {@link UNCHANGED_FOR_MS} ago, has nothing new: its history is not asked for.
   */
  private unchangedSince(projectId: number, connector: Connector): boolean {
    const lastDispatch = connector.warehouse?.lastDispatch;
    const previous = this.store.connector(projectId, connector.id);
    return lastDispatch !== undefined
      && previous?.connector.warehouse?.lastDispatch === lastDispatch
      && previous.updatedAt !== undefined && this.now() - previous.updatedAt < UNCHANGED_FOR_MS
      && previous.runsProblem === undefined
      && !previous.runs.some((run) => isActiveStatus(run.status));
  }

  /** A source's runs, from the API of its family: told by what the source is, never by its id's text. */
  private async runsOf(api: ConnectorsApi, connector: Connector, signal: AbortSignal): Promise<Run[]> {
    if (connector.family === 'warehouse' && connector.warehouse) {
      return (await api.listWarehouseRuns(connector.projectId, connector.warehouse.id, { signal })).map(runFromWarehouseRun);
    }
    return api.listRuns(connector.projectId, connector.id, { signal });
  }

  /**
   * A source as Mixpanel answered a change to it: in the store at once, over any list read before.
   * A refresh of the project follows, after the one in flight (whose list predates the change).
   */
  applySourceChange(projectId: number, connector: Connector): Promise<RefreshResult> {
    this.store.applySource(projectId, connector, ++this.nextTicket);
    const inFlight = this.inFlight.get(`project:${projectId}`);
    return inFlight ? inFlight.then(() => this.refreshProject(projectId)) : this.refreshProject(projectId);
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
    this.options.log?.(`${projectId !== undefined ? `Project ${projectId}: ` : ''}${describeProblem(problem, plainTranslate)}`);
    if (authenticationFailed && !this.authFailureReported) {
      this.authFailureReported = true;
      this.authFailed.fire();
    }
    return { ok: false, authenticationFailed, problems: projectId !== undefined ? [{ projectId, problem }] : [] };
  }
}
