import * as assert from 'assert';
import * as FakeTimers from '@sinonjs/fake-timers';
import { SNAPSHOT_SAVE_DELAY_MS, SNAPSHOT_SAVE_INTERVAL_MS, SnapshotStorage } from '../../../../src/core/engine/snapshotStorage';
import { SourceStore } from '../../../../src/core/engine/store';
import { aConnector, aRun, connectorRef } from '../../builders';
import { schedulerClockOf } from '../harness';

describe('SnapshotStorage', () => {
  let clock: FakeTimers.Clock;
  let store: SourceStore;
  let writes: unknown[];
  let storage: SnapshotStorage;
  const connector = aConnector();

  beforeEach(() => {
    clock = FakeTimers.createClock(Date.UTC(2026, 11, 1, 12));
    store = new SourceStore(() => clock.now);
    writes = [];
    const memory = { get: <T>() => writes[writes.length - 1] as T | undefined, update: async (_key: string, value: unknown) => { writes.push(value); } };
    storage = new SnapshotStorage(memory, store, () => undefined, schedulerClockOf(clock));
    storage.setOwner('us|someone');
    store.setProjects([1]);
    store.applyProject(1, [{ source: connector, runs: [aRun({ status: 'running', startTime: clock.now - 60_000, progress: 0.1 })] }]);
  });

  afterEach(() => storage.dispose());

  it('writes at most once a minute while a run\'s progress moves every few seconds', async () => {
    for (let poll = 1; poll <= 60; poll++) {
      await clock.tickAsync(5_000);
      store.applyRuns(connectorRef(connector.id), [aRun({ status: 'running', startTime: Date.UTC(2026, 11, 1, 12) - 60_000, progress: 0.1 + poll / 100 })]);
    }
    await clock.tickAsync(SNAPSHOT_SAVE_INTERVAL_MS);
    assert.ok(writes.length >= 5 && writes.length <= 7, `${writes.length} writes in 5 minutes of polls every 5 s`);
    assert.strictEqual(writes.length, new Set(writes).size);
  });

  it('keeps a new session\'s first rows within seconds, then waits a minute for a run that only moved on', async () => {
    await clock.tickAsync(SNAPSHOT_SAVE_DELAY_MS);
    assert.strictEqual(writes.length, 1, 'the first rows are kept soon');
    store.applyRuns(connectorRef(connector.id), [aRun({ status: 'running', startTime: Date.UTC(2026, 11, 1, 12) - 60_000, progress: 0.5 })]);
    await clock.tickAsync(SNAPSHOT_SAVE_INTERVAL_MS - 1);
    assert.strictEqual(writes.length, 1, 'not again within the minute');
    await clock.tickAsync(1);
    assert.strictEqual(writes.length, 2);
  });

  it('keeps a run that ended within seconds, even right after a write: a reload must not show it running', async () => {
    await clock.tickAsync(SNAPSHOT_SAVE_DELAY_MS);
    store.applyRuns(connectorRef(connector.id), [aRun({ status: 'running', startTime: Date.UTC(2026, 11, 1, 12) - 60_000, progress: 0.5 })]);
    store.applyRuns(connectorRef(connector.id), [aRun({ status: 'failed', startTime: Date.UTC(2026, 11, 1, 12) - 60_000 })]);
    await clock.tickAsync(SNAPSHOT_SAVE_DELAY_MS);
    assert.strictEqual(writes.length, 2);
    const kept = JSON.stringify(writes[1]);
    assert.match(kept, /"status":"failed"/);
  });

  it('writes nothing for polls that bring what was known', async () => {
    await clock.tickAsync(SNAPSHOT_SAVE_INTERVAL_MS);
    const before = writes.length;
    const same = store.source(connectorRef(connector.id))!.runs;
    for (let poll = 0; poll < 30; poll++) {
      await clock.tickAsync(10_000);
      store.applyRuns(connectorRef(connector.id), same.map((run) => ({ ...run })));
    }
    await clock.tickAsync(SNAPSHOT_SAVE_INTERVAL_MS);
    assert.strictEqual(writes.length, before);
  });

  it('writes nothing for changes that leave what it keeps as it was: a project failing again and again', async () => {
    await clock.tickAsync(SNAPSHOT_SAVE_INTERVAL_MS);
    const before = writes.length;
    for (let failure = 0; failure < 10; failure++) {
      store.applyFailure(1, { kind: 'server', details: { status: 503 }, at: clock.now }, clock.now + 60_000);
      await clock.tickAsync(SNAPSHOT_SAVE_INTERVAL_MS);
    }
    assert.strictEqual(writes.length, before);
  });

  it('writes what is pending when the extension ends, and settles once it is written', async () => {
    await clock.tickAsync(2_000);
    store.applyRuns(connectorRef(connector.id), [aRun({ status: 'failed', startTime: clock.now - 60_000 })]);
    const before = writes.length;
    await storage.flush();
    assert.strictEqual(writes.length, before + 1);
    await storage.flush();
    assert.strictEqual(writes.length, before + 1, 'nothing pending: nothing written');
  });

  it('keeps what changed last when it ends before the minute is up', () => {
    store.applyRuns(connectorRef(connector.id), [aRun({ status: 'failed', startTime: clock.now - 60_000 })]);
    const before = writes.length;
    storage.dispose();
    assert.strictEqual(writes.length, before + 1);
  });
});
