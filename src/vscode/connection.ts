import * as vscode from 'vscode';
import { Refresher, RefreshResult } from '../core/refresher';
import { PollingScheduler } from '../core/scheduler';
import { ConnectorStore } from '../core/store';
import { MixpanelClient } from '../mixpanel/client';
import { HostConsent } from '../core/hostConsent';
import { hostNeedingConsent } from '../mixpanel/endpoints';
import { isApiError, MixpanelApiError } from '../mixpanel/errors';
import { ConcurrencyLimiter } from '../mixpanel/limiter';
import { Region, ServiceAccount } from '../mixpanel/types';
import { ContextKey, CONNECTORS_VIEW_ID } from '../shared/contextValues';
import { CredentialSource, CredentialStore } from './credentials';
import { logRequest } from './log';
import { ExtensionSettings, readSettings, SECTION } from './settings';

export interface ConnectionState {
  readonly signedIn: boolean;
  readonly source?: CredentialSource;
  readonly username?: string;
  readonly region: Region;
  readonly projectIds: readonly number[];
  /** Why no client could be made, e.g. an `apiBaseUrl` that would send credentials in clear. */
  readonly configurationProblem?: string;
  /** Identifies whose data is cached: host and account, never the secret. */
  readonly owner?: string;
}

export interface ClientFactoryOptions {
  readonly userAgent: string;
  readonly limiter: ConcurrencyLimiter;
  readonly log: vscode.LogOutputChannel;
}

/** Builds clients the same way for sign-in checks and for the session. */
export function createClient(account: ServiceAccount, settings: Pick<ExtensionSettings, 'region' | 'apiBaseUrl'>, options: ClientFactoryOptions): MixpanelClient {
  return new MixpanelClient({
    credentials: account,
    region: settings.region,
    baseUrl: settings.apiBaseUrl || undefined,
    userAgent: options.userAgent,
    limiter: options.limiter,
    onRequest: (entry) => logRequest(options.log, entry),
    onWarning: (message) => options.log.warn(message),
  });
}

/**
 * Turns credentials and settings into a live session: the client, the projects in the store,
 * the schedule, and the context keys the welcome views and menus read. Re-evaluated when
 * secrets or settings change, in this window or another.
 */
export class ConnectionManager implements vscode.Disposable {
  private current: ConnectionState = { signedIn: false, region: 'us', projectIds: [] };
  private settings: ExtensionSettings = readSettings();
  private clientKey = '';
  private polling = false;
  private readonly changed = new vscode.EventEmitter<ConnectionState>();
  private readonly disposables: vscode.Disposable[] = [];
  private reloading: Promise<void> = Promise.resolve();
  private disposed = false;

  readonly onDidChange = this.changed.event;

  constructor(
    private readonly credentials: CredentialStore,
    private readonly store: ConnectorStore,
    private readonly refresher: Refresher,
    private readonly scheduler: PollingScheduler,
    private readonly clientOptions: ClientFactoryOptions,
    private readonly consent: HostConsent,
  ) {
    this.disposables.push(
      this.changed,
      credentials.onDidChange(() => { void this.reload(); }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SECTION)) {
          void this.reload();
        }
      }),
    );
  }

  get state(): ConnectionState {
    return this.current;
  }

  get currentSettings(): ExtensionSettings {
    return this.settings;
  }

  /** Re-reads credentials and settings; calls made while one runs queue behind it. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.apply()).catch((error: unknown) => {
      this.clientOptions.log.error(`Could not apply the settings: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.reloading;
  }

  /**
   * A new session even when the credentials did not change (signing in again after a 401 with
   * the same account): the client, the refresher's state and the schedule start over.
   */
  restart(): Promise<void> {
    this.reloading = this.reloading.then(() => { this.clientKey = ''; });
    return this.reload();
  }

  /**
   * A client for these credentials under the current settings, once the user agreed to send them
   * to a host that is not Mixpanel's. `askAgain` (an explicit sign-in) asks again after a "no".
   */
  async clientFor(account: ServiceAccount, region: Region, options: { askAgain?: boolean } = {}): Promise<MixpanelClient> {
    const settings = { region, apiBaseUrl: this.settings.apiBaseUrl };
    const host = settings.apiBaseUrl ? hostNeedingConsent(settings.apiBaseUrl) : undefined;
    if (host !== undefined) {
      if (options.askAgain) {
        await this.consent.forgetDeclined(host);
      }
      if (!await this.consent.allows(host)) {
        throw new MixpanelApiError('configuration', { reason: 'declinedHost', host });
      }
    }
    return createClient(account, settings, this.clientOptions);
  }

  /** A refresh of everything, with progress in the view; the result says what failed. */
  refreshAll(): Promise<RefreshResult> {
    this.scheduler.burst();
    const refresh = this.refresher.refreshAll();
    void vscode.window.withProgress({ location: { viewId: CONNECTORS_VIEW_ID } }, () => refresh);
    return refresh;
  }

  private async apply(): Promise<void> {
    if (this.disposed) {
      return;
    }
    const settings = readSettings();
    const stored = await this.credentials.get();
    this.settings = settings;
    this.clientOptions.limiter.setLimit(settings.maxConcurrentRequests);
    this.scheduler.setSettings({ activeIntervalMs: settings.activeRunPollIntervalS * 1000, refreshIntervalMs: settings.refreshIntervalS * 1000 });

    let client: MixpanelClient | undefined;
    let configurationProblem: string | undefined;
    const key = stored ? JSON.stringify([stored.account.username, stored.account.secret, settings.region, settings.apiBaseUrl]) : '';
    if (stored && key !== this.clientKey) {
      try {
        client = await this.clientFor(stored.account, settings.region);
      } catch (error) {
        configurationProblem = isApiError(error) ? error.message : String(error);
        this.clientOptions.log.error(configurationProblem);
      }
    }
    const sessionChanged = key !== this.clientKey;
    const projectsChanged = settings.projectIds.join(',') !== this.current.projectIds.join(',');

    if (sessionChanged) {
      this.clientKey = configurationProblem ? '' : key;
      this.refresher.setApi(client);
      this.store.clear();
    }
    const signedIn = stored !== undefined && (sessionChanged ? client !== undefined : this.current.signedIn);
    const apiBase = settings.apiBaseUrl || settings.region;
    this.current = {
      signedIn,
      source: stored?.source,
      username: stored?.account.username,
      region: settings.region,
      projectIds: settings.projectIds,
      configurationProblem: configurationProblem ?? (sessionChanged ? undefined : this.current.configurationProblem),
      owner: stored ? `${apiBase}|${stored.account.username}` : undefined,
    };
    if (signedIn && (sessionChanged || projectsChanged)) {
      this.store.setProjects(settings.projectIds);
    } else if (!signedIn) {
      this.store.clear();
    }
    const polling = signedIn && settings.projectIds.length > 0;
    // Re-enabling resets a stop after a 401: only a new session or a change of projects does that.
    if (polling !== this.polling || sessionChanged || projectsChanged) {
      this.polling = polling;
      this.scheduler.setEnabled(polling);
    }
    await Promise.all([
      vscode.commands.executeCommand('setContext', ContextKey.signedIn, signedIn),
      vscode.commands.executeCommand('setContext', ContextKey.hasProjects, settings.projectIds.length > 0),
    ]);
    this.changed.fire(this.current);
    if (signedIn && settings.projectIds.length > 0 && (sessionChanged || projectsChanged)) {
      void this.refreshAll();
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
