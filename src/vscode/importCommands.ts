import * as vscode from 'vscode';
import { inertText, TextLimit } from '../core/text/format';
import { ImportActions, ImportTarget, isImportTarget, quotaKey } from '../core/sources/warehouse/importActions';
import { deletedNotice, ImportAction, importActionError, syncOutcomeNotice, syncQuotaText } from '../core/sources/warehouse/importMessages';
import { SourceEntry } from '../core/model/entries';
import { PresentOptions, sourceActions, sourceDescription, sourceName } from '../core/presentation/presenters';
import { SourceAction } from '../core/sources/kind';
import { RowRef } from '../core/presentation/rows';
import { SourceStore } from '../core/engine/store';
import { SyncQuota } from '../core/sources/warehouse/syncQuota';
import { Schedule, ScheduleName, scheduleWord } from '../core/sources/warehouse/warehouseKind';
import { Command } from '../shared/ids';
import { ImportFiles } from './importFilesLoader';

export interface ImportCommandDependencies {
  readonly store: SourceStore;
  readonly importActions: ImportActions;
  readonly quota: SyncQuota;
  readonly present: () => PresentOptions;
  readonly log: vscode.LogOutputChannel;
  /** What a command invoked on a tree row refers to. */
  readonly refOf: (element: unknown) => RowRef | undefined;
  /** Whether the argument is a row VS Code passed from this extension's own view (a menu, a key, a click). */
  readonly fromView: (element: unknown) => boolean;
  readonly importFiles: ImportFiles;
}

interface ChosenImport {
  readonly target: ImportTarget;
  readonly label: string;
  readonly entry: SourceEntry;
}

/** A message the command shows and is done with; nothing waits for the user to dismiss it. */
function tell(message: string, severity: 'info' | 'warning' | 'error' = 'info'): void {
  const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(inertText(message));
}

