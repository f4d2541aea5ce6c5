import * as vscode from 'vscode';
import { inertText, TextLimit } from '../core/format';
import { ImportAction, importActionFailure, syncQuotaText } from '../core/importMessages';
import { ConnectorEntry } from '../core/model';
import { connectorDescription, connectorLabel, PresentOptions } from '../core/presenters';
import { Refresher } from '../core/refresher';
import { RowRef } from '../core/rows';
import { PollingScheduler } from '../core/scheduler';
import { Session } from '../core/session';
import { ConnectorStore } from '../core/store';
import { SyncQuota } from '../core/syncQuota';
import { importIdOf, Schedule, ScheduleName, scheduleWord } from '../core/warehouseSources';
import { isApiError } from '../mixpanel/errors';
import { Command } from '../shared/contextValues';

export interface ImportCommandDependencies {
  readonly store: ConnectorStore;
  readonly session: Session;
  readonly refresher: Refresher;
  readonly scheduler: PollingScheduler;
  readonly quota: SyncQuota;
  readonly present: () => PresentOptions;
  readonly log: vscode.LogOutputChannel;
  /** What a command invoked on a tree row refers to. */
  readonly refOf: (element: unknown) => RowRef | undefined;
}

interface ChosenImport {
  readonly projectId: number;
  readonly importId: number;
  readonly entry: ConnectorEntry;
  readonly label: string;
}

/** A message the command shows and is done with; nothing waits for the user to dismiss it. */
function tell(message: string, severity: 'info' | 'warning' | 'error' = 'info'): void {
  const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(inertText(message));
}

