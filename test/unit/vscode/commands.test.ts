import { stub } from './stub';
import * as assert from 'assert';
import { ImportActions } from '../../../src/core/sources/warehouse/importActions';
import { rowId } from '../../../src/core/presentation/rows';
import { PollingScheduler } from '../../../src/core/engine/scheduler';
import { DEFAULT_SETTINGS, Session, SessionState } from '../../../src/core/engine/session';
import { SyncQuota } from '../../../src/core/sources/warehouse/syncQuota';
import { TreeModel } from '../../../src/core/presentation/treeModel';
import { MixpanelApiError } from '../../../src/mixpanel/errors';
import { Command } from '../../../src/shared/ids';
import { plainTranslate as t } from '../../../src/shared/l10n';
import { CommandDependencies, registerCommands } from '../../../src/vscode/commands';
import { ConnectorsView, ViewElements } from '../../../src/vscode/connectorsView';
import { signIn, SignInDependencies } from '../../../src/vscode/signIn';
import { addWarehouseSample, SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID } from '../../fake-mixpanel/scenarios';
import { createHarness, DomainHarness } from '../core/harness';
import { SOURCE_READERS } from '../../../src/core/sources';
import { importRef } from '../builders';

/** How VS Code finds links in messages, and icons in messages and quick picks (as in format.test.ts). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const VSCODE_ICON = /\$\(([a-z0-9-]+(?:~[a-z0-9-]+)?)\)/gi;
const HOSTILE = '[Open a terminal](command:workbench.action.terminal.new) $(warning)';

/** No link and no icon in what VS Code shows, other than the extension's own icons. */
function assertInert(text: string, ownIcons: string[] = []): void {
  assert.strictEqual(text.match(VSCODE_LINK), null, `a live link in: ${text}`);
  const icons = (text.match(VSCODE_ICON) ?? []).filter((icon) => !ownIcons.includes(icon));
  assert.deepStrictEqual(icons, [], `a live icon in: ${text}`);
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined };

