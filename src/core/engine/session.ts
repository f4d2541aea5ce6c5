import { createHash } from 'crypto';
import { Region } from '../../mixpanel/types';
import { Emitter, Event } from '../model/events';
import { ProjectEntry, Problem, problemFrom } from '../model/entries';
import { Refresher, RefreshResult } from './refresher';
import { SourceRef, SourcesApi } from '../model/source';
import { PollingScheduler } from './scheduler';
import { SourceStore } from './store';

/** The settings a session runs on, read once per change and converted once. */
export interface SessionSettings {
  readonly region: Region;
  readonly apiBaseUrl: string;
  readonly projectIds: readonly number[];
  readonly maxConcurrentRequests: number;
  readonly activeIntervalMs: number;
  readonly refreshIntervalMs: number;
  readonly runsPerConnector: number;
  readonly notifyOnFailure: boolean;
  readonly notifyOnSuccess: boolean;
}

export type AccountSource = 'secretStorage' | 'environment';

/** The service account in use, from secret storage or, when nothing is stored, the environment. */
export interface Account {
  readonly source: AccountSource;
  readonly username: string;
  readonly secret: string;
}

interface Where {
  readonly region: Region;
  readonly projectIds: readonly number[];
}

/**
 * - `signedOut`: no account;
 * - `misconfigured`: an account, but no client could be made (an unsafe or declined base URL);
 * - `active`: a session runs; `stoppedByAuthentication` after a 401, until a refresh succeeds or a
 *   new session starts.
 */
export type SessionState =
  | Where & { readonly kind: 'signedOut' }
  | Where & { readonly kind: 'misconfigured'; readonly source: AccountSource; readonly username: string; readonly problem: Problem }
  | Where & {
    readonly kind: 'active';
    readonly source: AccountSource;
    readonly username: string;
    /** Whose data is cached: host and account, never the secret. */
    readonly owner: string;
    readonly stoppedByAuthentication: boolean;
  };

/** What a refresh is asked of (a row): a project, one source in it, or one run of a source. */
export interface RefreshScope {
  readonly projectId: number;
  readonly source?: SourceRef;
  readonly runKey?: string;
}

/** What a session needs from outside the domain. */
export interface SessionPorts<Api extends SourcesApi = SourcesApi> {
  readonly store: SourceStore;
  readonly refresher: Refresher;
  readonly scheduler: PollingScheduler;
  /** A client for the account; rejects with a configuration error when none may be made. */
  connect(account: Account, settings: SessionSettings): Promise<Api>;
  /** The last known state of this owner's projects, shown until the first refresh lands. */
  restoreSnapshot(owner: string): readonly ProjectEntry[];
  setConcurrency(limit: number): void;
  readonly now: () => number;
}

export const DEFAULT_SETTINGS: SessionSettings = {
  region: 'us',
  apiBaseUrl: '',
  projectIds: [],
  maxConcurrentRequests: 4,
  activeIntervalMs: 10_000,
  refreshIntervalMs: 300_000,
  runsPerConnector: 20,
  notifyOnFailure: true,
  notifyOnSuccess: false,
};

/** Who and where: a change of any of these is a new session. The secret is kept only as a digest. */
function identityOf(account: Account | undefined, settings: SessionSettings): string | undefined {
  if (!account) {
    return undefined;
  }
  const secret = createHash('sha256').update(account.secret).digest('base64');
  return JSON.stringify([account.source, account.username, secret, settings.region, settings.apiBaseUrl]);
}

/** Whose data a session's is: host and account, never the secret. */
export function ownerOf(account: Pick<Account, 'username'>, settings: Pick<SessionSettings, 'apiBaseUrl' | 'region'>): string {
  return `${settings.apiBaseUrl || settings.region}|${account.username}`;
}

