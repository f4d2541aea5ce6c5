import * as assert from 'assert';
import { PollingScheduler } from '../../../../src/core/engine/scheduler';
import { Account, DEFAULT_SETTINGS, Session, SessionSettings, SessionState } from '../../../../src/core/engine/session';
import { MixpanelApiError } from '../../../../src/mixpanel/errors';
import { addSampleProject, SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID } from '../../../fake-mixpanel/scenarios';
import { aProject } from '../../builders';
import { createHarness, DomainHarness, drain } from '../harness';
import { SOURCE_READERS } from '../../../../src/core/sources';

describe('Session', () => {
  const stored: Account = { source: 'secretStorage', username: 'stored.1a2b.mp-service-account', secret: 's3cret' };
  const settings: SessionSettings = { ...DEFAULT_SETTINGS, projectIds: [SAMPLE_PROJECT_ID] };
  let harness: DomainHarness;
  let scheduler: PollingScheduler;
  let session: Session;
  let connects: Array<{ account: Account; settings: SessionSettings }>;
  let refuse: MixpanelApiError | undefined;
  let snapshot: ReturnType<typeof aProject>[];
  let concurrency: number[];
  let states: SessionState[];
  let failRestore: Error | undefined;

  beforeEach(() => {
    harness = createHarness();
    addSampleProject(harness.api.data);
    scheduler = new PollingScheduler(harness.store, harness.refresher, SOURCE_READERS, DEFAULT_SETTINGS, harness.schedulerClock);
    connects = [];
    refuse = undefined;
    snapshot = [];
    concurrency = [];
    states = [];
    failRestore = undefined;
    session = new Session({
      store: harness.store,
      refresher: harness.refresher,
      scheduler,
      connect: async (account, where) => {
        connects.push({ account, settings: where });
        if (refuse) {
          throw refuse;
        }
        return harness.api;
      },
      restoreSnapshot: () => {
        if (failRestore) {
          throw failRestore;
        }
        return snapshot;
      },
      setConcurrency: (limit) => concurrency.push(limit),
      now: () => harness.clock.now,
    });
    session.onDidChange((state) => states.push(state));
  });

  afterEach(() => {
    session.dispose();
    scheduler.dispose();
    harness.refresher.dispose();
  });

  it('is signed out without an account, and asks nothing', async () => {
    await session.update(undefined, settings);
    assert.strictEqual(session.state.kind, 'signedOut');
    assert.deepStrictEqual(connects, []);
    assert.deepStrictEqual(harness.api.requests, []);
  });

  it('starts a session for an account: projects, a first refresh, and whose data it is', async () => {
    await session.update(stored, settings);
    await drain();
    assert.deepStrictEqual(session.state, {
      kind: 'active', source: 'secretStorage', username: stored.username, owner: `us|${stored.username}`,
      stoppedByAuthentication: false, region: 'us', projectIds: [SAMPLE_PROJECT_ID],
    });
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)?.state, 'ready');
    assert.deepStrictEqual(concurrency, [4]);
  });

  it('shows the snapshot of the same owner at once, before the first answer', async () => {
    snapshot = [aProject({ id: SAMPLE_PROJECT_ID, name: 'Cached' })];
    harness.api.addFault({ path: /./, hold: true });
    await session.update(stored, settings);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)?.fromCache, true);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)?.sources.length, 1);
    harness.api.release();
  });

  it('shows the last known rows before the account is read, and keeps them for a session of the same owner', async () => {
    const cached = [aProject({ id: SAMPLE_PROJECT_ID, name: 'Cached' })];
    session.preview(`us|${stored.username}`, settings, cached);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)?.fromCache, true);
    const onScreen: number[] = [];
    harness.store.onDidChange(() => onScreen.push(harness.store.project(SAMPLE_PROJECT_ID)?.sources.length ?? 0));
    harness.api.addFault({ path: /./, hold: true });
    await session.update(stored, settings);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)?.fromCache, true, 'still on screen while the first refresh runs');
    assert.ok(onScreen.every((count) => count === 1), `never cleared in between: ${onScreen.join(', ')}`);
    harness.api.release();
  });

  it('drops a preview of another owner or host when the session starts', async () => {
    session.preview(`eu|${stored.username}`, settings, [aProject({ id: SAMPLE_PROJECT_ID })]);
    assert.deepStrictEqual(harness.store.allProjects, [], 'another host\'s rows are not shown at all');
    session.preview(`us|someone.else`, settings, [aProject({ id: SAMPLE_PROJECT_ID })]);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)?.fromCache, true, 'the account is not known yet');
    harness.api.addFault({ path: /./, hold: true });
    await session.update(stored, settings);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)?.fromCache, false);
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)?.state, 'loading');
    harness.api.release();
  });

  it('keeps the session when nothing that matters changed', async () => {
    await session.update(stored, settings);
    await drain();
    harness.api.clearRequests();
    await session.update(stored, { ...settings, runsPerConnector: 50, maxConcurrentRequests: 2 });
    await drain();
    assert.strictEqual(connects.length, 1);
    assert.deepStrictEqual(harness.api.requests, [], 'no refresh');
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)?.state, 'ready', 'the data stays');
    assert.deepStrictEqual(concurrency, [4, 2], 'the new bound applies at once');
  });

  it('starts over for another account, region or API base URL, and on restart', async () => {
    await session.update(stored, settings);
    await session.update({ ...stored, secret: 'rotated' }, settings);
    await session.update({ ...stored, secret: 'rotated' }, { ...settings, region: 'eu' });
    await session.update({ ...stored, secret: 'rotated' }, { ...settings, region: 'eu', apiBaseUrl: 'http://127.0.0.1:9/api/app' });
    await session.update({ ...stored, secret: 'rotated' }, { ...settings, region: 'eu', apiBaseUrl: 'http://127.0.0.1:9/api/app' }, { restart: true });
    assert.strictEqual(connects.length, 5);
    assert.strictEqual(session.state.kind === 'active' && session.state.owner, `http://127.0.0.1:9/api/app|${stored.username}`);
  });

  it('loads projects added within the session, without starting a new one', async () => {
    await session.update(stored, settings);
    await drain();
    harness.api.data.addProject({ id: 2002, name: 'Added' });
    await session.update(stored, { ...settings, projectIds: [SAMPLE_PROJECT_ID, 2002] });
    await drain();
    assert.strictEqual(connects.length, 1);
    assert.strictEqual(harness.store.project(2002)?.state, 'ready');
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)?.state, 'ready', 'the other project keeps its data');
  });

  it('ends: signing out clears what the account saw', async () => {
    await session.update(stored, settings);
    await drain();
    await session.update(undefined, settings);
    assert.strictEqual(session.state.kind, 'signedOut');
    assert.deepStrictEqual(harness.store.allProjects, []);
  });

  it('says why no session could start, and asks again when the settings change', async () => {
    refuse = new MixpanelApiError('configuration', { reason: 'declinedHost', host: 'proxy.example.com' });
    await session.update(stored, { ...settings, apiBaseUrl: 'https://proxy.example.com/api/app' });
    assert.strictEqual(session.state.kind, 'misconfigured');
    assert.strictEqual(session.state.kind === 'misconfigured' && session.state.problem.details.host, 'proxy.example.com');
    refuse = undefined;
    await session.update(stored, settings);
    assert.strictEqual(session.state.kind, 'active');
  });

  it('marks the 401 stop, and lifts it when a refresh gets through', async () => {
    await session.update(stored, settings);
    await drain();
    harness.api.addFault({ path: /./, error: () => new MixpanelApiError('authentication', { status: 401 }) });
    await session.refreshAll();
    assert.strictEqual(session.state.kind === 'active' && session.state.stoppedByAuthentication, true);
    harness.api.clearFaults();
    await session.refreshAll();
    assert.strictEqual(session.state.kind === 'active' && session.state.stoppedByAuthentication, false);
  });

  it('applies updates in the order they were asked for', async () => {
    const first = session.update(stored, settings);
    const second = session.update(undefined, settings);
    await Promise.all([first, second]);
    assert.strictEqual(session.state.kind, 'signedOut');
    assert.deepStrictEqual(states.map((state) => state.kind), ['active', 'signedOut']);
  });

  it('starts nothing once disposed', async () => {
    session.dispose();
    await session.update(stored, settings);
    assert.deepStrictEqual(connects, []);
  });

  it('ends the session when an update fails, and applies the updates after it: Sign Out still signs out', async () => {
    failRestore = new Error('global state is gone');
    await assert.rejects(session.update(stored, settings), /global state is gone/);
    assert.strictEqual(session.api, undefined, 'no client keeps polling with the account');
    assert.strictEqual(session.state.kind, 'misconfigured');
    failRestore = undefined;
    await session.update(stored, settings);
    const stateNow = (): SessionState => session.state;
    assert.strictEqual(stateNow().kind, 'active', 'the queue is alive: the next update applies');
    await session.update(undefined, settings);
    assert.strictEqual(stateNow().kind, 'signedOut');
    harness.api.clearRequests();
    await harness.clock.tickAsync(600_000);
    assert.deepStrictEqual(harness.api.requests, [], 'nothing is asked once signed out');
  });

  it('says the stored account could not be read, keeps the rows on screen, and sends nothing', async () => {
    session.preview('us|stored.1a2b.mp-service-account', settings, [aProject({ id: SAMPLE_PROJECT_ID })]);
    await session.credentialsUnreadable(new Error('keyring locked'), settings);
    const state = session.state;
    assert.strictEqual(state.kind, 'misconfigured');
    assert.strictEqual(state.kind === 'misconfigured' && state.problem.kind, 'credentialsUnreadable');
    assert.strictEqual(state.kind === 'misconfigured' && state.problem.text, 'keyring locked');
    assert.strictEqual(harness.store.project(SAMPLE_PROJECT_ID)?.fromCache, true, 'the last known rows stay');
    assert.deepStrictEqual(connects, []);
    await session.update(stored, settings);
    assert.strictEqual((session.state as SessionState).kind, 'active', 'a later read that works starts the session');
  });

  it('arms each of the scheduler\'s timers once for a new session, not once per step of its start', async () => {
    await session.update(stored, settings);
    await drain();
    let armed = 0;
    const setTimeout = harness.clock.setTimeout.bind(harness.clock);
    harness.clock.setTimeout = ((callback: () => void, ms: number) => { armed++; return setTimeout(callback, ms); }) as typeof harness.clock.setTimeout;
    await session.update(stored, settings, { restart: true });
    // The full refresh's timer and the active runs' timer; the retry timer has nothing to wait for.
    assert.ok(armed <= 2, `${armed} timers armed by one restart`);
  });

  it('configures the scheduler once per change: new paces arm its timers once, the same settings read again arm none', async () => {
    await session.update(stored, settings);
    await drain();
    let armed = 0;
    let configured = 0;
    const setTimeout = harness.clock.setTimeout.bind(harness.clock);
    harness.clock.setTimeout = ((callback: () => void, ms: number) => { armed++; return setTimeout(callback, ms); }) as typeof harness.clock.setTimeout;
    const configure = scheduler.configure.bind(scheduler);
    scheduler.configure = (change) => { configured++; configure(change); };
    await session.update(stored, settings);
    assert.deepStrictEqual([configured, armed], [1, 0], 'the same settings, read again');
    await session.update(stored, { ...settings, activeIntervalMs: 20_000, refreshIntervalMs: 600_000 });
    assert.strictEqual(configured, 2);
    assert.ok(armed > 0 && armed <= 2, `${armed} timers armed for new paces`);
  });

  it('refreshes what a row means: a source\'s runs, its project from a project\'s or a run\'s row, everything without a row; nothing before a session runs', async () => {
    assert.strictEqual(await session.refresh(), 'signedOut');
    await session.update(stored, settings);
    await drain();
    const source = { projectId: SAMPLE_PROJECT_ID, kind: 'cloudImport' as const, id: SAMPLE_FAILED_CONNECTOR_ID };
    const asked = async (scope?: Parameters<Session['refresh']>[0]) => {
      harness.api.clearRequests();
      const result = await session.refresh(scope);
      assert.ok(result !== 'signedOut' && result.ok);
      return harness.api.requests.map((request) => request.path);
    };
    const runsOnly = await asked({ projectId: SAMPLE_PROJECT_ID, source });
    assert.deepStrictEqual(runsOnly, [`/api/app/projects/${SAMPLE_PROJECT_ID}/connectors/${SAMPLE_FAILED_CONNECTOR_ID}/history`]);
    for (const scope of [{ projectId: SAMPLE_PROJECT_ID }, { projectId: SAMPLE_PROJECT_ID, source, runKey: 'any' }]) {
      assert.ok((await asked(scope)).includes(`/api/app/projects/${SAMPLE_PROJECT_ID}/warehouse-sources/imports`), 'the project is listed again');
    }
    let announced = 0;
    session.onDidStartRefresh(() => announced++);
    await asked({ projectId: SAMPLE_PROJECT_ID });
    assert.strictEqual(announced, 0, 'a row\'s refresh is its own');
    assert.ok((await asked()).includes(`/api/app/projects/${SAMPLE_PROJECT_ID}/warehouse-sources/imports`));
    assert.strictEqual(announced, 1, 'everything, announced to whoever shows progress');
  });
});
