import * as vscode from 'vscode';
import { HealthAnnouncement, HealthAnnouncer } from '../core/health/announcer';
import { updateSetting } from './settings';

/**
 * Shows the announcements core's `HealthAnnouncer` hands over (batched, claimed once across
 * windows, named and worded there) with their two choices: Show Health, or Don't Show Again, which
 * turns off the settings the announcement names.
 */
export class HealthNotifier implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  private readonly notified = new vscode.EventEmitter<HealthAnnouncement>();

  /** Each notification as it is shown (the tests read it). */
  readonly onDidNotify = this.notified.event;

  constructor(announcer: HealthAnnouncer, private readonly actions: { showHealth(): void }, private readonly log: vscode.LogOutputChannel) {
    this.subscription = announcer.onDidAnnounce((announcement) => {
      this.show(announcement).catch((error: unknown) => this.log.error(`Could not show a health notification: ${error instanceof Error ? error.message : String(error)}`));
    });
  }

  private async show(announcement: HealthAnnouncement): Promise<void> {
    this.notified.fire(announcement);
    const { message, showHealth, dontShowAgain } = announcement;
    const choice = announcement.severity === 'warning'
      ? await vscode.window.showWarningMessage(message, showHealth, dontShowAgain)
      : await vscode.window.showInformationMessage(message, showHealth, dontShowAgain);
    if (choice === showHealth) {
      this.actions.showHealth();
    } else if (choice === dontShowAgain) {
      await Promise.all(announcement.silences.map((key) => updateSetting(key, false)));
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.notified.dispose();
  }
}
