import * as assert from 'assert';
import { FinishedRun } from '../../../../src/core/engine/model';
import { ANNOUNCED_RUNS_KEPT, ConnectorStore, RUNS_KEPT_PER_SOURCE, StoreChange } from '../../../../src/core/engine/store';
import { aConnector, anEntry, aProject, aRun } from '../../builders';
import { MixpanelApiError } from '../../../../src/mixpanel/errors';
import {
  addSampleProject, addWarehouseSample, runRecord, SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID, SAMPLE_QUEUED_CONNECTOR_ID, SAMPLE_RUNNING_CONNECTOR_ID,
} from '../../../fake-mixpanel/scenarios';
import { createHarness, DomainHarness } from '../harness';

describe('ConnectorStore and Refresher against Mixpanel in memory', () => {
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
    assert.strictEqual(project.connectors.length, 4);
    const failed = harness.store.connector(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID)!;
    assert.strictEqual(failed.runs[0].status, 'failed');
    assert.deepStrictEqual([...harness.store.activeConnectors()], [[SAMPLE_PROJECT_ID, [SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_QUEUED_CONNECTOR_ID]]]);
  });

  it('joins a refresh already in flight instead of asking twice', async () => {
    harness.api.addFault({ path: /connectors$/, hold: true });
    const first = harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    const second = harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    const third = harness.refresher.refreshConnectors(SAMPLE_PROJECT_ID, [SAMPLE_FAILED_CONNECTOR_ID]);
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
    await harness.refresher.refreshConnectors(SAMPLE_PROJECT_ID, [SAMPLE_RUNNING_CONNECTOR_ID]);
    assert.deepStrictEqual(harness.api.requests.map((request) => request.path), [`/api/app/projects/${SAMPLE_PROJECT_ID}/connectors/${SAMPLE_RUNNING_CONNECTOR_ID}/history`]);
    assert.deepStrictEqual(changes, [{ scope: 'connector', projectId: SAMPLE_PROJECT_ID, connectorId: SAMPLE_RUNNING_CONNECTOR_ID }]);
  });

  it('fires no change for a poll that brought the history already known, but notes when it looked', async () => {
    await harness.refresher.refreshAll();
    harness.clock.tick(10_000);
    changes.length = 0;
    await harness.refresher.refreshConnectors(SAMPLE_PROJECT_ID, [SAMPLE_RUNNING_CONNECTOR_ID]);
    assert.deepStrictEqual(changes, [], 'nothing to redraw, nothing to write');
    assert.strictEqual(harness.store.connector(SAMPLE_PROJECT_ID, SAMPLE_RUNNING_CONNECTOR_ID)!.updatedAt, harness.clock.now, 'the next look is planned from this one');
  });

  it('announces a run seen running that has failed, once', async () => {
    await harness.refresher.refreshAll();
    const history = harness.api.data.project(SAMPLE_PROJECT_ID).history.get(SAMPLE_RUNNING_CONNECTOR_ID)!;
    Object.assign(history[0], { status: 'failed', end_time: '2020-09-16 08:00:00 +0000 UTC', error: { message: 'Access denied', code: '' } });
    await harness.refresher.refreshConnectors(SAMPLE_PROJECT_ID, [SAMPLE_RUNNING_CONNECTOR_ID]);
    await harness.refresher.refreshConnectors(SAMPLE_PROJECT_ID, [SAMPLE_RUNNING_CONNECTOR_ID]);
    assert.strictEqual(finished.length, 1);
    assert.strictEqual(finished[0][0].run.status, 'failed');
    assert.strictEqual(finished[0][0].connector.id, SAMPLE_RUNNING_CONNECTOR_ID);
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
    assert.strictEqual(project.connectors.length, 4, 'the connectors stay on screen');
    assert.strictEqual(project.state, 'ready');
    assert.strictEqual(project.problem?.kind, 'server');
    assert.strictEqual(project.failures, 1);
    assert.ok(project.retryAt! > harness.clock.now);
  });

  it('keeps a connector\'s runs when only its history fails', async () => {
    await harness.refresher.refreshAll();
    harness.api.addFault({ path: new RegExp(`${SAMPLE_FAILED_CONNECTOR_ID}/history$`), error: () => new MixpanelApiError('invalidResponse', { status: 200, reason: 'notJson' }) });
    await harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    const entry = harness.store.connector(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID)!;
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
    const ids = () => harness.store.project(SAMPLE_PROJECT_ID)!.connectors.map((entry) => entry.connector.id);
    assert.deepStrictEqual(ids().slice(0, 2), ['warehouse-40123', 'warehouse-40124']);
    assert.strictEqual(ids().length, 6);
    assert.strictEqual(harness.store.connector(SAMPLE_PROJECT_ID, 'warehouse-40123')!.runs[0].status, 'running');
    assert.ok(harness.store.activeConnectors().get(SAMPLE_PROJECT_ID)?.includes('warehouse-40123'), 'a running import is polled');
    harness.api.data.project(SAMPLE_PROJECT_ID).cloudImport = false;
    await harness.refresher.refreshAll();
    assert.deepStrictEqual(ids(), ['warehouse-40123', 'warehouse-40124']);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)!.state, 'ready');
  });

  it('announces the end of a warehouse run it saw running, polled from the import\'s history', async () => {
    addWarehouseSample(harness.api.data.project(SAMPLE_PROJECT_ID));
    await harness.refresher.refreshAll();
    const [running] = harness.api.data.project(SAMPLE_PROJECT_ID).warehouseHistory.get(40123)!;
    Object.assign(running, { status: 'CANCELLED', end_time: 1774955000 });
    await harness.refresher.refreshConnectors(SAMPLE_PROJECT_ID, ['warehouse-40123']);
    assert.deepStrictEqual(harness.api.requests.slice(-1).map((request) => request.path), [`/api/app/projects/${SAMPLE_PROJECT_ID}/warehouse-sources/imports/40123/history`]);
    assert.deepStrictEqual(finished.map((runs) => runs.map((entry) => [entry.connector.label, entry.run.status])), [[['events.app_events', 'cancelled']]]);
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
    assert.strictEqual(harness.store.connector(SAMPLE_PROJECT_ID, 'warehouse-40123')!.runs[0].status, 'success', 'and its runs stay');
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
    assert.deepStrictEqual(project.connectors, []);
    assert.strictEqual(project.name, `Project ${SAMPLE_PROJECT_ID}`, 'nor the old session\'s project names');
  });

  it('never lets a late answer overwrite a newer one: a finished run stays finished, and its end is announced once', async () => {
    await harness.refresher.refreshAll();
    const history = harness.api.data.project(SAMPLE_PROJECT_ID).history.get(SAMPLE_RUNNING_CONNECTOR_ID)!;
    // The poll is answered late, with what the server knew when it was asked: still running.
    harness.api.addFault({ path: new RegExp(`${SAMPLE_RUNNING_CONNECTOR_ID}/history$`), hold: true, times: 1 });
    const latePoll = harness.refresher.refreshConnectors(SAMPLE_PROJECT_ID, [SAMPLE_RUNNING_CONNECTOR_ID]);
    Object.assign(history[0], { status: 'failed', end_time: '2020-09-16 08:00:00 +0000 UTC', error: { message: 'Access denied', code: '' } });
    await harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    assert.strictEqual(harness.store.connector(SAMPLE_PROJECT_ID, SAMPLE_RUNNING_CONNECTOR_ID)!.runs[0].status, 'failed');
    harness.api.release();
    await latePoll;
    assert.strictEqual(harness.store.connector(SAMPLE_PROJECT_ID, SAMPLE_RUNNING_CONNECTOR_ID)!.runs[0].status, 'failed', 'the late answer was dropped');
    await harness.refresher.refreshAll();
    assert.strictEqual(finished.length, 1, 'announced once');
  });

  it('a connector\'s successful poll leaves its project\'s failure and backoff as they are', async () => {
    await harness.refresher.refreshAll();
    harness.api.addFault({ path: /connectors$/, times: 1, error: () => new MixpanelApiError('server', { status: 503 }) });
    await harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    const failedAt = harness.store.project(SAMPLE_PROJECT_ID)!;
    await harness.refresher.refreshConnectors(SAMPLE_PROJECT_ID, [SAMPLE_RUNNING_CONNECTOR_ID]);
    const after = harness.store.project(SAMPLE_PROJECT_ID)!;
    assert.strictEqual(after.problem?.kind, 'server');
    assert.strictEqual(after.failures, 1);
    assert.strictEqual(after.retryAt, failedAt.retryAt);
    await harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)!.problem, undefined, 'the project\'s own answer clears it');
  });
});

