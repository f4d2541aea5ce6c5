import { isActiveStatus, Run, WarehouseSourceInfo } from '../../mixpanel/types';
import { Source, SourceKind, SourceOfKind } from '../model/source';
import { median } from '../model/statistics';

/**
 * Import health: what Mixpanel does not flag, derived from what is fetched anyway. A pure function
 * from a source's facts (supplied by its kind), its known runs and the time to findings. Each
 * finding is data: its kind, since when (by the definition, so that every window and every reload
 * names the same episode), and the numbers behind it; `presentation/healthWords.ts` writes the words.
 */

export type FindingKind = 'late' | 'stale' | 'stuck' | 'noEvents' | 'lowVolume' | 'highVolume' | 'mirrorDeadline';

export const FINDING_KINDS: readonly FindingKind[] = ['stale', 'mirrorDeadline', 'stuck', 'late', 'noEvents', 'lowVolume', 'highVolume'];

export type FindingSeverity = 'warning' | 'error';

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: FindingSeverity;
  /** When the condition began by its definition: an episode is named by its kind and this. */
  readonly since: number;
  /**
   * The evidence, expected against seen:
   * - late: the time the run was due, and now;
   * - stale: the age allowed, and the last success's age (ms);
   * - stuck: the limit, and how long the run has gone on (or its progress has not moved) (ms);
   * - volume: the baseline's median, and the run's events;
   * - mirrorDeadline: the retention (ms), and the time left (ms, negative past it).
   */
  readonly expected: number;
  readonly seen: number;
  /** The run it is about (stuck, volume). */
  readonly runKey?: string;
  /** Stuck: the usual duration it is compared with, when there is a history. Volume: the baseline's spread. */
  readonly usual?: number;
  /** Stuck: the progress, not the run's duration, stopped moving. */
  readonly progressStalled?: boolean;
  /** Late and stale: the schedule was learned from the gaps between runs, not set in Mixpanel. */
  readonly learnedCadence?: boolean;
  /** Late, stale: the schedule (ms). */
  readonly scheduleMs?: number;
  /** Mirror: when its changes run out; the warehouse type whose limit applies, and whether it was assumed. */
  readonly deadline?: number;
  readonly warehouseType?: string;
  readonly assumed?: boolean;
}

/** Change history that runs out, for a Mirror import that is paused or runs on demand. */
export interface MirrorRetention {
  readonly limitDays: number;
  /** The warehouse type whose limit this is; undefined when the type is not known. */
  readonly warehouseType?: string;
  /** No warehouse type known: the shortest limit applies. */
  readonly assumed: boolean;
}

/** What a source's kind tells health about it. */
export interface HealthFacts {
  /** Milliseconds between scheduled runs; undefined where no schedule is set or visible. */
  readonly scheduleMs?: number;
  readonly paused: boolean;
  readonly lastDispatch?: number;
  readonly createdAt?: number;
  readonly mirror?: MirrorRetention;
  /** Its runs report progress, which a run that works moves. */
  readonly reportsProgress: boolean;
}

/** What health may know of a source beyond its own record: the warehouse connection it reads, when Mixpanel said. */
export interface HealthContext {
  warehouseConnection(projectId: number, connectionId: number | undefined): WarehouseSourceInfo | undefined;
}

/** A kind's opt-in to health: what its sources are judged by (their schedule, whether paused, what runs out). */
export interface SourceHealth<S extends Source = Source> {
  facts(source: S, context: HealthContext): HealthFacts;
}

/**
 * Each kind's health, or undefined for a kind that is not judged: every kind has an entry, so that a
 * new one makes the compiler ask whether it opts in.
 */
export type SourceHealthTable = { readonly [K in SourceKind]: SourceHealth<SourceOfKind<K>> | undefined };

/** What a source is judged by, or undefined when its kind is not judged. */
export function healthFactsOf(table: SourceHealthTable, source: Source, context: HealthContext): HealthFacts | undefined {
  const health = table[source.kind] as SourceHealth | undefined;
  return health?.facts(source, context);
}

