import { stub } from './stub';
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EpisodeLedger } from '../../../src/core/health/episodeLedger';
import { Emitter } from '../../../src/core/model/events';
import { Finding } from '../../../src/core/health/judgement';
import { HealthChange, HealthEpisode, HealthReader } from '../../../src/core/health/monitor';
import { healthSettingsFrom } from '../../../src/core/settings/settingsPolicy';
import { plainTranslate as t } from '../../../src/shared/l10n';
import { HealthNotifier } from '../../../src/vscode/healthNotifier';
import { anImport, importRef } from '../builders';
import { advance, createHarness, DomainHarness } from '../core/harness';

const late: Finding = { kind: 'late', severity: 'warning', since: Date.UTC(2026, 10, 26, 9), expected: Date.UTC(2026, 10, 26, 8), seen: Date.UTC(2026, 10, 26, 12), scheduleMs: 3_600_000 };

describe('the health notifier (behind the stand-in)', () => {
  let harness: DomainHarness;
  let directory: string;
  const notifiers: HealthNotifier[] = [];

  beforeEach(async () => {
    stub.reset();
    harness = createHarness();
    harness.store.setProjects([1]);
    harness.store.applyProject(1, [{ source: anImport({ id: 7, tableParams: { table_name: 'orders' } }), runs: [] }]);
    directory = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'notifier-')), 'announced');
  });

  afterEach(async () => {
    notifiers.splice(0).forEach((notifier) => notifier.dispose());
    harness.refresher.dispose();
    await fs.rm(path.dirname(directory), { recursive: true, force: true });
  });

  /** One window: its monitor's changes, its settings, the shared ledger. */
  function aWindow(settings: Record<string, unknown> = {}): Emitter<HealthChange> {
    const changes = new Emitter<HealthChange>();
    const health: HealthReader = { findings: () => [], onDidChange: changes.event, settle: () => undefined };
    const log = { error: () => undefined, warn: () => undefined, info: () => undefined } as never;
    notifiers.push(new HealthNotifier(health, harness.store, new EpisodeLedger(directory), () => healthSettingsFrom((key) => settings[key]),
      { showHealth: () => undefined }, () => ({ t, now: harness.clock.now }), log, harness.schedulerClock));
    return changes;
  }

  const episode: HealthEpisode = { ref: importRef(7), finding: late, key: `${JSON.stringify([1, 'warehouse', '7'])}|late@${late.since}` };
  const warnings = () => stub.shown.filter((shown) => shown.kind === 'warning');

  it('announces an episode once across two windows that both see it start', async () => {
    const [first, second] = [aWindow(), aWindow()];
    first.fire({ changed: [], started: [episode], ended: [] });
    second.fire({ changed: [], started: [episode], ended: [] });
    await advance(harness, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.strictEqual(warnings().length, 1);
    assert.match(warnings()[0].text, /^orders: late/);
  });

  it('does not claim what its settings keep quiet: a window that wants it still announces it', async () => {
    const quiet = aWindow({ 'notifications.late': false });
    quiet.fire({ changed: [], started: [episode], ended: [] });
    await advance(harness, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepStrictEqual(warnings(), []);
    const loud = aWindow();
    loud.fire({ changed: [], started: [episode], ended: [] });
    await advance(harness, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.strictEqual(warnings().length, 1, 'the other window announces it');
  });
});
