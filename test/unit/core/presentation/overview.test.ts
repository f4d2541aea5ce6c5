import * as assert from 'assert';
import { countAxis, durationAxis, OVERVIEW_RUNS_SHOWN, overviewFigures, overviewModel } from '../../../../src/core/presentation/overview';
import { Run } from '../../../../src/mixpanel/types';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import { OverviewFigure } from '../../../../src/shared/overviewProtocol';
import { aConnector, aRun, anImport } from '../../builders';

const NOW = Date.UTC(2026, 10, 26, 12);
const HOUR = 3_600_000;
const options = { t, now: NOW, locale: 'en-US', timeZone: 'UTC' };

/** A finished run that started `hoursAgo` and took `minutes`. */
function finished(hoursAgo: number, minutes: number, overrides: Partial<Run> = {}): Run {
  const startTime = NOW - hoursAgo * HOUR;
  return aRun({ startTime, endTime: startTime + minutes * 60_000, key: `connector-1/${startTime}/0`, ...overrides });
}

function figures(runs: Run[]): Record<OverviewFigure['id'], string> {
  return Object.fromEntries(overviewFigures(runs, options).map((figure) => [figure.id, `${figure.value} | ${figure.detail}`])) as Record<OverviewFigure['id'], string>;
}

describe('source overview', () => {
  it('says there is nothing yet for an empty history, without a bar or a row', () => {
    const model = overviewModel(aConnector(), [], options);
    assert.deepStrictEqual([model.bars.length, model.rows.length, model.eventsAxis], [0, 0, undefined]);
    assert.deepStrictEqual(figures([]), {
      successRate: '— | No finished runs yet',
      medianDuration: '— | No run with both times yet',
      slowest: '— | No run with both times yet',
      medianEvents: '— | Not reported',
      lastFailure: 'None | No failure in the last 0 runs',
    });
    assert.strictEqual(model.labels.chartSummary, 'No runs yet.');
    assert.strictEqual(model.durationAxis.max > 0, true, 'an axis with a height, so nothing divides by zero');
  });

  it('tells one run as it is', () => {
    const run = finished(2, 12, { counters: { num_events_imported: 1_204 } });
    assert.deepStrictEqual(figures([run]), {
      successRate: '100% | 1 of 1 finished runs',
      medianDuration: '12 min | over 1 run',
      slowest: '12 min | started Nov 26, 2026, 10:00 AM',
      medianEvents: '1,204 | median over 1 run',
      lastFailure: 'None | No failure in the last run',
    });
    const model = overviewModel(aConnector(), [run], options);
    assert.strictEqual(model.subheading, 'Cloud Import connector · the last run');
    assert.deepStrictEqual(model.bars.map((bar) => [bar.durationMs, bar.events, bar.live]), [[12 * 60_000, 1_204, false]]);
    assert.strictEqual(model.bars[0].description, 'Nov 26, 2026, 10:00 AM · Succeeded · 12 min · 1,204 events');
    assert.deepStrictEqual(model.timeLabels, { first: 'Nov 26, 2026, 10:00 AM', last: '' });
  });

  it('counts all-failed histories as 0% and names the newest failure with its reason', () => {
    const runs = [
      finished(1, 3, { status: 'failed', error: { message: 'AccessDenied: Access Denied\nat line 3' } }),
      finished(5, 4, { status: 'failed', error: { message: 'older' } }),
    ];
    const result = figures(runs);
    assert.strictEqual(result.successRate, '0% | 0 of 2 finished runs');
    assert.strictEqual(result.lastFailure, '57 min ago | AccessDenied: Access Denied');
    assert.strictEqual(result.medianDuration, '3 min | over 2 runs', 'the median of two is their mean, 3.5 min, shown in whole minutes');
  });

  it('keeps runs without an end out of the durations, and draws them as growing bars', () => {
    const running = aRun({ status: 'running', startTime: NOW - 30 * 60_000, endTime: undefined, key: 'connector-1/running/0' });
    const queued = aRun({ status: 'queued', startTime: undefined, endTime: undefined });
    const failedWithoutEnd = aRun({ status: 'failed', startTime: NOW - 3 * HOUR, endTime: undefined, key: 'connector-1/noend/0' });
    const runs = [queued, running, finished(2, 10), failedWithoutEnd];
    const result = figures(runs);
    assert.strictEqual(result.medianDuration, '10 min | over 1 run');
    assert.strictEqual(result.successRate, '50% | 1 of 2 finished runs', 'queued and running runs are not finished');
    assert.strictEqual(result.lastFailure, '3 h ago | No reason given');
    const model = overviewModel(aConnector(), runs, options);
    assert.deepStrictEqual(model.bars.map((bar) => [bar.state, bar.durationMs, bar.live]), [
      ['failed', 0, false], ['success', 10 * 60_000, false], ['running', 30 * 60_000, true], ['queued', 0, true],
    ]);
    assert.deepStrictEqual(model.rows.map((row) => row.duration), ['—', '30 min so far', '10 min', '—']);
    assert.strictEqual(model.rows[0].started, 'Not started yet');
  });

  it('speaks of warehouse imports and connectors alike, by their own names', () => {
    const warehouse = anImport({ id: 7, tableParams: { dataset_name: 'analytics', table_name: 'events' } });
    const runs = [finished(1, 5, { status: 'cancelled' }), finished(3, 20, { counters: { num_events_imported: 10 } }), finished(4, 40, { counters: { num_events_imported: 30 } })];
    const model = overviewModel(warehouse, runs, options);
    assert.deepStrictEqual([model.heading, model.subheading], ['analytics.events', 'Warehouse import · the last 3 runs']);
    assert.strictEqual(figures(runs).successRate, '67% | 2 of 3 finished runs', 'a cancelled run counts as finished, not as a success');
    assert.strictEqual(figures(runs).medianEvents, '20 | median over 2 runs');
    assert.strictEqual(figures(runs).slowest, '40 min | started Nov 26, 2026, 8:00 AM');
    assert.deepStrictEqual(model.eventsAxis, { max: 30, ticks: [0, 10, 20, 30].map((value) => ({ value, label: String(value) })) });
  });

  it('keeps API text as one short line in bars, rows and figures', () => {
    const message = `[click](command:evil) ${'x'.repeat(500)}`;
    const run = finished(1, 1, { status: 'failed', error: { message } });
    const model = overviewModel(aConnector(), [run], options);
    assert.ok(model.rows[0].error.length <= 160 && model.rows[0].error.startsWith('[click](command:evil)'));
    assert.ok(model.bars[0].description.length < 250);
  });

  it('draws and lists a bounded number of runs, the newest, however many the source has', () => {
    const runs = Array.from({ length: 1_000 }, (_, index) => finished(index + 1, 5));
    const model = overviewModel(aConnector(), runs, options);
    assert.strictEqual(model.bars.length, OVERVIEW_RUNS_SHOWN);
    assert.strictEqual(model.rows.length, OVERVIEW_RUNS_SHOWN);
    assert.strictEqual(model.rows[0].runKey, runs[0].key, 'the newest first');
  });

  it('rounds axes to steps people read', () => {
    assert.deepStrictEqual(durationAxis(37 * 60_000, t).ticks.map((tick) => tick.label), ['0 s', '10 min', '20 min', '30 min', '40 min']);
    assert.deepStrictEqual(durationAxis(7 * 3_600_000, t).ticks.map((tick) => tick.label), ['0 s', '2 h', '4 h', '6 h', '8 h']);
    assert.strictEqual(durationAxis(45 * 86_400_000, t).max >= 45 * 86_400_000, true);
    assert.deepStrictEqual(countAxis(1_234_567, 'en-US').ticks.map((tick) => tick.label), ['0', '500K', '1M', '1.5M']);
    assert.deepStrictEqual(countAxis(0, 'en-US').ticks.map((tick) => tick.value), [0, 1]);
  });

  describe('with health', () => {
    const counted = (hoursAgo: number, events: number) => finished(hoursAgo, 5, { counters: { num_events_imported: events } });

    it('draws the usual events band from five successes or more, and marks the runs outside it', () => {
      const runs = [counted(1, 90), ...[2, 3, 4, 5, 6, 7].map((hours) => counted(hours, 1_000 + hours))];
      const model = overviewModel(anImport(), runs, options);
      assert.ok(model.eventsBand && model.eventsBand.low > 90 && model.eventsBand.high < 1_100, JSON.stringify(model.eventsBand));
      const flagged = model.bars.filter((bar) => bar.flagged);
      assert.deepStrictEqual(flagged.map((bar) => bar.events), [90]);
      assert.match(flagged[0].description, /flagged$/);
      assert.strictEqual(overviewModel(anImport(), runs.slice(0, 4), options).eventsBand, undefined, 'four successes are not a baseline');
    });

    it('marks the run a finding names, and says how far back the kept runs reach', () => {
      const runs = [finished(1, 5, { status: 'running', endTime: undefined }), finished(30, 5), finished(40, 5)];
      const model = overviewModel(anImport(), runs, { ...options, findings: [{ kind: 'stuck', severity: 'warning', since: NOW, expected: 1, seen: 2, runKey: runs[0].key }], keptBeyond: 2 });
      assert.deepStrictEqual(model.bars.map((bar) => bar.flagged === true), [false, false, true]);
      assert.strictEqual(model.historyNote, 'Since Nov 24, 2026, 8:00 PM: 3 runs, 2 of them kept by the extension beyond what Mixpanel still lists.');
    });
  });
});
