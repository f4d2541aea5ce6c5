import * as assert from 'assert';
import { sourceAccessibilityLabel, sourceDescription, sourceFacts, projectDescription, statusIcon, sourceState } from '../../../../../src/core/presentation/presenters';
import { runDetailsModel } from '../../../../../src/core/presentation/runDetails';
import { importLabel, runFromWarehouseRun, Schedule, scheduleWord } from '../../../../../src/core/sources/warehouse/warehouseKind';
import { warehouseSource } from '../../../../../src/core/model/source';
import { WarehouseImport } from '../../../../../src/mixpanel/types';
import { parseWarehouseImports, parseWarehouseRuns } from '../../../../../src/mixpanel/warehouse';
import { plainTranslate as t } from '../../../../../src/shared/l10n';
import { fixture } from '../../../../fake-mixpanel/scenarios';
import { aProject } from '../../../builders';

const NOW = 1774955000000;
const options = { t, now: NOW, locale: 'en-US', timeZone: 'UTC' };
const [bigQuery, snowflake] = parseWarehouseImports(fixture('warehouse-imports-list.json'), 7).items;
const runs = parseWarehouseRuns(fixture('warehouse-import-history.json'), bigQuery.id).items.map(runFromWarehouseRun);

function anImport(overrides: Partial<WarehouseImport>): WarehouseImport {
  return { ...bigQuery, ...overrides };
}

describe('warehouse imports as sources of runs', () => {
  it('are named from their table, whatever the warehouse, and by id without one', () => {
    assert.strictEqual(importLabel(bigQuery, t), 'events.app_events');
    assert.strictEqual(importLabel(snowflake, t), 'ANALYTICS.CRM.USERS');
    assert.strictEqual(importLabel(anImport({ tableParams: { catalog: 'main', schema: 'sales', table: 'orders' } }), t), 'main.sales.orders');
    assert.strictEqual(importLabel(anImport({ tableParams: { database: 'db', schema_name: 'public', table_name: 't' } }), t), 'db.public.t');
    for (const tableParams of [{}, { query: 'SELECT 1' }, { table_name: 42 }, { table_name: '  ' }]) {
      assert.strictEqual(importLabel(anImport({ tableParams }), t), 'Import 40123');
    }
  });

  it('say their schedule in words', () => {
    assert.deepStrictEqual([Schedule.hourly, Schedule.daily, Schedule.weekly, Schedule.onDemand, 900_000_000_000, undefined].map((ns) => scheduleWord(ns, t)),
      ['hourly', 'daily', 'weekly', 'on demand', 'every 15 min', 'no schedule']);
  });

  it('read their runs in seconds or milliseconds, every status, CANCELLED as its own state', () => {
    assert.deepStrictEqual(runs.map((run) => [run.status, run.key.split('/')[0]]), [['running', '40123'], ['failed', '40123'], ['success', '40123'], ['cancelled', '40123']]);
    assert.strictEqual(runs[2].startTime, 1774947600000);
    assert.deepStrictEqual(runs[2].counters, { num_events_imported: 182340 });
    assert.deepStrictEqual(runs[3].counters, {}, 'null events are no counter');
    const inMs = parseWarehouseRuns({ status: 'ok', results: { runs: [{ status: 'SUCCEEDED', start_time: 1774947600123, end_time: null, num_events_imported: null }] } }, 1).items;
    assert.strictEqual(inMs[0].startTime, 1774947600123);
    assert.deepStrictEqual(statusIcon('cancelled'), { id: 'circle-slash', color: 'testing.iconSkipped' });
    const nulls = parseWarehouseRuns({ status: 'ok', results: { runs: [{ status: null, start_time: null, end_time: null, num_events_imported: null }] } }, 1).items;
    assert.deepStrictEqual([nulls[0].status, nulls[0].startTime], ['unknown', undefined]);
  });

  it('describe themselves by their newest run, schedule, sync mode and pause', () => {
    const running = { source: warehouseSource(bigQuery), runs };
    assert.strictEqual(sourceDescription(running, options), 'running · 3 min ago · hourly · time-based');
    const paused = { source: warehouseSource(snowflake), runs: runs.slice(2) };
    assert.strictEqual(sourceDescription(paused, options), 'succeeded · 2 h ago · daily · mirror · paused');
    assert.strictEqual(sourceState(paused), 'paused-source');
    assert.strictEqual(sourceState({ ...paused, runs: runs.slice(1) }), 'failed', 'a paused import whose newest run failed shows the failure');
    assert.strictEqual(sourceAccessibilityLabel(paused, options), 'Import ANALYTICS.CRM.USERS, succeeded, daily, paused');
    assert.strictEqual(sourceDescription({ source: warehouseSource(bigQuery), runs: [] }, options), 'no runs yet · hourly · time-based');
  });

  it('tell their type, sync mode, schedule, last dispatch, creator and source in the tooltip and panel', () => {
    const facts = Object.fromEntries(sourceFacts(warehouseSource(bigQuery), options));
    assert.deepStrictEqual(facts, {
      Type: 'Events', 'Sync mode': 'time-based', Schedule: 'hourly', Paused: 'no', 'Last dispatch': 'Mar 31, 2026, 10:00 AM',
      Created: 'Mar 2, 2026, 10:15 AM', 'Created by': 'Data Team <data-team@example.com>', 'Warehouse source': '7001', 'Import ID': '40123',
    });
  });

  it('say that Mixpanel gives no reason for a failed run, where the reason would be', () => {
    const model = runDetailsModel(runs[1], warehouseSource(bigQuery), options);
    assert.strictEqual(model.error, undefined);
    assert.match(model.note!, /^Mixpanel does not say why a warehouse run failed/);
    assert.strictEqual(model.labels.source, 'Import');
    assert.strictEqual(runDetailsModel(runs[2], warehouseSource(bigQuery), options).note, undefined);
  });

  it('are counted beside connectors in a project\'s row', () => {
    const project = aProject({ sources: [{ source: warehouseSource(bigQuery), runs }, { source: warehouseSource(snowflake), runs: [] }] });
    assert.strictEqual(projectDescription(project, options), '2 imports');
    assert.strictEqual(projectDescription({ ...project, state: 'unavailable', sources: [] }, options), 'no imports');
  });
});
