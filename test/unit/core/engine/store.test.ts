import * as assert from 'assert';
import { FinishedRun } from '../../../../src/core/model/entries';
import { ANNOUNCED_RUNS_KEPT, SourceStore, RUNS_KEPT_PER_SOURCE } from '../../../../src/core/engine/store';
import { aConnector, anEntry, aProject, aRun, connectorRef } from '../../builders';

describe('SourceStore (in memory)', () => {
  const running = aRun({ status: 'running', startTime: Date.UTC(2026, 10, 1, 7) });
  const failed = { ...running, status: 'failed' as const, rawStatus: 'failed', endTime: Date.UTC(2026, 10, 1, 8), error: { message: 'Access denied' } };
  let store: SourceStore;
  let finished: FinishedRun[][];

  beforeEach(() => {
    store = new SourceStore(() => Date.UTC(2026, 10, 1, 9));
    finished = [];
    store.onDidFinishRuns((runs) => finished.push(runs));
    store.setProjects([1]);
    store.applyProject(1, [{ source: aConnector(), runs: [running] }]);
  });

  it('keeps a run that was seen finished finished, whatever a lagging server says next', () => {
    store.applyRuns(connectorRef(), [failed]);
    store.applyRuns(connectorRef(), [running]);
    assert.strictEqual(store.source(connectorRef())!.runs[0].status, 'failed');
    store.applyRuns(connectorRef(), [failed]);
    assert.strictEqual(finished.length, 1, 'the end is announced once');
  });

  it('announces a queued run\'s end once, even when a lagging server shows it queued again', () => {
    const queued = aRun({ status: 'queued', startTime: undefined });
    const done = aRun({ status: 'success', startTime: Date.UTC(2026, 10, 2) });
    for (const runs of [[queued], [done], [queued], [done]]) {
      store.applyRuns(connectorRef(), runs);
    }
    assert.strictEqual(finished.length, 1);
  });

  it('marks a success that follows a failure as a recovery', () => {
    store.applyRuns(connectorRef(), [failed]);
    const next = aRun({ status: 'running', startTime: Date.UTC(2026, 10, 2) });
    store.applyRuns(connectorRef(), [next, failed]);
    store.applyRuns(connectorRef(), [{ ...next, status: 'success', rawStatus: 'success', endTime: Date.UTC(2026, 10, 2, 1) }, failed]);
    assert.deepStrictEqual(finished.map((runs) => runs.map((run) => [run.run.status, run.afterFailure === true])), [[['failed', false]], [['success', true]]]);
  });

  it('drops runs from a request older than the answer already applied', () => {
    store.applyRuns(connectorRef(), [failed], 7);
    store.applyRuns(connectorRef(), [aRun({ status: 'running', startTime: Date.UTC(2026, 10, 2) })], 6);
    assert.deepStrictEqual(store.source(connectorRef())!.runs, [failed]);
  });

  it('remembers a bounded number of announced runs', () => {
    for (let i = 0; i < ANNOUNCED_RUNS_KEPT + 500; i++) {
      const start = Date.UTC(2026, 10, 2) + i * 60_000;
      const next = aRun({ status: 'running', startTime: start });
      store.applyRuns(connectorRef(), [next]);
      store.applyRuns(connectorRef(), [{ ...next, status: 'success', rawStatus: 'success', endTime: start + 1 }]);
    }
    assert.strictEqual(finished.length, ANNOUNCED_RUNS_KEPT + 500, 'each end announced');
    // White-box: the set of announced runs is what grows with time, so its size is the check.
    assert.strictEqual((store as unknown as { announced: Set<string> }).announced.size, ANNOUNCED_RUNS_KEPT);
  });

  it('never lets a cached state overwrite live data', () => {
    const live = store.project(1)!;
    store.restore([aProject({ id: 1, name: 'Cached', sources: [anEntry({ runs: [failed] })] })]);
    assert.strictEqual(store.project(1)!.fromCache, false);
    assert.deepStrictEqual(store.project(1)!.sources, live.sources);
  });

  it('announces no run against a cached history, also for a project that left and came back', () => {
    store.setProjects([]);
    store.setProjects([1]);
    store.restore([aProject({ id: 1, sources: [anEntry({ runs: [running] })] })]);
    store.applyProject(1, [{ source: aConnector(), runs: [failed] }]);
    assert.deepStrictEqual(finished, []);
  });
});

describe('SourceStore changes', () => {
  it('fires none for the projects it has already, nor for a cache it has nothing to restore into', () => {
    const store = new SourceStore(() => Date.UTC(2026, 11, 1));
    const changes: unknown[] = [];
    store.onDidChange((change) => changes.push(change));
    store.setProjects([1, 2]);
    assert.strictEqual(changes.length, 1);
    store.setProjects([1, 2]);
    assert.strictEqual(changes.length, 1, 'the same projects again: nothing to redraw');
    store.applyProject(1, [{ source: aConnector(), runs: [aRun()] }]);
    changes.length = 0;
    store.restore([aProject({ id: 1 })]);
    assert.deepStrictEqual(changes, [], 'project 1 is live: nothing restored, nothing to redraw');
    store.setProjects([2, 1]);
    store.setProjects([2, 1], new Map([[1, 'Web']]));
    store.restore([aProject({ id: 2 })]);
    assert.strictEqual(changes.length, 3, 'a new order, a new name and a restored project each redraw');
  });
});

describe('SourceStore bounds', () => {
  it('keeps a bounded number of runs per source, the newest, from a full answer and from a poll', () => {
    const store = new SourceStore(() => Date.UTC(2026, 11, 1));
    const connector = aConnector();
    const many = Array.from({ length: 5_000 }, (_, index) => aRun({ startTime: Date.UTC(2026, 10, 1) - index * 60_000 }));
    store.setProjects([1]);
    store.applyProject(1, [{ source: connector, runs: many }]);
    assert.strictEqual(store.source(connectorRef(connector.id))!.runs.length, RUNS_KEPT_PER_SOURCE);
    store.applyRuns(connectorRef(connector.id), many.slice(1));
    assert.strictEqual(store.source(connectorRef(connector.id))!.runs.length, RUNS_KEPT_PER_SOURCE);
    assert.strictEqual(store.source(connectorRef(connector.id))!.runs[0].key, many[1].key);
  });
});
