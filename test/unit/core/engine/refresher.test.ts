import * as assert from 'assert';
import { FinishedRun } from '../../../../src/core/model/entries';
import { Refresher } from '../../../../src/core/engine/refresher';
import { refOf, sameSource } from '../../../../src/core/model/source';
import { SourceStore, StoreChange } from '../../../../src/core/engine/store';
import { SOURCE_READERS } from '../../../../src/core/sources';
import { sourceName } from '../../../../src/core/presentation/presenters';
import { MixpanelApiError } from '../../../../src/mixpanel/errors';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import {
  addSampleProject, addWarehouseSample, connectorRecord, fixture, runRecord, SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID, SAMPLE_QUEUED_CONNECTOR_ID, SAMPLE_RUNNING_CONNECTOR_ID,
} from '../../../fake-mixpanel/scenarios';
import { JsonRecord } from '../../../fake-mixpanel/fakeMixpanel';
import { connectorRef, importRef } from '../../builders';
import { createHarness, DomainHarness, drain } from '../harness';
import { InMemoryMixpanel } from '../inMemoryMixpanel';

describe('Refresher against Mixpanel in memory', () => {
  let harness: DomainHarness;
  let changes: StoreChange[];
  let finished: FinishedRun[][];

  beforeEach(() => {
    harness = createHarness();
    addSampleProject(harness.api.data);
    changes = [];
    finished = [];
    harness.store.onDidChange((change) => changes.push(change));
    harness.store.onDidFinishRuns((runs) => finished.push(runs));
    harness.store.setProjects([SAMPLE_PROJECT_ID]);
  });

  afterEach(() => harness.refresher.dispose());

  it('loads names, connectors and runs of every project', async () => {
    const result = await harness.refresher.refreshAll();
    assert.ok(result.ok);
    const project = harness.store.project(SAMPLE_PROJECT_ID)!;
    assert.strictEqual(project.name, 'Sample Project');
    assert.strictEqual(project.state, 'ready');
    assert.strictEqual(project.sources.length, 4);
    const failed = harness.store.source(connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID))!;
    assert.strictEqual(failed.runs[0].status, 'failed');
    assert.deepStrictEqual(harness.store.activeSources().map(refOf), [connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID), connectorRef(SAMPLE_QUEUED_CONNECTOR_ID, SAMPLE_PROJECT_ID)]);
  });

  it('joins a refresh already in flight instead of asking twice', async () => {
    harness.api.addFault({ path: /connectors$/, hold: true });
    const first = harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    const second = harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    const third = harness.refresher.refreshSources(SAMPLE_PROJECT_ID, [connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID)]);
    assert.strictEqual(first, second);
    assert.strictEqual(first, third, "a connector's refresh joins its project's");
    harness.api.release();
    await Promise.all([first, second, third]);
    assert.strictEqual(harness.api.requestsTo(/connectors$/).length, 1);
    assert.strictEqual(harness.api.requestsTo(/history$/).length, 4);
  });

  it('refreshes only the asked connectors and says which one changed', async () => {
    await harness.refresher.refreshAll();
    harness.api.clearRequests();
    changes.length = 0;
    harness.api.data.project(SAMPLE_PROJECT_ID).history.get(SAMPLE_RUNNING_CONNECTOR_ID)![0].progress = 0.75;
    await harness.refresher.refreshSources(SAMPLE_PROJECT_ID, [connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID)]);
    assert.deepStrictEqual(harness.api.requests.map((request) => request.path), [`/api/app/projects/${SAMPLE_PROJECT_ID}/connectors/${SAMPLE_RUNNING_CONNECTOR_ID}/history`]);
    assert.deepStrictEqual(changes, [{ scope: 'source', ref: connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID) }]);
  });

  it('polls a connector with a history of many pages by its newest page alone, keeping the older runs it knows', async () => {
    const HOUR = 3_600_000;
    const now = harness.clock.now;
    // 250 runs, newest first: three pages of 100; the newest is running.
    const history = [
      runRecord({ status: 'running', startMs: now - 10 * 60_000 }),
      ...Array.from({ length: 249 }, (_, index) => runRecord({ status: 'success', startMs: now - (index + 1) * HOUR, endMs: now - (index + 1) * HOUR + 600_000, events: 10 })),
    ];
    harness.api.data.project(SAMPLE_PROJECT_ID).history.set(SAMPLE_RUNNING_CONNECTOR_ID, history);
    await harness.refresher.refreshAll();
    const ref = connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID);
    const before = harness.store.source(ref)!.runs.length;
    harness.api.clearRequests();
    history[0] = runRecord({ status: 'success', startMs: now - 10 * 60_000, endMs: now - 60_000, events: 10 });
    await harness.refresher.refreshSources(SAMPLE_PROJECT_ID, [ref]);
    assert.strictEqual(harness.api.requestsTo(/history$/).length, 1, 'one request, not one per page');
    const runs = harness.store.source(ref)!.runs;
    assert.strictEqual(runs[0].status, 'success', 'the newest page\'s news');
    assert.strictEqual(runs.length, before, 'the older runs stay');
    assert.strictEqual(finished.flat().length, 1, 'its end is announced');
  });

  it('fires no change for a poll that brought the history already known, but notes when it looked', async () => {
    await harness.refresher.refreshAll();
    harness.clock.tick(10_000);
    changes.length = 0;
    await harness.refresher.refreshSources(SAMPLE_PROJECT_ID, [connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID)]);
    assert.deepStrictEqual(changes, [], 'nothing to redraw, nothing to write');
    assert.strictEqual(harness.store.source(connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID))!.updatedAt, harness.clock.now, 'the next look is planned from this one');
  });

  it('announces a run seen running that has failed, once', async () => {
    await harness.refresher.refreshAll();
    const history = harness.api.data.project(SAMPLE_PROJECT_ID).history.get(SAMPLE_RUNNING_CONNECTOR_ID)!;
    Object.assign(history[0], { status: 'failed', end_time: '2020-09-16 08:00:00 +0000 UTC', error: { message: 'Access denied', code: '' } });
    await harness.refresher.refreshSources(SAMPLE_PROJECT_ID, [connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID)]);
    await harness.refresher.refreshSources(SAMPLE_PROJECT_ID, [connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID)]);
    assert.strictEqual(finished.length, 1);
    assert.strictEqual(finished[0][0].run.status, 'failed');
    assert.strictEqual(finished[0][0].source.id, SAMPLE_RUNNING_CONNECTOR_ID);
  });

  it('announces a queued run that started and finished between two looks', async () => {
    await harness.refresher.refreshAll();
    harness.api.data.project(SAMPLE_PROJECT_ID).history.set(SAMPLE_QUEUED_CONNECTOR_ID, [
      runRecord({ status: 'success', startMs: Date.UTC(2020, 8, 16, 8), endMs: Date.UTC(2020, 8, 16, 9), events: 5 }),
    ]);
    await harness.refresher.refreshAll();
    assert.strictEqual(finished.length, 1);
    assert.strictEqual(finished[0][0].run.status, 'success');
  });

  it('never announces runs already finished when first seen', async () => {
    await harness.refresher.refreshAll();
    await harness.refresher.refreshAll();
    assert.deepStrictEqual(finished, []);
  });

  it('keeps the last good data when a refresh fails, with the reason and a time to retry', async () => {
    await harness.refresher.refreshAll();
    harness.api.addFault({ path: /connectors$/, error: () => new MixpanelApiError('server', { status: 503 }) });
    const result = await harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    assert.strictEqual(result.ok, false);
    const project = harness.store.project(SAMPLE_PROJECT_ID)!;
    assert.strictEqual(project.sources.length, 4, 'the connectors stay on screen');
    assert.strictEqual(project.state, 'ready');
    assert.strictEqual(project.problem?.kind, 'server');
    assert.strictEqual(project.failures, 1);
    assert.ok(project.retryAt! > harness.clock.now);
  });

  it('keeps a connector\'s runs when only its history fails', async () => {
    await harness.refresher.refreshAll();
    harness.api.addFault({ path: new RegExp(`${SAMPLE_FAILED_CONNECTOR_ID}/history$`), error: () => new MixpanelApiError('invalidResponse', { status: 200, reason: 'notJson' }) });
    await harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    const entry = harness.store.source(connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID))!;
    assert.strictEqual(entry.runs.length, 1);
    assert.strictEqual(entry.runsProblem?.kind, 'invalidResponse');
  });

  it('shows a project without Cloud Import (404) as unavailable, not failed', async () => {
    harness.api.data.project(SAMPLE_PROJECT_ID).cloudImport = false;
    const result = await harness.refresher.refreshAll();
    assert.ok(result.ok);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)!.state, 'unavailable');
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)!.problem, undefined);
  });

  it('shows a project\'s warehouse imports beside its connectors, and only its imports when Cloud Import answers 404', async () => {
    addWarehouseSample(harness.api.data.project(SAMPLE_PROJECT_ID));
    await harness.refresher.refreshAll();
    const ids = () => harness.store.project(SAMPLE_PROJECT_ID)!.sources.map((entry) => `${entry.source.kind} ${entry.source.id}`);
    assert.deepStrictEqual(ids().slice(0, 2), ['warehouse 40123', 'warehouse 40124']);
    assert.strictEqual(ids().length, 6);
    assert.strictEqual(harness.store.source(importRef(40123, SAMPLE_PROJECT_ID))!.runs[0].status, 'running');
    assert.ok(harness.store.activeSources().some((source) => sameSource(source, importRef(40123, SAMPLE_PROJECT_ID))), 'a running import is polled');
    harness.api.data.project(SAMPLE_PROJECT_ID).cloudImport = false;
    await harness.refresher.refreshAll();
    assert.deepStrictEqual(ids(), ['warehouse 40123', 'warehouse 40124']);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)!.state, 'ready');
  });

  it('announces the end of a warehouse run it saw running, polled from the import\'s history', async () => {
    addWarehouseSample(harness.api.data.project(SAMPLE_PROJECT_ID));
    await harness.refresher.refreshAll();
    const [running] = harness.api.data.project(SAMPLE_PROJECT_ID).warehouseHistory.get(40123)!;
    Object.assign(running, { status: 'CANCELLED', end_time: 1774955000 });
    await harness.refresher.refreshSources(SAMPLE_PROJECT_ID, [importRef(40123, SAMPLE_PROJECT_ID)]);
    assert.deepStrictEqual(harness.api.requests.slice(-1).map((request) => request.path), [`/api/app/projects/${SAMPLE_PROJECT_ID}/warehouse-sources/imports/40123/history`]);
    assert.deepStrictEqual(finished.map((runs) => runs.map((entry) => [sourceName(entry.source, t), entry.run.status])), [[['events.app_events', 'cancelled']]]);
  });

  it('asks for an import\'s history only when its last dispatch moved on, it has a run going on, or half an hour passed', async () => {
    addWarehouseSample(harness.api.data.project(SAMPLE_PROJECT_ID));
    const record = harness.api.data.project(SAMPLE_PROJECT_ID).warehouseImports[0];
    const [running] = harness.api.data.project(SAMPLE_PROJECT_ID).warehouseHistory.get(40123)!;
    const asked = () => harness.api.requestsTo(/imports\/40123\/history$/).length;
    await harness.refresher.refreshAll();
    Object.assign(running, { status: 'SUCCEEDED', end_time: 1774955000 });
    await harness.refresher.refreshAll();
    assert.strictEqual(asked(), 2, 'asked while a run was going on');
    await harness.refresher.refreshAll();
    assert.strictEqual(asked(), 2, 'nothing new: not asked');
    assert.strictEqual(harness.store.source(importRef(40123, SAMPLE_PROJECT_ID))!.runs[0].status, 'success', 'and its runs stay');
    record.last_dispatch = 1774958400;
    await harness.refresher.refreshAll();
    assert.strictEqual(asked(), 3, 'a new dispatch: asked');
    harness.clock.tick(31 * 60_000);
    await harness.refresher.refreshAll();
    assert.strictEqual(asked(), 4, 'half an hour later: asked anyway');
  });

  it('says calmly that a project has no imports of either kind', async () => {
    harness.api.data.project(SAMPLE_PROJECT_ID).cloudImport = false;
    const result = await harness.refresher.refreshAll();
    assert.ok(result.ok);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)!.state, 'unavailable');
  });

  it('names a project the account cannot read "Project N" and reports the 403', async () => {
    harness.store.setProjects([SAMPLE_PROJECT_ID, 4040293]);
    const result = await harness.refresher.refreshAll();
    assert.strictEqual(harness.store.project(4040293)!.name, 'Project 4040293');
    assert.strictEqual(harness.store.project(4040293)!.state, 'failed');
    assert.match(result.problems[0].problem.details.serverMessage ?? '', /not a member of project 4040293/);
  });

  it('drops answers that arrive after the session ended, even when the next session shows the same project', async () => {
    harness.api.addFault({ path: /connectors$/, hold: true });
    const pending = harness.refresher.refreshAll();
    harness.refresher.setApi(undefined);
    // Another account that sees the same project id: the old session's answer must not land in it.
    harness.store.clear();
    harness.store.setProjects([SAMPLE_PROJECT_ID]);
    harness.api.release();
    await pending;
    const project = harness.store.project(SAMPLE_PROJECT_ID)!;
    assert.strictEqual(project.state, 'loading');
    assert.deepStrictEqual(project.sources, []);
    assert.strictEqual(project.name, `Project ${SAMPLE_PROJECT_ID}`, 'nor the old session\'s project names');
  });

  it('never lets a late answer overwrite a newer one: a finished run stays finished, and its end is announced once', async () => {
    await harness.refresher.refreshAll();
    const history = harness.api.data.project(SAMPLE_PROJECT_ID).history.get(SAMPLE_RUNNING_CONNECTOR_ID)!;
    // The poll is answered late, with what the server knew when it was asked: still running.
    harness.api.addFault({ path: new RegExp(`${SAMPLE_RUNNING_CONNECTOR_ID}/history$`), hold: true, times: 1 });
    const latePoll = harness.refresher.refreshSources(SAMPLE_PROJECT_ID, [connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID)]);
    Object.assign(history[0], { status: 'failed', end_time: '2020-09-16 08:00:00 +0000 UTC', error: { message: 'Access denied', code: '' } });
    await harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    assert.strictEqual(harness.store.source(connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID))!.runs[0].status, 'failed');
    harness.api.release();
    await latePoll;
    assert.strictEqual(harness.store.source(connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID))!.runs[0].status, 'failed', 'the late answer was dropped');
    await harness.refresher.refreshAll();
    assert.strictEqual(finished.length, 1, 'announced once');
  });

  it('a connector\'s successful poll leaves its project\'s failure and backoff as they are', async () => {
    await harness.refresher.refreshAll();
    harness.api.addFault({ path: /connectors$/, times: 1, error: () => new MixpanelApiError('server', { status: 503 }) });
    await harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    const failedAt = harness.store.project(SAMPLE_PROJECT_ID)!;
    await harness.refresher.refreshSources(SAMPLE_PROJECT_ID, [connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID)]);
    const after = harness.store.project(SAMPLE_PROJECT_ID)!;
    assert.strictEqual(after.problem?.kind, 'server');
    assert.strictEqual(after.failures, 1);
    assert.strictEqual(after.retryAt, failedAt.retryAt);
    await harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)!.problem, undefined, 'the project\'s own answer clears it');
  });
});

