import { isActiveStatus, Run } from '../../mixpanel/types';
import { historyOf, SourceEntry } from '../model/entries';
import { readerOf, SourceReaders } from '../model/source';
import { median } from '../model/statistics';

/**
 * When to look at a source again: often around a run's estimated end, rarely far from it, at a
 * steady pace when the estimate has passed, and when the source's kind says a planned run is due.
 */

export interface Pacing {
  /** The fastest pace for a source: `activeRunPollInterval`, never under {@link MIN_POLL_MS}. */
  readonly fastestMs: number;
}

/** No source is asked more often than this, whatever the settings. */
export const MIN_POLL_MS = 5_000;
/** An active run is looked at at least this often: an early failure is found within it. */
export const MAX_POLL_MS = 30_000;
/** The pace for a run past its estimated end, or whose end cannot be estimated at all. */
export const STEADY_POLL_MS = 20_000;
/** Durations of this many recent successful runs make a warehouse run's estimate. */
const DURATIONS_KEPT = 10;

/** How long the source's recent successful runs took, in the middle. */
export function typicalDurationMs(runs: readonly Run[]): number | undefined {
  const durations = runs
    .filter((run) => run.status === 'success' && run.startTime !== undefined && run.endTime !== undefined && run.endTime > run.startTime)
    .slice(0, DURATIONS_KEPT)
    .map((run) => run.endTime! - run.startTime!);
  return median(durations);
}

/**
 * When an active run should end: from its progress over time (Cloud Import reports it), else from
 * the typical duration of the source's runs; undefined when neither says anything.
 */
export function estimatedEnd(run: Run, history: readonly Run[], now: number): number | undefined {
  if (run.status !== 'running' || run.startTime === undefined) {
    return undefined;
  }
  const elapsed = now - run.startTime;
  if (run.progress !== undefined && run.progress > 0.02 && run.progress < 1 && elapsed > 0) {
    return now + elapsed * (1 - run.progress) / run.progress;
  }
  const typical = typicalDurationMs(history);
  return typical !== undefined ? run.startTime + typical : undefined;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** How long to wait before looking at an active run again. */
export function activeRunDelay(run: Run, history: readonly Run[], now: number, pacing: Pacing): number {
  const fastest = Math.max(MIN_POLL_MS, pacing.fastestMs);
  if (run.status === 'queued') {
    // It may start any time, but a start needs no announcement.
    return clamp(STEADY_POLL_MS, fastest, MAX_POLL_MS);
  }
  const end = estimatedEnd(run, history, now);
  if (end === undefined) {
    // It may end any time.
    return fastest;
  }
  const remaining = end - now;
  if (remaining <= 0) {
    // Past its estimate: overrunning or stalled, looked at steadily.
    return clamp(STEADY_POLL_MS, fastest, MAX_POLL_MS);
  }
  // Halving the distance to the estimated end: rare far from it, often close to it.
  return clamp(remaining / 2, fastest, MAX_POLL_MS);
}

/**
 * When this source should next be looked at on its own, or undefined when only the full refresh
 * needs to: its active runs' pace, from when it was last looked at; else whenever its kind plans a
 * run (a scheduled warehouse import's next one), once.
 */
export function nextLookAt(entry: SourceEntry, now: number, pacing: Pacing, readers: SourceReaders): number | undefined {
  const lastLook = entry.updatedAt ?? now;
  const active = entry.runs.filter((run) => isActiveStatus(run.status));
  if (active.length > 0) {
    const history = entry.runs.filter((run) => !isActiveStatus(run.status));
    return lastLook + Math.min(...active.map((run) => activeRunDelay(run, history, now, pacing)));
  }
  return readerOf(readers, entry.source).nextScheduledLook(historyOf(entry), lastLook, now);
}
