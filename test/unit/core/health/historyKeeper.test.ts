import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HistoryKeeper } from '../../../../src/core/health/historyKeeper';
import { Refresher } from '../../../../src/core/engine/refresher';
import { SOURCE_READERS } from '../../../../src/core/sources';
import { DEFAULT_HISTORY_BOUNDS, RunHistory } from '../../../../src/core/health/runHistory';
import { SourceStore } from '../../../../src/core/engine/store';
import { addHealthDemo } from '../../../fake-mixpanel/scenarios';
import { importRef } from '../../builders';
import { createHarness, DomainHarness } from '../harness';

const PROJECT = 5;
const REF = importRef(50101, PROJECT);
/** A start no look at Mixpanel brings: within the history's bounds, a second off the hour. */
const FOREIGN_START = Date.UTC(2026, 10, 26, 10, 0, 1);

describe('HistoryKeeper', () => {
  let directory: string;
  let harness: DomainHarness;
  const parts: Array<{ dispose(): void }> = [];

  function wire(store: SourceStore): { history: RunHistory; keeper: HistoryKeeper; loads: number[] } {
    const history = new RunHistory({ directory, bounds: () => DEFAULT_HISTORY_BOUNDS, now: () => harness.clock.now, writeDelayMs: 1 });
    const loads: number[] = [];
    const keeper = new HistoryKeeper(store, history, () => loads.push(1), 0);
    parts.push(history, keeper);
    return { history, keeper, loads };
  }

  beforeEach(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), 'keeper-'));
    harness = createHarness();
    addHealthDemo(harness.api.data.addProject({ id: PROJECT, cloudImport: false }), harness.clock.now);
    harness.store.setProjects([PROJECT]);
  });

  afterEach(async () => {
    parts.splice(0).forEach((part) => part.dispose());
    harness.refresher.dispose();
    await fs.rm(directory, { recursive: true, force: true });
  });

  it('keeps what a refresh brought, reads each file once, and judges health once for them all', async () => {
    const { history, keeper, loads } = wire(harness.store);
    await harness.refresher.refreshAll();
    await keeper.settled();
    await history.flush();
    assert.strictEqual(loads.length, 1, 'one health pass for all the files read');
    assert.strictEqual(keeper.keptRuns(REF)?.length, 30);
    const files = await fs.readdir(directory);
    assert.strictEqual(files.filter((name) => name.endsWith('.json')).length, 6, 'one file per source');
  });

  it('gives a later session the runs Mixpanel no longer lists', async () => {
    const first = wire(harness.store);
    await harness.refresher.refreshAll();
    await first.keeper.settled();
    await first.history.flush();
    // Thirty newer runs push the old ones out of Mixpanel's answer.
    const history = harness.api.data.project(PROJECT).warehouseHistory.get(50101)!;
    const newest = history[0].start_time as number;
    history.splice(0, history.length, ...Array.from({ length: 30 }, (_, index) => ({ status: 'SUCCEEDED', start_time: newest + (30 - index) * 3600, end_time: newest + (30 - index) * 3600 + 60, num_events_imported: 10 })));
    const store = new SourceStore(() => harness.clock.now);
    store.setProjects([PROJECT]);
    const second = wire(store);
    harness.refresher.setApi(undefined);
    const refresher = new Refresher(store, SOURCE_READERS, { now: () => harness.clock.now });
    refresher.setApi(harness.api);
    parts.push(refresher);
    await refresher.refreshAll();
    await second.keeper.settled();
    assert.strictEqual(store.source(REF)?.runs.length, 30);
    assert.strictEqual(second.keeper.keptRuns(REF)?.length, 60, 'the 30 Mixpanel lists and the 30 kept before');
  });

  /** The session ends, and the next starts from a cache of the store that holds a run no look at Mixpanel brought. */
  function restartFromCacheWithForeignRun(store: SourceStore): void {
    const cached = store.allProjects.map((project) => ({
      ...project,
      sources: project.sources.map((entry) => entry.source.id === REF.id
        ? { ...entry, runs: [{ ...entry.runs[0], key: 'cached-only', startTime: FOREIGN_START, endTime: FOREIGN_START + 600_000, status: 'success' as const }, ...entry.runs] }
        : entry),
    }));
    store.clear();
    store.setProjects([PROJECT]);
    store.restore(cached);
  }

  async function keptForeignRun(history: RunHistory, keeper: HistoryKeeper): Promise<boolean> {
    await keeper.settled();
    await history.flush();
    return (history.runsOf(REF) ?? []).some((run) => run.start === FOREIGN_START);
  }

  it('records no cached run into a history already read (a new session restored over the same store)', async () => {
    const { history, keeper } = wire(harness.store);
    await harness.refresher.refreshAll();
    await keeper.settled();
    restartFromCacheWithForeignRun(harness.store);
    assert.strictEqual(await keptForeignRun(history, keeper), false);
  });

  it('records no cached run when a file queued for reading is read after the store was restored from the cache', async () => {
    const { history, keeper } = wire(harness.store);
    await harness.refresher.refreshAll();
    // The files are queued, not read yet, when the session ends.
    restartFromCacheWithForeignRun(harness.store);
    assert.strictEqual(await keptForeignRun(history, keeper), false);
    assert.ok(history.runsOf(REF), 'the queued file was read');
  });

  it('records nothing restored from the cache', async () => {
    const { history, keeper } = wire(harness.store);
    await harness.refresher.refreshAll();
    await keeper.settled();
    await history.flush();
    const cached = harness.store.allProjects;
    const store = new SourceStore(() => harness.clock.now);
    store.setProjects([PROJECT]);
    await fs.rm(directory, { recursive: true, force: true });
    const other = wire(store);
    store.restore(cached);
    await other.keeper.settled();
    await other.history.flush();
    await assert.rejects(fs.readdir(directory), /ENOENT/, 'no file was written');
  });
});