export interface HealthThresholds {
  /** Late after the due time plus the larger of this and half the schedule. */
  readonly lateGraceMs: number;
  /** Stuck after this many times the median duration of recent successful runs… */
  readonly stuckFactor: number;
  /** …and never before this. */
  readonly stuckMinimumMs: number;
  /** Stuck with no history to compare with. */
  readonly stuckWithoutHistoryMs: number;
  /** Stuck when reported progress has not moved for this long. */
  readonly stalledProgressMs: number;
  /** A run below this share of the baseline's median is low… */
  readonly volumeLowRatio: number;
  /** …and above this multiple, high. */
  readonly volumeHighRatio: number;
  /** Warned this long before a Mirror deadline. */
  readonly mirrorWarningMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DAY_MS = 24 * HOUR;

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  lateGraceMs: 15 * MINUTE,
  stuckFactor: 3,
  stuckMinimumMs: 30 * MINUTE,
  stuckWithoutHistoryMs: 6 * HOUR,
  stalledProgressMs: 60 * MINUTE,
  volumeLowRatio: 0.5,
  volumeHighRatio: 3,
  mirrorWarningMs: 3 * DAY_MS,
};

/** Baselines and learned cadences need at least this many runs (or gaps); fewer, no claim. */
export const MIN_HISTORY = 5;
/** The most recent runs a baseline is taken from. */
const BASELINE_RUNS = 30;
/** How far back a baseline looks for runs of the same kind of day: a week of hourly runs and more. */
const SEASONAL_LOOKBACK = 400;
/** A cadence is learned from gaps that all lie within this share of their median. */
const CADENCE_TOLERANCE = 0.25;
/** A volume is unusual only beyond this many robust deviations as well as beyond its ratio. */
const VOLUME_DEVIATIONS = 3;
/** Scales a median absolute deviation to a standard deviation's for normal noise. */
const MAD_SCALE = 1.4826;

export interface HealthInput {
  readonly facts: HealthFacts;
  /** Newest first: the runs the store holds, then older ones the extension kept. */
  readonly runs: readonly Run[];
  readonly now: number;
  readonly thresholds: HealthThresholds;
  /** Since when the active run's progress has been what it is, when it is watched. */
  readonly progressSince?: number;
  /**
   * When the source's runs were last read successfully (now when left out). Time-bound findings
   * (late, stale, stuck, a Mirror deadline) are judged as of then: what happened since was not
   * looked at, so a due time or a deadline passed after it is "not checked since", not missed.
   */
  readonly checkedAt?: number;
  /**
   * When the source was last seen to start keeping time again (resumed, or given a shorter
   * schedule): its due times and its last success are counted from no earlier than this.
   */
  readonly clockFrom?: number;
}

/** The moment a source's findings are judged at: now, or the last look when that is older. */
export function judgedAt(input: Pick<HealthInput, 'now' | 'checkedAt'>): number {
  return finite(input.checkedAt) && input.checkedAt < input.now ? input.checkedAt : input.now;
}

/** The median and the scaled median absolute deviation: one outlier moves neither. */
export function robustBaseline(values: readonly number[]): { median: number; spread: number } {
  const middle = median(values) ?? Number.NaN;
  return { median: middle, spread: MAD_SCALE * (median(values.map((value) => Math.abs(value - middle))) ?? Number.NaN) };
}

function finite(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value);
}

function eventsOf(run: Run): number | undefined {
  const events = run.counters.num_events_imported;
  return finite(events) && events >= 0 ? events : undefined;
}

/** The first `limit` runs that match, newest first: the kept history may hold thousands, and health looks only at the recent ones. */
function firstRuns(runs: readonly Run[], matches: (run: Run) => boolean, limit: number): Run[] {
  const found: Run[] = [];
  for (let index = 0; index < runs.length && found.length < limit; index++) {
    if (matches(runs[index])) {
      found.push(runs[index]);
    }
  }
  return found;
}

