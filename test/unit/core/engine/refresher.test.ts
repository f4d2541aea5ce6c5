import * as assert from 'assert';
import { Refresher } from '../../../../src/core/engine/refresher';
import { ConnectorStore } from '../../../../src/core/engine/store';
import { aConnector, aRun } from '../../builders';
import { flush, HeldApi } from '../fakeApi';

/** The refresher against an in-memory API whose answers the test releases: sessions and races. */
describe('Refresher (in memory)', () => {
  const oldAccount = {
    projects: { 1: { name: 'Old account\'s project', connectors: [aConnector({ id: 'old-connector', label: 'Old account\'s connector' })], runs: { 'old-connector': [aRun({ connectorId: 'old-connector' })] } } },
  };
  const newAccount = {
    projects: { 1: { name: 'New account\'s project', connectors: [aConnector({ id: 'new-connector' })], runs: { 'new-connector': [aRun({ connectorId: 'new-connector' })] } } },
  };
  let store: ConnectorStore;
  let refresher: Refresher;

  beforeEach(() => {
    store = new ConnectorStore(() => 1_000);
    refresher = new Refresher(store, { now: () => 1_000, random: () => 0.5 });
    store.setProjects([1]);
  });

  afterEach(() => refresher.dispose());

  it('drops connectors and names from a session that ended, even when its answers arrive afterwards', async () => {
    const old = new HeldApi(oldAccount);
    refresher.setApi(old);
    const pending = refresher.refreshAll();
    await flush();
    // Another account signs in to the same project while the old answers are on their way.
    const next = new HeldApi(newAccount);
    refresher.setApi(next);
    store.clear();
    store.setProjects([1]);
    old.releaseAll();
    await flush();
    old.releaseAll();
    await pending;
    assert.strictEqual(store.project(1)?.name, 'Project 1', 'no name from the old account');
    assert.deepStrictEqual(store.project(1)?.connectors, [], 'no connector from the old account');
    assert.strictEqual(store.project(1)?.state, 'loading');
  });

  it('starts no request once disposed, even when handed a new session', async () => {
    const api = new HeldApi(newAccount, false);
    refresher.dispose();
    refresher.setApi(api);
    await refresher.refreshAll();
    await refresher.refreshConnectors(1, ['new-connector']);
    assert.deepStrictEqual(api.calls, []);
  });

  it('loads a project added while a full refresh is running at once, not at the next refresh', async () => {
    const api = new HeldApi({ projects: { ...newAccount.projects, 2: { name: 'Added', connectors: [], runs: {} } } });
    refresher.setApi(api);
    const first = refresher.refreshAll();
    await flush();
    store.setProjects([1, 2]);
    const second = refresher.refreshAll();
    await flush();
    assert.ok(api.calls.includes('connectors 2'), `asked: ${api.calls.join(', ')}`);
    assert.strictEqual(api.calls.filter((call) => call === 'connectors 1').length, 1, 'project 1 joins its refresh in flight');
    for (let round = 0; round < 3; round++) {
      api.releaseAll();
      await flush();
    }
    await Promise.all([first, second]);
    assert.strictEqual(store.project(2)?.state, 'ready');
    assert.strictEqual(store.project(2)?.name, 'Added');
  });

  it('asks a source\'s runs from the API of its kind, whatever its id reads like, and gives one id one row', async () => {
    const lookalike = aConnector({ id: 'warehouse-9', label: 'A connector named like an import' });
    const api = new HeldApi({ projects: { 1: { name: 'P', connectors: [lookalike], runs: { 'warehouse-9': [aRun({ connectorId: 'warehouse-9' })] } } } }, false);
    refresher.setApi(api);
    await refresher.refreshProject(1);
    assert.deepStrictEqual(api.calls.filter((call) => call.startsWith('runs')), ['runs 1 warehouse-9'], 'the Cloud Import history, not the warehouse API');
    assert.strictEqual(store.connector(1, 'warehouse-9')?.connector.family, 'cloudImport');
    api.imports = [{ id: 9, projectId: 1, tableParams: { table_name: 'orders' }, paused: false, raw: {} }];
    await refresher.refreshProject(1);
    assert.deepStrictEqual(store.project(1)!.connectors.map((entry) => [entry.connector.id, entry.connector.family]), [['warehouse-9', 'warehouse']], 'the clash is dropped, not shown twice');
  });
});
