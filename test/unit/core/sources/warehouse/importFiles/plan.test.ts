import * as assert from 'assert';
import { ImportFile, importFileOf, Json, readImportFile } from '../../../../../../src/core/sources/warehouse/importFiles/importFile';
import { applicable, planImport } from '../../../../../../src/core/sources/warehouse/importFiles/plan';
import { planLines, planSummary } from '../../../../../../src/core/sources/warehouse/importPlanMessages';
import { parseWarehouseImport } from '../../../../../../src/mixpanel/warehouse';
import { WarehouseImport } from '../../../../../../src/mixpanel/types';
import { plainTranslate as t } from '../../../../../../src/shared/l10n';
import { generatedSchema } from './generated';

const meta = generatedSchema()['x-mixpanel'];
const HOURLY = 3_600_000_000_000;
const DAILY = 86_400_000_000_000;
const SOURCES = [{ id: 7001, name: 'bq-prod', warehouseType: 'bigquery' }, { id: 7002, name: 'snowflake-analytics', warehouseType: 'snowflake' }];

function live(fields: Json = {}): WarehouseImport {
  return parseWarehouseImport({
    id: 40123, import_type: 'event_stream', sync_mode: 'time_based', created: '2026-03-02T10:15:00Z', creator_id: 101, creator_name: 'Data Team',
    warehouse_source_id: 7001, table_params: { project_id: 'acme', dataset_name: 'events', table_name: 'app_events' }, paused: true, run_every: DAILY,
    last_dispatch: null, is_deleted: false, event_column_name: 'event_name', time_column_name: 'event_time', user_column_name: 'user_id', property_mappings: null,
    ...fields,
  }, 1001);
}

/** The file that exporting the live import writes, with some fields changed. */
function exported(changes: Json = {}): ImportFile {
  const text = JSON.stringify({ ...importFileOf(live(), SOURCES[0], meta), ...changes });
  const read = readImportFile(text);
  assert.ok('file' in read);
  return read.file;
}