/** Sync Now, Pause, Resume and Change Schedule of warehouse imports, by command id. */
export function importCommandHandlers(deps: ImportCommandDependencies): Record<string, (element?: unknown) => Promise<void>> {
  const t = vscode.l10n.t;

  const imports = (filter: (entry: ConnectorEntry) => boolean): ChosenImport[] => deps.store.allProjects.flatMap((project) => project.connectors
    .filter((entry) => entry.connector.warehouse !== undefined && filter(entry))
    .map((entry) => ({ projectId: project.id, importId: entry.connector.warehouse!.id, entry, label: connectorLabel(entry.connector) })));

  /** The import a row refers to, or one the user picks. */
  const choose = async (element: unknown, title: string, filter: (entry: ConnectorEntry) => boolean = () => true): Promise<ChosenImport | undefined> => {
    const ref = deps.refOf(element);
    const importId = ref?.connectorId !== undefined ? importIdOf(ref.connectorId) : undefined;
    if (ref && importId !== undefined) {
      const entry = deps.store.connector(ref.projectId, ref.connectorId!);
      return entry && { projectId: ref.projectId, importId, entry, label: connectorLabel(entry.connector) };
    }
    const candidates = imports(filter);
    if (candidates.length === 0) {
      tell(t('No warehouse import to choose from.'));
      return undefined;
    }
    const options = deps.present();
    const picked = await vscode.window.showQuickPick(candidates.map((candidate) => ({
      label: inertText(candidate.label, TextLimit.pickLabel),
      description: inertText(connectorDescription(candidate.entry, options), TextLimit.pickDetail),
      detail: inertText(deps.store.project(candidate.projectId)?.name ?? '', TextLimit.pickDetail),
      candidate,
    })), { title, placeHolder: t('Choose a warehouse import'), matchOnDescription: true });
    return picked?.candidate;
  };

  const api = () => {
    const current = deps.session.api;
    if (!current) {
      throw new Error(t('Sign in to Mixpanel first.'));
    }
    return current;
  };

  /** A 403 names the role the action takes; any other failure says what went wrong. */
  const failed = (error: unknown, action: ImportAction, chosen: ChosenImport): never => {
    throw new Error(importActionFailure(error, action, chosen.label, t));
  };

  const update = async (chosen: ChosenImport, action: ImportAction, paused: boolean, runEveryNs: number): Promise<void> => {
    try {
      await api().updateWarehouseImport(chosen.projectId, chosen.importId, { paused, runEveryNs });
    } catch (error) {
      failed(error, action, chosen);
    }
    await deps.refresher.refreshProject(chosen.projectId);
  };

  return {
    [Command.syncNow]: async (element?: unknown) => {
      const chosen = await choose(element, t('Sync Now'));
      if (!chosen) {
        return;
      }
      const key = `${chosen.projectId}/${chosen.importId}`;
      const options = deps.present();
      const quota = deps.quota.state(key);
      if (quota.left === 0) {
        tell(t('"{0}" was not synced. {1}', chosen.label, syncQuotaText(quota, t, options.now, options)), 'warning');
        return;
      }
      // The last step before a sync that counts against the hourly limit says how many are left.
      const confirmed = await vscode.window.showQuickPick([
        { label: `$(run) ${t('Sync now')}`, detail: syncQuotaText(quota, t, options.now, options), sync: true },
        { label: `$(close) ${t('Cancel')}`, sync: false },
      ], { title: inertText(t('Sync "{0}" now?', chosen.label)), placeHolder: syncQuotaText(quota, t, options.now, options) });
      if (!confirmed?.sync) {
        return;
      }
      try {
        await api().startWarehouseSync(chosen.projectId, chosen.importId);
      } catch (error) {
        if (isApiError(error) && error.kind === 'rateLimited') {
          await deps.quota.exhaust(key, error.retryAfterMs);
          tell(t('Mixpanel refused to start another sync of "{0}". {1}', chosen.label, syncQuotaText(deps.quota.state(key), t, options.now, options)), 'warning');
          return;
        }
        failed(error, 'sync', chosen);
      }
      await deps.quota.record(key);
      deps.log.info(`Started a sync of warehouse import ${chosen.importId} in project ${chosen.projectId}.`);
      // The new run is followed closely, and announced when it ends.
      deps.scheduler.burst({ projectId: chosen.projectId, connectorId: chosen.entry.connector.id });
      await deps.refresher.refreshConnectors(chosen.projectId, [chosen.entry.connector.id]);
      vscode.window.setStatusBarMessage(inertText(t('$(sync) Sync of "{0}" started. {1}', chosen.label, syncQuotaText(deps.quota.state(key), t, options.now, options))), 5000);
    },
    [Command.pauseImport]: async (element?: unknown) => {
      const chosen = await choose(element, t('Pause Import'), (entry) => !entry.connector.warehouse!.paused);
      if (chosen) {
        await update(chosen, 'pause', true, chosen.entry.connector.warehouse!.runEveryNs ?? Schedule.onDemand);
      }
    },
    [Command.resumeImport]: async (element?: unknown) => {
      const chosen = await choose(element, t('Resume Import'), (entry) => entry.connector.warehouse!.paused);
      if (chosen) {
        await update(chosen, 'resume', false, chosen.entry.connector.warehouse!.runEveryNs ?? Schedule.onDemand);
      }
    },
    [Command.changeSchedule]: async (element?: unknown) => {
      const chosen = await choose(element, t('Change Schedule'));
      if (!chosen) {
        return;
      }
      const current = chosen.entry.connector.warehouse!.runEveryNs;
      // The schedules it could change to first, the current one last.
      const names = (['hourly', 'daily', 'weekly', 'onDemand'] as ScheduleName[]).sort((a, b) => Number(Schedule[a] === current) - Number(Schedule[b] === current));
      const picked = await vscode.window.showQuickPick(names.map((name) => ({
        label: scheduleWord(Schedule[name], t),
        description: Schedule[name] === current ? t('current') : undefined,
        detail: name === 'onDemand' ? t('Runs only when started with Sync Now or the API.') : undefined,
        runEveryNs: Schedule[name],
      })), { title: inertText(t('Schedule of "{0}"', chosen.label)), placeHolder: t('How often should Mixpanel sync this import?') });
      if (picked && picked.runEveryNs !== current) {
        await update(chosen, 'schedule', chosen.entry.connector.warehouse!.paused, picked.runEveryNs);
      }
    },
  };
}