function isSuccess(run: Run): boolean {
  return run.status === 'success';
}

/** When the newest successful run ended (or started, with no end). */
export function lastSuccessOf(runs: readonly Run[]): number | undefined {
  const [run] = firstRuns(runs, (candidate) => isSuccess(candidate) && finite(candidate.endTime ?? candidate.startTime), 1);
  return run ? run.endTime ?? run.startTime : undefined;
}

/**
 * The gap between runs when they come regularly: the median of at least {@link MIN_HISTORY} gaps
 * between the newest starts, each within a quarter of it. Otherwise undefined: no claim.
 */
export function learnedCadence(runs: readonly Run[]): number | undefined {
  const starts = firstRuns(runs, (run) => finite(run.startTime), 2 * MIN_HISTORY + 1).map((run) => run.startTime!);
  const gaps = starts.slice(1).map((start, index) => starts[index] - start);
  if (gaps.length < MIN_HISTORY || gaps.some((gap) => gap <= 0)) {
    return undefined;
  }
  const typical = median(gaps)!;
  if (typical < MINUTE || gaps.some((gap) => Math.abs(gap - typical) > CADENCE_TOLERANCE * typical)) {
    return undefined;
  }
  return typical;
}

function freshnessFindings(input: HealthInput, findings: Finding[]): void {
  const { facts, runs, thresholds } = input;
  const now = judgedAt(input);
  if (facts.paused) {
    return;
  }
  const given = finite(facts.scheduleMs) && facts.scheduleMs > 0 ? facts.scheduleMs : undefined;
  const learned = given === undefined ? learnedCadence(runs) : undefined;
  const scheduleMs = given ?? learned;
  if (scheduleMs === undefined) {
    return;
  }
  const learnedFlag = learned !== undefined ? { learnedCadence: true } : {};
  const grace = Math.max(thresholds.lateGraceMs, scheduleMs / 2);
  const active = runs.some((run) => isActiveStatus(run.status));
  // Newest first: the first start that is not in the future is the last one.
  const lastStart = firstRuns(runs, (run) => finite(run.startTime) && run.startTime <= now + grace, 1)[0]?.startTime;
  // A dispatch or start later than now is a skewed clock or a wrong unit: nothing to plan by.
  const anchors = [lastStart, facts.lastDispatch, input.clockFrom].filter((time): time is number => finite(time) && time <= now + grace);
  if (!active && anchors.length > 0) {
    const due = Math.max(...anchors) + scheduleMs;
    if (now >= due + grace) {
      findings.push({ kind: 'late', severity: 'warning', since: due + grace, expected: due, seen: now, scheduleMs, ...learnedFlag });
    }
  }
  const succeeded = lastSuccessOf(runs);
  // A source that started keeping time again is not stale for the time it was not asked to.
  const lastSuccess = succeeded !== undefined && finite(input.clockFrom) && input.clockFrom <= now ? Math.max(succeeded, input.clockFrom) : succeeded;
  if (lastSuccess !== undefined && lastSuccess <= now) {
    const allowed = 2 * scheduleMs + grace;
    if (now - lastSuccess >= allowed) {
      findings.push({ kind: 'stale', severity: 'error', since: lastSuccess + allowed, expected: allowed, seen: now - lastSuccess, scheduleMs, ...learnedFlag });
    }
  }
}

