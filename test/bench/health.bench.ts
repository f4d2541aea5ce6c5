import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assessHealth, DAY_MS, DEFAULT_THRESHOLDS, episodeKey, Finding, FindingKind, HealthFacts, learnedCadence } from '../../src/core/health/judgement';
import { median } from '../../src/core/model/statistics';
import { nextLateLook, nextLearnedLook } from '../../src/core/health/looks';
import { DEFAULT_HISTORY_BOUNDS, RunHistory } from '../../src/core/health/runHistory';
import { warehouseHealthFacts } from '../../src/core/sources/warehouse/warehouseKind';
import { Run } from '../../src/mixpanel/types';
import { Figure, percentile, printFigures, random, runBench } from './report';

/**
 * A simulated fortnight for import health, from a fixed seed: 50 sources of both kinds with normal
 * traffic (durations and volumes with noise, a weekly rhythm, a rare failure) and injected problems
 * (imports that stop running, runs that hang, empty successes, drops to 30 %, spikes, a paused
 * Mirror import running out of days). Health is judged every minute, as the extension's tick does,
 * from what a refresh every 5 minutes would have shown. Prints one `bench <name> <number>` line per figure.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const START = Date.UTC(2026, 10, 2, 0);
const DAYS = 14;
const END = START + DAYS * DAY_MS;
/** What the extension knows is at most this old: the slowest refresh of a source that is not running. */
const REFRESH_MS = 5 * MIN;
/** How late a flag may come and still count: a refresh and a tick. */
const WINDOW_MS = REFRESH_MS + 2 * MIN;

type Problem = 'stops' | 'hangs' | 'empty' | 'drop' | 'spike' | 'mirror';

interface PlannedRun {
  readonly start: number;
  /** Undefined for a run that never ends. */
  readonly end?: number;
  readonly status: 'success' | 'failed';
  readonly events: number;
}

interface SimulatedSource {
  readonly id: string;
  readonly warehouse: boolean;
  readonly facts: HealthFacts;
  readonly runs: PlannedRun[];
  readonly problem?: Problem;
  /** When the injected problem becomes true by its definition, and which findings say it. */
  readonly expected?: { readonly at: number; readonly kinds: readonly FindingKind[] };
}

const WEEKEND = (time: number) => [0, 6].includes(new Date(time).getUTCDay());

