import * as vscode from 'vscode';
import { PresentOptions } from './core/presenters';
import { Refresher } from './core/refresher';
import { PollingScheduler } from './core/scheduler';
import { ConnectorStore } from './core/store';
import { webLinks } from './mixpanel/endpoints';
import { ConcurrencyLimiter } from './mixpanel/limiter';
import { Command } from './shared/contextValues';
import { HostConsent } from './core/hostConsent';
import { TestSurface } from './vscode/api';
import { registerCommands, showFinishedRuns } from './vscode/commands';
import { ConnectionManager } from './vscode/connection';
import { ConnectorsView } from './vscode/connectorsView';
import { CredentialStore } from './vscode/credentials';
import { createLog } from './vscode/log';
import { RunNotifier } from './vscode/notifier';
import { RunActions, RunPanelManager } from './vscode/runPanel';
import { readSettings } from './vscode/settings';
import { SnapshotStorage } from './vscode/snapshotStorage';
import { StatusBarController } from './vscode/statusBar';
import { ConnectorNode, ConnectorsTreeProvider } from './vscode/treeProvider';

/** The composition root: every long-lived object is made here and disposed with the extension. */
export function activate(context: vscode.ExtensionContext): TestSurface | undefined {
  const t = vscode.l10n.t;
  const log = createLog();
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const clientOptions = { userAgent: `mixpanel-connectors-vscode/${version} (VS Code ${vscode.version})`, limiter: new ConcurrencyLimiter(readSettings().maxConcurrentRequests), log };
  const presentOptions = (): PresentOptions => ({ t, now: Date.now(), locale: vscode.env.language });

  const store = new ConnectorStore();
  const refresher = new Refresher(store, { log: (message) => log.warn(message) });
  const initial = readSettings();
  const scheduler = new PollingScheduler(store, refresher, {
    activeIntervalMs: initial.activeRunPollIntervalS * 1000,
    refreshIntervalMs: initial.refreshIntervalS * 1000,
  });
  const credentials = new CredentialStore(context.secrets);
  const consent = new HostConsent(context.globalState, (host) => askToSendCredentials(host));
  const connection = new ConnectionManager(credentials, store, refresher, scheduler, clientOptions, consent);
  const snapshots = new SnapshotStorage(context.globalState, store, connection, log);

  // What a user can do with a run wherever it is shown: tree, run panel, notification.
  const actions: RunActions = {
    copyError: async (message) => {
      await vscode.env.clipboard.writeText(message);
      vscode.window.setStatusBarMessage(t('$(copy) Error message copied'), 3000);
    },
    openInMixpanel: async (projectId) => {
      await vscode.env.openExternal(vscode.Uri.parse(webLinks.projectSettings(connection.state.region, projectId)));
    },
  };
  const provider = new ConnectorsTreeProvider(store, presentOptions, () => connection.currentSettings.runsPerConnector);
  const view = new ConnectorsView(provider, store, connection);
  const statusBar = new StatusBarController(store, connection, presentOptions);
  const runPanels = new RunPanelManager(context.extensionUri, store, presentOptions, actions);
  const notifier = new RunNotifier(store, () => connection.currentSettings, {
    showDetails: (runs) => showFinishedRuns(runs, runPanels, presentOptions()),
    openInMixpanel: actions.openInMixpanel,
  }, log);

  context.subscriptions.push(
    log, store, refresher, scheduler, credentials, connection, snapshots, provider, view, statusBar, runPanels, notifier,
    ...registerCommands({
      log, store, refresher, scheduler, view, runPanels, snapshots, credentials, connection, actions,
    }),
    refresher.onAuthenticationFailed(() => {
      void promptToSignInAgain(connection, log);
    }),
    vscode.window.onDidChangeWindowState((state) => scheduler.setFocused(state.focused)),
    // Opening a connector is a sign of interest: its runs are checked quickly for a moment.
    view.treeView.onDidExpandElement(({ element }) => {
      if (element instanceof ConnectorNode) {
        scheduler.burst({ projectId: element.projectId, connectorId: element.connectorId });
      }
    }),
  );
  scheduler.setFocused(vscode.window.state.focused);

  void connection.reload();
  log.info(`Mixpanel Connectors ${version} activated.`);
  if (context.extensionMode !== vscode.ExtensionMode.Test) {
    return undefined;
  }
  return {
    store,
    view: { provider, treeView: view.treeView, setFilter: (filter) => view.setFilter(filter) },
    statusBar: { get current() { return statusBar.current; } },
    notifier: { shown: notifier.shown },
    runPanels: { lastMessageFor: (reference) => runPanels.lastMessageFor(reference), get openPanels() { return runPanels.openPanels; } },
    connection: { get state() { return connection.state; }, reload: () => connection.reload() },
    credentials: {
      store: (account) => credentials.store(account),
      delete: () => credentials.delete(),
      source: async () => (await credentials.get())?.source,
    },
  };
}

/** The one question before the service account goes to a host that is not Mixpanel's. */
async function askToSendCredentials(host: string): Promise<boolean> {
  const t = vscode.l10n.t;
  const send = t('Send to {0}', host);
  const choice = await vscode.window.showWarningMessage(
    t('Send the Mixpanel service account to {0}?', host),
    { modal: true, detail: t('The setting mixpanelConnectors.apiBaseUrl points to {0}, which is not a Mixpanel host. Only allow it if it is a proxy you trust: it will receive your service account\'s username and secret with every request.', host) },
    send,
  );
  return choice === send;
}

/** One prompt, however many requests were refused: polling has stopped until the user acts. */
async function promptToSignInAgain(connection: ConnectionManager, log: vscode.LogOutputChannel): Promise<void> {
  const t = vscode.l10n.t;
  const fromEnvironment = connection.state.source === 'environment';
  const message = fromEnvironment
    ? t('Mixpanel rejected the service account from MIXPANEL_SERVICE_ACCOUNT_USERNAME (401). Check the environment variables, or sign in with other credentials.')
    : t('Mixpanel rejected the stored service account (401): its secret may have been rotated or the account may have expired. Automatic refresh is paused.');
  const signIn = t('Sign In');
  const showLog = t('Show Log');
  const choice = await vscode.window.showErrorMessage(message, signIn, showLog);
  if (choice === signIn) {
    await vscode.commands.executeCommand(Command.signIn);
  } else if (choice === showLog) {
    log.show();
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

