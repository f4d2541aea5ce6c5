import { stub } from './stub';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Emitter } from '../../../src/core/model/events';
import { PollingScheduler } from '../../../src/core/engine/scheduler';
import { DEFAULT_SETTINGS, Session, SessionState } from '../../../src/core/engine/session';
import { TreeModel } from '../../../src/core/presentation/treeModel';
import { MixpanelApiError } from '../../../src/mixpanel/errors';
import { problemFrom } from '../../../src/core/model/entries';
import { ContextKey } from '../../../src/shared/ids';
import { plainTranslate as t } from '../../../src/shared/l10n';
import { ConnectorsView } from '../../../src/vscode/connectorsView';
import { aConnector, aRun } from '../builders';
import { createHarness } from '../core/harness';
import { PROJECT_ROOT } from '../../harness/codeServer';
import { SOURCE_READERS } from '../../../src/core/sources';

interface Manifest {
  contributes: { menus: Record<string, Array<{ when?: string }>>; viewsWelcome: Array<{ when: string }> };
}

/** The context keys the manifest's when clauses read (a view id is not one). */
function keysInWhenClauses(): Set<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;
  const clauses = [...Object.values(manifest.contributes.menus).flat().map((item) => item.when ?? ''), ...manifest.contributes.viewsWelcome.map((welcome) => welcome.when)];
  return new Set(clauses.flatMap((when) => when.replace(/view == [\w.]+/g, '').match(/mixpanelConnectors\.[A-Za-z]+/g) ?? []));
}

describe('the Connectors view\'s context keys (behind the stand-in)', () => {
  beforeEach(() => stub.reset());

  it('sets, as the user moves through its states, every key the manifest reads, each both true and false', () => {
    const harness = createHarness();
    const changed = new Emitter<SessionState>();
    let state: SessionState = { kind: 'signedOut', region: 'us', projectIds: [] };
    const session = { get state() { return state; }, onDidChange: changed.event } as unknown as Session;
    const model = new TreeModel(harness.store, () => ({ t, now: harness.clock.now }), () => 20);
    const scheduler = new PollingScheduler(harness.store, harness.refresher, SOURCE_READERS, DEFAULT_SETTINGS, harness.schedulerClock);
    const view = new ConnectorsView(model, session, scheduler);
    const become = (next: SessionState) => {
      state = next;
      changed.fire(next);
    };

    const active: SessionState = { kind: 'active', source: 'secretStorage', username: 'u', owner: 'us|u', stoppedByAuthentication: false, region: 'us', projectIds: [1] };
    become(active);
    harness.store.setProjects([1]);
    harness.store.applyFailure(1, problemFrom(new MixpanelApiError('server', { status: 503 }), harness.clock.now));
    harness.store.applyProject(1, [{ source: aConnector(), runs: [aRun({ status: 'failed' })] }]);
    view.setFilter({ needsAttention: true, text: 'orders' });
    view.setFilter({ needsAttention: false, text: '' });
    become({ kind: 'signedOut', region: 'us', projectIds: [] });

    const values = new Map<string, Set<unknown>>();
    for (const { command, args } of stub.executed) {
      if (command === 'setContext') {
        const [key, value] = args as [string, unknown];
        values.set(key, (values.get(key) ?? new Set()).add(value));
      }
    }
    for (const key of keysInWhenClauses()) {
      assert.deepStrictEqual([...values.get(key) ?? []].sort(), [false, true], `${key} was set both ways`);
    }
    assert.deepStrictEqual([...values.keys()].sort(), Object.values(ContextKey).sort(), 'and no key the code does not name');
    view.dispose();
    scheduler.dispose();
  });

  it('computes its state once per change of the store', () => {
    const harness = createHarness();
    const session = { state: { kind: 'signedOut', region: 'us', projectIds: [] }, onDidChange: new Emitter<SessionState>().event } as unknown as Session;
    const model = new TreeModel(harness.store, () => ({ t, now: harness.clock.now }), () => 20);
    const scheduler = new PollingScheduler(harness.store, harness.refresher, SOURCE_READERS, DEFAULT_SETTINGS, harness.schedulerClock);
    const view = new ConnectorsView(model, session, scheduler);
    const drawn = stub.treeViews[0].drawn;
    harness.store.setProjects([1]);
    harness.store.applyProject(1, [{ source: aConnector(), runs: [aRun()] }]);
    assert.strictEqual(stub.treeViews[0].drawn - drawn, 2, 'two changes, two redraws');
    view.dispose();
    scheduler.dispose();
  });
});