describe('the VS Code commands (behind a stand-in for the vscode module)', () => {
  let harness: DomainHarness;
  let elements: ViewElements;
  let state: SessionState;
  let forgotten: number;
  let deleted: number;
  const importRow = rowId.source(importRef(SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID));

  beforeEach(async () => {
    stub.reset();
    harness = createHarness();
    harness.api.data.addProject({ id: SAMPLE_PROJECT_ID, name: HOSTILE, cloudImport: false });
    addWarehouseSample(harness.api.data.project(SAMPLE_PROJECT_ID));
    harness.api.data.project(SAMPLE_PROJECT_ID).warehouseImports[0].table_params = { table_name: HOSTILE };
    harness.store.setProjects([SAMPLE_PROJECT_ID]);
    await harness.refresher.refreshAll();
    harness.api.clearRequests();
    elements = new ViewElements();
    state = { kind: 'active', source: 'secretStorage', username: 'someone', owner: 'us|someone', stoppedByAuthentication: false, region: 'us', projectIds: [SAMPLE_PROJECT_ID] };
    forgotten = 0;
    deleted = 0;
    const kept = new Map<string, unknown>();
    const quota = new SyncQuota({ get: <T>(key: string) => kept.get(key) as T | undefined, update: async (key, value) => { kept.set(key, value); } }, () => harness.clock.now);
    const importActions = new ImportActions({
      api: () => harness.api,
      quota,
      applySourceChange: (source) => harness.refresher.applySourceChange(source),
      followSync: () => Promise.resolve(),
      refreshProject: (projectId) => harness.refresher.refreshProject(projectId),
    });
    const model = new TreeModel(harness.store, () => ({ t, now: harness.clock.now, locale: 'en-US' }), () => 20);
    registerCommands({
      log, store: harness.store, model, quota, importActions,
      view: { elements } as unknown as ConnectorsView,
      session: { get state() { return state; }, settings: DEFAULT_SETTINGS, get api() { return harness.api; } } as unknown as Session,
      snapshots: { forget: async () => { forgotten++; } },
      history: { clear: async () => { forgotten++; } },
      ledger: { clear: async () => { forgotten++; } },
      snoozes: { clear: async () => { forgotten++; } },
      credentials: { delete: async () => { deleted++; } },
      binding: { reload: () => Promise.resolve() },
      present: () => ({ t, now: harness.clock.now, locale: 'en-US' }),
    } as unknown as CommandDependencies);
  });

  afterEach(() => harness.refresher.dispose());

  it('Sync Now: the question, the failure and the status bar name a hostile import inertly; the status bar keeps its own icon', async () => {
    await stub.run(Command.syncNow, elements.of(importRow));
    const question = stub.shown.find((shown) => shown.kind === 'quickPick')!;
    assertInert(question.text);
    const started = stub.shown.find((shown) => shown.kind === 'statusBar')!;
    assert.ok(started.text.startsWith('$(sync) '), started.text);
    assertInert(started.text, ['$(sync)']);

    stub.shown = [];
    harness.clock.tick(10 * 60_000);
    harness.api.addFault({ path: /manual-sync$/, error: () => new MixpanelApiError('badRequest', { status: 400, serverMessage: HOSTILE }) });
    await stub.run(Command.syncNow, elements.of(importRow));
    const error = stub.shown.find((shown) => shown.kind === 'error')!;
    assert.match(error.text, /Open a terminal/, 'the server\'s words are shown');
    assertInert(error.text);
  });

  it('Pause from the view\'s own menu asks nothing; asked for with a bare row id, a modal names the import first', async () => {
    await stub.run(Command.pauseImport, elements.of(importRow));
    assert.deepStrictEqual(stub.shown.filter((shown) => shown.modal), []);
    assert.strictEqual(harness.api.requestsTo(/imports\/40123$/, 'PATCH').length, 1);

    stub.shown = [];
    await stub.run(Command.resumeImport, importRow);
    const modal = stub.shown.find((shown) => shown.modal)!;
    assert.ok(modal, 'a modal was shown');
    assert.match(modal.text, /^Resume the warehouse import "/);
    assert.match(modal.text, /Open a terminal/, 'it names the import');
    assertInert(modal.text);
    assertInert(modal.detail ?? '');
    assert.strictEqual(harness.api.requestsTo(/imports\/40123$/, 'PATCH').length, 1, 'declined: nothing sent');

    stub.answerMessage = (_text, _options, items) => items[0];
    await stub.run(Command.resumeImport, importRow);
    assert.strictEqual(harness.api.requestsTo(/imports\/40123$/, 'PATCH').length, 2, 'confirmed: sent');
  });

  it('Change Schedule asked for with a bare row id (a quick pick another extension could answer) is confirmed in a modal first', async () => {
    stub.answerQuickPick = (_title, _options, items) => items.find((item) => (item as { label?: string }).label === 'weekly') ?? items[0];
    await stub.run(Command.changeSchedule, importRow);
    const modal = stub.shown.find((shown) => shown.modal)!;
    assert.ok(modal, 'a modal was shown');
    assert.match(modal.text, /^Change the schedule of the warehouse import "/);
    assertInert(modal.text);
    assert.strictEqual(harness.api.requestsTo(/imports\/40123$/, 'PATCH').length, 0, 'declined: nothing sent');
    stub.shown = [];
    await stub.run(Command.changeSchedule, elements.of(importRow));
    assert.deepStrictEqual(stub.shown.filter((shown) => shown.modal), [], 'from the view\'s own menu: the pick is the question');
    assert.strictEqual(harness.api.requestsTo(/imports\/40123$/, 'PATCH').length, 1);
  });

  it('Pause refuses, in an inert sentence, an import Mixpanel holds without a documented schedule', async () => {
    harness.api.data.project(SAMPLE_PROJECT_ID).warehouseImports[0].run_every = 3600;
    await stub.run(Command.pauseImport, elements.of(importRow));
    const error = stub.shown.find((shown) => shown.kind === 'error')!;
    assert.match(error.text, /was not changed: Mixpanel gave it no schedule/);
    assertInert(error.text);
    assert.strictEqual(harness.api.requestsTo(/imports\/40123$/, 'PATCH').length, 0);
  });

  it('Sign Out with the account from the environment says how to sign out and deletes nothing', async () => {
    state = { ...state, kind: 'active', source: 'environment' } as SessionState;
    await stub.run(Command.signOut);
    assert.match(stub.shown[0]?.text ?? '', /MIXPANEL_SERVICE_ACCOUNT_USERNAME/);
    assert.deepStrictEqual([deleted, forgotten], [0, 0]);
    state = { ...state, source: 'secretStorage' } as SessionState;
    await stub.run(Command.signOut);
    assert.deepStrictEqual([deleted, forgotten], [1, 4], 'from secret storage: deleted, and the cache, the run history, the announced findings and the snoozes forgotten');
  });
});

describe('sign-in and the view message (behind the stand-in)', () => {
  beforeEach(() => stub.reset());

  it('a sign-in check that fails with a hostile server message says so inertly', async () => {
    const answers = ['someone.mp-service-account', 'a-secret'];
    stub.answerInputBox = () => answers.shift();
    const failure = new MixpanelApiError('badRequest', { status: 400, serverMessage: HOSTILE });
    const deps = {
      session: { state: { kind: 'signedOut', region: 'us', projectIds: [] }, settings: DEFAULT_SETTINGS },
      clients: { create: () => Promise.resolve({ me: () => Promise.reject(failure) }) },
      log,
    } as unknown as SignInDependencies;
    assert.strictEqual(await signIn(deps), false);
    const error = stub.shown.find((shown) => shown.kind === 'error')!;
    assert.match(error.text, /Could not check the service account with Mixpanel in the United States/);
    assertInert(error.text);
  });

  it('the line above the rows says a hostile reason inertly', () => {
    const harness = createHarness();
    const session = { state: { kind: 'misconfigured', source: 'secretStorage', username: 'x', region: 'us', projectIds: [1], problem: { kind: 'unexpected', details: {}, text: HOSTILE, at: 0 } }, onDidChange: () => ({ dispose: () => undefined }) } as unknown as Session;
    const model = new TreeModel(harness.store, () => ({ t, now: 0 }), () => 20);
    const scheduler = new PollingScheduler(harness.store, harness.refresher, SOURCE_READERS, DEFAULT_SETTINGS, harness.schedulerClock);
    const view = new ConnectorsView(model, session, scheduler);
    const message = stub.treeViews[0].message ?? '';
    assert.match(message, /Open a terminal/);
    assertInert(message);
    view.dispose();
    scheduler.dispose();
  });
});

describe('the session binding (behind the stand-in)', () => {
  beforeEach(() => stub.reset());

  it('when secret storage cannot be read: a stopped session that says why, and one offer to sign in', async () => {
    const harness = createHarness();
    const scheduler = new PollingScheduler(harness.store, harness.refresher, SOURCE_READERS, DEFAULT_SETTINGS, harness.schedulerClock);
    const session = new Session({
      store: harness.store, refresher: harness.refresher, scheduler,
      connect: () => Promise.resolve(harness.api), restoreSnapshot: () => [], setConcurrency: () => undefined, now: () => harness.clock.now,
    });
    const credentials = { get: () => Promise.reject(new Error('keyring locked')), onDidChange: () => ({ dispose: () => undefined }) };
    const { SessionBinding } = await import('../../../src/vscode/sessionBinding');
    const binding = new SessionBinding(session, credentials as never, log as never);
    stub.answerMessage = (_text, _options, items) => items[0];
    await binding.reload();
    await binding.reload();
    assert.strictEqual(session.state.kind, 'misconfigured');
    const errors = stub.shown.filter((shown) => shown.kind === 'error');
    assert.strictEqual(errors.length, 1, 'told once, not at every reload');
    assert.match(errors[0].text, /could not read the stored service account \(keyring locked\)/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepStrictEqual(stub.executed.map((call) => call.command), [Command.signIn], 'Sign In was offered and taken');
    binding.dispose();
    session.dispose();
    scheduler.dispose();
  });
});