function stuckFinding(input: HealthInput): Finding | undefined {
  const { runs, thresholds, facts } = input;
  const now = judgedAt(input);
  const run = runs.find((candidate) => candidate.status === 'running' && finite(candidate.startTime) && candidate.startTime <= now);
  if (!run || !finite(run.startTime)) {
    return undefined;
  }
  const running = now - run.startTime;
  const durations = firstRuns(runs, (candidate) => isSuccess(candidate) && finite(candidate.startTime) && finite(candidate.endTime) && candidate.endTime >= candidate.startTime, BASELINE_RUNS)
    .map((candidate) => candidate.endTime! - candidate.startTime!);
  const usual = durations.length >= MIN_HISTORY ? median(durations) : undefined;
  const limit = usual !== undefined ? Math.max(thresholds.stuckFactor * usual, thresholds.stuckMinimumMs) : thresholds.stuckWithoutHistoryMs;
  if (running >= limit) {
    return { kind: 'stuck', severity: 'warning', since: run.startTime + limit, expected: limit, seen: running, runKey: run.key, ...(usual !== undefined ? { usual } : {}) };
  }
  const stalledSince = input.progressSince;
  if (facts.reportsProgress && finite(stalledSince) && stalledSince <= now && now - stalledSince >= thresholds.stalledProgressMs) {
    return {
      kind: 'stuck', severity: 'warning', since: stalledSince + thresholds.stalledProgressMs, expected: thresholds.stalledProgressMs,
      seen: now - stalledSince, runKey: run.key, progressStalled: true,
    };
  }
  return undefined;
}

type VolumeKind = 'noEvents' | 'lowVolume' | 'highVolume';

/** How the `index`-th counted success compares with the ones before it, if it has enough of them. */
/**
 * The usual events per run, for drawing: the median and three robust deviations either side, of
 * the recent successes that counted events (at least {@link MIN_HISTORY} of them).
 */
export function eventsBand(runs: readonly Run[]): { median: number; low: number; high: number } | undefined {
  const counted = firstRuns(runs, (run) => isSuccess(run) && eventsOf(run) !== undefined, BASELINE_RUNS).map((run) => eventsOf(run)!);
  if (counted.length < MIN_HISTORY) {
    return undefined;
  }
  const { median: middle, spread } = robustBaseline(counted);
  return { median: middle, low: Math.max(0, middle - VOLUME_DEVIATIONS * spread), high: middle + VOLUME_DEVIATIONS * spread };
}

/** Saturday or Sunday, in UTC: what a weekly rhythm most often follows. */
function onWeekend(run: Run): boolean {
  // 1 January 1970 was a Thursday (day 4, Sunday being 0); no Date is made for each of hundreds of runs.
  const day = (((Math.floor((run.startTime ?? run.endTime ?? 0) / DAY_MS) + 4) % 7) + 7) % 7;
  return day === 0 || day === 6;
}

/** The earlier runs a run is compared with: the recent ones, and of its own kind of day (weekday or weekend) when the history has enough of them. */
function baselineRuns(counted: readonly Run[], index: number): Run[] {
  const earlier = counted.slice(index + 1, index + 1 + SEASONAL_LOOKBACK);
  const weekend = onWeekend(counted[index]);
  const alike = earlier.filter((run) => onWeekend(run) === weekend).slice(0, BASELINE_RUNS);
  return alike.length >= MIN_HISTORY ? alike : earlier.slice(0, BASELINE_RUNS);
}

function judgeVolume(counted: readonly Run[], index: number, thresholds: HealthThresholds): { kind?: VolumeKind; expected: number; spread: number } | undefined {
  const history = baselineRuns(counted, index).map((run) => eventsOf(run)!);
  if (history.length < MIN_HISTORY) {
    return undefined;
  }
  const seen = eventsOf(counted[index])!;
  const { median: expected, spread } = robustBaseline(history);
  if (expected <= 0) {
    return undefined;
  }
  const margin = VOLUME_DEVIATIONS * spread;
  const kind: VolumeKind | undefined = seen === 0 ? 'noEvents'
    : seen < thresholds.volumeLowRatio * expected && expected - seen > margin ? 'lowVolume'
      : seen > thresholds.volumeHighRatio * expected && seen - expected > margin ? 'highVolume'
        : undefined;
  return { kind, expected, spread };
}

/**
 * The newest successful run against the baseline of the ones before it (weekdays against weekdays and
 * weekends against weekends, where the kept history has enough of each). Consecutive unusual runs
 * of the same kind are one episode, from the first of them: a source that dropped stays one finding.
 */
