import { ConnectorStore } from '../../src/core/engine/store';
import { TreeModel } from '../../src/core/presentation/treeModel';
import { sourceFromImport } from '../../src/core/sources/warehouse';
import { Connector, Run } from '../../src/mixpanel/types';
import { plainTranslate as t } from '../../src/shared/l10n';

/**
 * Run in a process of its own by the day bench: the CPU time to build the top rows from a cache of
 * 50 sources (25 connectors, 25 imports, 5 of them running), as the first `getChildren` does in a
 * fresh extension host. Prints milliseconds.
 */

const now = Date.UTC(2026, 10, 26, 12);
const store = new ConnectorStore(() => now);
store.setProjects([1]);
const entries = Array.from({ length: 50 }, (_, index) => {
  const connector: Connector = index % 2 === 0
    ? { family: 'cloudImport', id: `c${index}`, projectId: 1, label: `Connector ${index}`, type: 'gcsImport', bucket: 'acme', prefix: 'events/', createdAt: now - 86_400_000, raw: {} }
    : sourceFromImport({ id: 400 + index, projectId: 1, tableParams: { table_name: `events_${index}` }, paused: false, runEveryNs: 3_600_000_000_000, lastDispatch: now - 600_000, createdAt: now - 86_400_000, raw: {} }, t);
  const running = index % 10 === 0;
  const run: Run = {
    key: `${connector.id}/${now - 600_000}/0`, connectorId: connector.id, status: running ? 'running' : 'success', rawStatus: running ? 'running' : 'success',
    startTime: now - 600_000, endTime: running ? undefined : now - 60_000, progress: running ? 0.25 : undefined, counters: { num_events_imported: 1_204 }, raw: {},
  };
  return { connector, runs: [run] };
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
