import * as vscode from 'vscode';
import { NO_FILTER } from '../core/filter';
import { signOutMessage } from '../core/accountMessages';
import { inertText, TextLimit } from '../core/format';
import { FinishedRun } from '../core/model';
import { connectorLabel, runLabel } from '../core/presenters';
import { Refresher, RefreshResult } from '../core/refresher';
import { PollingScheduler } from '../core/scheduler';
import { ConnectorStore } from '../core/store';
import { describeApiError, isApiError } from '../mixpanel/errors';
import { Command } from '../shared/contextValues';
import { ConnectorsView } from './connectorsView';
import { CredentialStore } from './credentials';
import { RunActions, RunPanelManager } from './runPanel';
import { pickProjects, signIn, SignInDependencies } from './signIn';
import { updateSetting } from './settings';
import { SnapshotStorage } from './snapshotStorage';
import { ConnectorNode, LoadMoreNode, ProjectNode, RunNode, RunReference } from './treeProvider';

export interface CommandDependencies extends SignInDependencies {
  readonly store: ConnectorStore;
  readonly refresher: Refresher;
  readonly scheduler: PollingScheduler;
  readonly view: ConnectorsView;
  readonly runPanels: RunPanelManager;
  readonly snapshots: SnapshotStorage;
  readonly credentials: CredentialStore;
  readonly actions: RunActions;
}

/** A failure the user should read as is, without "Error:" noise. */
class UserFacingError extends Error {}

function projectOf(node: unknown): number | undefined {
  if (node instanceof ProjectNode || node instanceof ConnectorNode || node instanceof RunNode || node instanceof LoadMoreNode) {
    return node.projectId;
  }
  return undefined;
}

function isRunReference(value: unknown): value is RunReference {
  const reference = value as Partial<RunReference> | null;
  return typeof reference?.projectId === 'number' && typeof reference.connectorId === 'string' && typeof reference.runKey === 'string';
}

/** The sentence for an error of a user-started command, inert: it may carry a server's words. */
function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    return inertText(describeApiError(error, vscode.l10n.t));
  }
  return inertText(error instanceof Error ? error.message : String(error));
}

function failureOf(result: RefreshResult): string | undefined {
  if (result.ok || result.authenticationFailed) {
    // Authentication failures have their own single prompt.
    return undefined;
  }
  const [first] = result.problems;
  return first ? inertText(vscode.l10n.t('Refreshing failed: {0}', first.problem.message)) : vscode.l10n.t('Refreshing failed; the log says why.');
}

