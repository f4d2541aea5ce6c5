import { ApiErrorDetails, ApiErrorKind, isApiError } from '../../mixpanel/errors';
import { isActiveStatus, Run } from '../../mixpanel/types';
import { Source, SourceHistory } from './source';

/** A failure as the store keeps it: plain data; `describeProblem` writes the sentence. */
export interface Problem {
  /** `credentialsUnreadable`: VS Code's secret storage failed to give the account. */
  readonly kind: ApiErrorKind | 'unexpected' | 'credentialsUnreadable';
  readonly details: ApiErrorDetails;
  readonly at: number;
  /** For an unexpected error or unreadable credentials: the error's own text. */
  readonly text?: string;
}

export function problemFrom(error: unknown, at: number): Problem {
  if (isApiError(error)) {
    return { kind: error.kind, details: error.details, at };
  }
  return { kind: 'unexpected', details: {}, text: error instanceof Error ? error.message : String(error), at };
}

export interface SourceEntry {
  readonly source: Source;
  /** Newest first; kept from the last good answer when a refresh of the history fails. */
  readonly runs: readonly Run[];
  /** Why the last history refresh failed, while the runs shown are older. */
  readonly runsProblem?: Problem;
  readonly updatedAt?: number;
}

/**
 * - `loading`: first load, nothing to show yet;
 * - `ready`: sources known (possibly with a later refresh failing, see `problem`);
 * - `unavailable`: the project has no sources and an API answered 404 (Cloud Import is gone from most projects): a normal state;
 * - `failed`: nothing could be loaded.
 */
export type ProjectState = 'loading' | 'ready' | 'unavailable' | 'failed';

export interface ProjectEntry {
  readonly id: number;
  readonly name: string;
  readonly state: ProjectState;
  readonly sources: readonly SourceEntry[];
  /** The last refresh's failure; the sources shown are from `lastSuccessAt`. */
  readonly problem?: Problem;
  readonly lastSuccessAt?: number;
  /** Consecutive failed refreshes, for backoff. */
  readonly failures: number;
  /** While backing off after failures, the next time this project may be asked again. */
  readonly retryAt?: number;
  /** Shown from the cache of an earlier session, not refreshed yet. */
  readonly fromCache: boolean;
}

export function latestRun(entry: SourceEntry): Run | undefined {
  return entry.runs[0];
}

export function hasActiveRuns(entry: SourceEntry): boolean {
  return entry.runs.some((run) => isActiveStatus(run.status));
}

/** Whether the source's newest run failed. */
export function latestFailed(entry: SourceEntry): boolean {
  return latestRun(entry)?.status === 'failed';
}

export interface FinishedRun {
  readonly source: Source;
  readonly run: Run;
  /** A success whose source's run before it had failed. */
  readonly afterFailure?: boolean;
}

/** What a kind needs of an entry to plan its next look. */
export function historyOf(entry: SourceEntry): SourceHistory {
  return { source: entry.source, runs: entry.runs, updatedAt: entry.updatedAt, runsFailed: entry.runsProblem !== undefined };
}

/**
 * The runs that ended between two looks at one source's history: runs seen queued or running
 * before and finished now. A queued run has no start time and so changes its key when it starts;
 * a queued run that vanished is matched with a finished run that was not there before. With
 * `lastLook` (when the previous history was read), a run that started since and has already ended
 * counts too: a scheduled sync that ran between two looks, while no window was focused.
 */
export function detectFinishedRuns(previous: readonly Run[], next: readonly Run[], lastLook?: number): Run[] {
  const before = new Map(previous.map((run) => [run.key, run]));
  const nextKeys = new Set(next.map((run) => run.key));
  const finished = next.filter((run) => !isActiveStatus(run.status));
  const result = finished.filter((run) => {
    const earlier = before.get(run.key);
    return earlier !== undefined && isActiveStatus(earlier.status);
  });
  const vanishedActive = previous.filter((run) => isActiveStatus(run.status) && !nextKeys.has(run.key)).length;
  const newlyFinished = finished.filter((run) => !before.has(run.key));
  const matched = newlyFinished.slice(0, vanishedActive);
  const sinceLastLook = lastLook === undefined ? [] : newlyFinished.filter((run) => !matched.includes(run) && run.startTime !== undefined && run.startTime >= lastLook);
  return [...result, ...matched, ...sinceLastLook];
}

/**
 * A poll's answer (the newest page of a history) with the older runs already known below it: a
 * history of many pages is read whole by the project's refresh, and between two of those a poll
 * asks only for its newest page. Runs known from before that are as old as the page's oldest, or
 * newer, are the page's to say (a queued run that started is gone from it).
 */
export function withOlderRuns(newest: readonly Run[], known: readonly Run[]): readonly Run[] {
  const starts = newest.map((run) => run.startTime).filter((start): start is number => start !== undefined && Number.isFinite(start));
  if (starts.length === 0) {
    return newest;
  }
  const oldest = Math.min(...starts);
  const older = known.filter((run) => run.startTime !== undefined && run.startTime < oldest);
  return older.length === 0 ? newest : [...newest, ...older];
}
