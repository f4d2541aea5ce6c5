import * as vscode from 'vscode';
import { PresentOptions } from '../core/presentation/presenters';
import { RunReference } from '../core/presentation/runDetails';
import { runJson, runSummaryMarkdown } from '../core/presentation/runSummary';
import { Session } from '../core/engine/session';
import { SourceStore } from '../core/engine/store';
import { webLinks } from '../mixpanel/endpoints';

/** What a user can do with a run wherever it is shown: tree, run panel, notification. */
export interface RunActions {
  copyError(message: string): Promise<void>;
  /** The run as Markdown or JSON, for pasting elsewhere. */
  copyRun(run: RunReference, format: 'summary' | 'json'): Promise<void>;
  openInMixpanel(projectId: number): Promise<void>;
}


export function createRunActions(session: Session, store: SourceStore, present: () => PresentOptions): RunActions {
  return {
    copyRun: async ({ source, runKey }, format) => {
      const { projectId } = source;
      const entry = store.source(source);
      const run = entry?.runs.find((candidate) => candidate.key === runKey);
      if (!entry || !run) {
        throw new Error(vscode.l10n.t('This run is no longer in the source\'s history.'));
      }
      const context = { projectId, projectName: store.project(projectId)?.name };
      const options = present();
      await vscode.env.clipboard.writeText(format === 'json' ? runJson(run, entry.source, context, options.t) : runSummaryMarkdown(run, entry.source, context, options));
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