function volumeFinding(input: HealthInput): Finding | undefined {
  // Volume depends on the runs alone, which change far less often than the minute it is judged at.
  const known = volumeMemo.get(input.runs);
  if (known && known.thresholds === input.thresholds) {
    return known.finding;
  }
  const finding = judgeNewestVolume(input);
  volumeMemo.set(input.runs, { thresholds: input.thresholds, finding });
  return finding;
}

const volumeMemo = new WeakMap<readonly Run[], { readonly thresholds: HealthThresholds; readonly finding: Finding | undefined }>();

function judgeNewestVolume(input: HealthInput): Finding | undefined {
  // Enough for the streak's oldest run to have its own baseline of the same kind of day.
  const counted = firstRuns(input.runs, (run) => isSuccess(run) && eventsOf(run) !== undefined, BASELINE_RUNS + SEASONAL_LOOKBACK + 1);
  const newest = counted.length > 0 ? judgeVolume(counted, 0, input.thresholds) : undefined;
  if (!newest?.kind) {
    return undefined;
  }
  let first = 0;
  while (first + 1 < Math.min(counted.length, BASELINE_RUNS) && judgeVolume(counted, first + 1, input.thresholds)?.kind === newest.kind) {
    first += 1;
  }
  const judged = counted[0];
  const start = counted[first];
  return {
    kind: newest.kind, severity: 'warning', since: start.endTime ?? start.startTime ?? 0, expected: newest.expected, seen: eventsOf(judged)!,
    runKey: start.key, usual: newest.spread,
  };
}

function mirrorFinding(input: HealthInput): Finding | undefined {
  const { facts, runs, thresholds } = input;
  const now = judgedAt(input);
  const retention = facts.mirror;
  if (!retention || !(retention.limitDays > 0)) {
    return undefined;
  }
  // Mixpanel computes the changes since its last sync: the last success, else whatever started one.
  const anchor = [
    lastSuccessOf(runs),
    facts.lastDispatch,
    facts.createdAt,
  ].find((time): time is number => finite(time) && time <= now);
  if (anchor === undefined) {
    return undefined;
  }
  const limit = retention.limitDays * DAY_MS;
  const deadline = anchor + limit;
  const left = deadline - now;
  if (left > thresholds.mirrorWarningMs) {
    return undefined;
  }
  return {
    kind: 'mirrorDeadline', severity: left <= 0 ? 'error' : 'warning', since: deadline - thresholds.mirrorWarningMs, expected: limit, seen: left, deadline,
    assumed: retention.assumed, ...(retention.warehouseType !== undefined ? { warehouseType: retention.warehouseType } : {}),
  };
}

/** Every finding that stands for the source now, the worst first. */
export function assessHealth(input: HealthInput): Finding[] {
  const findings: Finding[] = [];
  freshnessFindings(input, findings);
  const stuck = stuckFinding(input);
  const volume = volumeFinding(input);
  const mirror = mirrorFinding(input);
  for (const finding of [stuck, volume, mirror]) {
    if (finding) {
      findings.push(finding);
    }
  }
  return findings.sort(compareFindings);
}

/** Errors before warnings, then in the order of {@link FINDING_KINDS}. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.severity !== b.severity) {
    return a.severity === 'error' ? -1 : 1;
  }
  return FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind);
}

/**
 * An episode's name: the same finding seen again (another look, window or reload) is the same
 * episode. A run whose progress stopped is named by the run alone: when its progress was first
 * seen standing still differs from window to window.
 */
export function episodeKey(finding: Pick<Finding, 'kind' | 'since' | 'runKey' | 'progressStalled'>): string {
  if (finding.progressStalled && finding.runKey !== undefined) {
    return `${finding.kind}@stalled#${finding.runKey}`;
  }
  return `${finding.kind}@${Math.round(finding.since)}${finding.runKey !== undefined ? `#${finding.runKey}` : ''}`;
}
