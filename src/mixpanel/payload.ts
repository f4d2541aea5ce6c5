import { MixpanelApiError, ShapeProblem } from './errors';
import { RunStatus } from './types';

/**
 * Readers shared by the API families. Tolerant by design: the published samples and schema
 * disagree, so each field accepts every form either one shows.
 */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return undefined;
}

/** A string with content: the API sends `""` where it means "none". */
export function nonEmpty(value: unknown): string | undefined {
  const result = text(value)?.trim();
  return result ? result : undefined;
}

export function finiteNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

export function integer(value: unknown): number | undefined {
  const result = finiteNumber(value);
  return result !== undefined && Number.isInteger(result) ? result : undefined;
}

export function shapeError(shape: ShapeProblem): MixpanelApiError {
  return new MixpanelApiError('invalidResponse', { reason: 'shape', shape });
}

/** The `results` of an `{"status": "ok", "results": …}` envelope. */
export function unwrapResults(body: unknown): unknown {
  if (!isObject(body)) {
    throw shapeError('notAnObject');
  }
  if (!('results' in body)) {
    throw shapeError('noResults');
  }
  return body.results;
}

export interface ListPage {
  readonly data: unknown[];
  readonly hasMore: boolean;
  readonly nextUrl?: string;
}

/**
 * The `{url, has_more, data}` page that both Cloud Import lists use: wrapped in
 * `{status, results}` in the published samples, bare in the published schema.
 */
export function parseListPage(body: unknown): ListPage {
  const results = isObject(body) && !('results' in body) && 'data' in body ? body : unwrapResults(body);
  if (Array.isArray(results)) {
    return { data: results, hasMore: false };
  }
  if (!isObject(results)) {
    throw shapeError('notAListOrPage');
  }
  if (!Array.isArray(results.data)) {
    throw shapeError('dataNotAList');
  }
  return {
    data: results.data,
    hasMore: results.has_more === true,
    nextUrl: nonEmpty(results.url),
  };
}

const RUN_STATUSES: Record<string, RunStatus> = {
  queued: 'queued',
  running: 'running',
  success: 'success',
  succeeded: 'success',
  failed: 'failed',
  paused: 'paused',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

export function parseRunStatus(value: unknown): RunStatus {
  const key = nonEmpty(value)?.toLowerCase();
  // An own key only: a status named "constructor" must not find Object.prototype's.
  return key && Object.hasOwn(RUN_STATUSES, key) ? RUN_STATUSES[key] : 'unknown';
}

/** Newest first; runs not started yet (queued, no start time) on top; otherwise the API's order. */
function compareRunsNewestFirst<T extends { startTime?: number }>(a: { run: T; index: number }, b: { run: T; index: number }): number {
  const aStart = a.run.startTime ?? Number.POSITIVE_INFINITY;
  const bStart = b.run.startTime ?? Number.POSITIVE_INFINITY;
  if (aStart !== bStart) {
    return bStart - aStart;
  }
  return a.index - b.index;
}

/**
 * Gives each run a key from its connector, its start time and its position among runs that share
 * that start time, since `id`/`run_id` is empty in every sample.
 */
export function keyRuns<T extends { startTime?: number }>(owner: string, runs: T[], withKey: (run: T, key: string) => T): T[] {
  const sorted = runs.map((run, index) => ({ run, index })).sort(compareRunsNewestFirst).map(({ run }) => run);
  const seen = new Map<string, number>();
  return sorted.map((run) => {
    const start = run.startTime === undefined ? 'unstarted' : String(run.startTime);
    const position = seen.get(start) ?? 0;
    seen.set(start, position + 1);
    return withKey(run, `${owner}/${start}/${position}`);
  });
}

/**
 * The text of an error body: `error`, then `message`, then `type`, as the API's two error shapes
 * put it. Undefined when the body is not JSON or says nothing.
 */
export function errorTextOf(body: unknown): string | undefined {
  if (!isObject(body)) {
    return undefined;
  }
  return nonEmpty(body.error) ?? nonEmpty(body.message) ?? nonEmpty(body.type);
}
