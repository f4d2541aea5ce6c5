import { Run } from '../../mixpanel/types';
import { Disposable, Emitter, Event } from '../model/events';
import { SourceRef, sourceKey } from '../model/source';
import { Finding, lastSuccessOf } from './judgement';
import { HealthChange, HealthEpisode, HealthReader } from './monitor';
import { Snooze, snoozeCovers, snoozeFrom, snoozeOf, snoozesInForce, withSnooze } from './snooze';

/**
 * Snoozes in an editor: kept where every window reads them (the door's storage), and a health
 * reader that leaves snoozed findings out of what the views count and the announcer tells, while
 * saying which are snoozed so that a row can show them as such.
 */

/** Where the snoozes are kept (VS Code's global state, which every window shares): read once at start, written whole on each change. */
export interface SnoozeStorage {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

const SNOOZES_KEY = 'mixpanelConnectors.snoozes';

export class SnoozeBook implements Disposable {
  private snoozes: Snooze[];
  private readonly changed = new Emitter<readonly SourceRef[]>();

  /** The sources whose snoozes changed. */
  readonly onDidChange: Event<readonly SourceRef[]> = this.changed.event;

  constructor(private readonly storage: SnoozeStorage, private readonly now: () => number) {
    const stored = storage.get(SNOOZES_KEY);
    this.snoozes = (Array.isArray(stored) ? stored : []).map(snoozeFrom).filter((snooze): snooze is Snooze => snooze !== undefined);
  }

  /** The snoozes in force; `lastSuccessOf` ends those until the next success. */
  inForce(lastSuccessOf: (ref: SourceRef) => number | undefined): Snooze[] {
    return snoozesInForce(this.snoozes, lastSuccessOf, this.now());
  }

  /**
   * The snooze in force over a finding of a source, if any; `lastSuccess` (the source's last
   * success, which ends a snooze until then) is asked only when a snooze covers the finding.
   */
  over(ref: SourceRef, finding: Pick<Finding, 'kind'>, lastSuccess: () => number | undefined): Snooze | undefined {
    const covering = this.snoozes.filter((snooze) => snoozeCovers(snooze, ref, finding));
    return covering.length === 0 ? undefined : snoozeOf(snoozesInForce(covering, lastSuccess, this.now()), ref, finding);
  }

  async add(snooze: Snooze): Promise<void> {
    this.snoozes = withSnooze(this.snoozes, snooze);
    await this.save([snooze.source]);
  }

  /** Every snooze of the source ends now. */
  async remove(ref: SourceRef): Promise<void> {
    this.snoozes = this.snoozes.filter((snooze) => sourceKey(snooze.source) !== sourceKey(ref));
    await this.save([ref]);
  }

  /** Sign Out: the account's snoozes go with its other data. */
  async clear(): Promise<void> {
    const refs = this.snoozes.map((snooze) => snooze.source);
    this.snoozes = [];
    await this.save(refs);
  }

  private async save(changed: readonly SourceRef[]): Promise<void> {
    // Ended snoozes are not kept: the list stays as short as what is in force.
    this.snoozes = this.snoozes.filter((snooze) => snooze.until.kind !== 'time' || snooze.until.at > this.now());
    this.changed.fire(changed);
    await this.storage.update(SNOOZES_KEY, this.snoozes);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** What a view reads of health, with snoozes: `findings` leaves them out, `snoozed` names them. */
export interface SnoozingReader extends HealthReader {
  snoozed(ref: SourceRef): ReadonlyArray<{ readonly finding: Finding; readonly snooze: Snooze }>;
}

export class SnoozingHealth implements SnoozingReader, Disposable {
  private readonly changed = new Emitter<HealthChange>();
  private readonly subscriptions: Disposable[];

  readonly onDidChange: Event<HealthChange> = this.changed.event;

  /** `runsOf`: the source's runs with the kept ones, for when it last succeeded. */
  constructor(private readonly health: HealthReader, private readonly book: SnoozeBook, private readonly runsOf: (ref: SourceRef) => readonly Run[]) {
    const told = (episode: HealthEpisode) => this.snoozeOver(episode.ref, episode.finding) === undefined;
    this.subscriptions = [
      health.onDidChange(({ changed, started, ended }) => this.changed.fire({ changed, started: started.filter(told), ended: ended.filter(told) })),
      // A snooze set or lifted changes what rows show and count; it starts and ends nothing.
      book.onDidChange((refs) => this.changed.fire({ changed: refs, started: [], ended: [] })),
    ];
  }

  private snoozeOver(ref: SourceRef, finding: Finding): Snooze | undefined {
    return this.book.over(ref, finding, () => lastSuccessOf(this.runsOf(ref)));
  }

  findings(ref: SourceRef): readonly Finding[] {
    const all = this.health.findings(ref);
    return all.length === 0 ? all : all.filter((finding) => this.snoozeOver(ref, finding) === undefined);
  }

  snoozed(ref: SourceRef): ReadonlyArray<{ readonly finding: Finding; readonly snooze: Snooze }> {
    return this.health.findings(ref).flatMap((finding) => {
      const snooze = this.snoozeOver(ref, finding);
      return snooze ? [{ finding, snooze }] : [];
    });
  }

  settle(): void {
    this.health.settle();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.changed.dispose();
  }
}
