import * as assert from 'assert';
import { describeFilter, matchesFilter, NO_FILTER } from '../../../src/core/presentation/filter';
import { ConnectorEntry, ProjectEntry } from '../../../src/core/engine/model';
import { fromCache, MAX_SNAPSHOT_CHARS, toCache } from '../../../src/core/engine/snapshotCache';
import { ConnectorStore } from '../../../src/core/engine/store';
import { Connector, Run } from '../../../src/mixpanel/types';
import { plainTranslate as t } from '../../../src/shared/l10n';

const failedRun: Run = { key: 'k/1/0', connectorId: 'k', status: 'failed', rawStatus: 'failed', counters: {}, raw: {}, startTime: 1 };
const okRun: Run = { ...failedRun, status: 'success', rawStatus: 'success' };

function entry(label: string, bucket: string, prefix: string, runs: Run[]): ConnectorEntry {
  const connector: Connector = { family: 'cloudImport', id: label || bucket, projectId: 1, label, type: 'gcsImport', bucket, prefix, raw: {} };
  return { connector, runs };
}

describe('filter', () => {
  const orders = entry('Orders', 'acme-orders', 'daily/', [failedRun]);
  const web = entry('', 'acme-web', 'events/click', [okRun]);

  it('shows everything without a filter', () => {
    assert.ok(matchesFilter(orders, NO_FILTER) && matchesFilter(web, NO_FILTER));
    assert.strictEqual(describeFilter(NO_FILTER, 2, 2, t), undefined);
  });

  it('keeps only failed connectors', () => {
    const filter = { failedOnly: true, text: '' };
    assert.deepStrictEqual([orders, web].filter((e) => matchesFilter(e, filter)), [orders]);
    assert.strictEqual(describeFilter(filter, 1, 2, t), 'Failed connectors only: 1 of 2.');
  });

  it('matches text in the label, bucket or prefix, ignoring case', () => {
    assert.ok(matchesFilter(web, { failedOnly: false, text: 'CLICK' }));
    assert.ok(matchesFilter(web, { failedOnly: false, text: 'gs://acme-web' }));
    assert.ok(matchesFilter(orders, { failedOnly: false, text: 'orders' }));
    assert.ok(!matchesFilter(orders, { failedOnly: false, text: 'click' }));
    assert.ok(!matchesFilter(web, { failedOnly: true, text: 'click' }));
  });
});

describe('snapshot cache', () => {
  const project: ProjectEntry = { id: 7, name: 'Web', state: 'ready', connectors: [entry('Orders', 'b', 'p', [failedRun])], failures: 2, fromCache: false, lastSuccessAt: 1000, problem: { kind: 'network', details: { host: 'x' }, at: 2 } };

  it('round-trips through JSON for the same owner only', () => {
    const stored = JSON.parse(JSON.stringify(toCache([project], 'owner-a', 5000)));
    const restored = fromCache(stored, 'owner-a');
    assert.strictEqual(restored.length, 1);
    assert.strictEqual(restored[0].fromCache, true);
    assert.strictEqual(restored[0].problem, undefined);
    assert.strictEqual(restored[0].connectors[0].runs[0].status, 'failed');
    assert.deepStrictEqual(fromCache(stored, 'owner-b'), []);
  });

  it('stays within its size however many runs and long errors there are, keeping every connector', () => {
    const longError = { message: 'x'.repeat(12_000) };
    const connectors = Array.from({ length: 100 }, (_, index) => entry(`C${index}`, 'b', 'p',
      Array.from({ length: 100 }, (_unused, run) => ({ ...failedRun, key: `C${index}/${run}/0`, startTime: run, error: longError }))));
    const snapshot = toCache([{ ...project, connectors }], 'o', 5000);
    assert.ok(JSON.stringify(snapshot).length <= MAX_SNAPSHOT_CHARS, `${JSON.stringify(snapshot).length} characters`);
    assert.strictEqual(snapshot.projects[0].connectors.length, 100);
    const small = toCache([project], 'o', 5000);
    assert.strictEqual(small.projects[0].connectors[0].runs.length, 1, 'a small project keeps its runs');
  });

  it('ignores garbage', () => {
    for (const garbage of [undefined, null, 3, 'x', { version: 2 }, { version: 1, owner: 'o', projects: [{ id: 'no' }] }]) {
      assert.deepStrictEqual(fromCache(garbage, 'o'), []);
    }
  });

  it('is shown marked as cached until the first refresh lands', () => {
    const store = new ConnectorStore(() => 10_000);
    store.setProjects([7]);
    store.restore(fromCache(JSON.parse(JSON.stringify(toCache([project], 'o', 5000))), 'o'));
    assert.strictEqual(store.project(7)!.fromCache, true);
    assert.strictEqual(store.project(7)!.connectors.length, 1);
    store.applyProject(7, [{ connector: project.connectors[0].connector, runs: [okRun] }]);
    assert.strictEqual(store.project(7)!.fromCache, false);
  });
});
