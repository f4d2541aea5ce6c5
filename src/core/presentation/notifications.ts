import { Translate } from '../../shared/l10n';
import { firstLine, formatCount, inertText } from '../text/format';
import { FinishedRun } from '../model/entries';
import { sourceName } from './presenters';
import { Batcher } from '../model/batcher';

export interface NotificationSettings {
  readonly onFailure: boolean;
  readonly onSuccess: boolean;
  /** A success right after a failure, even with successes off. */
  readonly onRecovery?: boolean;
}

export interface RunNotification {
  readonly severity: 'warning' | 'info';
  readonly message: string;
  /** The runs it speaks of, for "Show Details". */
  readonly runs: readonly FinishedRun[];
}

/** Runs that end within this window are announced together. */
/** More runs than this become one summary. */
export const MAX_LISTED_RUNS = 3;

export class FinishedRunBatcher extends Batcher<FinishedRun> {}


function isAnnounced(finished: FinishedRun, settings: NotificationSettings): boolean {
  if (finished.run.status === 'failed') {
    return settings.onFailure;
  }
  return finished.run.status === 'success' && (settings.onSuccess || (settings.onRecovery === true && finished.afterFailure === true));
}

/**
 * The notification for a batch, or none when the settings silence every run in it: one run is
 * described, two or three are listed, more are counted. Labels and error messages come from the
 * API, so the message is made inert: no link or icon in it comes alive.
 */
export function notificationFor(batch: readonly FinishedRun[], settings: NotificationSettings, t: Translate, locale?: string): RunNotification | undefined {
  const note = describeBatch(batch, settings, t, locale);
  return note && { ...note, message: inertText(note.message) };
}

function describeBatch(batch: readonly FinishedRun[], settings: NotificationSettings, t: Translate, locale?: string): RunNotification | undefined {
  const runs = batch.filter((finished) => isAnnounced(finished, settings));
  if (runs.length === 0) {
    return undefined;
  }
  const failed = runs.filter((finished) => finished.run.status === 'failed');
  const severity = failed.length > 0 ? 'warning' : 'info';
  if (runs.length === 1) {
    const [{ source, run }] = runs;
    const label = sourceName(source, t);
    if (run.status === 'failed') {
      return {
        severity,
        runs,
        message: run.error
          ? t('Mixpanel import "{0}" failed: {1}', label, firstLine(run.error.message))
          : t('Mixpanel import "{0}" failed.', label),
      };
    }
    const events = run.counters.num_events_imported;
    if (runs[0].afterFailure) {
      return { severity, runs, message: t('Mixpanel import "{0}" succeeded again after a failure.', label) };
    }
    return {
      severity,
      runs,
      message: events !== undefined
        ? t('Mixpanel import "{0}" succeeded: {1} events imported.', label, formatCount(events, locale))
        : t('Mixpanel import "{0}" succeeded.', label),
    };
  }
  if (runs.length <= MAX_LISTED_RUNS) {
    const listed = runs.map(({ source, run }) => run.status === 'failed'
      ? t('"{0}" failed', sourceName(source, t))
      : t('"{0}" succeeded', sourceName(source, t)));
    return { severity, runs, message: t('{0} Mixpanel imports finished: {1}.', runs.length, listed.join(', ')) };
  }
  const succeeded = runs.length - failed.length;
  const counts = [
    failed.length > 0 ? t('{0} failed', failed.length) : undefined,
    succeeded > 0 ? t('{0} succeeded', succeeded) : undefined,
  ].filter((part): part is string => part !== undefined);
  return { severity, runs, message: t('{0} runs finished: {1}', runs.length, counts.join(', ')) };
}