/** Sync Now, Pause, Resume and Change Schedule of warehouse imports, by command id: ask, then show. */
export function importCommandHandlers(deps: ImportCommandDependencies): Record<string, (element?: unknown) => Promise<void>> {
  const t = vscode.l10n.t;

  /** The source as an import, if it is one. */
  const importOf = (entry: SourceEntry): ChosenImport | undefined =>
    isImportTarget(entry.source) ? { target: entry.source, label: sourceName(entry.source, t), entry } : undefined;

  /** The imports whose kind offers the action now, to pick from. */
  const imports = (action: SourceAction): ChosenImport[] => deps.store.allProjects.flatMap((project) => project.sources
    .filter((entry) => sourceActions(entry.source).includes(action))
    .map(importOf)
    .filter((chosen): chosen is ChosenImport => chosen !== undefined));

  /** The import a row refers to, or one the user picks among those the action can be taken on. */
  const choose = async (element: unknown, title: string, action: SourceAction): Promise<ChosenImport | undefined> => {
    const ref = deps.refOf(element);
    if (ref?.source !== undefined) {
      const entry = deps.store.source(ref.source);
      const chosen = entry && importOf(entry);
      if (!chosen) {
        throw new Error(t('This row is not a warehouse import.'));
      }
      return chosen;
    }
    const candidates = imports(action);
    if (candidates.length === 0) {
      tell(t('No warehouse import to choose from.'));
      return undefined;
    }
    const options = deps.present();
    const picked = await vscode.window.showQuickPick(candidates.map((candidate) => ({
      label: inertText(candidate.label, TextLimit.pickLabel),
      description: inertText(sourceDescription(candidate.entry, options), TextLimit.pickDetail),
      detail: inertText(deps.store.project(candidate.target.projectId)?.name ?? '', TextLimit.pickDetail),
      candidate,
    })), { title, placeHolder: t('Choose a warehouse import'), matchOnDescription: true });
    return picked?.candidate;
  };

  /** The sentence for an action that was refused or failed; API text in it is made inert where it is shown. */
  const failure = (error: unknown, action: ImportAction, chosen: ChosenImport): Error => importActionError(error, action, chosen.label, t);

  /**
   * A write asked for from outside this extension's own view (another extension, with a row id:
   * a quick pick it could answer as well) is confirmed by the user in a modal that names the import.
   */
  const confirmedFromOutside = async (element: unknown, chosen: ChosenImport, question: string, act: string): Promise<boolean> => {
    if (element === undefined || deps.fromView(element)) {
      return true;
    }
    const project = deps.store.project(chosen.target.projectId)?.name ?? String(chosen.target.projectId);
    const choice = await vscode.window.showWarningMessage(
      question,
      { modal: true, detail: t('Project: {0}. This was asked for by a command, not from the Mixpanel view.', inertText(project, TextLimit.pickLabel)) },
      act,
    );
    return choice === act;
  };

  const setPaused = async (element: unknown, paused: boolean): Promise<void> => {
    const action: ImportAction = paused ? 'pause' : 'resume';
    const chosen = await choose(element, paused ? t('Pause Import') : t('Resume Import'), action);
    const label = chosen ? inertText(chosen.label, TextLimit.pickLabel) : '';
    if (!chosen || !await confirmedFromOutside(element, chosen,
      paused ? t('Pause the warehouse import "{0}"?', label) : t('Resume the warehouse import "{0}"?', label), paused ? t('Pause') : t('Resume'))) {
      return;
    }
    try {
      await deps.importActions.setPaused(chosen.target, paused);
    } catch (error) {
      throw failure(error, action, chosen);
    }
  };

  return {
    [Command.syncNow]: async (element?: unknown) => {
      const chosen = await choose(element, t('Sync Now'), 'syncNow');
      if (!chosen) {
        return;
      }
      const options = deps.present();
      const quotaText = (state = deps.quota.state(quotaKey(chosen.target))) => syncQuotaText(state, t, Date.now(), options);
      let outcome;
      try {
        outcome = await deps.importActions.syncNow(chosen.target, async (quota) => {
          // The last step before a sync that counts against the hourly limit says how many are left.
          const confirmed = await vscode.window.showQuickPick([
            { label: `$(run) ${t('Sync now')}`, detail: quotaText(quota), sync: true },
            { label: `$(close) ${t('Cancel')}`, sync: false },
          ], { title: t('Sync "{0}" now?', inertText(chosen.label, TextLimit.pickLabel)), placeHolder: quotaText(quota) });
          return confirmed?.sync === true;
        });
      } catch (error) {
        throw failure(error, 'sync', chosen);
      }
      const notice = syncOutcomeNotice(outcome, chosen.target, chosen.label, t, quotaText);
      if (notice?.logLine) {
        deps.log.info(notice.logLine);
      }
      if (notice?.level === 'passing') {
        // Our own $(sync) icon stays an icon; the import's label in the sentence is made inert.
        vscode.window.setStatusBarMessage(`$(sync) ${inertText(notice.message)}`, 5000);
      } else if (notice) {
        tell(notice.message, notice.level);
      }
    },
    [Command.exportImport]: async (element?: unknown) => {
      const chosen = await choose(element, t('Export Import to File'), 'exportImport');
      if (chosen) {
        await deps.importFiles.exportToFile(chosen.target, chosen.label);
      }
    },
    [Command.deleteImport]: async (element?: unknown) => {
      const chosen = await choose(element, t('Delete Import'), 'deleteImport');
      if (!chosen) {
        return;
      }
      const label = inertText(chosen.label, TextLimit.pickLabel);
      const project = inertText(deps.store.project(chosen.target.projectId)?.name ?? String(chosen.target.projectId), TextLimit.pickLabel);
      let deleted;
      try {
        deleted = await deps.importActions.deleteImport(chosen.target, async () => {
          // Typing the name is the confirmation, wherever the command came from.
          const typed = await vscode.window.showInputBox({
            title: t('Delete the import "{0}" from project "{1}"?', label, project),
            prompt: t('Mixpanel stops importing this table. The data already imported stays in Mixpanel: only the import is deleted. Type the import\'s name to delete it.'),
            placeHolder: label,
            ignoreFocusOut: true,
            validateInput: (value) => (value === chosen.label || value === '' ? undefined : t('Type "{0}" exactly.', label)),
          });
          return typed === chosen.label;
        });
      } catch (error) {
        throw failure(error, 'delete', chosen);
      }
      if (deleted) {
        const notice = deletedNotice(chosen.target, chosen.label, t);
        deps.log.info(notice.logLine);
        tell(notice.message);
      }
    },
    [Command.pauseImport]: (element?: unknown) => setPaused(element, true),
    [Command.resumeImport]: (element?: unknown) => setPaused(element, false),
    [Command.changeSchedule]: async (element?: unknown) => {
      const chosen = await choose(element, t('Change Schedule'), 'changeSchedule');
      if (!chosen) {
        return;
      }
      const current = chosen.target.warehouseImport.runEveryNs;
      // The schedules it could change to first, the current one last.
      const names = (['hourly', 'daily', 'weekly', 'onDemand'] as ScheduleName[]).sort((a, b) => Number(Schedule[a] === current) - Number(Schedule[b] === current));
      const picked = await vscode.window.showQuickPick(names.map((name) => ({
        label: scheduleWord(Schedule[name], t),
        description: Schedule[name] === current ? t('current') : undefined,
        detail: name === 'onDemand' ? t('Runs only when started with Sync Now or the API.') : undefined,
        runEveryNs: Schedule[name],
      })), { title: t('Schedule of "{0}"', inertText(chosen.label, TextLimit.pickLabel)), placeHolder: t('How often should Mixpanel sync this import?') });
      if (picked && picked.runEveryNs !== current) {
        if (!await confirmedFromOutside(element, chosen, t('Change the schedule of the warehouse import "{0}" to {1}?', inertText(chosen.label, TextLimit.pickLabel), picked.label), t('Change Schedule'))) {
          return;
        }
        try {
          await deps.importActions.changeSchedule(chosen.target, picked.runEveryNs);
        } catch (error) {
          throw failure(error, 'schedule', chosen);
        }
      }
    },
  };
}