function plan(seed: number): SimulatedSource[] {
  const next = random(seed);
  const noise = (spread: number) => 1 + (next() + next() + next() - 1.5) * spread * 1.15;
  const problems: Array<Problem | undefined> = ['stops', 'stops', 'hangs', 'hangs', 'empty', 'empty', 'drop', 'drop', 'spike', 'spike', 'stops', 'hangs', 'mirror'];
  const sources: SimulatedSource[] = [];
  for (let index = 0; index < 50; index++) {
    const warehouse = index % 2 === 0;
    const problem = index < problems.length ? problems[index] : undefined;
    const periodMs = problem === 'mirror' ? DAY_MS : [HOUR, HOUR, 2 * HOUR, DAY_MS][index % 4];
    const baseDuration = (2 + next() * 20) * MIN;
    const baseEvents = Math.round(1_000 + next() * 200_000);
    const problemAt = START + (5 + next() * 7) * DAY_MS;
    const runs: PlannedRun[] = [];
    let expected: SimulatedSource['expected'];
    // 40 days of history before the fortnight: baselines and the kept history come from it.
    // A warehouse import is dispatched on its schedule and starts a few minutes later; a Cloud Import
    // connector's runs come as files land, every period give or take 4 %.
    for (let start = START - 40 * DAY_MS + next() * periodMs; start < END; start += warehouse ? periodMs : periodMs * noise(0.04)) {
      const jitter = warehouse ? next() * 6 * MIN : 0;
      const begin = start + jitter;
      if (problem === 'stops' && begin >= problemAt) {
        // Late by the definition: the last start plus the schedule (or the cadence the runs show) plus the grace.
        const last = runs[runs.length - 1];
        const every = (warehouse && periodMs !== 2 * HOUR ? periodMs : learnedCadence(toRuns(runs))) ?? Number.NaN;
        expected = { at: last.start + every + Math.max(DEFAULT_THRESHOLDS.lateGraceMs, every / 2), kinds: ['late', 'stale'] };
        break;
      }
      if (problem === 'mirror' && begin >= START - 6 * DAY_MS) {
        break;
      }
      const duration = baseDuration * noise(0.3);
      const failed = problem === undefined && next() < 0.01;
      let events = Math.round(baseEvents * noise(0.15) * (WEEKEND(begin) ? 0.6 : 1));
      let end: number | undefined = begin + duration;
      if (begin >= problemAt && expected === undefined) {
        if (problem === 'hangs') {
          end = undefined;
          const usual = median(runs.filter((run) => run.status === 'success').slice(-30).map((run) => run.end! - run.start))!;
          expected = { at: begin + Math.max(DEFAULT_THRESHOLDS.stuckFactor * usual, DEFAULT_THRESHOLDS.stuckMinimumMs), kinds: ['stuck'] };
        } else if (problem === 'empty') {
          events = 0;
          expected = { at: begin + duration, kinds: ['noEvents'] };
        } else if (problem === 'drop') {
          expected = { at: begin + duration, kinds: ['lowVolume'] };
        } else if (problem === 'spike') {
          events = Math.round(baseEvents * 3.5);
          expected = { at: begin + duration, kinds: ['highVolume'] };
        }
      }
      if (problem === 'drop' && expected !== undefined) {
        events = Math.round(events * 0.3);
      }
      runs.push({ start: begin, end, status: failed && problem === undefined ? 'failed' : 'success', events: failed ? 0 : events });
      if (end === undefined) {
        break;
      }
    }
    if (problem === 'hangs' && expected === undefined) {
      throw new Error('a hang was planned after the fortnight');
    }
    let facts: HealthFacts;
    if (warehouse) {
      const runEveryNs = periodMs === HOUR ? 3_600_000_000_000 : periodMs === DAY_MS ? 86_400_000_000_000 : 0;
      facts = warehouseHealthFacts({
        id: index, projectId: 1, tableParams: {}, raw: {}, syncMode: problem === 'mirror' ? 'mirror_mode' : 'time_based',
        paused: problem === 'mirror', runEveryNs, warehouseSourceId: 1,
      }, { warehouseConnection: () => ({ id: 1, warehouseType: 'bigquery' }) });
    } else {
      facts = { paused: false, reportsProgress: true };
    }
    if (problem === 'mirror') {
      const lastSync = runs[runs.length - 1];
      expected = { at: lastSync.end! + 21 * DAY_MS - DEFAULT_THRESHOLDS.mirrorWarningMs, kinds: ['mirrorDeadline'] };
    }
    sources.push({ id: `${warehouse ? 'w' : 'c'}${index}`, warehouse, facts, runs, problem, expected });
  }
  return sources;
}

/** Planned runs as runs, newest first. */
function toRuns(runs: readonly PlannedRun[]): Run[] {
  return [...runs].reverse().map((run) => ({ key: String(run.start), status: run.status, rawStatus: '', startTime: run.start, endTime: run.end, counters: {}, raw: {} }));
}

/** Runs known to have ended, made once per planned run: the simulation asks for them again and again. */
const endedRuns = new WeakMap<PlannedRun, Run>();

/** The runs as a refresh at `seenAt` showed them, newest first, as far back as a weekday-and-weekend baseline looks. */
function seen(source: SimulatedSource, seenAt: number): Run[] {
  const runs: Run[] = [];
  for (let index = source.runs.length - 1; index >= 0 && runs.length < 450; index--) {
    const run = source.runs[index];
    if (run.start > seenAt) {
      continue;
    }
    if (run.end !== undefined && run.end <= seenAt) {
      let ended = endedRuns.get(run);
      if (!ended) {
        ended = { key: `${source.id}/${run.start}/0`, status: run.status, rawStatus: '', startTime: run.start, endTime: run.end, counters: { num_events_imported: run.events }, raw: {} };
        endedRuns.set(run, ended);
      }
      runs.push(ended);
    } else {
      runs.push({ key: `${source.id}/${run.start}/0`, status: 'running', rawStatus: '', startTime: run.start, counters: {}, raw: {} });
    }
  }
  return runs;
}

