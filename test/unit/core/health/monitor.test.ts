import * as assert from 'assert';
import { DEFAULT_THRESHOLDS } from '../../../../src/core/health/judgement';
import { HealthChange, HealthMonitor, withKeptRuns } from '../../../../src/core/health/monitor';
import { Refresher } from '../../../../src/core/engine/refresher';
import { SourceStore } from '../../../../src/core/engine/store';
import { WarehouseConnections } from '../../../../src/core/sources/warehouse/connections';
import { SOURCE_HEALTH, SOURCE_READERS } from '../../../../src/core/sources';
import { addHealthDemo } from '../../../fake-mixpanel/scenarios';
import { anImport, aRun, importRef } from '../../builders';
import { advance, createHarness, DomainHarness, drain } from '../harness';

const PROJECT = 5;

describe('HealthMonitor over the refresher and Mixpanel in memory', () => {
  let harness: DomainHarness;
  let store: SourceStore;
  let refresher: Refresher;
  let monitor: HealthMonitor;
  let changes: HealthChange[];

  function wire(options: { sources?: boolean } = {}): void {
    harness = createHarness();
    const project = harness.api.data.addProject({ id: PROJECT, cloudImport: false });
    addHealthDemo(project, harness.clock.now);
    if (options.sources === false) {
      project.warehouseSources = undefined;
    }
    store = new SourceStore(() => harness.clock.now);
    const connections = new WarehouseConnections(() => harness.clock.now, (record) => harness.logs.push(record));
    refresher = new Refresher(store, SOURCE_READERS, { now: () => harness.clock.now, companions: [connections], log: (record) => harness.logs.push(record) });
    refresher.setApi(harness.api);
    monitor = new HealthMonitor({
      store, health: SOURCE_HEALTH, context: { warehouseConnection: (projectId, id) => connections.lookup(projectId, id) },
      thresholds: () => DEFAULT_THRESHOLDS, now: () => harness.clock.now, defer: (judge) => judge(),
    });
    changes = [];
    monitor.onDidChange((change) => changes.push(change));
    store.setProjects([PROJECT]);
  }

  afterEach(() => {
    monitor.dispose();
    refresher.dispose();
  });

  const kindsOf = (importId: number) => monitor.findings(importRef(importId, PROJECT)).map((finding) => finding.kind);

  it('finds each of the demo\'s problems, and tells each once', async () => {
    wire();
    await refresher.refreshAll();
    assert.deepStrictEqual(kindsOf(50101), ['stale', 'late']);
    assert.deepStrictEqual(kindsOf(50102), ['stuck']);
    assert.deepStrictEqual(kindsOf(50103), ['noEvents']);
    assert.deepStrictEqual(kindsOf(50104), ['lowVolume']);
    assert.deepStrictEqual(kindsOf(50105), ['highVolume']);
    assert.deepStrictEqual(kindsOf(50106), ['mirrorDeadline']);
    const mirror = monitor.findings(importRef(50106, PROJECT))[0];
    assert.deepStrictEqual([mirror.warehouseType, mirror.assumed, Math.round(mirror.seen / 86_400_000)], ['bigquery', false, 2]);
    const told = changes.flatMap((change) => change.started).map((episode) => episode.finding.kind).sort();
    assert.deepStrictEqual(told, ['highVolume', 'late', 'lowVolume', 'mirrorDeadline', 'noEvents', 'stale', 'stuck']);
    changes = [];
    monitor.evaluate();
    await refresher.refreshAll();
    assert.deepStrictEqual(changes.flatMap((change) => change.started), [], 'nothing is told twice');
  });

  it('assumes the shortest Mirror limit, and says so, when the sources endpoint answers 404; it logs that once and shows no problem', async () => {
    wire({ sources: false });
    await refresher.refreshAll();
    const mirror = monitor.findings(importRef(50106, PROJECT))[0];
    assert.deepStrictEqual([mirror.kind, mirror.assumed, mirror.severity], ['mirrorDeadline', true, 'error'], '19 days is past the assumed 14');
    assert.strictEqual(store.project(PROJECT)?.problem, undefined);
    await refresher.refreshAll();
    assert.strictEqual(harness.logs.filter((record) => record.event === 'warehouseSourcesUnreadable').length, 1);
  });

  it('asks for the warehouse sources once an hour per session, whatever the refreshes', async () => {
    wire();
    await refresher.refreshAll();
    await refresher.refreshAll();
    await advance(harness, 30 * 60_000);
    await refresher.refreshAll();
    assert.strictEqual(harness.api.requestsTo(/warehouse-sources\/sources$/).length, 1);
    await advance(harness, 31 * 60_000);
    await refresher.refreshAll();
    assert.strictEqual(harness.api.requestsTo(/warehouse-sources\/sources$/).length, 2);
  });

  it('does not ask for the warehouse sources where no Mirror import is paused or on demand', async () => {
    wire();
    const mirror = harness.api.data.project(PROJECT).warehouseImports.find((record) => record.id === 50106)!;
    Object.assign(mirror, { paused: false });
    await refresher.refreshAll();
    assert.strictEqual(harness.api.requestsTo(/warehouse-sources\/sources$/).length, 0);
    Object.assign(mirror, { paused: true });
    await advance(harness, 31 * 60_000);
    await refresher.refreshAll();
    assert.strictEqual(harness.api.requestsTo(/warehouse-sources\/sources$/).length, 1, 'asked once one is paused');
  });

  it('tells a finding\'s end when its cause ends: a run starts for the late import', async () => {
    wire();
    await refresher.refreshAll();
    changes = [];
    const fake = harness.api.data.project(PROJECT);
    // Mixpanel dispatches the run, then lists it.
    fake.warehouseImports.find((record) => record.id === 50101)!.last_dispatch = Math.floor(harness.clock.now / 1000);
    fake.warehouseHistory.get(50101)!.unshift({ status: 'RUNNING', start_time: Math.floor(harness.clock.now / 1000), end_time: null, num_events_imported: null });
    await refresher.refreshAll();
    const ended = changes.flatMap((change) => change.ended).map((episode) => episode.finding.kind).sort();
    assert.deepStrictEqual(ended, ['late'], 'late ends as the run starts; stale stands until it succeeds');
  });

  it('claims nothing late from the clock alone: a due time after the last look is not checked; the next look finds it late', async () => {
    wire();
    await refresher.refreshAll();
    assert.deepStrictEqual(kindsOf(50103), ['noEvents']);
    harness.api.clearRequests();
    // Hourly, last started 20 min ago: due at +40 min, late at +70 min, stale at +2 h 20.
    await advance(harness, 3 * 60 * 60_000);
    monitor.evaluate();
    assert.deepStrictEqual(kindsOf(50103), ['noEvents'], 'three hours not looked at are not three hours late');
    assert.strictEqual(harness.api.requests.length, 0);
    changes = [];
    await refresher.refreshAll();
    assert.deepStrictEqual(kindsOf(50103), ['stale', 'late', 'noEvents']);
    const told = changes.flatMap((change) => change.started).filter((episode) => episode.ref.id === '50103');
    assert.deepStrictEqual(told.map((episode) => episode.finding.kind).sort(), ['late', 'stale']);
  });

  it('tells nothing from a project whose last refresh failed, or from a look older than the refresh interval', async () => {
    wire();
    monitor.dispose();
    let freshFor = 5 * 60_000;
    monitor = new HealthMonitor({
      store, health: SOURCE_HEALTH, context: { warehouseConnection: () => undefined },
      thresholds: () => DEFAULT_THRESHOLDS, now: () => harness.clock.now, defer: (judge) => judge(), freshForMs: () => freshFor,
    });
    monitor.onDidChange((change) => changes.push(change));
    await refresher.refreshAll();
    changes = [];
    // The demo's hourly import 50103 becomes late at +70 min; a look at +80 min fails.
    await advance(harness, 80 * 60_000);
    harness.api.data.addFault({ kind: 'status', status: 503, path: /warehouse-sources\/imports$/, times: 1 });
    await refresher.refreshAll();
    assert.ok(store.project(PROJECT)?.problem, 'the refresh failed');
    monitor.evaluate();
    assert.deepStrictEqual(changes.flatMap((change) => change.started), [], 'nothing told after a failed refresh');
    // A source looked at 10 minutes ago, with a refresh interval of 5: shown, not told.
    await refresher.refreshAll();
    changes = [];
    monitor.dispose();
    freshFor = 0;
    monitor = new HealthMonitor({
      store, health: SOURCE_HEALTH, context: { warehouseConnection: () => undefined },
      thresholds: () => DEFAULT_THRESHOLDS, now: () => harness.clock.now, defer: (judge) => judge(), freshForMs: () => freshFor,
    });
    monitor.onDidChange((change) => changes.push(change));
    await advance(harness, 10 * 60_000);
    monitor.evaluate();
    assert.ok(kindsOf(50103).includes('late'), 'shown');
    assert.deepStrictEqual(changes.flatMap((change) => change.started), [], 'not told from old data');
  });

  it('starts a resumed import\'s clock when the resume is seen: not at once late and stale', () => {
    const now = { value: Date.UTC(2026, 10, 2) };
    const local = new SourceStore(() => now.value);
    const watcher = new HealthMonitor({
      store: local, health: SOURCE_HEALTH, context: { warehouseConnection: () => undefined },
      thresholds: () => DEFAULT_THRESHOLDS, now: () => now.value, defer: (judge) => judge(),
    });
    const hourlyNs = 3_600_000_000_000;
    const runs = [aRun({ owner: '40123', startTime: now.value - 3 * 86_400_000 })];
    local.setProjects([1]);
    local.applyProject(1, [{ source: anImport({ paused: true, runEveryNs: hourlyNs }), runs }]);
    assert.deepStrictEqual(watcher.findings(importRef(40123)), [], 'paused: no schedule to be late for');
    local.applyProject(1, [{ source: anImport({ paused: false, runEveryNs: hourlyNs }), runs }]);
    assert.deepStrictEqual(watcher.findings(importRef(40123)), [], 'just resumed');
    now.value += 90 * 60_000;
    local.applyProject(1, [{ source: anImport({ paused: false, runEveryNs: hourlyNs }), runs }]);
    assert.deepStrictEqual(watcher.findings(importRef(40123)).map((finding) => finding.kind), ['late'], 'an hour and a half after the resume with no run');
    watcher.dispose();
  });

  it('tells an end only for an episode it told the start of', () => {
    for (const historyRead of [false, true]) {
      const now = Date.UTC(2026, 10, 2);
      const local = new SourceStore(() => now);
      const watcher = new HealthMonitor({
        store: local, health: SOURCE_HEALTH, context: { warehouseConnection: () => undefined },
        thresholds: () => DEFAULT_THRESHOLDS, now: () => now, defer: (judge) => judge(), keptRuns: () => (historyRead ? [] : undefined),
      });
      const seen: HealthChange[] = [];
      watcher.onDidChange((change) => seen.push(change));
      const hourly = anImport({ runEveryNs: 3_600_000_000_000 });
      local.setProjects([1]);
      local.applyProject(1, [{ source: hourly, runs: [aRun({ owner: '40123', startTime: now - 3 * 3_600_000 })] }]);
      assert.ok(watcher.findings(importRef(40123)).some((finding) => finding.kind === 'late'), 'late is shown');
      local.applyProject(1, [{ source: hourly, runs: [aRun({ owner: '40123', startTime: now - 60_000, status: 'running' })] }]);
      const told = seen.flatMap((change) => change.started).length;
      const ended = seen.flatMap((change) => change.ended).length;
      assert.deepStrictEqual([told > 0, ended > 0], [historyRead, historyRead], historyRead ? 'told, then told as ended' : 'never told, so no end is told');
      watcher.dispose();
    }
  });

  it('tells nothing of a source until its kept history is read', async () => {
    wire();
    monitor.dispose();
    let historyRead = false;
    monitor = new HealthMonitor({
      store, health: SOURCE_HEALTH, context: { warehouseConnection: () => undefined },
      thresholds: () => DEFAULT_THRESHOLDS, now: () => harness.clock.now, defer: (judge) => judge(),
      keptRuns: () => (historyRead ? [] : undefined),
    });
    monitor.onDidChange((change) => changes.push(change));
    changes = [];
    await refresher.refreshAll();
    assert.ok(kindsOf(50103).includes('noEvents'), 'shown at once');
    assert.deepStrictEqual(changes.flatMap((change) => change.started), []);
    historyRead = true;
    monitor.evaluate();
    assert.ok(changes.flatMap((change) => change.started).some((episode) => episode.finding.kind === 'noEvents'), 'told once the history is read');
  });

  it('shows what a cached project implies but tells it only once the project is fresh', async () => {
    wire();
    await refresher.refreshAll();
    const cached = store.allProjects.map((project) => ({ ...project, fromCache: true }));
    const second = new SourceStore(() => harness.clock.now);
    const other = new HealthMonitor({ store: second, health: SOURCE_HEALTH, context: { warehouseConnection: () => undefined }, thresholds: () => DEFAULT_THRESHOLDS, now: () => harness.clock.now, defer: (judge) => judge() });
    const told: HealthChange[] = [];
    other.onDidChange((change) => told.push(change));
    second.setProjects([PROJECT]);
    second.restore(cached);
    await drain();
    assert.ok(other.findings(importRef(50101, PROJECT)).length > 0, 'shown from the cache');
    assert.deepStrictEqual(told.flatMap((change) => change.started), [], 'not told from the cache');
    const refresherOfSecond = new Refresher(second, SOURCE_READERS, { now: () => harness.clock.now });
    refresherOfSecond.setApi(harness.api);
    await refresherOfSecond.refreshAll();
    assert.ok(told.flatMap((change) => change.started).length > 0, 'told once fresh');
    other.dispose();
    refresherOfSecond.dispose();
  });

  it('judges a burst of store changes once, on the next turn, not in the middle of the first rows', async () => {
    wire();
    await refresher.refreshAll();
    const store2 = new SourceStore(() => harness.clock.now);
    let judged = 0;
    const deferred = new HealthMonitor({ store: store2, health: SOURCE_HEALTH, context: { warehouseConnection: () => undefined }, thresholds: () => {
      judged++;
      return DEFAULT_THRESHOLDS;
    }, now: () => harness.clock.now });
    store2.setProjects([PROJECT]);
    store2.restore(store.allProjects);
    store2.setProjectNames(new Map([[PROJECT, 'Renamed']]));
    assert.deepStrictEqual(deferred.findings(importRef(50101, PROJECT)), [], 'nothing judged yet');
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.ok(deferred.findings(importRef(50101, PROJECT)).length > 0);
    assert.strictEqual(judged, 6, 'one pass over the six sources');
    deferred.dispose();
  });
});

describe('withKeptRuns', () => {
  it('adds the kept runs Mixpanel no longer lists, but not one whose end was never seen', () => {
    const listed = [aRun({ owner: '7', startTime: 3_000 }), aRun({ owner: '7', startTime: 2_000 })];
    const kept = [aRun({ owner: '7', startTime: 2_000, status: 'running', endTime: undefined }), aRun({ owner: '7', startTime: 1_500, status: 'running', endTime: undefined }), aRun({ owner: '7', startTime: 1_000 })];
    assert.deepStrictEqual(withKeptRuns(listed, kept).map((run) => [run.startTime, run.status]), [[3_000, 'success'], [2_000, 'success'], [1_000, 'success']]);
  });
});
