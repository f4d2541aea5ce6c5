import { SourceStore } from '../../src/core/engine/store';
import { TreeModel } from '../../src/core/presentation/treeModel';
import { cloudImportSource, Source, warehouseSource } from '../../src/core/model/source';
import { Run } from '../../src/mixpanel/types';
import { plainTranslate as t } from '../../src/shared/l10n';

/**
 * Run in a process of its own by the day bench: the CPU time to build the top rows from a cache of
 * 50 sources (25 connectors, 25 imports, 5 of them running), as the first `getChildren` does in a
 * fresh extension host. Prints milliseconds.
 */

const now = Date.UTC(2026, 10, 26, 12);
const store = new SourceStore(() => now);
store.setProjects([1]);
const entries = Array.from({ length: 50 }, (_, index) => {
  const source: Source = index % 2 === 0
    ? cloudImportSource({ id: `c${index}`, projectId: 1, label: `Connector ${index}`, type: 'gcsImport', bucket: 'acme', prefix: 'events/', createdAt: now - 86_400_000, raw: {} })
    : warehouseSource({ id: 400 + index, projectId: 1, tableParams: { table_name: `events_${index}` }, paused: false, runEveryNs: 3_600_000_000_000, lastDispatch: now - 600_000, createdAt: now - 86_400_000, raw: {} });
  const running = index % 10 === 0;
  const run: Run = {
    key: `${source.id}/${now - 600_000}/0`, status: running ? 'running' : 'success', rawStatus: running ? 'running' : 'success',
    startTime: now - 600_000, endTime: running ? undefined : now - 60_000, progress: running ? 0.25 : undefined, counters: { num_events_imported: 1_204 }, raw: {},
  };
  return { source, runs: [run] };
});
store.applyProject(1, entries);
const model = new TreeModel(store, () => ({ t, now, locale: 'en-US' }), () => 20);
const started = process.hrtime.bigint();
const rows = model.children();
const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
if (rows.length !== 50) {
  throw new Error(`expected 50 rows, built ${rows.length}`);
}
console.log(elapsed.toFixed(2));