interface Outcome {
  readonly recall: number;
  readonly injected: number;
  readonly falseAlarms: number;
  readonly normalSourceWeeks: number;
  readonly lateDelays: number[];
  readonly missed: string[];
  readonly alarms: string[];
}

/**
 * Hours in which the window does not see as a focused one does, before the injected problems begin:
 * - `unfocused`: no full refresh; each source is looked at only when the scheduler plans a look of
 *   its own (once a period, when it could be late by its schedule or the cadence its runs show);
 * - `outage`: every request fails (a VPN dropped): nothing is read;
 * - `asleep`: the laptop sleeps: nothing is read and nothing is judged; on waking, a refresh.
 */
interface Blind {
  readonly from: number;
  readonly to: number;
  readonly kind: 'unfocused' | 'outage' | 'asleep';
}

const BLIND: readonly Blind[] = [
  { kind: 'unfocused', from: START + DAY_MS + 8 * HOUR, to: START + DAY_MS + 16 * HOUR },
  { kind: 'outage', from: START + 2 * DAY_MS + 10 * HOUR, to: START + 2 * DAY_MS + 13 * HOUR },
  { kind: 'asleep', from: START + 3 * DAY_MS + 22 * HOUR, to: START + 4 * DAY_MS + 7 * HOUR },
];

function blindAt(now: number): Blind | undefined {
  return BLIND.find((blind) => now >= blind.from && now < blind.to);
}

/** When a source is looked at on its own after `lastLook`, focused or not: when it could be late, once a period. */
function plannedLook(source: SimulatedSource, runs: readonly Run[], lastLook: number, now: number): number {
  const schedule = source.facts.scheduleMs;
  return (schedule === undefined ? nextLearnedLook(runs, lastLook, now) : nextLateLook(runs, schedule, lastLook, now)) ?? Number.POSITIVE_INFINITY;
}

/**
 * `checked`: findings are judged as of each source's last look, as the monitor judges them; false
 * shows what judging by the clock alone would claim over the same blind hours.
 */
function simulate(sources: SimulatedSource[], checked = true): Outcome {
  const firstFlag = new Map<string, number>();
  const normalEpisodes = new Set<string>();
  const cache = new Map<string, { seenAt: number; runs: Run[] }>();
  for (let now = START; now < END; now += MIN) {
    const blind = blindAt(now);
    if (blind?.kind === 'asleep') {
      continue;
    }
    const refreshAt = Math.floor(now / REFRESH_MS) * REFRESH_MS;
    for (const source of sources) {
      let known = cache.get(source.id);
      // Woken from sleep: everything is older than a refresh, which comes first.
      const refreshed = blind === undefined && (!known || known.seenAt < refreshAt || now - known.seenAt > REFRESH_MS);
      const planned = blind?.kind !== 'outage' && known !== undefined && plannedLook(source, known.runs, known.seenAt, now) <= now;
      if (refreshed || planned) {
        const seenAt = refreshed && known && now - known.seenAt <= REFRESH_MS ? refreshAt : now;
        known = { seenAt, runs: seen(source, seenAt) };
        cache.set(source.id, known);
      }
      const findings: Finding[] = assessHealth({ facts: source.facts, runs: known!.runs, now, thresholds: DEFAULT_THRESHOLDS, ...(checked ? { checkedAt: known!.seenAt } : {}) });
      for (const finding of findings) {
        if (source.problem === undefined) {
          normalEpisodes.add(`${source.id} ${episodeKey(finding)} ${new Date(finding.since).toISOString()}`);
        } else if (source.expected?.kinds.includes(finding.kind) && !firstFlag.has(source.id)) {
          firstFlag.set(source.id, now);
        }
      }
    }
  }
  const injected = sources.filter((source) => source.expected !== undefined);
  const missed: string[] = [];
  const lateDelays: number[] = [];
  let caught = 0;
  for (const source of injected) {
    const flagged = firstFlag.get(source.id);
    const { at } = source.expected!;
    if (flagged !== undefined && flagged >= at - MIN && flagged <= at + WINDOW_MS) {
      caught++;
      if (source.problem === 'stops') {
        lateDelays.push(Math.max(0, (flagged - at) / 1000));
      }
    } else {
      missed.push(`${source.id} ${source.problem} expected ${new Date(at).toISOString()} flagged ${flagged ? new Date(flagged).toISOString() : 'never'}`);
    }
  }
  const normal = sources.filter((source) => source.problem === undefined).length;
  return {
    recall: caught / injected.length, injected: injected.length, falseAlarms: normalEpisodes.size, normalSourceWeeks: normal * DAYS / 7,
    lateDelays, missed, alarms: [...normalEpisodes],
  };
}

