import * as vscode from 'vscode';
import { PresentOptions } from '../core/presentation/presenters';
import { runJson, runSummaryMarkdown } from '../core/presentation/runSummary';
import { Session } from '../core/engine/session';
import { ConnectorStore } from '../core/engine/store';
import { webLinks } from '../mixpanel/endpoints';
import { RunPanelState } from '../shared/protocol';

/** What a user can do with a run wherever it is shown: tree, run panel, notification. */
export interface RunActions {
  copyError(message: string): Promise<void>;
  /** The run as Markdown or JSON, for pasting elsewhere. */
  copyRun(run: RunReference, format: 'summary' | 'json'): Promise<void>;
  openInMixpanel(projectId: number): Promise<void>;
}

/** A run wherever it is shown: the run panel's reference. */
export type RunReference = RunPanelState;

export function createRunActions(session: Session, store: ConnectorStore, present: () => PresentOptions): RunActions {
  return {
    copyRun: async ({ projectId, connectorId, runKey }, format) => {
      const entry = store.connector(projectId, connectorId);
      const run = entry?.runs.find((candidate) => candidate.key === runKey);
      if (!entry || !run) {
        throw new Error(vscode.l10n.t('This run is no longer in the source\'s history.'));
      }
      const context = { projectId, projectName: store.project(projectId)?.name };
      await vscode.env.clipboard.writeText(format === 'json' ? runJson(run, entry.connector, context) : runSummaryMarkdown(run, entry.connector, context, present()));
      vscode.window.setStatusBarMessage(format === 'json' ? vscode.l10n.t('$(copy) Run copied as JSON') : vscode.l10n.t('$(copy) Run summary copied'), 3000);
    },
    copyError: async (message) => {
      await vscode.env.clipboard.writeText(message);
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Error message copied'), 3000);
    },
    openInMixpanel: async (projectId) => {
      await vscode.env.openExternal(vscode.Uri.parse(webLinks.projectSettings(session.state.region, projectId)));
    },
  };
}
