import { Translate } from '../../shared/l10n';
import { Batcher } from '../model/batcher';
import { Clock, systemClock } from '../model/clock';
import { Disposable, Emitter, Event } from '../model/events';
import { SourceRef, sourceKey } from '../model/source';
import { inertText } from '../text/format';
import { PresentOptions } from '../text/runWords';
import { compareFindings, FindingKind } from './judgement';
import { findingEndedSentence, findingShort, findingSentence } from './healthWords';
import { HealthEpisode, HealthReader } from './monitor';

/**
 * Announcing health findings when they start and, if wanted, when they end: batched over half a
 * second, each episode once across reloads and windows (the ledger grants each to one window),
 * named and worded. A door is handed finished announcements and shows them with their two choices.
 */

/** Which findings are announced when they start, and whether their end is. */
export interface HealthNotifications {
  readonly started: Readonly<Record<FindingKind, boolean>>;
  readonly recoveries: boolean;
}

/** The notification setting of each finding kind: late and stale share one, as do the three volumes. */
export const FINDING_NOTIFICATION_SETTING: Readonly<Record<FindingKind, string>> = {
  late: 'notifications.late',
  stale: 'notifications.late',
  stuck: 'notifications.stuck',
  noEvents: 'notifications.volume',
  lowVolume: 'notifications.volume',
  highVolume: 'notifications.volume',
  mirrorDeadline: 'notifications.mirrorDeadline',
};

/** The setting that announces ends. */
export const RECOVERIES_SETTING = 'notifications.recoveries';

/** One health notification: what started, or what ended, with the two choices a door offers. */
export interface HealthNotification {
  readonly severity: 'warning' | 'info';
  readonly message: string;
  readonly episodes: readonly HealthEpisode[];
  /** The kinds it speaks of. */
  readonly kinds: readonly FindingKind[];
}

/** A notification as a door shows it: "Show Health" opens the Health page; "Don't Show Again" turns the settings off. */
export interface HealthAnnouncement extends HealthNotification {
  readonly showHealth: string;
  readonly dontShowAgain: string;
  /** The settings "Don't Show Again" turns off: the kinds' own, or the recoveries'. */
  readonly silences: readonly string[];
}

/**
 * Whether the settings want an episode's start (by its kind) or its end (recoveries) announced:
 * what is not wanted is neither shown nor claimed from the other windows.
 */
export function isAnnounced(phase: 'started' | 'ended', episode: HealthEpisode, settings: HealthNotifications): boolean {
  return phase === 'started' ? settings.started[episode.finding.kind] : settings.recoveries;
}

/** More episodes than this become one summary. */
const MAX_LISTED_EPISODES = 3;

/**
 * The started episodes the settings allow, in one notification (worst first), and separately the
 * ended ones, if recoveries are wanted. Names are the API's text: the caller shows it as plain text.
 */