/** The refresher against Mixpanel in memory whose answers the test holds and releases: sessions and races. */
describe('Refresher across sessions (in memory)', () => {
  let store: SourceStore;
  let refresher: Refresher;

  /** Mixpanel as one account sees it: project 1 with one connector and its run, every answer held. */
  function account(projectName: string, connectorId: string, label = 'Orders'): InMemoryMixpanel {
    const api = new InMemoryMixpanel();
    api.data.addProject({
      id: 1, name: projectName,
      connectors: [connectorRecord(connectorId, label, 0)],
      history: new Map([[connectorId, [runRecord({ status: 'success', startMs: Date.UTC(2026, 10, 1, 7), endMs: Date.UTC(2026, 10, 1, 8), events: 5 })]]]),
    });
    return api;
  }

  beforeEach(() => {
    store = new SourceStore(() => 1_000);
    refresher = new Refresher(store, SOURCE_READERS, { now: () => 1_000, random: () => 0.5 });
    store.setProjects([1]);
  });

  afterEach(() => refresher.dispose());

  it('drops sources and names from a session that ended, even when its answers arrive afterwards', async () => {
    const old = account('Old account\'s project', 'old-connector', 'Old account\'s connector');
    old.addFault({ path: /./, hold: true });
    refresher.setApi(old);
    const pending = refresher.refreshAll();
    await drain();
    // Another account signs in to the same project while the old answers are on their way.
    refresher.setApi(account('New account\'s project', 'new-connector'));
    store.clear();
    store.setProjects([1]);
    old.release();
    await drain();
    old.release();
    await pending;
    assert.strictEqual(store.project(1)?.name, 'Project 1', 'no name from the old account');
    assert.deepStrictEqual(store.project(1)?.sources, [], 'no source from the old account');
    assert.strictEqual(store.project(1)?.state, 'loading');
  });

  it('starts no request once disposed, even when handed a new session', async () => {
    const api = account('New account\'s project', 'new-connector');
    refresher.dispose();
    refresher.setApi(api);
    await refresher.refreshAll();
    await refresher.refreshSources(1, [connectorRef('new-connector')]);
    assert.deepStrictEqual(api.requests, []);
  });

  it('loads a project added while a full refresh is running at once, not at the next refresh', async () => {
    const api = account('New account\'s project', 'new-connector');
    api.data.addProject({ id: 2, name: 'Added' });
    api.addFault({ path: /./, hold: true });
    refresher.setApi(api);
    const first = refresher.refreshAll();
    await drain();
    store.setProjects([1, 2]);
    const second = refresher.refreshAll();
    await drain();
    const asked = api.requests.map((request) => request.path);
    assert.ok(asked.includes('/api/app/projects/2/connectors'), `asked: ${asked.join(', ')}`);
    assert.strictEqual(asked.filter((path) => path === '/api/app/projects/1/connectors').length, 1, 'project 1 joins its refresh in flight');
    for (let round = 0; round < 3; round++) {
      api.release();
      await drain();
    }
    await Promise.all([first, second]);
    assert.strictEqual(store.project(2)?.state, 'ready');
    assert.strictEqual(store.project(2)?.name, 'Added');
  });

  it('asks a source\'s runs from the API of its kind, whatever its id reads like, and keeps a connector and an import of the same id apart', async () => {
    const api = account('P', '9', 'A connector named like an import');
    refresher.setApi(api);
    await refresher.refreshProject(1);
    assert.deepStrictEqual(api.requestsTo(/history$/).map((request) => request.path), ['/api/app/projects/1/connectors/9/history'], 'the Cloud Import history, not the warehouse API');
    api.data.project(1).warehouseImports.push({ ...fixture<{ results: JsonRecord[] }>('warehouse-imports-list.json').results[0], id: 9 });
    api.clearRequests();
    await refresher.refreshProject(1);
    assert.deepStrictEqual(store.project(1)!.sources.map((entry) => [entry.source.kind, entry.source.id]), [['warehouse', '9'], ['cloudImport', '9']], 'two sources, two rows');
    assert.deepStrictEqual(api.requestsTo(/history$/).map((request) => request.path).sort(),
      ['/api/app/projects/1/connectors/9/history', '/api/app/projects/1/warehouse-sources/imports/9/history']);
    assert.strictEqual(store.source(connectorRef('9'))?.source.kind, 'cloudImport');
    assert.strictEqual(store.source(importRef(9))?.source.kind, 'warehouse');
  });
});
