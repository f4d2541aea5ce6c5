import * as assert from 'assert';
import { SourceEntry, ProjectEntry } from '../../../../src/core/model/entries';
import { fromCache, MAX_SNAPSHOT_CHARS, toCache } from '../../../../src/core/engine/snapshotCache';
import { SourceStore } from '../../../../src/core/engine/store';
import { Run } from '../../../../src/mixpanel/types';
import { aConnector, aRun } from '../../builders';

const failedRun = aRun({ owner: 'k', status: 'failed', startTime: 1 });
const okRun = aRun({ owner: 'k', status: 'success', startTime: 1 });

/** A connector of its own label, with these runs. */
function entry(label: string, runs: Run[]): SourceEntry {
  return { source: aConnector({ id: label, label }), runs };
}

describe('snapshot cache', () => {
  const project: ProjectEntry = { id: 7, name: 'Web', state: 'ready', sources: [entry('Orders', [failedRun])], failures: 2, fromCache: false, lastSuccessAt: 1000, problem: { kind: 'network', details: { host: 'x' }, at: 2 } };

  it('round-trips through JSON for the same owner only', () => {
    const stored = JSON.parse(JSON.stringify(toCache([project], 'owner-a', 5000)));
    const restored = fromCache(stored, 'owner-a');
    assert.strictEqual(restored.length, 1);
    assert.strictEqual(restored[0].fromCache, true);
    assert.strictEqual(restored[0].problem, undefined);
    assert.strictEqual(restored[0].sources[0].runs[0].status, 'failed');
    assert.deepStrictEqual(fromCache(stored, 'owner-b'), []);
  });

  it('stays within its size however many runs and long errors there are, keeping every connector', () => {
    const longError = { message: 'x'.repeat(12_000) };
    const connectors = Array.from({ length: 100 }, (_, index) => entry(`C${index}`,
      Array.from({ length: 100 }, (_unused, run) => ({ ...failedRun, key: `C${index}/${run}/0`, startTime: run, error: longError }))));
    const snapshot = toCache([{ ...project, sources: connectors }], 'o', 5000);
    assert.ok(JSON.stringify(snapshot).length <= MAX_SNAPSHOT_CHARS, `${JSON.stringify(snapshot).length} characters`);
    assert.strictEqual(snapshot.projects[0].sources.length, 100);
    const small = toCache([project], 'o', 5000);
    assert.strictEqual(small.projects[0].sources[0].runs.length, 1, 'a small project keeps its runs');
  });

  it('reads a cache of the version before, whose sources were one widened shape told apart by family', () => {
    const version2 = {
      version: 2, owner: 'o', savedAt: 5000,
      projects: [{
        id: 7, name: 'Web', state: 'ready', lastSuccessAt: 1000, failures: 0, fromCache: true,
        connectors: [
          { connector: { family: 'warehouse', id: 'warehouse-40123', projectId: 7, label: 'events', type: 'event_stream', warehouse: { id: 40123, projectId: 7, tableParams: { table_name: 'events' }, paused: true, raw: {} }, raw: {} }, runs: [failedRun] },
          { connector: { family: 'cloudImport', id: 'c-1', projectId: 7, label: 'Orders', type: 'gcsImport', bucket: 'b', raw: {} }, runs: [okRun], updatedAt: 900 },
        ],
      }],
    };
    const [restored] = fromCache(JSON.parse(JSON.stringify(version2)), 'o');
    assert.deepStrictEqual(restored.sources.map((entry) => [entry.source.kind, entry.source.id, entry.runs[0].status]), [['warehouse', '40123', 'failed'], ['cloudImport', 'c-1', 'success']]);
    const [imported, connector] = restored.sources.map((entry) => entry.source);
    assert.ok(imported.kind === 'warehouse' && imported.warehouseImport.paused);
    assert.ok(connector.kind === 'cloudImport' && connector.connector.bucket === 'b' && !('family' in connector.connector));
    assert.deepStrictEqual(fromCache({ ...version2, projects: [{ ...version2.projects[0], connectors: [{ connector: { family: 'warehouse', id: 'w', projectId: 7 }, runs: [] }] }] }, 'o'), [], 'an import without its import is dropped');
  });

  it('ignores garbage', () => {
    for (const garbage of [undefined, null, 3, 'x', { version: 2 }, { version: 3 }, { version: 1, owner: 'o', projects: [{ id: 'no' }] },
      { version: 3, owner: 'o', projects: [{ id: 1, name: 'n', lastSuccessAt: 1, sources: [{ source: { kind: 'ftp', id: 'x', projectId: 1 }, runs: [] }] }] }]) {
      assert.deepStrictEqual(fromCache(garbage, 'o'), []);
    }
  });

  it('is shown marked as cached until the first refresh lands', () => {
    const store = new SourceStore(() => 10_000);
    store.setProjects([7]);
    store.restore(fromCache(JSON.parse(JSON.stringify(toCache([project], 'o', 5000))), 'o'));
    assert.strictEqual(store.project(7)!.fromCache, true);
    assert.strictEqual(store.project(7)!.sources.length, 1);
    store.applyProject(7, [{ source: project.sources[0].source, runs: [okRun] }]);
    assert.strictEqual(store.project(7)!.fromCache, false);
  });
});
