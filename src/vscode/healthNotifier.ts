import * as vscode from 'vscode';
import { Clock, systemClock } from '../core/model/clock';
import { EpisodeLedger } from '../core/health/episodeLedger';
import { FindingKind } from '../core/health/judgement';
import { HealthEpisode, HealthReader } from '../core/health/monitor';
import { FINDING_NOTIFICATION_SETTING, HealthSettings } from '../core/settings/settingsPolicy';
import { SourceStore } from '../core/engine/store';
import { HealthNotification, healthNotificationsFor, isAnnounced } from '../core/presentation/healthWords';
import { Batcher } from '../core/presentation/notifications';
import { PresentOptions, sourceName } from '../core/presentation/presenters';
import { updateSetting } from './settings';

interface Told {
  readonly phase: 'started' | 'ended';
  readonly episode: HealthEpisode;
}

/**
 * Announces health findings when they start and, if wanted, when they end: batched over half a
 * second, and each episode once across reloads and windows (the ledger grants each to one window).
 */
export class HealthNotifier implements vscode.Disposable {
  private readonly batcher: Batcher<Told>;
  private readonly subscription: vscode.Disposable;
  private readonly notified = new vscode.EventEmitter<HealthNotification>();

  /** Each notification as it is shown (the tests read it). */
  readonly onDidNotify = this.notified.event;

  constructor(
    health: HealthReader,
    private readonly store: SourceStore,
    private readonly ledger: EpisodeLedger,
    private readonly settings: () => HealthSettings,
    private readonly actions: { showHealth(): void },
    private readonly present: () => PresentOptions,
    private readonly log: vscode.LogOutputChannel,
    clock: Clock = systemClock,
  ) {
    this.batcher = new Batcher<Told>(clock, (batch) => {
      this.show(batch).catch((error: unknown) => this.log.error(`Could not show a health notification: ${error instanceof Error ? error.message : String(error)}`));
    });
    this.subscription = health.onDidChange(({ started, ended }) => this.batcher.add([
      ...started.map((episode) => ({ phase: 'started' as const, episode })),
      ...ended.map((episode) => ({ phase: 'ended' as const, episode })),
    ]));
  }

  private async show(batch: readonly Told[]): Promise<void> {
    // What the settings do not want announced is not claimed: another window whose settings want it still may.
    const wanted = batch.filter(({ phase, episode }) => isAnnounced(phase, episode, this.settings().notifications));
    const claimed = new Set(await this.ledger.claim(wanted.map(({ phase, episode }) => `${phase}|${episode.key}`)));
    const granted = (phase: Told['phase']) => wanted.filter((told) => told.phase === phase && claimed.has(`${phase}|${told.episode.key}`)).map((told) => told.episode);
    const options = this.present();
    const nameOf = (episode: HealthEpisode) => {
      const entry = this.store.source(episode.ref);
      return entry ? sourceName(entry.source, options.t) : episode.ref.id;
    };
    const notes = healthNotificationsFor(granted('started'), granted('ended'), this.settings().notifications, nameOf, options);
    await Promise.all(notes.map((note) => this.announce(note)));
  }

  private async announce(note: HealthNotification): Promise<void> {
    const t = vscode.l10n.t;
    this.notified.fire(note);
    const showHealth = t('Show Health');
    const dontShowAgain = t('Don\'t Show Again');
    const choice = note.severity === 'warning'
      ? await vscode.window.showWarningMessage(note.message, showHealth, dontShowAgain)
      : await vscode.window.showInformationMessage(note.message, showHealth, dontShowAgain);
    if (choice === showHealth) {
      this.actions.showHealth();
    } else if (choice === dontShowAgain) {
      const keys = note.severity === 'info' ? ['notifications.recoveries'] : [...new Set(note.kinds.map((kind: FindingKind) => FINDING_NOTIFICATION_SETTING[kind]))];
      await Promise.all(keys.map((key) => updateSetting(key, false)));
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.batcher.dispose();
    this.notified.dispose();
  }
}
