import * as assert from 'assert';
import { SourceStore } from '../../../../src/core/engine/store';
import { DEFAULT_THRESHOLDS } from '../../../../src/core/health/judgement';
import { HealthMonitor } from '../../../../src/core/health/monitor';
import { SOURCE_HEALTH } from '../../../../src/core/sources';
import { TreeModel } from '../../../../src/core/presentation/treeModel';
import { rowId } from '../../../../src/core/presentation/rows';
import { problemFrom } from '../../../../src/core/model/entries';
import { MixpanelApiError } from '../../../../src/mixpanel/errors';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import { aConnector, aRun, connectorRef } from '../../builders';

const NOW = Date.UTC(2026, 10, 26, 12);

describe('TreeModel: the tree as rows', () => {
  let store: SourceStore;
  let model: TreeModel;
  let changes: Array<string | undefined>;
  let runsPerConnector: number;

  const runs = (connectorId: string, count: number) => Array.from({ length: count }, (_, index) => aRun({ owner: connectorId, startTime: NOW - (index + 1) * 3_600_000 }));

  beforeEach(() => {
    store = new SourceStore(() => NOW);
    runsPerConnector = 20;
    model = new TreeModel(store, () => ({ t, now: NOW, locale: 'en-US', timeZone: 'UTC' }), () => runsPerConnector);
    changes = [];
    model.onDidChange((id) => changes.push(id));
    store.setProjects([1]);
    store.applyProject(1, [
      { source: aConnector({ id: 'orders', label: 'Orders' }), runs: [aRun({ owner: 'orders', status: 'failed', error: { message: 'Bad file' } })] },
      { source: aConnector({ id: 'web', label: 'Web events' }), runs: runs('web', 45) },
    ]);
    changes.length = 0;
  });

  afterEach(() => model.dispose());

  it('shows one project\'s connectors at the top, with what each row offers and says', () => {
    const [orders, web] = model.children();
    assert.deepStrictEqual([orders.id, orders.label, orders.contextValue, orders.collapsible], [rowId.source(connectorRef('orders')), 'Orders', 'source:cloudImport hasError', 'collapsed']);
    assert.deepStrictEqual(orders.icon, { id: 'error', color: 'testing.iconFailed' });
    assert.match(orders.accessibilityLabel, /^Connector Orders, failed, Bad file$/);
    assert.strictEqual(web.contextValue, 'source:cloudImport');
    const [run] = model.children(orders.id);
    assert.deepStrictEqual([run.kind, run.contextValue, run.click, run.ref.runKey], ['run', 'run failed hasError', 'openRun', `orders/${Date.UTC(2026, 10, 1, 7)}/0`]);
    const { tooltip: tooltipAgain, ...found } = model.row(run.id)!;
    const { tooltip, ...shown } = run;
    assert.deepStrictEqual(found, shown, 'a row is found again by its id');
    assert.deepStrictEqual(tooltipAgain?.(), tooltip?.(), 'with the same tooltip, built when asked');
    assert.match((tooltip?.() as { markdown: string }).markdown, /\$\(error\) Bad file/);
  });

  it('gives each project a row of its own when there are several', () => {
    store.setProjects([1, 2]);
    const roots = model.children();
    assert.deepStrictEqual(roots.map((row) => [row.id, row.collapsible]), [['project/1', 'expanded'], ['project/2', 'expanded']]);
    assert.deepStrictEqual(model.children('project/2').map((row) => row.id), ['loading/2']);
  });

  it('shows runsPerConnector runs, then more on "Load more…", and forgets that when the connector goes', () => {
    const rows = () => model.children(rowId.source(connectorRef('web')));
    assert.strictEqual(rows().length, 21);
    const more = rows()[20];
    assert.deepStrictEqual([more.kind, more.description, more.click], ['loadMore', '25 older runs', 'loadMoreRuns']);
    model.loadMore(connectorRef('web'));
    assert.deepStrictEqual(changes, [rowId.source(connectorRef('web'))]);
    assert.strictEqual(rows().length, 41);
    store.applyProject(1, [{ source: aConnector({ id: 'orders' }), runs: [] }]);
    store.applyProject(1, [{ source: aConnector({ id: 'orders' }), runs: [] }, { source: aConnector({ id: 'web' }), runs: runs('web', 45) }]);
    assert.strictEqual(rows().length, 21, 'a connector that came back starts again');
  });

  it('says of a project with no source of any kind that it has none of each, and why where a kind knows', () => {
    store.setProjects([1, 2]);
    store.applyUnavailable(2);
    const [message] = model.children(rowId.project(2));
    assert.deepStrictEqual(typeof message.tooltip === 'function' ? message.tooltip() : message.tooltip, { text: 'Project 2 has no warehouse imports, and no Cloud Import connectors (Mixpanel answers 404 for them: Cloud Import was removed in 2024).' });
  });

  it('filters, and says so', () => {
    model.setFilter({ needsAttention: true, text: '' });
    assert.deepStrictEqual(model.children().map((row) => row.label), ['Orders']);
    assert.strictEqual(model.filterMessage(), 'Sources needing attention: 1 of 2.');
    model.setFilter({ needsAttention: false, text: 'WEB' });
    assert.deepStrictEqual(model.children().map((row) => row.label), ['Web events']);
    assert.strictEqual(model.attentionCount(), 1);
  });

  it('keeps the last good rows under a problem row, and leaves an empty failing project to the welcome view', () => {
    store.applyFailure(1, problemFrom(new MixpanelApiError('server', { status: 502 }), NOW), NOW + 15_000);
    const [problem, ...sources] = model.children();
    assert.deepStrictEqual([problem.id, problem.click], ['problem/1', 'refresh']);
    assert.match(problem.label, /^Not updated since just now: Mixpanel had a server error \(502\)/);
    assert.strictEqual(sources.length, 2);
    store.setProjects([]);
    store.setProjects([1]);
    store.applyFailure(1, problemFrom(new MixpanelApiError('server', { status: 502 }), NOW), NOW + 15_000);
    assert.deepStrictEqual(model.children(), []);
  });

  it('redraws one connector\'s row when only its runs changed, everything otherwise', () => {
    store.applyRuns(connectorRef('web'), runs('web', 3));
    assert.deepStrictEqual(changes, [rowId.source(connectorRef('web'))]);
    model.setFilter({ needsAttention: true, text: '' });
    store.applyRuns(connectorRef('web'), runs('web', 4));
    assert.deepStrictEqual(changes, [rowId.source(connectorRef('web')), undefined, undefined], 'a filter may hide or show it: the whole tree');
  });

  it('builds rows with what health makes of the latest change, even before its deferred judgement runs', () => {
    const healthStore = new SourceStore(() => NOW);
    const monitor = new HealthMonitor({
      store: healthStore, health: SOURCE_HEALTH, context: { warehouseConnection: () => undefined }, thresholds: () => DEFAULT_THRESHOLDS, now: () => NOW,
      defer: () => undefined,
    });
    const withHealth = new TreeModel(healthStore, () => ({ t, now: NOW, locale: 'en-US', timeZone: 'UTC' }), () => 20, monitor);
    healthStore.setProjects([1]);
    // A run going on for 7 hours, with no history to compare with: stuck after 6.
    healthStore.applyProject(1, [{ source: aConnector({ id: 'slow', label: 'Slow' }), runs: [aRun({ owner: 'slow', status: 'running', startTime: NOW - 7 * 3_600_000, endTime: undefined })] }]);
    const [row] = withHealth.children();
    assert.match(String(row.description), /^running 7 h · /);
    assert.strictEqual(row.icon?.id, 'pulse');
    withHealth.dispose();
    monitor.dispose();
  });
});
