import * as assert from 'assert';
import { rowId } from '../../../../src/core/presentation/rows';
import { connectorRef, importRef } from '../../builders';

describe('row ids', () => {
  it('read back what they were built from', () => {
    const connector = connectorRef('a/b-connector', 7);
    const runKey = 'a/b-connector/1600239600000/0';
    assert.deepStrictEqual(rowId.parse(rowId.project(7)), { kind: 'project', ref: { projectId: 7 } });
    assert.deepStrictEqual(rowId.parse(rowId.source(connector)), { kind: 'source', ref: { projectId: 7, source: connector } });
    assert.deepStrictEqual(rowId.parse(rowId.run(connector, runKey)), { kind: 'run', ref: { projectId: 7, source: connector, runKey } });
    assert.deepStrictEqual(rowId.parse(rowId.loadMore(importRef(40123, 7))), { kind: 'loadMore', ref: { projectId: 7, source: importRef(40123, 7) } });
    assert.deepStrictEqual(rowId.parse(rowId.message('problem', 7)), { kind: 'message', ref: { projectId: 7 } });
  });

  it('keep a connector and an import of the same id, and ids full of slashes and percents, apart', () => {
    const ids = [rowId.source(connectorRef('9', 7)), rowId.source(importRef(9, 7)), rowId.source(connectorRef('warehouse/9', 7)), rowId.source(connectorRef('%2F', 7))];
    assert.strictEqual(new Set(ids).size, ids.length);
    assert.deepStrictEqual(ids.map((id) => rowId.parse(id)?.ref.source), [connectorRef('9', 7), importRef(9, 7), connectorRef('warehouse/9', 7), connectorRef('%2F', 7)]);
  });

  it('are not guessed from anything else', () => {
    for (const id of ['', 'project/x', 'run/7/short', 'source/7', 'source/7/ftp/x', 'source/7/cloudImport', 'source/7/cloudImport/%E0%A4%A', 'run/7/warehouse/9',
      'elsewhere/7/c', 'project/7/extra', 'source/7/warehouse/9/extra/more', 'connector/7/c']) {
      assert.strictEqual(rowId.parse(id), undefined, id);
    }
  });
});
