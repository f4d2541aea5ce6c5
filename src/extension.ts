import * as path from 'path';
import * as vscode from 'vscode';
import { AgentPorts } from './core/agents/catalogue';
import { importWrites } from './core/agents/importWrites';
import { EpisodeLedger } from './core/health/episodeLedger';
import { freshForOf, HealthMonitor, withKeptRuns } from './core/health/monitor';
import { SnoozeBook, SnoozingHealth } from './core/health/snoozing';
import { HistoryKeeper } from './core/health/historyKeeper';
import { RunHistory } from './core/health/runHistory';
import { HealthContext } from './core/health/judgement';
import { WarehouseConnections } from './core/sources/warehouse/connections';
import { HealthNotifier } from './vscode/healthNotifier';
import { HealthAnnouncer } from './core/health/announcer';
import { LazyImportFiles } from './vscode/importFilesLoader';
import { HealthPanel } from './vscode/healthPanel';
import { onListenerError } from './core/model/events';
import { EngineLogRecord } from './core/model/logRecords';
import { HostConsent } from './core/account/hostConsent';
import { ImportActions } from './core/sources/warehouse/importActions';
import { MinuteTicker } from './core/presentation/minuteTicker';
import { describeLogRecord } from './core/presentation/logMessages';
import { PresentOptions, sourceNameIn } from './core/presentation/presenters';
import { SOURCE_HEALTH, SOURCE_READERS } from './core/sources';
import { Refresher } from './core/engine/refresher';
import { PollingScheduler } from './core/engine/scheduler';
import { DEFAULT_SETTINGS, Session } from './core/engine/session';
import { SourceStore } from './core/engine/store';
import { SyncQuota } from './core/sources/warehouse/syncQuota';
import { TreeModel } from './core/presentation/treeModel';
import { ConcurrencyLimiter } from './mixpanel/limiter';
import { createTestSurface } from './vscode/testSurface';
import { agentToolImplementations, registerAgentTools } from './vscode/agentTools';
import { registerMcpServer } from './vscode/mcpServer';
import { askToSendCredentials, ClientFactory } from './vscode/clients';
import { registerCommands, showFinishedRuns } from './vscode/commands';
import { ConnectorsView } from './vscode/connectorsView';
import { EarlyView, FirstRowsKeeper } from './vscode/earlyRows';
import { CredentialStore } from './vscode/credentials';
import { createLog } from './vscode/log';
import { RunNotifier } from './vscode/notifier';
import { OverviewPanelManager } from './vscode/overviewPanel';
import { createRunActions } from './vscode/runActions';
import { RunPanelManager } from './vscode/runPanel';
import { SessionBinding } from './vscode/sessionBinding';
import { readHealthSettings, readSettings, SECTION } from './vscode/settings';
import { promptToSignInAgain } from './vscode/signIn';
import { SnapshotStorage } from './core/engine/snapshotStorage';
import { StatusBarController } from './vscode/statusBar';

/** What the extension's end waits for: the snapshot's pending write (VS Code awaits `deactivate`). */
let flushOnDeactivate: (() => Promise<void>) | undefined;

/** Late, stale, stuck and deadlines move with time alone: health is judged again this often, views open or not. */
const HEALTH_TICK_MS = 60_000;

/**
 * The composition root: every long-lived object is made here and disposed with the extension.
 * Loaded by the first bundle (src/bootstrap.ts), which hands over the view it opened.
 */