/** 50 sources' files at their bound (2,000 runs each): the time to add one run to each, and a file's size. */
async function historyAtBounds(): Promise<{ writeMs: number; fileKb: number; totalKb: number }> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'history-bench-'));
  const now = START;
  const history = new RunHistory({ directory, bounds: () => DEFAULT_HISTORY_BOUNDS, now: () => now, writeDelayMs: 60_000 });
  const runsOf = (id: number, count: number, newest: number): Run[] => Array.from({ length: count }, (_, index) => {
    const start = newest - index * HOUR;
    return { key: `${id}/${start}/0`, status: 'success', rawStatus: 'SUCCEEDED', startTime: start, endTime: start + 7 * MIN, counters: { num_events_imported: 100_000 + index }, raw: {} };
  });
  const refs = Array.from({ length: 50 }, (_, id) => ({ projectId: 1, kind: 'warehouse' as const, id: String(id) }));
  refs.forEach((ref, id) => history.record(ref, runsOf(id, DEFAULT_HISTORY_BOUNDS.maxRuns, now - HOUR)));
  await history.flush();
  const timings: number[] = [];
  for (let round = 0; round < 3; round++) {
    refs.forEach((ref, id) => history.record(ref, runsOf(id, 1, now + round * HOUR)));
    const started = process.hrtime.bigint();
    await history.flush();
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const sizes = await Promise.all(refs.map(async (ref) => (await fs.stat(history.fileOf(ref))).size));
  await fs.rm(directory, { recursive: true, force: true });
  return { writeMs: Math.round(percentile(timings, 0.5)), fileKb: Math.round(sizes[0] / 1024), totalKb: Math.round(sizes.reduce((sum, size) => sum + size, 0) / 1024) };
}

async function main(): Promise<void> {
  const started = Date.now();
  const sources = plan(17);
  const outcome = simulate(sources);
  const byClock = simulate(sources, false);
  const history = await historyAtBounds();
  const figures: Figure[] = [
    ['health_recall', Math.round(outcome.recall * 1000) / 1000, `share of the ${outcome.injected} injected problems flagged within ${WINDOW_MS / MIN} min of becoming true`],
    ['health_false_alarms_per_source_week', Math.round(outcome.falseAlarms / outcome.normalSourceWeeks * 1000) / 1000, `${outcome.falseAlarms} episodes on ${outcome.normalSourceWeeks} source-weeks of normal traffic`],
    ['health_false_alarms_by_clock_alone', byClock.falseAlarms, `episodes on the same traffic judged by the clock alone, not as of the last look (${BLIND.map((blind) => `${blind.kind} ${(blind.to - blind.from) / HOUR} h`).join(', ')})`],
    ['health_late_delay_p95_s', Math.round(percentile(outcome.lateDelays, 0.95) * 10) / 10, `seconds from the moment a source is late by definition to its flag (${outcome.lateDelays.length} sources that stopped)`],
    ['history_write_ms', history.writeMs, 'adding one run to each of 50 history files at 2,000 runs (median of 3)'],
    ['history_file_kb', history.fileKb, `one source's file at 2,000 runs; ${history.totalKb} KB for all 50`],
  ];
  console.log(`\nSimulated ${DAYS} days of 50 sources in ${Math.round((Date.now() - started) / 1000)} s.`);
  for (const line of outcome.missed) {
    console.log(`missed: ${line}`);
  }
  for (const line of outcome.alarms) {
    console.log(`false alarm: ${line}`);
  }
  printFigures(figures);
}

runBench(main);