describe('the plan of an import file', () => {
  it('no change: an exported file is what Mixpanel has', () => {
    const plan = planImport({ file: exported(), live: live(), sources: SOURCES, meta });
    assert.strictEqual(plan.action, 'none');
    assert.deepStrictEqual(plan.changes, []);
    assert.strictEqual(applicable(plan), false);
    assert.match(planSummary(plan, t), /^No changes/);
  });

  it('in place: a new schedule is a PATCH that keeps the pause', () => {
    const plan = planImport({ file: exported({ run_every: HOURLY }), live: live(), sources: SOURCES, meta });
    assert.strictEqual(plan.action, 'update');
    assert.deepStrictEqual(plan.changes, [{ field: 'run_every', before: DAILY, after: HOURLY, inPlace: true }]);
    assert.deepStrictEqual(plan.request, { paused: true, run_every: HOURLY });
    assert.ok(applicable(plan));
    assert.strictEqual(planSummary(plan, t), '1 to change: schedule: daily → hourly');
  });

  it('not in place: a new table is marked so, says what a new import costs, and is not applicable', () => {
    const plan = planImport({ file: exported({ table_params: { project_id: 'acme', dataset_name: 'events', table_name: 'app_events_v2' }, run_every: HOURLY }), live: live(), sources: SOURCES, meta });
    assert.strictEqual(plan.action, 'update');
    assert.deepStrictEqual(plan.changes.map((change) => [change.field, change.inPlace]), [['table_params', false], ['run_every', true]]);
    assert.deepStrictEqual(plan.blockers, [{ kind: 'notInPlace', fields: ['table_params'] }]);
    assert.strictEqual(applicable(plan), false);
    assert.match(planSummary(plan, t), /table: cannot change in place/);
    const lines = planLines(plan, t).join('\n');
    assert.match(lines, /counted twice/);
    assert.match(lines, /billed/);
  });

  it('a column mapping the file drops is a change too, since Mixpanel would keep it', () => {
    const plan = planImport({ file: exported({ user_column_name: undefined }), live: live(), sources: SOURCES, meta });
    assert.deepStrictEqual(plan.changes, [{ field: 'user_column_name', before: 'user_id', after: undefined, inPlace: false }]);
  });

  it('a schedule the file leaves out is left as Mixpanel has it', () => {
    const plan = planImport({ file: exported({ run_every: undefined }), live: live(), sources: SOURCES, meta });
    assert.strictEqual(plan.action, 'none');
  });

  it('create: a file without an id, its source found by name in another project', () => {
    const file = exported({ import_id: undefined, project_id: 2002 });
    const plan = planImport({ file, live: undefined, sources: [{ id: 9100, name: 'bq-prod', warehouseType: 'bigquery' }], meta });
    assert.strictEqual(plan.action, 'create');
    assert.strictEqual(plan.projectId, 2002);
    assert.strictEqual(plan.request?.warehouse_source_id, 9100);
    assert.strictEqual(plan.request?.import_id, undefined, 'the file\'s own fields are not sent');
    assert.strictEqual(plan.request?.warehouse_source_name, undefined);
    assert.strictEqual(planSummary(plan, t), '1 to create');
    assert.match(planLines(plan, t).join('\n'), /"bq-prod" is 9100 in this project \(the file says 7001\)/);
  });

  it('stops where the source named is not in the project, the import is gone, or the type cannot be created', () => {
    const missing = planImport({ file: exported({ import_id: undefined }), live: undefined, sources: [{ id: 1, name: 'other' }], meta });
    assert.deepStrictEqual(missing.blockers, [{ kind: 'sourceNotFound', name: 'bq-prod' }]);
    const gone = planImport({ file: exported(), live: 'gone', sources: SOURCES, meta });
    assert.deepStrictEqual(gone.blockers, [{ kind: 'importGone', importId: 40123 }]);
    assert.match(planSummary(gone, t), /remove "import_id"/);
    const eventSync = planImport({ file: exported({ import_id: undefined, import_type: 'event_sync' }), live: undefined, sources: SOURCES, meta });
    assert.deepStrictEqual(eventSync.blockers, [{ kind: 'notCreatable', importType: 'event_sync' }]);
    assert.ok(![missing, gone, eventSync].some(applicable));
  });

  it('stops at a field the type\'s create request does not have, rather than let Mixpanel drop it unseen', () => {
    const plan = planImport({ file: exported({ import_id: undefined, user_colum_name: 'uid' }), live: undefined, sources: SOURCES, meta });
    assert.deepStrictEqual(plan.blockers, [{ kind: 'unknownFields', fields: ['user_colum_name'] }]);
    assert.strictEqual(applicable(plan), false);
    assert.match(planSummary(plan, t), /no field "user_colum_name"/);
    const lookupField = planImport({ file: exported({ import_id: undefined, property_key_column_name: 'id' }), live: undefined, sources: SOURCES, meta });
    assert.deepStrictEqual(lookupField.blockers, [{ kind: 'unknownFields', fields: ['property_key_column_name'] }], 'a lookup table\'s field is not an events import\'s');
  });

  it('uses the file\'s id as written when the sources cannot be read, and says so', () => {
    const plan = planImport({ file: exported({ import_id: undefined }), live: undefined, sources: undefined, meta });
    assert.strictEqual(plan.request?.warehouse_source_id, 7001);
    assert.ok(plan.sourcesUnread);
    assert.match(planLines(plan, t).join('\n'), /could not be read/);
  });

  it('a live change between two plans gives another key; the same data, the same key', () => {
    const file = exported({ run_every: HOURLY });
    const first = planImport({ file, live: live(), sources: SOURCES, meta });
    assert.strictEqual(planImport({ file, live: live(), sources: SOURCES, meta }).key, first.key);
    assert.notStrictEqual(planImport({ file, live: live({ paused: false }), sources: SOURCES, meta }).key, first.key, 'resumed in the web app');
    assert.notStrictEqual(planImport({ file, live: live({ run_every: 604_800_000_000_000 }), sources: SOURCES, meta }).key, first.key);
    assert.notStrictEqual(planImport({ file: exported({ run_every: 0 }), live: live(), sources: SOURCES, meta }).key, first.key, 'the file changed');
  });

  it('the live side of the diff is in the file\'s order, so only changes show', () => {
    const file = exported({ run_every: HOURLY });
    const plan = planImport({ file, live: live(), sources: SOURCES, meta });
    assert.deepStrictEqual(Object.keys(plan.liveFile!), file.keys.filter((key) => key in plan.liveFile!));
    assert.deepStrictEqual(Object.keys(plan.liveFile!).slice(0, 3), ['project_id', 'import_id', 'warehouse_source_name']);
  });
});