export function healthNotificationsFor(
  started: readonly HealthEpisode[], ended: readonly HealthEpisode[], settings: HealthNotifications, nameOf: (episode: HealthEpisode) => string, options: PresentOptions,
): HealthNotification[] {
  const { t } = options;
  const notes: HealthNotification[] = [];
  const shownStarts = started.filter((episode) => isAnnounced('started', episode, settings)).sort((a, b) => compareFindings(a.finding, b.finding));
  // Sources are counted and named, each once with its worst finding, as the badge and the status bar count them.
  const worstPerSource = new Map<string, HealthEpisode>();
  for (const episode of shownStarts) {
    if (!worstPerSource.has(sourceKey(episode.ref))) {
      worstPerSource.set(sourceKey(episode.ref), episode);
    }
  }
  const sources = [...worstPerSource.values()];
  const kinds = [...new Set(shownStarts.map((episode) => episode.finding.kind))];
  if (sources.length === 1) {
    const [episode] = sources;
    notes.push({
      severity: 'warning', episodes: shownStarts, kinds,
      message: inertText(`${nameOf(episode)}: ${findingShort(episode.finding, options)}. ${findingSentence(episode.finding, options)}`),
    });
  } else if (sources.length > 1) {
    const listed = sources.slice(0, MAX_LISTED_EPISODES).map((episode) => `${nameOf(episode)} (${findingShort(episode.finding, options)})`).join(', ');
    const more = sources.length > MAX_LISTED_EPISODES ? t(' and {0} more', sources.length - MAX_LISTED_EPISODES) : '';
    notes.push({
      severity: 'warning', episodes: shownStarts, kinds,
      message: inertText(t('{0} sources need attention: {1}{2}.', sources.length, listed, more)),
    });
  }
  const shownEnds = ended.filter((episode) => isAnnounced('ended', episode, settings));
  if (shownEnds.length === 1) {
    notes.push({ severity: 'info', episodes: shownEnds, kinds: [], message: inertText(findingEndedSentence(shownEnds[0].finding, nameOf(shownEnds[0]), t)) });
  } else if (shownEnds.length > 1) {
    const names = [...new Set(shownEnds.map(nameOf))];
    const listed = names.slice(0, MAX_LISTED_EPISODES).join(', ');
    const more = names.length > MAX_LISTED_EPISODES ? t(' and {0} more', names.length - MAX_LISTED_EPISODES) : '';
    notes.push({ severity: 'info', episodes: shownEnds, kinds: [], message: inertText(t('Back to normal: {0}{1}.', listed, more)) });
  }
  return notes;
}

interface Told {
  readonly phase: 'started' | 'ended';
  readonly episode: HealthEpisode;
}

/** A store of claims every window shares (`EpisodeLedger`): each key is granted to one claimant. */
export interface AnnouncementLedger {
  claim(keys: readonly string[]): Promise<string[]>;
}

export interface HealthAnnouncerPorts {
  readonly health: HealthReader;
  readonly ledger: AnnouncementLedger;
  readonly notifications: () => HealthNotifications;
  /** What a row calls the source. */
  nameOf(ref: SourceRef, t: Translate): string;
  readonly present: () => PresentOptions;
  /** Where a failure to announce is told. */
  readonly onError: (error: unknown) => void;
  readonly clock?: Clock;
}

export class HealthAnnouncer implements Disposable {
  private readonly batcher: Batcher<Told>;
  private readonly subscription: Disposable;
  private readonly announced = new Emitter<HealthAnnouncement>();

  /** Each announcement, finished: a door shows it. */
  readonly onDidAnnounce: Event<HealthAnnouncement> = this.announced.event;

  constructor(private readonly ports: HealthAnnouncerPorts) {
    this.batcher = new Batcher<Told>(ports.clock ?? systemClock, (batch) => {
      this.announce(batch).catch(ports.onError);
    });
    this.subscription = ports.health.onDidChange(({ started, ended }) => this.batcher.add([
      ...started.map((episode) => ({ phase: 'started' as const, episode })),
      ...ended.map((episode) => ({ phase: 'ended' as const, episode })),
    ]));
  }

  private async announce(batch: readonly Told[]): Promise<void> {
    const settings = this.ports.notifications();
    // What the settings do not want announced is not claimed: another window whose settings want it still may.
    const wanted = batch.filter(({ phase, episode }) => isAnnounced(phase, episode, settings));
    const claimed = new Set(await this.ports.ledger.claim(wanted.map(({ phase, episode }) => `${phase}|${episode.key}`)));
    const granted = (phase: Told['phase']) => wanted.filter((told) => told.phase === phase && claimed.has(`${phase}|${told.episode.key}`)).map((told) => told.episode);
    const options = this.ports.present();
    const { t } = options;
    const notes = healthNotificationsFor(granted('started'), granted('ended'), settings, (episode) => this.ports.nameOf(episode.ref, t), options);
    for (const note of notes) {
      this.announced.fire({
        ...note,
        showHealth: t('Show Health'),
        dontShowAgain: t('Don\'t Show Again'),
        silences: note.severity === 'info' ? [RECOVERIES_SETTING] : [...new Set(note.kinds.map((kind) => FINDING_NOTIFICATION_SETTING[kind]))],
      });
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.batcher.dispose();
    this.announced.dispose();
  }
}