export function activate(context: vscode.ExtensionContext, early?: EarlyView): ReturnType<typeof createTestSurface> | undefined {
  const activationStarted = performance.now();
  const log = createLog();
  onListenerError((error) => log.error(`A listener failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const presentOptions = (): PresentOptions => ({ t: vscode.l10n.t, now: Date.now(), locale: vscode.env.language });

  const store = new SourceStore();
  const engineLog = (record: EngineLogRecord) => log.warn(describeLogRecord(record));
  const connections = new WarehouseConnections(Date.now, engineLog);
  const refresher = new Refresher(store, SOURCE_READERS, { log: engineLog, companions: [connections] });
  const healthContext: HealthContext = { warehouseConnection: (projectId, connectionId) => connections.lookup(projectId, connectionId) };
  let healthSettings = readHealthSettings();
  const storageFolder = context.globalStorageUri.fsPath;
  const history = new RunHistory({ directory: path.join(storageFolder, 'run-history'), bounds: () => healthSettings.history, now: Date.now, log: engineLog });
  const keeper = new HistoryKeeper(store, history, () => monitor.evaluate());
  const monitor: HealthMonitor = new HealthMonitor({
    store, health: SOURCE_HEALTH, context: healthContext, thresholds: () => healthSettings.thresholds, now: Date.now, keptRuns: (ref) => keeper.keptRuns(ref),
    freshForMs: () => freshForOf(session.settings.refreshIntervalMs),
  });
  // Every view, count and announcement reads health through the snoozes.
  const snoozes = new SnoozeBook(context.globalState, Date.now);
  const health = new SnoozingHealth(monitor, snoozes, (ref) => withKeptRuns(store.source(ref)?.runs ?? [], keeper.keptRuns(ref)));
  const ledger = new EpisodeLedger(path.join(storageFolder, 'announced'));
  // Old claims and the history's leftovers are removed later, away from the start-up, and once a day in a long session.
  const prune = () => Promise.all([ledger.prune(), history.prune()]);
  const pruneTimer = setTimeout(() => void prune(), HEALTH_TICK_MS);
  const dailyPrune = setInterval(() => void prune(), 24 * 60 * 60_000);
  const healthTimer = setInterval(() => monitor.evaluate(), HEALTH_TICK_MS);
  const scheduler = new PollingScheduler(store, refresher, SOURCE_READERS, DEFAULT_SETTINGS);
  const credentials = new CredentialStore(context.secrets);
  const clients = new ClientFactory(
    `mixpanel-connectors-vscode/${version} (VS Code ${vscode.version})`,
    new ConcurrencyLimiter(DEFAULT_SETTINGS.maxConcurrentRequests),
    log,
    new HostConsent(context.globalState, askToSendCredentials),
  );
  const snapshots = new SnapshotStorage(context.globalState, store, engineLog);

  const session = new Session({
    store, refresher, scheduler,
    connect: (account, settings) => clients.create(account, settings),
    restoreSnapshot: (owner) => snapshots.load(owner),
    setConcurrency: (limit) => clients.limiter.setLimit(limit),
    now: Date.now,
  });
  // Only the running session's data is kept for the next start: the session says whose it is.
  context.subscriptions.push(session.onDidChange((state) => snapshots.setOwner(state.kind === 'active' ? state.owner : undefined)));
  const binding = new SessionBinding(session, credentials, log);
  const quota = new SyncQuota(context.globalState, Date.now);
  const importActions = new ImportActions({
    api: () => session.api,
    quota,
    applySourceChange: (source) => refresher.applySourceChange(source),
    followSync: (target) => session.follow(target),
    refreshProject: (projectId) => refresher.refreshProject(projectId),
  });

  const importFiles = new LazyImportFiles({
    extensionUri: context.extensionUri, storageFolder, store, connections, log,
    api: () => session.api,
    applySourceChange: (source) => refresher.applySourceChange(source),
    sessionSignal: () => refresher.sessionSignal,
  });

  const actions = createRunActions(session, store, presentOptions);
  const model = new TreeModel(store, presentOptions, () => session.settings.runsPerConnector, health);
  // The last known rows, before the view exists: its first rows and its message are then final, and
  // nothing changes under VS Code while it asks for them.
  const lastOwner = snapshots.cachedOwner();
  const previewed = lastOwner !== undefined && session.preview(lastOwner, readSettings(), snapshots.load(lastOwner));
  const firstRows = new FirstRowsKeeper(context.globalState);
  const view = new ConnectorsView(model, session, scheduler, early, firstRows);
  flushOnDeactivate = () => {
    view.keepNow();
    return Promise.all([snapshots.flush(), history.flush(), firstRows.flush()]).then(() => undefined);
  };
  const statusBar = new StatusBarController(store, session, presentOptions, health);
  // Relative times ("5 min ago") move on while the view or a panel shows them.
  const ticker = new MinuteTicker();
  const runPanels = new RunPanelManager(context.extensionUri, store, presentOptions, actions, ticker);
  const overviews = new OverviewPanelManager(context.extensionUri, store, presentOptions, (reference) => runPanels.show(reference), ticker, health, (ref) => keeper.keptRuns(ref));
  const healthPanel = new HealthPanel(context.extensionUri, {
    store, health, keptRuns: (ref) => keeper.keptRuns(ref), context: healthContext, present: presentOptions,
    openOverview: (source) => overviews.show({ source }), visibility: ticker,
  });
  context.subscriptions.push(ticker.onDidTick(() => {
    model.refreshTimes();
    runPanels.redraw();
    overviews.redraw();
    healthPanel.redraw();
  }));
  // The agent tools read what the views read: the store, health with snoozes, the kept runs.
  const agentReads: AgentPorts['reads'] = { healthInput: () => healthPanel.input(), region: () => session.state.region, present: presentOptions };
  const agentWrites = importWrites({ actions: importActions, quota, source: (ref) => store.source(ref), present: presentOptions });
  const agentPlans = importFiles.agentPlans();
  const agentPorts = (): AgentPorts => ({
    reads: agentReads,
    // A folder's files are planned for an agent only once the user trusts it, as Apply requires.
    plans: vscode.workspace.isTrusted && (vscode.workspace.workspaceFolders?.length ?? 0) > 0 ? agentPlans : undefined,
    writes: agentWrites,
  });
  const agentTools = agentToolImplementations(agentPorts, log);
  const announcer = new HealthAnnouncer({
    health, ledger, notifications: () => healthSettings.notifications, present: presentOptions,
    nameOf: (ref, t) => sourceNameIn(store, ref, t),
    onError: (error) => log.error(`Could not announce a health finding: ${error instanceof Error ? error.message : String(error)}`),
  });
  const healthNotifier = new HealthNotifier(announcer, { showHealth: () => healthPanel.open() }, log);
  const notifier = new RunNotifier(store, () => ({
    onFailure: session.settings.notifyOnFailure, onSuccess: session.settings.notifyOnSuccess, onRecovery: healthSettings.notifications.recoveries,
  }), {
    showDetails: (runs) => showFinishedRuns(runs, runPanels, presentOptions()),
    openInMixpanel: actions.openInMixpanel,
  }, log);

  context.subscriptions.push(
    log, store, refresher, scheduler, credentials, session, binding, snapshots, model, view, statusBar, runPanels, overviews, notifier,
    keeper, monitor, snoozes, health, healthPanel, announcer, healthNotifier, history, importFiles, session.onDidChange(() => importFiles.recheckAll()), { dispose: () => { clearInterval(healthTimer); clearTimeout(pruneTimer); clearInterval(dailyPrune); } },
    // Signed out, here or in another window: what was kept of that account is not written or shown again.
    session.onDidChange((state) => state.kind === 'signedOut' && history.forget()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) {
        healthSettings = readHealthSettings();
        monitor.evaluate();
      }
    }),
    ...registerCommands({
      log, store, scheduler, model, view, runPanels, overviews, snapshots, credentials, session, binding, clients, actions,
      quota, importActions, present: presentOptions, health: healthPanel, history, ledger, importFiles, snoozes, firstRows,
    }),
    ...registerAgentTools(agentTools, log),
    ...registerMcpServer({
      extensionPath: context.extensionUri.fsPath, version, log,
      account: async () => session.state.kind === 'active' ? credentials.get() : undefined,
      settings: () => session.settings,
    }),
    refresher.onAuthenticationFailed(() => {
      promptToSignInAgain(session, log).catch((error: unknown) => log.error(`Could not ask to sign in again: ${String(error)}`));
    }),
    vscode.window.onDidChangeWindowState((state) => scheduler.setFocused(state.focused)),
    view.treeView.onDidChangeVisibility(({ visible }) => ticker.setVisible('view', visible)),
    ticker,
  );
  ticker.setVisible('view', view.treeView.visible);
  scheduler.setFocused(vscode.window.state.focused);

  binding.start({ firstRowsServed: (ms) => view.firstRowsServed(ms), holdFirstAnswer: (ready, ms) => view.provider.holdFirstAnswer(ready, ms) }, previewed);
  log.info(`Mixpanel Connectors ${version} activated in ${Math.round(performance.now() - activationStarted)} ms${early?.provider.hasRows ? ', after the first rows were drawn from the ones kept' : ''}.`);
  return context.extensionMode === vscode.ExtensionMode.Test
    ? createTestSurface({ store, model, view, session, binding, credentials, runPanels, overviews, notifier, presentOptions, statusBar, health: monitor, healthPanel, healthNotifier, agentTools })
    : undefined;
}

export function deactivate(): Promise<void> | undefined {
  // Everything else is disposed through context.subscriptions, after this has settled.
  return flushOnDeactivate?.();
}
