import * as assert from 'assert';
import { rowId } from '../../../../src/core/presentation/rows';

describe('row ids', () => {
  it('read back what they were built from', () => {
    const runKey = 'a/b-connector/1600239600000/0';
    assert.deepStrictEqual(rowId.parse(rowId.project(7)), { kind: 'project', ref: { projectId: 7 } });
    assert.deepStrictEqual(rowId.parse(rowId.connector(7, 'a/b-connector')), { kind: 'connector', ref: { projectId: 7, connectorId: 'a/b-connector' } });
    assert.deepStrictEqual(rowId.parse(rowId.run(7, runKey)), { kind: 'run', ref: { projectId: 7, connectorId: 'a/b-connector', runKey } });
    assert.deepStrictEqual(rowId.parse(rowId.loadMore(7, 'c')), { kind: 'loadMore', ref: { projectId: 7, connectorId: 'c' } });
    assert.deepStrictEqual(rowId.parse(rowId.message('problem', 7)), { kind: 'message', ref: { projectId: 7 } });
  });

  it('are not guessed from anything else', () => {
    for (const id of ['', 'project/x', 'run/7/short', 'connector/7', 'elsewhere/7/c', 'project/7/extra']) {
      assert.strictEqual(rowId.parse(id), undefined, id);
    }
  });
});
