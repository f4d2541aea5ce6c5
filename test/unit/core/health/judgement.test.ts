import * as assert from 'assert';
import {
  assessHealth, DAY_MS, DEFAULT_THRESHOLDS, episodeKey, Finding, HealthFacts, HealthInput, learnedCadence, robustBaseline,
} from '../../../../src/core/health/judgement';
import { Run } from '../../../../src/mixpanel/types';
import { aRun } from '../../builders';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 1, 0);

const hourly: HealthFacts = { scheduleMs: HOUR, paused: false, reportsProgress: false };

/** `count` successful runs, one every `every` ms, the newest starting at `newest`, each lasting `duration` and importing `events(i)`. */
function history(count: number, newest: number, every: number, options: { duration?: number; events?: (index: number) => number | undefined } = {}): Run[] {
  const { duration = 5 * MIN, events = () => 1_000 } = options;
  return Array.from({ length: count }, (_, index) => {
    const startTime = newest - index * every;
    const counted = events(index);
    return aRun({ owner: '7', startTime, endTime: startTime + duration, status: 'success', counters: counted === undefined ? {} : { num_events_imported: counted } });
  });
}

function assess(overrides: Partial<HealthInput>): Finding[] {
  return assessHealth({ facts: hourly, runs: [], now: T0, thresholds: DEFAULT_THRESHOLDS, ...overrides });
}

function kinds(findings: Finding[]): string[] {
  return findings.map((finding) => finding.kind);
}

