import * as assert from 'assert';
import { ImportFile, Json } from '../../../../../../src/core/sources/warehouse/importFiles/importFile';
import { checkImportFile, IMPORT_RULES, RuleContext } from '../../../../../../src/core/sources/warehouse/importFiles/rules';
import { plainTranslate } from '../../../../../../src/shared/l10n';

const events: Json = {
  import_type: 'event_stream', warehouse_source_id: 7, table_params: { table_name: 't' }, event_column_name: 'event', time_column_name: 'ts',
  company_column_name: 'company', sync_mode: 'time_based', run_every: 86_400_000_000_000,
};
const lookup: Json = { import_type: 'lookup_table', warehouse_source_id: 7, table_params: {}, sync_mode: 'full_sync', property_key_column_name: 'id' };

function file(request: Json, importId?: number): ImportFile {
  return { projectId: 1, importId, request, keys: Object.keys(request) };
}

interface Case {
  readonly file: ImportFile;
  readonly context?: RuleContext;
}

/** For each rule: files that break it, and the nearest files that do not. */
const cases: Record<string, { breaks: Case[]; keeps: Case[]; severity?: string; field?: string }> = {
  mirrorNotOnPostgres: {
    breaks: [{ file: file({ ...events, sync_mode: 'mirror_mode' }), context: { warehouseType: 'postgres' } }],
    keeps: [{ file: file({ ...events, sync_mode: 'mirror_mode' }), context: { warehouseType: 'redshift' } }, { file: file(events), context: { warehouseType: 'postgres' } }],
    severity: 'error', field: 'sync_mode',
  },
  mirrorNotOnViews: {
    breaks: [{ file: file({ ...events, sync_mode: 'mirror_mode' }), context: { warehouseType: 'bigquery' } }, { file: file({ ...events, sync_mode: 'mirror_mode' }), context: { warehouseType: 'databricks' } }],
    keeps: [{ file: file({ ...events, sync_mode: 'mirror_mode' }), context: { warehouseType: 'snowflake' } }, { file: file({ ...events, sync_mode: 'mirror_mode' }) }],
    severity: 'information', field: 'table_params',
  },
  mirrorNeedsChangeTracking: {
    breaks: [{ file: file({ ...events, sync_mode: 'mirror_mode' }), context: { warehouseType: 'snowflake' } }],
    keeps: [{ file: file(events), context: { warehouseType: 'snowflake' } }, { file: file({ ...events, sync_mode: 'mirror_mode' }), context: { warehouseType: 'bigquery' } }],
    severity: 'warning', field: 'sync_mode',
  },
  lookupTableSyncMode: {
    breaks: [{ file: file({ ...lookup, sync_mode: 'time_based' }) }, { file: file({ ...lookup, sync_mode: 'mirror_mode' }) }],
    keeps: [{ file: file(lookup) }, { file: file({ ...lookup, sync_mode: 'one_time' }) }, { file: file({ ...events, sync_mode: 'time_based' }) }],
    severity: 'error', field: 'sync_mode',
  },
  fullSyncNotForEvents: {
    breaks: [{ file: file({ ...events, sync_mode: 'full_sync' }) }],
    keeps: [{ file: file({ ...lookup, sync_mode: 'full_sync' }) }, { file: file(events) }],
    severity: 'warning', field: 'sync_mode',
  },
  eventNameOrColumn: {
    breaks: [{ file: file({ ...events, event_column_name: undefined }) }, { file: file({ ...events, event_name: 'Order' }) }, { file: file({ ...events, event_column_name: '  ' }) }],
    keeps: [{ file: file(events) }, { file: file({ ...events, event_column_name: undefined, event_name: 'Order' }) }, { file: file({ ...lookup }) }],
    severity: 'error',
  },
  runEveryDocumented: {
    breaks: [{ file: file({ ...events, run_every: 300_000_000_000 }) }, { file: file({ ...events, run_every: 'daily' }) }],
    keeps: [{ file: file(events) }, { file: file({ ...events, run_every: 0 }) }, { file: file({ ...events, run_every: undefined }) }],
    severity: 'error', field: 'run_every',
  },
  companyColumnForB2B: {
    breaks: [{ file: file({ ...events, company_column_name: undefined }), context: { b2b: true } }, { file: file({ ...events, company_column_name: undefined }) }],
    keeps: [{ file: file(events), context: { b2b: true } }, { file: file({ ...events, company_column_name: undefined }), context: { b2b: false } }],
    field: 'import_type',
  },
  eventSyncNotCreatable: {
    breaks: [{ file: file({ ...events, import_type: 'event_sync' }) }],
    keeps: [{ file: file({ ...events, import_type: 'event_sync' }, 50003) }, { file: file(events) }],
    severity: 'error', field: 'import_type',
  },
};

describe('the rules of an import file', () => {
  it('has a case for every rule of the table, and every rule says its reason', () => {
    assert.deepStrictEqual(Object.keys(cases).sort(), IMPORT_RULES.map((rule) => rule.id).sort());
    for (const rule of IMPORT_RULES) {
      assert.match(rule.reason(plainTranslate), /Mixpanel/, `${rule.id} gives the documentation's reason`);
      assert.ok(rule.message(plainTranslate, { warehouseType: 'snowflake' }).length > 10);
    }
  });

  for (const [id, { breaks, keeps, severity, field }] of Object.entries(cases)) {
    it(`${id}: found where it is broken, and nowhere else`, () => {
      for (const [index, broken] of breaks.entries()) {
        const finding = checkImportFile(broken.file, broken.context ?? {}).find((candidate) => candidate.rule.id === id);
        assert.ok(finding, `case ${index} breaks ${id}`);
        if (severity && index === 0) {
          assert.strictEqual(finding.severity, severity);
        }
        if (field) {
          assert.strictEqual(finding.field, field);
        }
      }
      for (const [index, kept] of keeps.entries()) {
        assert.ok(!checkImportFile(kept.file, kept.context ?? {}).some((candidate) => candidate.rule.id === id), `case ${index} keeps ${id}`);
      }
    });
  }

  it('a B2B project makes a missing company column an error; unknown, a hint', () => {
    const missing = file({ ...events, company_column_name: undefined });
    assert.strictEqual(checkImportFile(missing, { b2b: true }).find((finding) => finding.rule.id === 'companyColumnForB2B')?.severity, 'error');
    assert.strictEqual(checkImportFile(missing, {}).find((finding) => finding.rule.id === 'companyColumnForB2B')?.severity, 'hint');
  });

  it('places "both names" on event_column_name, and "neither" on import_type', () => {
    assert.strictEqual(checkImportFile(file({ ...events, event_name: 'Order' }), {}).find((finding) => finding.rule.id === 'eventNameOrColumn')?.field, 'event_column_name');
    assert.strictEqual(checkImportFile(file({ ...events, event_column_name: undefined }), {}).find((finding) => finding.rule.id === 'eventNameOrColumn')?.field, 'import_type');
  });
});