describe('ConnectorStore (in memory)', () => {
  const running = aRun({ status: 'running', startTime: Date.UTC(2026, 10, 1, 7) });
  const failed = { ...running, status: 'failed' as const, rawStatus: 'failed', endTime: Date.UTC(2026, 10, 1, 8), error: { message: 'Access denied' } };
  let store: ConnectorStore;
  let finished: FinishedRun[][];

  beforeEach(() => {
    store = new ConnectorStore(() => Date.UTC(2026, 10, 1, 9));
    finished = [];
    store.onDidFinishRuns((runs) => finished.push(runs));
    store.setProjects([1]);
    store.applyProject(1, [{ connector: aConnector(), runs: [running] }]);
  });

  it('keeps a run that was seen finished finished, whatever a lagging server says next', () => {
    store.applyRuns(1, 'connector-1', [failed]);
    store.applyRuns(1, 'connector-1', [running]);
    assert.strictEqual(store.connector(1, 'connector-1')!.runs[0].status, 'failed');
    store.applyRuns(1, 'connector-1', [failed]);
    assert.strictEqual(finished.length, 1, 'the end is announced once');
  });

  it('announces a queued run\'s end once, even when a lagging server shows it queued again', () => {
    const queued = aRun({ status: 'queued', startTime: undefined });
    const done = aRun({ status: 'success', startTime: Date.UTC(2026, 10, 2) });
    for (const runs of [[queued], [done], [queued], [done]]) {
      store.applyRuns(1, 'connector-1', runs);
    }
    assert.strictEqual(finished.length, 1);
  });

  it('drops runs from a request older than the answer already applied', () => {
    store.applyRuns(1, 'connector-1', [failed], 7);
    store.applyRuns(1, 'connector-1', [aRun({ status: 'running', startTime: Date.UTC(2026, 10, 2) })], 6);
    assert.deepStrictEqual(store.connector(1, 'connector-1')!.runs, [failed]);
  });

  it('remembers a bounded number of announced runs', () => {
    for (let i = 0; i < ANNOUNCED_RUNS_KEPT + 500; i++) {
      const start = Date.UTC(2026, 10, 2) + i * 60_000;
      const next = aRun({ status: 'running', startTime: start });
      store.applyRuns(1, 'connector-1', [next]);
      store.applyRuns(1, 'connector-1', [{ ...next, status: 'success', rawStatus: 'success', endTime: start + 1 }]);
    }
    assert.strictEqual(finished.length, ANNOUNCED_RUNS_KEPT + 500, 'each end announced');
    // White-box: the set of announced runs is what grows with time, so its size is the check.
    assert.strictEqual((store as unknown as { announced: Set<string> }).announced.size, ANNOUNCED_RUNS_KEPT);
  });

  it('never lets a cached state overwrite live data', () => {
    const live = store.project(1)!;
    store.restore([aProject({ id: 1, name: 'Cached', connectors: [anEntry({ runs: [failed] })] })]);
    assert.strictEqual(store.project(1)!.fromCache, false);
    assert.deepStrictEqual(store.project(1)!.connectors, live.connectors);
  });

  it('announces no run against a cached history, also for a project that left and came back', () => {
    store.setProjects([]);
    store.setProjects([1]);
    store.restore([aProject({ id: 1, connectors: [anEntry({ runs: [running] })] })]);
    store.applyProject(1, [{ connector: aConnector(), runs: [failed] }]);
    assert.deepStrictEqual(finished, []);
  });
});

describe('ConnectorStore bounds', () => {
  it('keeps a bounded number of runs per source, the newest, from a full answer and from a poll', () => {
    const store = new ConnectorStore(() => Date.UTC(2026, 11, 1));
    const connector = aConnector();
    const many = Array.from({ length: 5_000 }, (_, index) => aRun({ startTime: Date.UTC(2026, 10, 1) - index * 60_000 }));
    store.setProjects([1]);
    store.applyProject(1, [{ connector, runs: many }]);
    assert.strictEqual(store.connector(1, connector.id)!.runs.length, RUNS_KEPT_PER_SOURCE);
    store.applyRuns(1, connector.id, many.slice(1));
    assert.strictEqual(store.connector(1, connector.id)!.runs.length, RUNS_KEPT_PER_SOURCE);
    assert.strictEqual(store.connector(1, connector.id)!.runs[0].key, many[1].key);
  });
});