describe('import health', () => {
  describe('late', () => {
    // Hourly: due an hour after the last start, late after the larger of 15 min and half the schedule (30 min).
    const runs = history(10, T0, HOUR);

    it('is not claimed up to the grace, and is from the due time plus the grace on', () => {
      assert.deepStrictEqual(kinds(assess({ runs, now: T0 + HOUR + 30 * MIN - 1 })), []);
      const [late] = assess({ runs, now: T0 + HOUR + 30 * MIN });
      assert.strictEqual(late.kind, 'late');
      assert.strictEqual(late.since, T0 + HOUR + 30 * MIN);
      assert.strictEqual(late.expected, T0 + HOUR, 'the evidence is the time the run was due');
    });

    it('uses the larger of the grace setting and half the schedule', () => {
      const thresholds = { ...DEFAULT_THRESHOLDS, lateGraceMs: 45 * MIN };
      assert.deepStrictEqual(kinds(assess({ runs, thresholds, now: T0 + HOUR + 44 * MIN })), []);
      assert.deepStrictEqual(kinds(assess({ runs, thresholds, now: T0 + HOUR + 45 * MIN })), ['late']);
    });

    it('counts from the last dispatch when it is later than the last start', () => {
      const facts = { ...hourly, lastDispatch: T0 + 20 * MIN };
      assert.deepStrictEqual(kinds(assess({ facts, runs, now: T0 + HOUR + 40 * MIN })), []);
      assert.deepStrictEqual(kinds(assess({ facts, runs, now: T0 + HOUR + 50 * MIN })), ['late']);
    });

    it('is not claimed while a run is going on, for a paused source, or with no schedule and irregular runs', () => {
      const now = T0 + 2 * HOUR;
      assert.deepStrictEqual(kinds(assess({ runs, now })), ['late']);
      assert.deepStrictEqual(kinds(assess({ runs: [aRun({ owner: '7', status: 'queued', startTime: undefined }), ...runs], now })), []);
      assert.deepStrictEqual(kinds(assess({ facts: { ...hourly, paused: true }, runs, now })), []);
      const irregular = [0, 1, 3, 4, 7, 8, 12].map((hours) => aRun({ owner: '7', startTime: T0 - hours * HOUR }));
      assert.deepStrictEqual(kinds(assess({ facts: { paused: false, reportsProgress: false }, runs: irregular, now })), []);
    });

    it('ignores a dispatch in the future (a wrong unit or a skewed clock)', () => {
      const facts = { ...hourly, lastDispatch: T0 * 1000 };
      assert.deepStrictEqual(kinds(assess({ facts, runs, now: T0 + 2 * HOUR })), ['late']);
    });

    it('ends when a run starts', () => {
      assert.deepStrictEqual(kinds(assess({ runs, now: T0 + 2 * HOUR })), ['late']);
      const started = [aRun({ owner: '7', status: 'running', startTime: T0 + 2 * HOUR - MIN, endTime: undefined }), ...runs];
      assert.deepStrictEqual(kinds(assess({ runs: started, now: T0 + 2 * HOUR })), []);
    });

    it('learns a cadence from at least five regular gaps where no schedule is given, and says so', () => {
      const facts: HealthFacts = { paused: false, reportsProgress: false };
      const six = history(6, T0, 2 * HOUR);
      const [late] = assess({ facts, runs: six, now: T0 + 3 * HOUR });
      assert.strictEqual(late?.kind, 'late');
      assert.strictEqual(late.learnedCadence, true);
      assert.strictEqual(late.scheduleMs, 2 * HOUR);
      assert.deepStrictEqual(kinds(assess({ facts, runs: history(5, T0, 2 * HOUR), now: T0 + 3 * HOUR })), [], 'four gaps are not enough');
    });

    it('learns no cadence from gaps more than a quarter away from their median', () => {
      const runs7 = history(7, T0, HOUR);
      assert.strictEqual(learnedCadence(runs7), HOUR);
      const shifted = runs7.map((run, index) => index === 3 ? { ...run, startTime: run.startTime! + 16 * MIN } : run);
      assert.strictEqual(learnedCadence(shifted), undefined);
    });
  });

  describe('stale', () => {
    it('is claimed when the last success is older than twice the schedule plus the grace', () => {
      const runs = history(10, T0, HOUR); // the newest success ended at T0 + 5 min
      const lastSuccess = T0 + 5 * MIN;
      const allowed = 2 * HOUR + 30 * MIN;
      assert.ok(!kinds(assess({ runs, now: lastSuccess + allowed - 1 })).includes('stale'));
      const findings = assess({ runs, now: lastSuccess + allowed });
      assert.deepStrictEqual(kinds(findings), ['stale', 'late'], 'stale is an error and comes first');
      assert.strictEqual(findings[0].seen, allowed);
    });

    it('counts failed runs as no success', () => {
      const failures = Array.from({ length: 3 }, (_, index) => aRun({ owner: '7', status: 'failed', startTime: T0 + (3 - index) * HOUR }));
      const runs = [...failures, ...history(5, T0, HOUR)];
      assert.ok(kinds(assess({ runs, now: T0 + 3 * HOUR + 10 * MIN })).includes('stale'));
    });
  });

  describe('stuck', () => {
    const usual = history(10, T0 - HOUR, HOUR, { duration: 5 * MIN });
    const running = (startTime: number, progress?: number) => aRun({ owner: '7', status: 'running', startTime, endTime: undefined, progress });

    it('is at three times the usual duration but never before 30 minutes', () => {
      const start = T0;
      assert.deepStrictEqual(kinds(assess({ runs: [running(start), ...usual], now: start + 30 * MIN - 1 })), []);
      const [stuck] = assess({ runs: [running(start), ...usual], now: start + 30 * MIN });
      assert.strictEqual(stuck.kind, 'stuck');
      assert.strictEqual(stuck.usual, 5 * MIN);
      const slow = history(10, T0 - 2 * DAY_MS, 4 * HOUR, { duration: HOUR });
      assert.deepStrictEqual(kinds(assess({ facts: { paused: true, reportsProgress: false }, runs: [running(start), ...slow], now: start + 3 * HOUR - 1 })), []);
      assert.deepStrictEqual(kinds(assess({ facts: { paused: true, reportsProgress: false }, runs: [running(start), ...slow], now: start + 3 * HOUR })), ['stuck']);
    });

    it('uses the absolute limit without five successful runs to compare with', () => {
      const facts: HealthFacts = { paused: true, reportsProgress: false };
      const few = history(4, T0 - HOUR, HOUR);
      assert.deepStrictEqual(kinds(assess({ facts, runs: [running(T0), ...few], now: T0 + 6 * HOUR - 1 })), []);
      const [stuck] = assess({ facts, runs: [running(T0), ...few], now: T0 + 6 * HOUR });
      assert.strictEqual(stuck.kind, 'stuck');
      assert.strictEqual(stuck.usual, undefined);
    });

    it('is claimed for a run whose progress has not moved for an hour, where the kind reports progress', () => {
      const facts: HealthFacts = { paused: false, reportsProgress: true };
      const runs = [running(T0, 0.4)];
      assert.deepStrictEqual(kinds(assess({ facts, runs, now: T0 + 2 * HOUR, progressSince: T0 + HOUR + 1 })), []);
      const [stalled] = assess({ facts, runs, now: T0 + 2 * HOUR, progressSince: T0 + HOUR });
      assert.strictEqual(stalled.progressStalled, true);
      assert.deepStrictEqual(kinds(assess({ facts: { ...facts, reportsProgress: false }, runs, now: T0 + 2 * HOUR, progressSince: T0 })), []);
    });
  });

  describe('volume', () => {
    const facts: HealthFacts = { paused: true, reportsProgress: false };
    const withNewest = (events: number, baseline: (index: number) => number | undefined = () => 1_000) =>
      history(12, T0, HOUR, { events: (index) => index === 0 ? events : baseline(index) });

    it('flags a success with 0 events where earlier successes imported some', () => {
      const [finding] = assess({ facts, runs: withNewest(0), now: T0 + HOUR });
      assert.strictEqual(finding.kind, 'noEvents');
      assert.deepStrictEqual([finding.expected, finding.seen], [1_000, 0]);
      assert.deepStrictEqual(kinds(assess({ facts, runs: withNewest(0, () => 0), now: T0 + HOUR })), [], 'a source that always imports nothing is as usual');
    });

    it('flags under half and over three times the median, and nothing at the bounds', () => {
      assert.deepStrictEqual(kinds(assess({ facts, runs: withNewest(499), now: T0 + HOUR })), ['lowVolume']);
      assert.deepStrictEqual(kinds(assess({ facts, runs: withNewest(500), now: T0 + HOUR })), []);
      assert.deepStrictEqual(kinds(assess({ facts, runs: withNewest(3_001), now: T0 + HOUR })), ['highVolume']);
      assert.deepStrictEqual(kinds(assess({ facts, runs: withNewest(3_000), now: T0 + HOUR })), []);
    });

    it('is not moved by one outlier in the baseline', () => {
      const withOutlier = (index: number) => index === 4 ? 1_000_000 : 1_000;
      assert.deepStrictEqual(kinds(assess({ facts, runs: withNewest(1_100, withOutlier), now: T0 + HOUR })), []);
      assert.deepStrictEqual(kinds(assess({ facts, runs: withNewest(300, withOutlier), now: T0 + HOUR })), ['lowVolume']);
    });

    it('allows for a noisy baseline: a drop within its spread is not flagged', () => {
      const noisy = (index: number) => [600, 800, 1_000, 1_200, 1_400][index % 5];
      assert.deepStrictEqual(kinds(assess({ facts, runs: withNewest(450, noisy), now: T0 + HOUR })), []);
    });

    it('makes no claim with fewer than five earlier successes', () => {
      const runs = history(5, T0, HOUR, { events: (index) => index === 0 ? 0 : 1_000 });
      assert.deepStrictEqual(kinds(assess({ facts, runs, now: T0 + HOUR })), []);
      assert.deepStrictEqual(kinds(assess({ facts, runs: history(6, T0, HOUR, { events: (index) => index === 0 ? 0 : 1_000 }), now: T0 + HOUR })), ['noEvents']);
    });

    it('compares a weekend run with earlier weekend runs when the history has five of them', () => {
      // Daily runs at noon UTC; 2026-11-07 is a Saturday. Weekends import 40 % of a weekday.
      const saturday = Date.UTC(2026, 10, 7, 12);
      const daily = (days: number, events: (start: number) => number) => Array.from({ length: days }, (_, index) => {
        const startTime = saturday - index * DAY_MS;
        return aRun({ owner: '7', startTime, endTime: startTime + 5 * MIN, status: 'success', counters: { num_events_imported: events(startTime) } });
      });
      const weekendShare = (start: number) => [0, 6].includes(new Date(start).getUTCDay()) ? 400 : 1_000;
      assert.deepStrictEqual(kinds(assess({ facts, runs: daily(30, weekendShare), now: saturday + HOUR })), [], 'a Saturday like the Saturdays before');
      const weekdaysOnly = [daily(1, () => 400)[0], ...daily(8, () => 1_000).slice(1, 6)];
      assert.deepStrictEqual(kinds(assess({ facts, runs: weekdaysOnly, now: saturday + HOUR })), ['lowVolume'], 'with no earlier weekend, the weekdays are the baseline');
    });

    it('keeps one episode across consecutive low runs, from the first of them, and ends with a normal run', () => {
      const dropped = history(15, T0, HOUR, { events: (index) => index < 3 ? 300 : 1_000 });
      const [finding] = assess({ facts, runs: dropped, now: T0 + HOUR });
      assert.strictEqual(finding.kind, 'lowVolume');
      assert.strictEqual(finding.since, T0 - 2 * HOUR + 5 * MIN, 'since the first low run ended');
      const recovered = [history(1, T0 + HOUR, HOUR)[0], ...dropped];
      assert.deepStrictEqual(kinds(assess({ facts, runs: recovered, now: T0 + 2 * HOUR })), []);
    });
  });

  describe('Mirror deadline', () => {
    const mirror = (limitDays: number, assumed = false): HealthFacts => ({ paused: true, reportsProgress: false, mirror: { limitDays, assumed, warehouseType: assumed ? undefined : 'bigquery' } });
    const lastSync = history(1, T0, HOUR);
    const lastEnd = T0 + 5 * MIN;

    it('warns from the warning days before the limit, and is an error past it', () => {
      assert.deepStrictEqual(kinds(assess({ facts: mirror(21), runs: lastSync, now: lastEnd + 18 * DAY_MS - 1 })), []);
      const [warning] = assess({ facts: mirror(21), runs: lastSync, now: lastEnd + 18 * DAY_MS });
      assert.deepStrictEqual([warning.kind, warning.severity, warning.seen, warning.deadline], ['mirrorDeadline', 'warning', 3 * DAY_MS, lastEnd + 21 * DAY_MS]);
      const [past] = assess({ facts: mirror(21), runs: lastSync, now: lastEnd + 22 * DAY_MS });
      assert.deepStrictEqual([past.severity, past.seen, past.since], ['error', -DAY_MS, warning.since], 'one episode, worse');
    });

    it('counts from the last dispatch or the creation when no success is known, and says the limit was assumed', () => {
      const [finding] = assess({ facts: { ...mirror(14, true), lastDispatch: T0 }, runs: [], now: T0 + 12 * DAY_MS });
      assert.strictEqual(finding.assumed, true);
      assert.strictEqual(finding.seen, 2 * DAY_MS);
      assert.deepStrictEqual(kinds(assess({ facts: { ...mirror(14), createdAt: T0 }, runs: [], now: T0 + 11 * DAY_MS })), ['mirrorDeadline']);
      assert.deepStrictEqual(kinds(assess({ facts: mirror(14), runs: [], now: T0 + 30 * DAY_MS })), [], 'nothing to count from');
    });

    it('counts from no time in the future (a wrong unit or a skewed clock): the next anchor stands', () => {
      const facts = { ...mirror(14), lastDispatch: T0 + 100 * DAY_MS, createdAt: T0 };
      const [finding] = assess({ facts, runs: [], now: T0 + 12 * DAY_MS });
      assert.deepStrictEqual([finding?.kind, finding?.deadline], ['mirrorDeadline', T0 + 14 * DAY_MS]);
    });

    it('ends when a sync succeeds', () => {
      const synced = [...history(1, T0 + 19 * DAY_MS, HOUR), ...lastSync];
      assert.deepStrictEqual(kinds(assess({ facts: mirror(21), runs: synced, now: T0 + 19 * DAY_MS + HOUR })), []);
    });
  });

  it('names an episode by its kind, its start and its run', () => {
    assert.strictEqual(episodeKey({ kind: 'late', since: 1000.4 }), 'late@1000');
    assert.strictEqual(episodeKey({ kind: 'stuck', since: 5, runKey: '7/1/0' }), 'stuck@5#7/1/0');
  });

  it('names a stalled run\'s episode by the run alone: two windows that saw its progress stop at different times name it alike', () => {
    const running = aRun({ owner: '7', status: 'running', startTime: T0, progress: 0.4 });
    const facts = { ...hourly, scheduleMs: undefined, reportsProgress: true };
    const [first] = assess({ facts, runs: [running], now: T0 + 2 * HOUR, progressSince: T0 + 10 * MIN });
    const [second] = assess({ facts, runs: [running], now: T0 + 2 * HOUR, progressSince: T0 + 25 * MIN });
    assert.deepStrictEqual([first.progressStalled, second.progressStalled], [true, true]);
    assert.notStrictEqual(first.since, second.since);
    assert.strictEqual(episodeKey(first), episodeKey(second));
  });

  describe('as of the last look', () => {
    const runs = history(10, T0, HOUR);

    it('claims neither late nor stale for time after the last successful look, however long ago', () => {
      assert.deepStrictEqual(kinds(assess({ runs, now: T0 + 4 * HOUR, checkedAt: T0 + 20 * MIN })), []);
      // Looked at past the due time plus the grace: late as of that look, with that look as the evidence.
      const [late] = assess({ runs, now: T0 + 4 * HOUR, checkedAt: T0 + 95 * MIN });
      assert.deepStrictEqual([late.kind, late.seen, late.since], ['late', T0 + 95 * MIN, T0 + 90 * MIN]);
      assert.deepStrictEqual(kinds(assess({ runs, now: T0 + 4 * HOUR, checkedAt: T0 + 4 * HOUR })), ['stale', 'late']);
    });

    it('claims no stuck run and no Mirror deadline past the last look', () => {
      const running = [aRun({ owner: '7', status: 'running', startTime: T0 }), ...history(10, T0 - HOUR, HOUR)];
      assert.deepStrictEqual(kinds(assess({ facts: { ...hourly, scheduleMs: undefined }, runs: running, now: T0 + 3 * HOUR, checkedAt: T0 + 10 * MIN })), []);
      assert.ok(kinds(assess({ facts: { ...hourly, scheduleMs: undefined }, runs: running, now: T0 + 3 * HOUR })).includes('stuck'));
      const facts: HealthFacts = { paused: true, reportsProgress: false, mirror: { limitDays: 21, assumed: false } };
      const synced = history(1, T0, HOUR);
      assert.deepStrictEqual(kinds(assess({ facts, runs: synced, now: T0 + 20 * DAY_MS, checkedAt: T0 + DAY_MS })), []);
      assert.deepStrictEqual(kinds(assess({ facts, runs: synced, now: T0 + 20 * DAY_MS })), ['mirrorDeadline']);
    });

    it('counts due times and the last success from when the source was seen to keep time again (resumed, a shorter schedule)', () => {
      const resumedAt = T0 + 5 * DAY_MS;
      assert.deepStrictEqual(kinds(assess({ runs, now: resumedAt })), ['stale', 'late'], 'without the clock: at once late and stale');
      assert.deepStrictEqual(kinds(assess({ runs, now: resumedAt, clockFrom: resumedAt })), []);
      assert.deepStrictEqual(kinds(assess({ runs, now: resumedAt + 90 * MIN, clockFrom: resumedAt })), ['late']);
      assert.deepStrictEqual(kinds(assess({ runs, now: resumedAt + 150 * MIN, clockFrom: resumedAt })), ['stale', 'late']);
    });
  });

  it('takes the median and the scaled median deviation', () => {
    assert.deepStrictEqual(robustBaseline([1, 2, 3, 4, 100]), { median: 3, spread: 1.4826 });
  });
});