export function registerCommands(deps: CommandDependencies): vscode.Disposable[] {
  const t = vscode.l10n.t;
  const { log, store, view, runPanels } = deps;

  const register = (id: string, handler: (...args: unknown[]) => unknown): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        const message = errorMessage(error);
        log.error(`${id}: ${message}`);
        const showLog = t('Show Log');
        void vscode.window.showErrorMessage(message, showLog).then((choice) => {
          if (choice === showLog) {
            log.show();
          }
        });
        return undefined;
      }
    });

  const openInMixpanel = async (projectId: number | undefined) => {
    const id = projectId ?? deps.connection.state.projectIds[0];
    if (id === undefined) {
      throw new UserFacingError(t('Choose a project first.'));
    }
    await deps.actions.openInMixpanel(id);
  };

  const showRun = (reference: RunReference) => {
    runPanels.show({ projectId: reference.projectId, connectorId: reference.connectorId, runKey: reference.runKey });
    deps.scheduler.burst({ projectId: reference.projectId, connectorId: reference.connectorId });
  };

  return [
    register(Command.signIn, () => signIn(deps)),

    register(Command.signOut, async () => {
      const state = deps.connection.state;
      if (state.source === 'environment') {
        void vscode.window.showInformationMessage(t('The credentials come from the environment variables MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET. Unset them and restart VS Code to sign out.'));
        return;
      }
      const storedUsername = state.username ?? '';
      await deps.snapshots.forget();
      await deps.credentials.delete();
      await deps.connection.reload();
      void vscode.window.showInformationMessage(signOutMessage(storedUsername, deps.connection.state, t));
    }),

    register(Command.selectProjects, async () => {
      const stored = deps.connection.state.signedIn ? await deps.credentials.get() : undefined;
      if (!stored) {
        throw new UserFacingError(t('Sign in first.'));
      }
      const account = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('Reading projects…') },
        async () => (await deps.connection.clientFor(stored.account, deps.connection.state.region)).me().catch((error: unknown) => {
          log.warn(`Could not list projects: ${errorMessage(error)}`);
          return undefined;
        }));
      const projects = await pickProjects(account, deps.connection.state.projectIds);
      if (projects) {
        await updateSetting('projectIds', projects);
      }
    }),

    register(Command.refresh, async (node?: unknown) => {
      if (!deps.connection.state.signedIn) {
        throw new UserFacingError(t('Sign in to Mixpanel first.'));
      }
      const projectId = projectOf(node);
      let result: RefreshResult;
      if (projectId !== undefined && node instanceof ConnectorNode) {
        deps.scheduler.burst({ projectId, connectorId: node.connectorId });
        result = await deps.refresher.refreshConnectors(projectId, [node.connectorId]);
      } else if (projectId !== undefined) {
        result = await deps.refresher.refreshProject(projectId);
      } else {
        result = await deps.connection.refreshAll();
      }
      const failure = failureOf(result);
      if (failure) {
        throw new UserFacingError(failure);
      }
    }),

    register(Command.openRun, (node?: unknown) => {
      if (!isRunReference(node)) {
        throw new UserFacingError(t('Choose a run in the Connectors view.'));
      }
      showRun(node);
    }),

    register(Command.copyError, async (node?: unknown) => {
      let message: string | undefined;
      if (node instanceof RunNode) {
        message = store.run(node.projectId, node.connectorId, node.runKey)?.error?.message;
      } else if (node instanceof ConnectorNode) {
        message = node.entry?.runs[0]?.error?.message;
      }
      if (!message) {
        throw new UserFacingError(t('This item has no error message.'));
      }
      await deps.actions.copyError(message);
    }),

    register(Command.openInMixpanel, (node?: unknown) => openInMixpanel(projectOf(node))),

    register(Command.showLog, () => log.show()),

    register(Command.showFailedOnly, () => view.setFilter({ ...view.filter, failedOnly: true })),
    register(Command.showAll, () => view.setFilter({ ...view.filter, failedOnly: false })),
    register(Command.clearFilter, () => view.setFilter(NO_FILTER)),
    register(Command.filter, async () => {
      const text = await vscode.window.showInputBox({
        title: t('Filter Connectors'),
        prompt: t('Show connectors whose label, bucket or prefix contains this text. Empty shows all.'),
        value: view.filter.text,
      });
      if (text !== undefined) {
        view.setFilter({ ...view.filter, text: text.trim() });
      }
    }),

    register(Command.loadMoreRuns, (node?: unknown) => {
      if (node instanceof LoadMoreNode) {
        deps.view.provider.loadMore(node.projectId, node.connectorId);
      }
    }),
  ];
}

/** "Show Details" of a notification: the run itself, or a pick when several ended. */
export async function showFinishedRuns(runs: readonly FinishedRun[], runPanels: RunPanelManager, present: Parameters<typeof runLabel>[1]): Promise<void> {
  const toReference = (finished: FinishedRun) => ({ projectId: finished.projectId, connectorId: finished.connector.id, runKey: finished.run.key });
  if (runs.length === 1) {
    runPanels.show(toReference(runs[0]));
    return;
  }
  const picked = await vscode.window.showQuickPick(runs.map((finished) => ({
    label: inertText(connectorLabel(finished.connector), TextLimit.pickLabel),
    description: runLabel(finished.run, present),
    detail: finished.run.error ? inertText(finished.run.error.message, TextLimit.pickDetail) : undefined,
    finished,
  })), { title: vscode.l10n.t('Finished Runs'), placeHolder: vscode.l10n.t('Choose a run to show') });
  if (picked) {
    runPanels.show(toReference(picked.finished));
  }
}

