import * as vscode from 'vscode';
import { Session } from '../core/session';
import { webLinks } from '../mixpanel/endpoints';

/** What a user can do with a run wherever it is shown: tree, run panel, notification. */
export interface RunActions {
  copyError(message: string): Promise<void>;
  openInMixpanel(projectId: number): Promise<void>;
}

export function createRunActions(session: Session): RunActions {
  return {
    copyError: async (message) => {
      await vscode.env.clipboard.writeText(message);
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Error message copied'), 3000);
    },
    openInMixpanel: async (projectId) => {
      await vscode.env.openExternal(vscode.Uri.parse(webLinks.projectSettings(session.state.region, projectId)));
    },
  };
}
