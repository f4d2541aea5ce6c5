import * as assert from 'assert';
import { activeRunDelay, estimatedEnd, MAX_POLL_MS, nextLookAt, STEADY_POLL_MS, typicalDurationMs } from '../../../../src/core/engine/pollPlan';
import { nextLateLook } from '../../../../src/core/health/looks';
import { warehouseSource } from '../../../../src/core/model/source';
import { SOURCE_READERS } from '../../../../src/core/sources';
import { parseWarehouseImports } from '../../../../src/mixpanel/warehouse';
import { DISPATCH_GRACE_MS, nextDispatchLook } from '../../../../src/core/sources/warehouse/warehouseKind';
import { WarehouseImport } from '../../../../src/mixpanel/types';
import { aRun } from '../../builders';

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 26, 12);
const pacing = { fastestMs: 10_000 };

/** Finished runs of `minutes` each, newest first. */
const past = (...minutes: number[]) => minutes.map((duration, index) => aRun({ startTime: NOW - (index + 2) * 180 * MIN, endTime: NOW - (index + 2) * 180 * MIN + duration * MIN }));

describe('when to look at a source again', () => {
  it('estimates a run\'s end from its progress over time', () => {
    const run = aRun({ status: 'running', startTime: NOW - 30 * MIN, progress: 0.25 });
    assert.strictEqual(estimatedEnd(run, [], NOW), NOW + 90 * MIN);
  });

  it('else from the median duration of the source\'s recent successful runs', () => {
    const history = [...past(40, 60, 50), aRun({ status: 'failed', startTime: NOW - 900 * MIN, endTime: NOW - 899 * MIN })];
    assert.strictEqual(typicalDurationMs(history), 50 * MIN);
    const run = aRun({ status: 'running', startTime: NOW - 10 * MIN });
    assert.strictEqual(estimatedEnd(run, history, NOW), NOW + 40 * MIN);
    assert.strictEqual(estimatedEnd(run, [], NOW), undefined, 'with neither, no estimate');
  });

  it('looks rarely far from the end, often close to it, never under the fastest pace', () => {
    const history = past(60, 60, 60);
    const at = (minutesIn: number) => activeRunDelay(aRun({ status: 'running', startTime: NOW - minutesIn * MIN }), history, NOW, pacing);
    assert.strictEqual(at(1), MAX_POLL_MS, 'an hour to go: at the slowest pace, every 30 s');
    assert.strictEqual(at(59), 30_000, 'a minute to go: half of it');
    assert.strictEqual(at(59.9), 10_000, 'seconds to go: the fastest pace');
    assert.strictEqual(activeRunDelay(aRun({ status: 'running', startTime: NOW - 59.9 * MIN }), history, NOW, { fastestMs: 1_000 }), 5_000, 'never under 5 s');
  });

  it('steadily for a run past its estimate (overrunning or stalled), and at once for one nothing predicts', () => {
    assert.strictEqual(activeRunDelay(aRun({ status: 'running', startTime: NOW - 90 * MIN }), past(60, 60), NOW, pacing), STEADY_POLL_MS);
    const stalled = aRun({ status: 'running', startTime: NOW - 500 * MIN, progress: 0.5 });
    assert.strictEqual(activeRunDelay(stalled, [], NOW, pacing), MAX_POLL_MS, 'a run whose progress crawls is still looked at every 30 s');
    assert.strictEqual(activeRunDelay(aRun({ status: 'running', startTime: NOW - MIN }), [], NOW, pacing), 10_000);
    assert.strictEqual(activeRunDelay(aRun({ status: 'queued', startTime: undefined }), [], NOW, pacing), STEADY_POLL_MS);
  });

  it('looks at a scheduled import when its next run is due, once a period, and not while it is paused', () => {
    const hourly: WarehouseImport = { id: 1, projectId: 1, tableParams: { table_name: 't' }, paused: false, runEveryNs: 3_600_000_000_000, lastDispatch: NOW - 50 * MIN, raw: {} };
    const entry = { source: warehouseSource(hourly), runs: past(5), updatedAt: NOW - MIN };
    assert.strictEqual(nextLookAt(entry, NOW, pacing, SOURCE_READERS), NOW + 10 * MIN + DISPATCH_GRACE_MS);
    assert.strictEqual(nextLookAt({ ...entry, updatedAt: NOW + 11 * MIN }, NOW + 11 * MIN, pacing, SOURCE_READERS), NOW + 70 * MIN + DISPATCH_GRACE_MS, 'looked after the due time: the next period');
    assert.strictEqual(nextLookAt({ ...entry, source: warehouseSource({ ...hourly, paused: true }) }, NOW, pacing, SOURCE_READERS), undefined);
    assert.strictEqual(nextLookAt({ ...entry, source: warehouseSource({ ...hourly, runEveryNs: 0 }) }, NOW, pacing, SOURCE_READERS), undefined, 'on demand, irregular runs: nothing to expect');
  });

  it('looks at a scheduled import once at the moment it could first be late, and at an on-demand one when its cadence says', () => {
    const MS_PER_NS = 1_000_000;
    const hourly: WarehouseImport = { id: 1, projectId: 1, tableParams: { table_name: 't' }, paused: false, runEveryNs: 60 * MIN * MS_PER_NS, lastDispatch: NOW - 90 * MIN, raw: {} };
    // Dispatched 90 min ago and started then, with no run since: due 30 min ago, late from now (+30 min grace) on.
    const runs = [aRun({ startTime: NOW - 90 * MIN }), ...past(5)];
    const entry = { source: warehouseSource(hourly), runs, updatedAt: NOW - 2 * MIN };
    assert.strictEqual(nextLookAt(entry, NOW - 2 * MIN, pacing, SOURCE_READERS), NOW + 5_000, 'the moment late can be told, not the next dispatch');
    assert.strictEqual(nextLookAt({ ...entry, updatedAt: NOW + 6_000 }, NOW + 6_000, pacing, SOURCE_READERS), NOW + 30 * MIN + DISPATCH_GRACE_MS, 'then the dispatch grid only');
    const regular = Array.from({ length: 8 }, (_, index) => aRun({ startTime: NOW - 20 * MIN - index * 60 * MIN }));
    const onDemand = { source: warehouseSource({ ...hourly, runEveryNs: 0 }), runs: regular, updatedAt: NOW };
    assert.strictEqual(nextLookAt(onDemand, NOW, pacing, SOURCE_READERS), NOW + 70 * MIN + 5_000, 'its runs come hourly: looked at when it could be late');
    assert.strictEqual(nextLookAt({ ...onDemand, updatedAt: NOW + 71 * MIN }, NOW + 71 * MIN, pacing, SOURCE_READERS), NOW + 130 * MIN + 5_000, 'and once a period after');
  });

  it('counts from when the source was last looked at, so a clock that jumps makes it due at once or later, never in a loop', () => {
    const entry = { source: warehouseSource({ id: 1, projectId: 1, tableParams: {}, paused: false, raw: {} }), runs: [aRun({ status: 'running', startTime: NOW - MIN })], updatedAt: NOW };
    assert.strictEqual(nextLookAt(entry, NOW, pacing, SOURCE_READERS), NOW + 10_000);
    assert.ok(nextLookAt(entry, NOW + 86_400_000, pacing, SOURCE_READERS)! <= NOW + 86_400_000, 'a day later: due now');
    assert.strictEqual(nextLookAt(entry, NOW - 86_400_000, pacing, SOURCE_READERS), NOW + 10_000, 'a day earlier: due when the last look says');
  });

  describe('with schedules and dispatch times no one documented', () => {
    const hourlyNs = 3_600_000_000_000;
    const importWith = (runEvery: unknown, lastDispatch: unknown) =>
      parseWarehouseImports({ status: 'ok', results: [{ id: 9, table_params: { table_name: 't' }, paused: false, run_every: runEvery, last_dispatch: lastDispatch }] }, 1).items[0];

    for (const runEvery of [-1, 1, 3600, 420_000_000_000]) {
      it(`plans nothing, at once, for run_every ${runEvery} (from the parser or from a cache)`, () => {
        const started = process.hrtime.bigint();
        const parsed = importWith(runEvery, Math.floor((NOW - 50 * MIN) / 1000));
        const runs = [aRun({ startTime: NOW - 10 * MIN })];
        assert.strictEqual(nextLookAt({ source: warehouseSource(parsed), runs, updatedAt: NOW }, NOW, pacing, SOURCE_READERS), undefined);
        // A snapshot written before the parser dropped such values still holds them.
        const cached: WarehouseImport = { ...parsed, runEveryNs: runEvery };
        assert.strictEqual(nextLookAt({ source: warehouseSource(cached), runs, updatedAt: NOW }, NOW, pacing, SOURCE_READERS), undefined);
        if (runEvery < 60_000_000_000) {
          assert.strictEqual(nextLateLook(runs, runEvery / 1_000_000, NOW, NOW), undefined, 'not even with its period in hand');
        }
        assert.ok(process.hrtime.bigint() - started < 50_000_000n, 'no loop');
      });
    }

    it('computes the next due time for a last dispatch years ago without counting up to it', () => {
      const yearsAgo = NOW - 10 * 365 * 24 * 60 * MIN;
      const at = nextDispatchLook(hourlyNs, yearsAgo, NOW, NOW)!;
      assert.ok(at > NOW && at <= NOW + 60 * MIN + DISPATCH_GRACE_MS, `${at - NOW} ms from now`);
      assert.strictEqual((at - DISPATCH_GRACE_MS - yearsAgo) % (60 * MIN), 0, 'on the schedule\'s grid');
    });

    it('plans nothing for a last dispatch later than one period from now (a wrong unit or a skewed clock)', () => {
      assert.strictEqual(nextDispatchLook(hourlyNs, NOW + 61 * MIN, NOW, NOW), undefined);
      assert.strictEqual(nextDispatchLook(hourlyNs, NOW + 59 * MIN, NOW, NOW), NOW + 119 * MIN + DISPATCH_GRACE_MS, 'a little ahead: the next period after it');
      const microseconds = importWith(hourlyNs, (NOW + 24 * 60 * MIN) * 1000);
      assert.strictEqual(nextLookAt({ source: warehouseSource(microseconds), runs: [], updatedAt: NOW }, NOW, pacing, SOURCE_READERS), undefined);
    });
  });
});
