import * as assert from 'assert';
import { ImportActionError, ImportActions, ImportTarget } from '../../../../../src/core/sources/warehouse/importActions';
import { SyncQuota } from '../../../../../src/core/sources/warehouse/syncQuota';
import { MixpanelApiError } from '../../../../../src/mixpanel/errors';
import { addSampleProject, addWarehouseSample, SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID } from '../../../../fake-mixpanel/scenarios';
import { createHarness, DomainHarness } from '../../harness';
import { anImport, importRef } from '../../../builders';

const HOURLY = 3_600_000_000_000;
const DAILY = 86_400_000_000_000;

describe('ImportActions (Mixpanel in memory, fake clock)', () => {
  let harness: DomainHarness;
  let actions: ImportActions;
  let quota: SyncQuota;
  let followed: string[];
  const target: ImportTarget = anImport({ id: SAMPLE_IMPORT_ID, projectId: SAMPLE_PROJECT_ID });
  const record = () => harness.api.data.project(SAMPLE_PROJECT_ID).warehouseImports.find((item) => item.id === SAMPLE_IMPORT_ID)!;
  const patches = () => harness.api.requestsTo(/imports\/40123$/, 'PATCH').length;
  const yes = () => Promise.resolve(true);

  beforeEach(async () => {
    harness = createHarness();
    addSampleProject(harness.api.data);
    addWarehouseSample(harness.api.data.project(SAMPLE_PROJECT_ID));
    harness.store.setProjects([SAMPLE_PROJECT_ID]);
    await harness.refresher.refreshAll();
    const kept = new Map<string, unknown>();
    quota = new SyncQuota({ get: <T>(key: string) => kept.get(key) as T | undefined, update: async (key, value) => { kept.set(key, value); } }, () => harness.clock.now);
    followed = [];
    actions = new ImportActions({
      api: () => harness.api,
      quota,
      applySourceChange: (source) => harness.refresher.applySourceChange(source),
      followSync: async (chosen) => { followed.push(chosen.id); },
      refreshProject: (projectId) => harness.refresher.refreshProject(projectId),
    });
    harness.api.clearRequests();
  });

  afterEach(() => harness.refresher.dispose());

  it('pauses with the schedule Mixpanel holds now, not the one the sidebar last saw', async () => {
    // Changed to daily elsewhere since the last refresh: the sidebar still says hourly.
    record().run_every = DAILY;
    assert.strictEqual((harness.store.source(importRef(SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID))!.source as ImportTarget).warehouseImport.runEveryNs, HOURLY);
    await actions.setPaused(target, true);
    assert.deepStrictEqual(harness.api.requests.slice(0, 2).map((request) => request.method), ['GET', 'PATCH'], 'read right before the change');
    assert.strictEqual(record().run_every, DAILY, 'the schedule set elsewhere is kept');
    assert.strictEqual(record().paused, true);
  });

  it('refuses to pause or resume an import whose schedule is missing or not a documented one, and sends nothing', async () => {
    for (const runEvery of [undefined, 3600]) {
      record().run_every = runEvery;
      await assert.rejects(actions.setPaused(target, true), (error: unknown) => error instanceof ImportActionError && error.refusal.kind === 'scheduleUnknown');
    }
    assert.strictEqual(patches(), 0);
    await assert.rejects(actions.changeSchedule(target, 3600), (error: unknown) => error instanceof ImportActionError && error.refusal.kind === 'scheduleNotAllowed');
    assert.strictEqual(patches(), 0);
  });

  it('deletes the import only once confirmed, never its data, and the project is read again without it', async () => {
    assert.strictEqual(await actions.deleteImport(target, async () => false), false);
    assert.deepStrictEqual(harness.api.requestsTo(/./, 'DELETE'), [], 'not confirmed: nothing sent');
    assert.strictEqual(await actions.deleteImport(target, async () => true), true);
    assert.strictEqual(harness.api.requestsTo(/imports\/40123$/, 'DELETE').length, 1);
    assert.deepStrictEqual(harness.api.data.deleteBodies, [undefined], 'no delete_data');
    assert.strictEqual(harness.store.source(importRef(SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID)), undefined, 'gone from the store');
  });

  it('changes the schedule and keeps whether Mixpanel holds the import paused now', async () => {
    record().paused = true;
    await actions.changeSchedule(target, DAILY);
    assert.strictEqual(record().run_every, DAILY);
    assert.strictEqual(record().paused, true, 'a pause made elsewhere is not undone');
  });

  it('shows Mixpanel\'s answer at once, and a refresh in flight whose list predates the change does not bring it back', async () => {
    harness.api.addFault({ path: /warehouse-sources\/imports$/, hold: true, times: 1 });
    const inFlight = harness.refresher.refreshProject(SAMPLE_PROJECT_ID);
    await new Promise((resolve) => setImmediate(resolve));
    const pausing = actions.setPaused(target, true);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual((harness.store.source(importRef(SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID))!.source as ImportTarget).warehouseImport.paused, true, 'the answer is in the store before any refresh');
    harness.api.release();
    await inFlight;
    assert.strictEqual((harness.store.source(importRef(SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID))!.source as ImportTarget).warehouseImport.paused, true, 'the list read before the PATCH does not revert the row');
    await pausing;
    assert.strictEqual(harness.api.requestsTo(/warehouse-sources\/imports$/).length, 2, 'a fresh refresh followed the one in flight');
    assert.strictEqual((harness.store.source(importRef(SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID))!.source as ImportTarget).warehouseImport.paused, true);
  });

  it('starts one Sync Now per import at a time: a second while the first is asked for is refused as busy', async () => {
    let answer!: (yes: boolean) => void;
    const first = actions.syncNow(target, () => new Promise((resolve) => { answer = resolve; }));
    const second = await actions.syncNow(target, yes);
    assert.deepStrictEqual(second, { kind: 'busy' });
    answer(true);
    assert.strictEqual((await first).kind, 'started');
    assert.strictEqual(harness.api.requestsTo(/manual-sync$/).length, 1);
    assert.deepStrictEqual(followed, [target.id]);
    assert.strictEqual((await actions.syncNow(target, yes)).kind, 'started', 'free again once the first is answered');
  });

  it('counts a sync when it is sent: one whose answer timed out still counts, one Mixpanel refused does not', async () => {
    harness.api.addFault({ path: /manual-sync$/, error: () => new MixpanelApiError('timeout', { timeoutMs: 30_000 }), times: 1 });
    await assert.rejects(actions.syncNow(target, yes), ImportActionError);
    assert.strictEqual(quota.state('1001/40123').left, 4, 'Mixpanel may have started it');
    harness.api.addFault({ path: /manual-sync$/, error: () => new MixpanelApiError('permission', { status: 403 }), times: 1 });
    await assert.rejects(actions.syncNow(target, yes), ImportActionError);
    assert.strictEqual(quota.state('1001/40123').left, 4, 'a 403 started nothing');
  });

  it('sends nothing once none is left, and a 429 leaves none until its Retry-After', async () => {
    harness.api.addFault({ path: /manual-sync$/, error: () => new MixpanelApiError('rateLimited', { status: 429, retryAfterMs: 600_000 }), times: 1 });
    const refused = await actions.syncNow(target, yes);
    assert.strictEqual(refused.kind, 'refused');
    const sent = harness.api.requestsTo(/manual-sync$/).length;
    assert.strictEqual((await actions.syncNow(target, yes)).kind, 'noQuota');
    assert.strictEqual(harness.api.requestsTo(/manual-sync$/).length, sent);
    harness.clock.tick(600_001);
    assert.strictEqual((await actions.syncNow(target, yes)).kind, 'started');
  });

  it('meets Mixpanel\'s own limit of five an hour when another window used them: the sixth is refused with its Retry-After', async () => {
    // Another window (its own quota memory) started five syncs a minute ago.
    for (let sync = 0; sync < 5; sync++) {
      await harness.api.startWarehouseSync(SAMPLE_PROJECT_ID, SAMPLE_IMPORT_ID);
    }
    harness.clock.tick(60_000);
    const refused = await actions.syncNow(target, yes);
    assert.strictEqual(refused.kind, 'refused');
    assert.ok(refused.kind === 'refused' && refused.quota.left === 0 && refused.quota.nextAt! > harness.clock.now + 58 * 60_000,
      'none left until the hour Mixpanel names has passed');
    harness.clock.tick(60 * 60_000);
    assert.strictEqual((await actions.syncNow(target, yes)).kind, 'started');
  });

  it('a sync declined at the question is neither sent nor counted', async () => {
    assert.deepStrictEqual(await actions.syncNow(target, () => Promise.resolve(false)), { kind: 'cancelled' });
    assert.strictEqual(harness.api.requestsTo(/manual-sync$/).length, 0);
    assert.strictEqual(quota.state('1001/40123').left, 5);
  });
});