function sameProjects(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

/**
 * Turns an account and settings into a running session, with explicit transitions: start (an
 * account appears, or who or where changes), end (sign-out), restart (a sign-in, even with the
 * same account), a change of projects within the session, and the stop after a 401. Updates are
 * applied one after the other, in the order they were asked for.
 */
export class Session<Api extends SourcesApi = SourcesApi> {
  private current: SessionState = { kind: 'signedOut', region: DEFAULT_SETTINGS.region, projectIds: [] };
  private currentSettings: SessionSettings = DEFAULT_SETTINGS;
  private identity: string | undefined;
  private currentApi: Api | undefined;
  /** Whose cached rows are on screen before any session started. */
  private previewOwner: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;
  private readonly changed = new Emitter<SessionState>();
  private readonly refreshing = new Emitter<Promise<RefreshResult>>();
  private readonly subscriptions: Array<{ dispose(): void }>;

  readonly onDidChange: Event<SessionState> = this.changed.event;
  /** A full refresh the session started, for a progress indicator. */
  readonly onDidStartRefresh: Event<Promise<RefreshResult>> = this.refreshing.event;

  constructor(private readonly ports: SessionPorts<Api>) {
    this.subscriptions = [
      ports.refresher.onAuthenticationFailed(() => this.setStopped(true)),
      ports.refresher.onAuthenticationRecovered(() => this.setStopped(false)),
    ];
  }

  get state(): SessionState {
    return this.current;
  }

  get settings(): SessionSettings {
    return this.currentSettings;
  }

  /** The running session's API, for the actions on imports; none while signed out. */
  get api(): Api | undefined {
    return this.current.kind === 'active' ? this.currentApi : undefined;
  }

  /** Applies an account (or none) and settings; `restart` starts a new session even when nothing changed. */
  update(account: Account | undefined, settings: SessionSettings, options: { restart?: boolean } = {}): Promise<void> {
    return this.enqueue(() => this.apply(account, settings, options.restart === true), account);
  }

  /**
   * The account could not be read (secret storage failed): no session runs, the rows on screen
   * stay, marked as they are, and the state says why, so that the view offers to sign in.
   */
  credentialsUnreadable(error: unknown, settings: SessionSettings): Promise<void> {
    return this.enqueue(() => {
      this.currentSettings = settings;
      this.end(true);
      this.identity = undefined;
      this.set({
        kind: 'misconfigured', source: 'secretStorage', username: '', region: settings.region, projectIds: settings.projectIds,
        problem: { kind: 'credentialsUnreadable', details: {}, text: error instanceof Error ? error.message : String(error), at: this.ports.now() },
      });
      return Promise.resolve();
    });
  }

  /**
   * Updates run one after the other. One that fails ends the session (no request is sent with
   * credentials that may be gone) and leaves the queue open for the next: a failed update must not
   * leave the old client polling while Sign Out deletes the secret.
   */
  private enqueue(work: () => Promise<void>, account?: Account): Promise<void> {
    const applied = this.queue.then(work);
    this.queue = applied.catch((error: unknown) => this.fail(error, account));
    return applied;
  }

  private fail(error: unknown, account: Account | undefined): void {
    if (this.disposed) {
      return;
    }
    try {
      this.end();
    } finally {
      this.identity = undefined;
      const where: Where = { region: this.currentSettings.region, projectIds: this.currentSettings.projectIds };
      this.set(account
        ? { kind: 'misconfigured', source: account.source, username: account.username, problem: problemFrom(error, this.ports.now()), ...where }
        : { kind: 'signedOut', ...where });
    }
  }

  /**
   * Shows the last known rows at once, before the account is read (a secret read takes a while):
   * `owner` is whose snapshot it is. A session of the same owner keeps them; any other clears them.
   * Says whether there were rows to show.
   */
  preview(owner: string, settings: SessionSettings, cached: readonly ProjectEntry[]): boolean {
    const here = owner.startsWith(ownerOf({ username: '' }, settings));
    if (!here || this.disposed || this.identity !== undefined || this.previewOwner !== undefined || cached.length === 0) {
      return false;
    }
    this.previewOwner = owner;
    this.ports.store.setProjects(settings.projectIds);
    this.ports.store.restore(cached);
    return true;
  }

  /**
   * What a refresh of a row means: a source's own runs (and a quick look after, as after any
   * change), or its project (from a project's row or a run's), or, with no row, everything.
   * Refused before a session runs.
   */
  refresh(scope?: RefreshScope): Promise<RefreshResult | 'signedOut'> {
    if (this.state.kind !== 'active') {
      return Promise.resolve('signedOut');
    }
    if (scope?.source !== undefined && scope.runKey === undefined) {
      return this.follow(scope.source);
    }
    return scope !== undefined ? this.ports.refresher.refreshProject(scope.projectId) : this.refreshAll();
  }

  /** A source's runs now, and looked at often for a while: after a change to it (a sync started, a row refreshed). */
  follow(source: SourceRef): Promise<RefreshResult> {
    this.ports.scheduler.burst(source);
    return this.ports.refresher.refreshSources(source.projectId, [source]);
  }

  /** A refresh of everything, announced to whoever shows progress. */
  refreshAll(): Promise<RefreshResult> {
    this.ports.scheduler.burst();
    const refresh = this.ports.refresher.refreshAll();
    this.refreshing.fire(refresh);
    return refresh;
  }

  dispose(): void {
    this.disposed = true;
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.changed.dispose();
    this.refreshing.dispose();
  }

  private async apply(account: Account | undefined, settings: SessionSettings, restart: boolean): Promise<void> {
    if (this.disposed) {
      return;
    }
    const { store, scheduler } = this.ports;
    const previous = this.currentSettings;
    this.currentSettings = settings;
    this.ports.setConcurrency(settings.maxConcurrentRequests);
    const where: Where = { region: settings.region, projectIds: settings.projectIds };
    const polling = { activeIntervalMs: settings.activeIntervalMs, refreshIntervalMs: settings.refreshIntervalMs };
    const polls = settings.projectIds.length > 0;

    // The scheduler is configured once per change, after the session's state is settled: it then
    // arms each of its timers once (ending a session only disarms them).
    const identity = identityOf(account, settings);
    if (restart || identity !== this.identity) {
      this.end(account !== undefined && ownerOf(account, settings) === this.previewOwner);
      this.previewOwner = undefined;
      this.identity = identity;
      const started = account !== undefined && await this.start(account, settings, where);
      if (!account) {
        this.set({ kind: 'signedOut', ...where });
      }
      if (this.disposed) {
        return;
      }
      scheduler.configure({ enabled: started && polls, settings: polling, fresh: true });
      if (started && polls) {
        // A refresh never rejects: its failures land in the store as problems.
        void this.refreshAll();
      }
      return;
    }
    const projectsChanged = !sameProjects(previous.projectIds, settings.projectIds);
    if (this.current.kind === 'active' && projectsChanged) {
      store.setProjects(settings.projectIds);
      // A new choice of projects is a fresh start for polling, a 401 stop included.
      scheduler.configure({ enabled: polls, settings: polling, fresh: true });
      this.set({ ...this.current, ...where, stoppedByAuthentication: false });
      if (polls) {
        void this.refreshAll();
      }
      return;
    }
    scheduler.configure({ settings: polling, fresh: false });
    this.set({ ...this.current, ...where });
  }

  /** Connects and shows the owner's last rows; false when no client could be made. */
  private async start(account: Account, settings: SessionSettings, where: Where): Promise<boolean> {
    const { store, refresher } = this.ports;
    let api: Api;
    try {
      api = await this.ports.connect(account, settings);
    } catch (error) {
      this.identity = undefined;
      this.set({ kind: 'misconfigured', source: account.source, username: account.username, problem: problemFrom(error, this.ports.now()), ...where });
      return false;
    }
    if (this.disposed) {
      return false;
    }
    const owner = ownerOf(account, settings);
    this.currentApi = api;
    refresher.setApi(api);
    store.setProjects(settings.projectIds);
    const cached = this.ports.restoreSnapshot(owner);
    if (cached.length > 0) {
      store.restore(cached);
    }
    this.set({ kind: 'active', source: account.source, username: account.username, owner, stoppedByAuthentication: false, ...where });
    return true;
  }

  /** `keepRows`: the rows on screen are the next session's owner's, shown before it started. */
  private end(keepRows = false): void {
    this.currentApi = undefined;
    this.ports.refresher.setApi(undefined);
    this.ports.scheduler.setEnabled(false);
    if (!keepRows) {
      this.ports.store.clear();
    }
  }

  private setStopped(stopped: boolean): void {
    if (this.current.kind === 'active' && this.current.stoppedByAuthentication !== stopped) {
      this.set({ ...this.current, stoppedByAuthentication: stopped });
    }
  }

  private set(state: SessionState): void {
    this.current = state;
    this.changed.fire(state);
  }
}
