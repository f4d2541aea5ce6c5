import * as vscode from 'vscode';
import { Disposable, Emitter } from '../core/model/events';
import { FinishedRun } from '../core/model/entries';
import { FinishedRunBatcher, notificationFor, NotificationSettings, RunNotification } from '../core/presentation/notifications';
import { Clock, systemClock } from '../core/model/clock';
import { SourceStore } from '../core/engine/store';
import { updateSetting } from './settings';

export interface NotifierActions {
  showDetails(runs: readonly FinishedRun[]): Promise<void>;
  openInMixpanel(projectId: number): Promise<void>;
}

/** Announces runs that ended while being watched, batched, with what to do next. */
export class RunNotifier implements vscode.Disposable {
  private readonly batcher: FinishedRunBatcher;
  private readonly subscription: Disposable;
  private readonly notified = new Emitter<RunNotification>();

  /** Each notification as it is shown. */
  readonly onDidNotify = this.notified.event;

  constructor(store: SourceStore, private readonly settings: () => NotificationSettings, private readonly actions: NotifierActions, private readonly log: vscode.LogOutputChannel, clock: Clock = systemClock) {
    this.batcher = new FinishedRunBatcher(clock, (batch) => {
      this.show(batch).catch((error: unknown) => {
        this.log.error(`Could not show or act on a run notification: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    this.subscription = store.onDidFinishRuns((runs) => this.batcher.add(runs));
  }

  private async show(batch: FinishedRun[]): Promise<void> {
    const t = vscode.l10n.t;
    const note = notificationFor(batch, this.settings(), t, vscode.env.language);
    if (!note) {
      return;
    }
    this.notified.fire(note);
    const showDetails = t('Show Details');
    const openInMixpanel = t('Open in Mixpanel');
    const dontShowAgain = t('Don\'t Show Again');
    const show = note.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const choice = await show(note.message, showDetails, openInMixpanel, dontShowAgain);
    if (choice === showDetails) {
      await this.actions.showDetails(note.runs);
    } else if (choice === openInMixpanel) {
      await this.actions.openInMixpanel(note.runs[0].source.projectId);
    } else if (choice === dontShowAgain) {
      const recovery = note.runs.every((finished) => finished.afterFailure === true);
      await updateSetting(note.severity === 'warning' ? 'notifications.onFailure' : recovery ? 'notifications.recoveries' : 'notifications.onSuccess', false);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.batcher.dispose();
    this.notified.dispose();
  }
}
