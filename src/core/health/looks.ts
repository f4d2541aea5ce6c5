import { Run } from '../../mixpanel/types';
import { DEFAULT_THRESHOLDS, learnedCadence } from './judgement';

/**
 * Looks planned for health: a source that could be late is looked at when it could first be, so
 * that late and stale are told from what was read, never from the clock alone. Each kind plans
 * with these beside the looks its own schedule asks for.
 */

/** A look for lateness comes this long after the moment late could first be claimed, so that it can be. */
const LATE_LOOK_MARGIN_MS = 5_000;
/** The shortest period a look for lateness is planned by. */
const MIN_LATE_PERIOD_MS = 60_000;

/**
 * The first moment after `lastLook` at which a source that runs every `everyMs` could be late (its
 * last start, the period, the grace), and a period after each later one (with `once`, only the
 * first: a source with looks of its own planned once a period): one look each, focused or not, so
 * that late and stale are judged from a look and never from the clock alone. Computed, not counted
 * up to; undefined with no start, a period under a minute, or a last start more than a period
 * ahead of now.
 */
export function nextLateLook(runs: readonly Run[], everyMs: number, lastLook: number, now: number, options: { readonly once?: boolean } = {}): number | undefined {
  const lastStart = runs.find((run) => run.startTime !== undefined && Number.isFinite(run.startTime))?.startTime;
  // A period under a minute is no schedule anyone keeps (a wrong unit): it must not make a source polled every second.
  if (!(everyMs >= MIN_LATE_PERIOD_MS) || !Number.isFinite(everyMs) || lastStart === undefined || lastStart > now + everyMs || !Number.isFinite(lastLook)) {
    return undefined;
  }
  const firstDue = lastStart + everyMs + Math.max(DEFAULT_THRESHOLDS.lateGraceMs, everyMs / 2) + LATE_LOOK_MARGIN_MS;
  if (options.once && lastLook >= firstDue) {
    return undefined;
  }
  const periodsPassed = lastLook >= firstDue ? Math.floor((lastLook - firstDue) / everyMs) + 1 : 0;
  return firstDue + periodsPassed * everyMs;
}

/** {@link nextLateLook} at the cadence the runs show, for a source with no schedule (a Cloud Import connector, an on-demand import fed by a job). */
export function nextLearnedLook(runs: readonly Run[], lastLook: number, now: number): number | undefined {
  const cadence = learnedCadence(runs);
  return cadence === undefined ? undefined : nextLateLook(runs, cadence, lastLook, now);
}