describe('the first rows VS Code is given (behind the stand-in)', () => {
  beforeEach(() => stub.reset());

  function aView() {
    const harness = createHarness();
    const session = { state: { kind: 'signedOut', region: 'us', projectIds: [] }, onDidChange: new Emitter<SessionState>().event } as unknown as Session;
    const model = new TreeModel(harness.store, () => ({ t, now: harness.clock.now }), () => 20);
    const scheduler = new PollingScheduler(harness.store, harness.refresher, SOURCE_READERS, DEFAULT_SETTINGS, harness.schedulerClock);
    const view = new ConnectorsView(model, session, scheduler);
    const refreshes: unknown[] = [];
    view.provider.onDidChangeTreeData((element) => refreshes.push(element));
    return { harness, view, refreshes, dispose: () => { view.dispose(); scheduler.dispose(); } };
  }

  it('holds VS Code\'s first request while there is nothing to give, and answers it with the rows of the first load', async () => {
    const { harness, view, dispose } = aView();
    let loaded!: () => void;
    view.provider.holdFirstAnswer(new Promise<void>((resolve) => { loaded = resolve; }), 60_000);
    const answer = view.provider.getChildren();
    assert.ok(answer instanceof Promise, 'held while the tree is empty');
    harness.store.setProjects([1]);
    harness.store.applyProject(1, [{ source: aConnector({ label: 'Orders' }), runs: [aRun()] }]);
    loaded();
    assert.strictEqual((await answer).length, 1, 'the first answer has the row');
    assert.ok(Array.isArray(view.provider.getChildren()), 'the next requests are answered at once');
    dispose();
  });

  it('holds it no longer than it was told, and not at all when there are rows already', async () => {
    const { harness, view, dispose } = aView();
    view.provider.holdFirstAnswer(new Promise(() => undefined), 20);
    const started = Date.now();
    assert.deepStrictEqual(await view.provider.getChildren(), []);
    assert.ok(Date.now() - started < 1_000, 'the bound, not the load that never came');
    harness.store.setProjects([1]);
    harness.store.applyProject(1, [{ source: aConnector(), runs: [aRun()] }]);
    view.provider.holdFirstAnswer(new Promise(() => undefined), 60_000);
    assert.ok(Array.isArray(view.provider.getChildren()), 'rows to give: given at once');
    dispose();
  });

  it('tells VS Code of no whole-tree change while the tree it has is empty and stays empty, and of every change once it has rows', () => {
    const { harness, view, refreshes, dispose } = aView();
    assert.deepStrictEqual(view.provider.getChildren(), []);
    harness.store.setProjects([1]);
    harness.store.setProjectNames(new Map([[1, 'Web']]));
    assert.deepStrictEqual(refreshes, [], 'a session starting over an empty tree: no refresh, no 200 ms wait in VS Code');
    harness.store.applyProject(1, [{ source: aConnector(), runs: [aRun()] }]);
    assert.deepStrictEqual(refreshes, [undefined], 'the first rows');
    assert.strictEqual((view.provider.getChildren() as string[]).length, 1);
    harness.store.applyUnavailable(1);
    assert.deepStrictEqual(refreshes, [undefined, undefined], 'and the rows going away');
    dispose();
  });
});
