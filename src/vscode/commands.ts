import * as os from 'os';
import * as vscode from 'vscode';
import { askAboutThis } from './agentTools';
import { EpisodeLedger } from '../core/health/episodeLedger';
import { RunHistory } from '../core/health/runHistory';
import { exportHistory } from '../core/presentation/historyExport';
import { HealthPanel } from './healthPanel';
import { signOut } from '../core/account/signOut';
import { describeApiError, refreshFailure } from '../core/text/errorMessages';
import { NO_FILTER } from '../core/presentation/filter';
import { inertText, TextLimit } from '../core/text/format';
import { FinishedRun } from '../core/model/entries';
import { PresentOptions, runLabel, sourceDescription, sourceName } from '../core/presentation/presenters';
import { RunReference } from '../core/presentation/runDetails';
import { refOf as sourceRefOf, SourceRef } from '../core/model/source';
import { RowRef } from '../core/presentation/rows';
import { PollingScheduler } from '../core/engine/scheduler';
import { SourceStore } from '../core/engine/store';
import { ImportActions } from '../core/sources/warehouse/importActions';
import { SyncQuota } from '../core/sources/warehouse/syncQuota';
import { TreeModel } from '../core/presentation/treeModel';
import { isApiError } from '../mixpanel/errors';
import { Command } from '../shared/ids';
import { ConnectorsView } from './connectorsView';
import { importCommandHandlers } from './importCommands';
import { ImportFiles } from './importFilesLoader';
import { OverviewPanelManager } from './overviewPanel';
import { RunActions } from './runActions';
import { RunPanelManager } from './runPanel';
import { pickProjects, signIn, SignInDependencies } from './signIn';
import { updateSetting } from './settings';
import { SnapshotStorage } from '../core/engine/snapshotStorage';
import { snoozeChoices } from '../core/health/snooze';
import { sourceNameIn } from '../core/presentation/presenters';
import { SnoozeBook } from '../core/health/snoozing';
import { FirstRowsKeeper } from './earlyRows';

export interface CommandDependencies extends SignInDependencies {
  readonly store: SourceStore;
  readonly scheduler: PollingScheduler;
  readonly model: TreeModel;
  readonly view: ConnectorsView;
  readonly runPanels: RunPanelManager;
  readonly overviews: OverviewPanelManager;
  readonly snapshots: SnapshotStorage;
  readonly actions: RunActions;
  readonly quota: SyncQuota;
  readonly importActions: ImportActions;
  readonly present: () => PresentOptions;
  readonly health: HealthPanel;
  readonly history: RunHistory;
  readonly ledger: EpisodeLedger;
  readonly importFiles: ImportFiles;
  readonly snoozes: SnoozeBook;
  /** The first rows kept for the next start (src/vscode/earlyRows.ts). */
  readonly firstRows?: FirstRowsKeeper;
}

/** The sentence for an error of a user-started command, inert: it may carry a server's words. */
function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    return inertText(describeApiError(error, vscode.l10n.t));
  }
  return inertText(error instanceof Error ? error.message : String(error));
}

