import { promises as fs } from 'fs';
import * as path from 'path';
import { Run } from '../../mixpanel/types';
import { SourceEntry } from '../model/entries';
import { isSourceKind, refOf, SourceRef, sourceKey } from '../model/source';
import { Finding, FINDING_KINDS } from './judgement';
import { DEFAULT_HISTORY_BOUNDS, HistoryBounds, KeptRun, keptRunOf, mergeKept, runOfKept } from './runHistory';
import { Snooze, snoozeFrom, snoozeOf } from './snooze';

/**
 * What one look (a command line's run, in CI or cron) leaves for the next, in one JSON file: the
 * runs seen, kept as the extension keeps them and within the same bounds, so that baselines reach
 * beyond the 30 runs the API lists; the findings announced and not yet ended, so that the next
 * look tells only what changed; and the snoozes.
 */

export const WATCH_STATE_VERSION = 1;

/** A finding told as started, with what its end needs to be told. */
export interface OpenFinding {
  /** The episode's name (see `episodeName`). */
  readonly key: string;
  readonly source: SourceRef;
  readonly name: string;
  readonly project: string;
  readonly finding: Finding;
}

export interface WatchState {
  readonly version: typeof WATCH_STATE_VERSION;
  readonly history: ReadonlyArray<{ readonly source: SourceRef; readonly runs: readonly KeptRun[] }>;
  readonly open: readonly OpenFinding[];
  readonly snoozes: readonly Snooze[];
}

export const EMPTY_WATCH_STATE: WatchState = { version: WATCH_STATE_VERSION, history: [], open: [], snoozes: [] };

/** A state file that is there but is not one: it is neither read nor written over. */
export class WatchStateError extends Error {}

function refFrom(value: unknown): SourceRef | undefined {
  const ref = value as Partial<SourceRef> | null;
  return typeof ref === 'object' && ref !== null && Number.isSafeInteger(ref.projectId) && isSourceKind(ref.kind) && typeof ref.id === 'string'
    ? { projectId: ref.projectId as number, kind: ref.kind, id: ref.id }
    : undefined;
}

/** The times a Date can hold: a file's number outside them is not a time. */
const LATEST_TIME = 8.64e15;

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= LATEST_TIME;
}

function isKeptRun(value: unknown): value is KeptRun {
  const run = value as KeptRun | null;
  return typeof run === 'object' && run !== null && typeof run.key === 'string' && isTime(run.start)
    && typeof run.status === 'string' && typeof run.rawStatus === 'string' && isTime(run.seenAt)
    && (run.end === undefined || isTime(run.end));
}

function openFrom(value: unknown): OpenFinding | undefined {
  const open = value as Partial<OpenFinding> | null;
  const source = refFrom(open?.source);
  const finding = open?.finding as Partial<Finding> | undefined;
  if (!source || typeof open?.key !== 'string' || typeof open.name !== 'string' || typeof open.project !== 'string'
    || typeof finding !== 'object' || finding === null || !FINDING_KINDS.includes(finding.kind as never)
    || !isTime(finding.since) || !Number.isFinite(finding.expected) || !Number.isFinite(finding.seen)) {
    return undefined;
  }
  return { key: open.key, source, name: open.name, project: open.project, finding: finding as Finding };
}

/** The state in a file's text; what cannot be read of it is dropped, a text that is no state at all is refused. */
export function parseWatchState(text: string): WatchState {
  let parsed: Partial<Record<keyof WatchState, unknown>>;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new WatchStateError('not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || parsed.version !== WATCH_STATE_VERSION) {
    throw new WatchStateError(`not a state file of version ${WATCH_STATE_VERSION}`);
  }
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  return {
    version: WATCH_STATE_VERSION,
    history: list(parsed.history).flatMap((item) => {
      const source = refFrom((item as { source?: unknown } | null)?.source);
      const runs = list((item as { runs?: unknown } | null)?.runs).filter(isKeptRun);
      return source ? [{ source, runs }] : [];
    }),
    open: list(parsed.open).map(openFrom).filter((open): open is OpenFinding => open !== undefined),
    snoozes: list(parsed.snoozes).map(snoozeFrom).filter((snooze): snooze is Snooze => snooze !== undefined),
  };
}

/** Reads a state file; a file that does not exist yet is an empty state. */
export async function readWatchState(file: string): Promise<WatchState> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return EMPTY_WATCH_STATE;
    }
    throw error;
  }
  return parseWatchState(text);
}

/** Writes a state file whole or not at all: a temporary file renamed over the old one. */
export async function writeWatchState(file: string, state: WatchState): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(temporary, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** The kept runs of each source, as runs, for health's baselines. */
export function keptRunsIn(state: WatchState): (ref: SourceRef) => readonly Run[] | undefined {
  const byKey = new Map(state.history.map((item) => [sourceKey(item.source), item.runs.map(runOfKept)]));
  return (ref) => byKey.get(sourceKey(ref)) ?? [];
}

/** The state with the runs seen now kept beside the earlier ones, within the bounds. */
export function withRunsSeen(state: WatchState, entries: readonly SourceEntry[], now: number, bounds: HistoryBounds = DEFAULT_HISTORY_BOUNDS): WatchState {
  const history = new Map(state.history.map((item) => [sourceKey(item.source), item]));
  for (const entry of entries) {
    const key = sourceKey(entry.source);
    const seen = entry.runs.map((run) => keptRunOf(run, now)).filter((run): run is KeptRun => run !== undefined);
    history.set(key, { source: refOf(entry.source), runs: mergeKept(history.get(key)?.runs ?? [], seen, bounds, now) });
  }
  return { ...state, history: [...history.values()].filter((item) => item.runs.length > 0) };
}

export interface FindingChange {
  /** Findings that began since the last look, not snoozed. */
  readonly started: readonly OpenFinding[];
  /** Findings told before whose cause is gone, not snoozed. */
  readonly ended: readonly OpenFinding[];
  /** What the next look compares with: the findings told and still there, and the ones just started. */
  readonly open: readonly OpenFinding[];
}

/**
 * What changed since the last look: a finding is told once when it starts and once when it ends,
 * and a look that finds the same as the last tells nothing. A snoozed finding is told by no one:
 * neither its start nor its end.
 */
export function findingChange(previous: readonly OpenFinding[], current: readonly OpenFinding[], snoozes: readonly Snooze[]): FindingChange {
  const snoozed = (open: OpenFinding) => snoozeOf(snoozes, open.source, open.finding) !== undefined;
  const before = new Set(previous.map((open) => open.key));
  const now = new Set(current.map((open) => open.key));
  const started = current.filter((open) => !before.has(open.key) && !snoozed(open));
  const ended = previous.filter((open) => !now.has(open.key) && !snoozed(open));
  return { started, ended, open: [...previous.filter((open) => now.has(open.key)), ...started] };
}
