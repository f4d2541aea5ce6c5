import * as assert from 'assert';
import { connectorRef } from '../../builders';
import { SOURCE_READERS } from '../../../../src/core/sources';
import { PollingScheduler, STALE_ON_FOCUS_MS } from '../../../../src/core/engine/scheduler';
import { MixpanelApiError } from '../../../../src/mixpanel/errors';
import {
  addSampleProject, runRecord, SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID, SAMPLE_QUEUED_CONNECTOR_ID, SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_SUCCESS_CONNECTOR_ID,
} from '../../../fake-mixpanel/scenarios';
import { advance, createHarness, drain, DomainHarness } from '../harness';

const ACTIVE_MS = 10_000;
const FULL_MS = 300_000;

describe('PollingScheduler (fake clock, Mixpanel in memory)', () => {
  let harness: DomainHarness;
  let scheduler: PollingScheduler;

  function historyRequests(): string[] {
    return harness.api.requestsTo(/history$/).map((request) => request.path.split('/')[6]);
  }

  function finishAllRuns(): void {
    for (const runs of harness.api.data.project(SAMPLE_PROJECT_ID).history.values()) {
      for (const run of runs) {
        Object.assign(run, { status: 'success', start_time: '2020-09-16 07:00:00 +0000 UTC', end_time: '2020-09-16 08:00:00 +0000 UTC' });
      }
    }
  }

  beforeEach(async () => {
    harness = createHarness();
    addSampleProject(harness.api.data);
    // Two runs whose end nothing predicts (no progress, no history): they are looked at at the
    // fastest pace, activeRunPollInterval. How the pace follows an estimate is pollPlan's test.
    for (const connectorId of [SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_QUEUED_CONNECTOR_ID]) {
      harness.api.data.project(SAMPLE_PROJECT_ID).history.set(connectorId, [runRecord({ status: 'running', startMs: harness.clock.now - 60_000 })]);
      delete harness.api.data.project(SAMPLE_PROJECT_ID).history.get(connectorId)![0].progress;
    }
    harness.store.setProjects([SAMPLE_PROJECT_ID]);
    scheduler = new PollingScheduler(harness.store, harness.refresher, SOURCE_READERS, { activeIntervalMs: ACTIVE_MS, refreshIntervalMs: FULL_MS }, harness.schedulerClock);
    await harness.refresher.refreshAll();
    scheduler.setEnabled(true);
    harness.api.clearRequests();
  });

  afterEach(() => {
    scheduler.dispose();
    harness.refresher.dispose();
  });

  it('polls only the connectors with active runs, every activeRunPollInterval', async () => {
    await advance(harness, ACTIVE_MS - 1);
    assert.deepStrictEqual(harness.api.requests, []);
    await advance(harness, 1);
    assert.deepStrictEqual(historyRequests().sort(), [SAMPLE_QUEUED_CONNECTOR_ID, SAMPLE_RUNNING_CONNECTOR_ID].sort());
    assert.strictEqual(harness.api.requests.length, 2, 'nothing else is fetched on that tick');
    await advance(harness, ACTIVE_MS);
    assert.strictEqual(harness.api.requests.length, 4);
  });

  it('stops polling runs once nothing is active', async () => {
    finishAllRuns();
    await advance(harness, ACTIVE_MS);
    assert.strictEqual(harness.api.requests.length, 2);
    assert.strictEqual(harness.clock.countTimers(), 1, 'only the full refresh is armed');
    await advance(harness, ACTIVE_MS * 5);
    assert.strictEqual(harness.api.requests.length, 2);
  });

  it('refreshes everything every refreshInterval while focused', async () => {
    finishAllRuns();
    await advance(harness, ACTIVE_MS);
    harness.api.clearRequests();
    await advance(harness, FULL_MS - ACTIVE_MS);
    assert.strictEqual(harness.api.requestsTo(/connectors$/).length, 1);
    assert.strictEqual(harness.api.requestsTo(/history$/).length, 4);
  });

  it('does not refresh everything while unfocused, and catches up on focus when the data is old', async () => {
    finishAllRuns();
    await advance(harness, ACTIVE_MS);
    scheduler.setFocused(false);
    harness.api.clearRequests();
    await advance(harness, FULL_MS * 2);
    assert.deepStrictEqual(harness.api.requests, []);
    scheduler.setFocused(true);
    await drain();
    assert.strictEqual(harness.api.requestsTo(/connectors$/).length, 1);
  });

  it('does not refresh on focus when the data is fresh', async () => {
    finishAllRuns();
    await harness.refresher.refreshAll();
    scheduler.setFocused(false);
    await advance(harness, STALE_ON_FOCUS_MS / 2);
    harness.api.clearRequests();
    scheduler.setFocused(true);
    await drain();
    assert.deepStrictEqual(harness.api.requests, []);
  });

  it('polls fast for a short burst after a user action, then at the usual pace', async () => {
    scheduler.burst(connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID));
    const ticks: number[] = [];
    const start = harness.clock.now;
    for (let i = 0; i < 5; i++) {
      const before = harness.api.requests.length;
      while (harness.api.requests.length === before) {
        await advance(harness, 1_000);
      }
      ticks.push(harness.clock.now - start);
    }
    assert.deepStrictEqual(ticks, [3_000, 6_000, 9_000, 19_000, 29_000]);
    // The opened connector is polled during the burst only.
    const polled = harness.api.requests.map((request) => request.path.split('/')[6]);
    assert.strictEqual(polled.filter((id) => id === SAMPLE_FAILED_CONNECTOR_ID).length, 3);
  });

  it('a burst asked for before the runs are known (a refresh at sign-in) follows them once they arrive', async () => {
    harness.store.clear();
    harness.store.setProjects([SAMPLE_PROJECT_ID]);
    scheduler.burst();
    await harness.refresher.refreshAll();
    harness.api.clearRequests();
    await advance(harness, 3_000);
    assert.deepStrictEqual(historyRequests().sort(), [SAMPLE_QUEUED_CONNECTOR_ID, SAMPLE_RUNNING_CONNECTOR_ID].sort(), 'fast, not at the usual pace');
  });

  it('a burst survives a change of settings (the settings are read again right after a sign-in)', async () => {
    scheduler.burst();
    scheduler.setSettings({ activeIntervalMs: ACTIVE_MS, refreshIntervalMs: FULL_MS });
    await advance(harness, 3_000);
    assert.strictEqual(historyRequests().length, 2);
  });

  it('backs off a failing project alone, shows when, and recovers on its own', async () => {
    harness.api.addFault({ path: /history$/, times: 2, error: () => new MixpanelApiError('server', { status: 503 }) });
    await advance(harness, ACTIVE_MS);
    const project = harness.store.project(SAMPLE_PROJECT_ID)!;
    assert.strictEqual(project.failures, 1);
    assert.ok(project.problem);
    const retryIn = project.retryAt! - harness.clock.now;
    assert.ok(retryIn >= 7_500 && retryIn <= 15_000, `retry in ${retryIn}`);
    harness.api.clearRequests();
    await advance(harness, retryIn);
    assert.strictEqual(harness.api.requestsTo(/connectors$/).length, 1, 'the retry refreshes the project');
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)!.problem, undefined);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)!.failures, 0);
  });

  it('waits as long as Retry-After asks', async () => {
    harness.api.addFault({ path: /history$/, error: () => new MixpanelApiError('rateLimited', { status: 429, retryAfterMs: 120_000 }) });
    await advance(harness, ACTIVE_MS);
    const project = harness.store.project(SAMPLE_PROJECT_ID)!;
    assert.strictEqual(project.problem?.kind, 'rateLimited');
    assert.strictEqual(project.retryAt! - harness.clock.now, 120_000);
    harness.api.clearRequests();
    await advance(harness, 119_000);
    assert.deepStrictEqual(harness.api.requests, [], 'nothing is asked before the server allows it');
    harness.api.clearFaults();
    await advance(harness, 1_000);
    assert.ok(harness.api.requests.length > 0);
  });

  it('stops polling on 401 and reports it once, however many requests failed', async () => {
    let reported = 0;
    harness.refresher.onAuthenticationFailed(() => reported++);
    harness.api.addFault({ path: /./, error: () => new MixpanelApiError('authentication', { status: 401, serverMessage: 'Expired' }) });
    await advance(harness, ACTIVE_MS);
    assert.strictEqual(harness.api.requests.length, 2);
    assert.strictEqual(reported, 1);
    assert.strictEqual(harness.clock.countTimers(), 0, 'no timer is armed');
    harness.api.clearRequests();
    await advance(harness, FULL_MS * 3);
    assert.deepStrictEqual(harness.api.requests, []);
    assert.strictEqual(reported, 1);
  });

  it('a Retry-After of 0, or a date long past, cannot make a timer fire in a loop', async () => {
    // What the client makes of `Retry-After: 0` and of a date long past: no wait at all.
    harness.api.addFault({ path: /./, error: () => new MixpanelApiError('rateLimited', { status: 429, retryAfterMs: 0 }) });
    await advance(harness, ACTIVE_MS);
    for (let second = 0; second < 60; second++) {
      await advance(harness, 1_000);
    }
    // One failing project is asked again at most every 5 s: 12 times a minute, plus the first
    // poll, each time for its two lists (Cloud Import and warehouse).
    const asked = harness.api.requests.length;
    assert.ok(asked <= 2 * 14, `${asked} requests in 70 s`);
    assert.ok(asked >= 5, `${asked} requests in 70 s: the project is still retried`);
  });

  it('resumes polling after a 401 stop once a refresh the user asked for succeeds', async () => {
    harness.api.addFault({ path: /./, error: () => new MixpanelApiError('authentication', { status: 401, serverMessage: 'Expired' }) });
    await advance(harness, ACTIVE_MS);
    assert.strictEqual(harness.clock.countTimers(), 0, 'no timer is armed');
    harness.api.clearFaults();
    // The secret was fixed in Mixpanel; the user presses Refresh.
    await harness.refresher.refreshAll();
    harness.api.clearRequests();
    await advance(harness, ACTIVE_MS);
    assert.deepStrictEqual(historyRequests().sort(), [SAMPLE_QUEUED_CONNECTOR_ID, SAMPLE_RUNNING_CONNECTOR_ID].sort());
  });

  it('resumes polling after a 401 stop when a new session starts', async () => {
    harness.api.addFault({ path: /./, error: () => new MixpanelApiError('authentication', { status: 401, serverMessage: 'Expired' }) });
    await advance(harness, ACTIVE_MS);
    harness.api.clearFaults();
    harness.refresher.setApi(harness.api);
    scheduler.setEnabled(true);
    await harness.refresher.refreshAll();
    harness.api.clearRequests();
    await advance(harness, ACTIVE_MS);
    assert.strictEqual(historyRequests().length, 2);
  });

  it('arms nothing while disabled (signed out or no project)', async () => {
    scheduler.setEnabled(false);
    assert.strictEqual(harness.clock.countTimers(), 0, 'no timer is armed');
    assert.strictEqual(harness.clock.countTimers(), 0);
    await advance(harness, FULL_MS * 2);
    assert.deepStrictEqual(harness.api.requests, []);
  });

  it('disposal stops every timer', async () => {
    assert.ok(harness.clock.countTimers() > 0);
    scheduler.dispose();
    assert.strictEqual(harness.clock.countTimers(), 0);
    harness.store.setProjects([SAMPLE_PROJECT_ID, SAMPLE_PROJECT_ID + 1]);
    scheduler.burst();
    scheduler.setFocused(false);
    scheduler.setFocused(true);
    assert.strictEqual(harness.clock.countTimers(), 0);
    assert.ok(harness.store.source(connectorRef(SAMPLE_SUCCESS_CONNECTOR_ID, SAMPLE_PROJECT_ID)));
  });

  it('0 turns each kind of polling off', async () => {
    scheduler.setSettings({ activeIntervalMs: 0, refreshIntervalMs: 0 });
    assert.strictEqual(harness.clock.countTimers(), 0, 'no timer is armed');
    await advance(harness, FULL_MS * 2);
    assert.deepStrictEqual(harness.api.requests, []);
  });

  it('a refresh interval past what a timer holds (3e9 ms) does not refresh back to back', async () => {
    finishAllRuns();
    await advance(harness, ACTIVE_MS);
    scheduler.setSettings({ activeIntervalMs: ACTIVE_MS, refreshIntervalMs: 3e9 });
    harness.api.clearRequests();
    // A bare setTimeout(…, 3e9) fires after 1 ms and re-arms: hundreds of refreshes a second.
    await advance(harness, 2_000);
    assert.deepStrictEqual(harness.api.requestsTo(/connectors$/), []);
    await advance(harness, 3e9);
    assert.strictEqual(harness.api.requestsTo(/connectors$/).length, 1, 'once, when the long wait is over');
  });

  it('looks at a Cloud Import connector whose runs keep an hourly cadence once it could be late, focused or not', async () => {
    finishAllRuns();
    const MIN = 60_000;
    const runs = Array.from({ length: 8 }, (_, index) => runRecord({ status: 'success', startMs: harness.clock.now - 20 * MIN - index * 60 * MIN, endMs: harness.clock.now - 15 * MIN - index * 60 * MIN, events: 10 }));
    harness.api.data.project(SAMPLE_PROJECT_ID).history.set(SAMPLE_SUCCESS_CONNECTOR_ID, runs);
    await harness.refresher.refreshAll();
    scheduler.setFocused(false);
    harness.api.clearRequests();
    const looks = () => harness.api.requestsTo(new RegExp(`connectors/${SAMPLE_SUCCESS_CONNECTOR_ID}/history$`)).length;
    // Last start 20 min ago, hourly: due in 40 min, late 30 min after that; looked at a minute later.
    await advance(harness, 70 * MIN);
    assert.strictEqual(looks(), 0, 'not before it could be late');
    await advance(harness, 2 * MIN);
    assert.strictEqual(looks(), 1, 'looked at once it could be late');
    await advance(harness, 50 * MIN);
    assert.strictEqual(looks(), 1, 'then once a period');
    await advance(harness, 15 * MIN);
    assert.strictEqual(looks(), 2);
    assert.deepStrictEqual(harness.api.requestsTo(/connectors$/), [], 'and no full refresh while unfocused');
  });

  describe('a scheduled import while no window is focused', () => {
    const MIN = 60_000;
    const importId = 77;

    beforeEach(async () => {
      finishAllRuns();
      const project = harness.api.data.project(SAMPLE_PROJECT_ID);
      project.warehouseImports.push({ id: importId, import_type: 'event_stream', table_params: { table_name: 'orders' }, paused: false, run_every: 3_600_000_000_000, last_dispatch: Math.floor((harness.clock.now - 50 * MIN) / 1000) });
      project.warehouseHistory.set(importId, [{ status: 'SUCCEEDED', start_time: Math.floor((harness.clock.now - 50 * MIN) / 1000), end_time: Math.floor((harness.clock.now - 45 * MIN) / 1000), num_events_imported: 10 }]);
      await harness.refresher.refreshAll();
      scheduler.setFocused(false);
      harness.api.clearRequests();
    });

    it('is still looked at when its next run is due, once a period, and a run that failed meanwhile is announced', async () => {
      const finished: string[] = [];
      harness.store.onDidFinishRuns((runs) => finished.push(...runs.map((ended) => ended.run.status)));
      const history = harness.api.data.project(SAMPLE_PROJECT_ID).warehouseHistory.get(importId)!;
      // The scheduled run starts and fails between two looks.
      history.unshift({ status: 'FAILED', start_time: Math.floor((harness.clock.now + 9 * MIN) / 1000), end_time: Math.floor((harness.clock.now + 10 * MIN) / 1000), num_events_imported: 0 });
      await advance(harness, 10 * MIN + 31_000);
      assert.strictEqual(harness.api.requestsTo(/imports\/77\/history$/).length, 1, 'looked at when due');
      assert.deepStrictEqual(finished, ['failed'], 'the failure is announced, focused or not');
      await advance(harness, 30 * MIN);
      assert.strictEqual(harness.api.requestsTo(/imports\/77\/history$/).length, 1, 'not again until the next period');
      assert.deepStrictEqual(harness.api.requestsTo(/connectors$/), [], 'and no full refresh while unfocused');
    });
  });
});