export function registerCommands(deps: CommandDependencies): vscode.Disposable[] {
  const t = vscode.l10n.t;
  const { log, store, model, runPanels, session } = deps;

  /** The row a command was invoked on (menus, keys and clicks pass its element; a caller may pass its id), if any. */
  const refOf = (element: unknown): RowRef | undefined => typeof element === 'string' ? model.row(deps.view.elements.rowIdOf(element))?.ref : undefined;

  const register = (id: string, handler: (...args: unknown[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        const message = errorMessage(error);
        log.error(`${id}: ${message}`);
        const showLog = t('Show Log');
        // The command ends now; the message stays until the user answers it.
        void vscode.window.showErrorMessage(message, showLog).then((choice) => {
          if (choice === showLog) {
            log.show();
          }
        });
        return undefined;
      }
    });

  /** The run a command was invoked on. */
  const runRef = (element: unknown): RunReference => {
    const ref = refOf(element);
    if (ref?.runKey === undefined || ref.source === undefined) {
      throw new Error(t('Choose a run in the Mixpanel view.'));
    }
    return { source: ref.source, runKey: ref.runKey };
  };

  const importHandlers = importCommandHandlers({ ...deps, refOf, fromView: (element) => deps.view.elements.isFromView(element) });

  return [
    ...Object.entries(importHandlers).map(([id, handler]) => register(id, handler)),
    register(Command.signIn, () => signIn(deps)),

    register(Command.signOut, async () => {
      const result = await signOut({
        ...deps,
        // The rows kept for the next start are the first bundle's as well as the session's.
        snapshots: { forget: async () => { await Promise.all([deps.snapshots.forget(), deps.firstRows?.forget()]); } },
        state: () => session.state,
        reload: () => deps.binding.reload(),
      }, t);
      if (result.kind === 'fromEnvironment') {
        await vscode.window.showInformationMessage(result.message);
      } else if (result.kind === 'signedOut') {
        // A message to read; signing out is done whether or not it is dismissed.
        void vscode.window.showInformationMessage(result.message);
      }
    }),

    register(Command.selectProjects, async () => {
      const account = session.state.kind === 'active' ? await deps.credentials.get() : undefined;
      if (!account) {
        throw new Error(t('Sign in first.'));
      }
      const client = await deps.clients.create(account, session.settings);
      const info = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('Reading projects…') },
        () => client.me().catch((error: unknown) => {
          log.warn(`Could not list projects: ${errorMessage(error)}`);
          return undefined;
        }));
      const projects = await pickProjects(info, session.settings.projectIds);
      if (projects) {
        await updateSetting('projectIds', projects);
      }
    }),

    register(Command.refresh, async (element?: unknown) => {
      const ref = refOf(element);
      const failure = refreshFailure(await session.refresh(ref), t);
      if (failure) {
        throw new Error(failure);
      }
    }),

    register(Command.openRun, (element?: unknown) => {
      const reference = runRef(element);
      runPanels.show(reference);
      deps.scheduler.burst(reference.source);
    }),

    register(Command.askAboutThis, async (element?: unknown) => {
      const ref = refOf(element);
      if (ref?.source === undefined) {
        throw new Error(t('Choose a failed run or a flagged source in the Mixpanel view.'));
      }
      await askAboutThis({ source: ref.source, ...(ref.runKey !== undefined ? { runKey: ref.runKey } : {}) });
    }),

    register(Command.copyError, async (element?: unknown) => {
      const ref = refOf(element);
      const entry = ref?.source !== undefined ? store.source(ref.source) : undefined;
      const run = ref?.runKey !== undefined ? entry?.runs.find((candidate) => candidate.key === ref.runKey) : entry?.runs[0];
      if (!run?.error) {
        throw new Error(t('This item has no error message.'));
      }
      await deps.actions.copyError(run.error.message);
    }),

    register(Command.openInMixpanel, async (element?: unknown) => {
      const projectId = refOf(element)?.projectId ?? session.state.projectIds[0];
      if (projectId === undefined) {
        throw new Error(t('Choose a project first.'));
      }
      await deps.actions.openInMixpanel(projectId);
    }),

    register(Command.showLog, () => log.show()),

    register(Command.showNeedsAttention, () => model.setFilter({ ...model.filter, needsAttention: true })),
    register(Command.showAll, () => model.setFilter({ ...model.filter, needsAttention: false })),
    register(Command.clearFilter, () => model.setFilter(NO_FILTER)),
    register(Command.filter, async () => {
      const text = await vscode.window.showInputBox({
        title: t('Filter Sources'),
        prompt: t('Show the sources whose name (or a connector\'s bucket or prefix) contains this text. Empty shows all.'),
        value: model.filter.text,
      });
      if (text !== undefined) {
        model.setFilter({ ...model.filter, text: text.trim() });
      }
    }),

    register(Command.showOverview, async (element?: unknown) => {
      const ref = refOf(element);
      const source = ref?.source ?? await pickSource(store, deps.present());
      if (source) {
        deps.overviews.show({ source });
      }
    }),

    register(Command.showHealth, () => deps.health.open()),
    register(Command.copyHealthReport, async () => {
      await deps.health.copyReport();
      void vscode.window.showInformationMessage(t('The health report is on the clipboard, as Markdown.'));
    }),
    register(Command.exportHistory, async (element?: unknown) => {
      const ref = refOf(element)?.source ?? await pickSource(store, deps.present());
      if (ref) {
        await exportSourceHistory(ref, deps);
      }
    }),

    register(Command.snoozeFindings, async (element?: unknown) => {
      const ref = refOf(element)?.source ?? await pickSource(store, deps.present());
      if (!ref) {
        return;
      }
      const now = Date.now();
      const choice = await vscode.window.showQuickPick(snoozeChoices(t, now).map((item) => ({ label: item.label, until: item.until })), {
        title: t('Snooze the findings of {0}', inertText(sourceNameIn(store, ref, t), TextLimit.pickLabel)),
        placeHolder: t('A snoozed finding is shown as such, and not counted or announced.'),
      });
      if (choice) {
        await deps.snoozes.add({ source: ref, until: choice.until, since: now });
      }
    }),
    register(Command.unsnoozeFindings, async (element?: unknown) => {
      const ref = refOf(element)?.source;
      if (ref) {
        await deps.snoozes.remove(ref);
      }
    }),

    register(Command.showPlan, (argument?: unknown) => deps.importFiles.showPlan(argument)),
    register(Command.applyImport, (argument?: unknown) => deps.importFiles.apply(argument)),

    register(Command.copyRunSummary, (element?: unknown) => deps.actions.copyRun(runRef(element), 'summary')),
    register(Command.copyRunJson, (element?: unknown) => deps.actions.copyRun(runRef(element), 'json')),

    register(Command.loadMoreRuns, (element?: unknown) => {
      const ref = refOf(element);
      if (ref?.source !== undefined) {
        model.loadMore(ref.source);
      }
    }),
  ];
}

