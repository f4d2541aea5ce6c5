import * as assert from 'assert';
import { fieldLocator, fieldRange, importFileName, readImportFile, withFields } from '../../../../../../src/core/sources/warehouse/importFiles/importFile';
import { parseWarehouseImport } from '../../../../../../src/mixpanel/warehouse';

const text = `{
    "project_id": 1001,
    "warehouse_source_name": "bq-prod",
    "import_type": "event_stream",
    "table_params": { "dataset_name": "events", "table_name": "app_events" },
    "run_every": 3600000000000
}
`;

describe('an import file\'s text', () => {
  it('is read into the project, the id, the source\'s name and the request', () => {
    const read = readImportFile(text);
    assert.ok('file' in read);
    assert.strictEqual(read.file.projectId, 1001);
    assert.strictEqual(read.file.importId, undefined);
    assert.strictEqual(read.file.sourceName, 'bq-prod');
    assert.deepStrictEqual(Object.keys(read.file.request), ['import_type', 'table_params', 'run_every']);
  });

  it('says why a text is not an import file: not JSON, not an object, no project', () => {
    assert.deepStrictEqual(Object.keys(readImportFile('{ "project_id": 1, }')), ['problem']);
    assert.strictEqual((readImportFile('{ "project_id": 1, }') as { problem: { kind: string } }).problem.kind, 'notJson');
    assert.strictEqual((readImportFile('[]') as { problem: { kind: string } }).problem.kind, 'notAnObject');
    assert.strictEqual((readImportFile('{ "project_id": -3 }') as { problem: { kind: string } }).problem.kind, 'noProject');
    assert.strictEqual((readImportFile('{ "project_id": 1e400 }') as { problem: { kind: string } }).problem.kind, 'noProject');
  });

  it('refuses a "__proto__" key anywhere (it would hide "project_id" from a reader), also written with escapes', () => {
    const kindOf = (source: string) => (readImportFile(source) as { problem?: { kind: string } }).problem?.kind;
    assert.strictEqual(kindOf('{ "__proto__": { "project_id": 666 }, "project_id": 1 }'), 'reservedKey');
    assert.strictEqual(kindOf('{ "project_id": 1, "table_params": { "\\u005f_proto__": {} } }'), 'reservedKey');
    assert.strictEqual(kindOf('{ "project_id": 1, "proto": 1 }'), undefined);
  });

  it('is not read past the size of any import file, and is parsed once for all its fields\' places', () => {
    const large = `{ "project_id": 1, "pad": "${'x'.repeat(300 * 1024)}" }`;
    assert.strictEqual((readImportFile(large) as { problem?: { kind: string } }).problem?.kind, 'tooLarge');
    const locate = fieldLocator(text);
    assert.deepStrictEqual(locate(['run_every']), fieldRange(text, ['run_every']));
    assert.deepStrictEqual(locate(['table_params', 'table_name']), fieldRange(text, ['table_params', 'table_name']));
  });

  it('places a field by its path, and an absent one on its parent', () => {
    const range = fieldRange(text, ['run_every'])!;
    assert.strictEqual(text.slice(range.offset, range.offset + range.length), '"run_every": 3600000000000');
    const nested = fieldRange(text, ['table_params', 'table_name'])!;
    assert.strictEqual(text.slice(nested.offset, nested.offset + nested.length), '"table_name": "app_events"');
    const absent = fieldRange(text, ['table_params', 'project_id'])!;
    assert.ok(text.slice(absent.offset, absent.offset + absent.length).startsWith('"table_params"'));
    assert.deepStrictEqual(fieldRange(text, ['time_column_name']), { offset: 0, length: 1 });
  });

  it('writes the id back after the project, in the file\'s own indentation, touching nothing else', () => {
    const updated = withFields(text, { import_id: 60001 });
    assert.strictEqual(updated, text.replace('"project_id": 1001,\n', '"project_id": 1001,\n    "import_id": 60001,\n'));
    assert.strictEqual(withFields(updated, { import_id: 60002 }), updated.replace('60001', '60002'), 'an id already there is replaced in place');
  });

  it('is named after its table, in characters every file system takes', () => {
    const live = parseWarehouseImport({ id: 7, import_type: 'people', table_params: {} }, 1);
    assert.strictEqual(importFileName(live, 'ANALYTICS.CRM.USERS'), 'ANALYTICS.CRM.USERS.mixpanel-import.json');
    assert.strictEqual(importFileName(live, '../../etc/pass wd'), 'etc-pass-wd.mixpanel-import.json');
    assert.strictEqual(importFileName(live, undefined), 'people-7.mixpanel-import.json');
  });
});