/** "Show Details" of a notification: the run itself, or a pick when several ended. */
export async function showFinishedRuns(runs: readonly FinishedRun[], runPanels: RunPanelManager, present: PresentOptions): Promise<void> {
  const toReference = (finished: FinishedRun): RunReference => ({ source: sourceRefOf(finished.source), runKey: finished.run.key });
  if (runs.length === 1) {
    runPanels.show(toReference(runs[0]));
    return;
  }
  const picked = await vscode.window.showQuickPick(runs.map((finished) => ({
    label: inertText(sourceName(finished.source, present.t), TextLimit.pickLabel),
    description: runLabel(finished.run, present),
    detail: finished.run.error ? inertText(finished.run.error.message, TextLimit.pickDetail) : undefined,
    finished,
  })), { title: vscode.l10n.t('Finished Runs'), placeHolder: vscode.l10n.t('Choose a run to show') });
  if (picked) {
    runPanels.show(toReference(picked.finished));
  }
}

/** For the command palette: every source known, to choose the one to show. */
async function pickSource(store: SourceStore, present: PresentOptions): Promise<SourceRef | undefined> {
  const t = vscode.l10n.t;
  const items = store.allProjects.flatMap((project) => project.sources.map((entry) => ({
    label: inertText(sourceName(entry.source, present.t), TextLimit.pickLabel),
    description: inertText(`${project.name} · ${sourceDescription(entry, present)}`, TextLimit.pickDetail),
    source: sourceRefOf(entry.source),
  })));
  if (items.length === 0) {
    throw new Error(t('No sources to show yet. Sign in and choose projects first.'));
  }
  const picked = await vscode.window.showQuickPick(items, { title: t('Show Source Overview'), placeHolder: t('Choose a source'), matchOnDescription: true });
  return picked?.source;
}

/** Writes a source's known runs (the store's and those kept from earlier looks) where the user says. */
async function exportSourceHistory(ref: SourceRef, deps: CommandDependencies): Promise<void> {
  const t = vscode.l10n.t;
  const entry = deps.store.source(ref);
  if (!entry) {
    throw new Error(t('This source is no longer listed.'));
  }
  const format = await vscode.window.showQuickPick([
    { label: 'CSV', description: t('one row per run, for a spreadsheet'), format: 'csv' as const },
    { label: 'JSON Lines', description: t('one JSON object per line'), format: 'jsonl' as const },
  ], { title: t('Export History'), placeHolder: t('Choose a format') });
  if (!format) {
    return;
  }
  deps.history.record(ref, entry.runs);
  await deps.history.flush();
  const runs = await deps.history.load(ref);
  const name = sourceName(entry.source, deps.present().t).replace(/[^\w.-]+/g, '_').slice(0, 60) || 'source';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const target = await vscode.window.showSaveDialog({
    title: t('Export History'),
    defaultUri: vscode.Uri.joinPath(folder, `${name}-runs.${format.format === 'csv' ? 'csv' : 'jsonl'}`),
    filters: format.format === 'csv' ? { CSV: ['csv'] } : { 'JSON Lines': ['jsonl'] },
  });
  if (!target) {
    return;
  }
  await vscode.workspace.fs.writeFile(target, Buffer.from(exportHistory(runs, format.format), 'utf8'));
  void vscode.window.showInformationMessage(t('{0} runs written to {1}.', runs.length, target.fsPath));
}
