import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { HealthAnnouncement, HealthAnnouncer, healthNotificationsFor } from '../../../../src/core/health/announcer';
import { EpisodeLedger } from '../../../../src/core/health/episodeLedger';
import { Finding } from '../../../../src/core/health/judgement';
import { HealthChange, HealthEpisode, HealthReader } from '../../../../src/core/health/monitor';
import { Emitter } from '../../../../src/core/model/events';
import { sourceNameIn } from '../../../../src/core/presentation/presenters';
import { healthSettingsFrom } from '../../../../src/core/settings/settingsPolicy';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import { empty, late, mirror, options, stuck } from './sampleFindings';
import { anImport, importRef } from '../../builders';
import { advance, createHarness, DomainHarness } from '../harness';


describe('announcing health', () => {
  it('batches started findings worst first, tells ends only when wanted, and follows the per-kind settings', () => {
    const episode = (finding: Finding, id: number): HealthEpisode => ({ ref: importRef(id), finding, key: `${id}|${finding.kind}` });
    const names = (e: HealthEpisode) => `table_${e.ref.id}`;
    const settings = healthSettingsFrom(() => undefined).notifications;
    const [one] = healthNotificationsFor([episode(late, 1)], [], settings, names, options);
    assert.match(one.message, /^table_1: late 3 h\. A run was due at/);
    const [many] = healthNotificationsFor([episode(late, 1), episode({ ...mirror, severity: 'error' }, 2), episode(empty, 3), episode(stuck, 4)], [], settings, names, options);
    assert.strictEqual(many.message, '4 sources need attention: table_2 (Mirror: 2 days left), table_4 (running 4 h, usually 5 min), table_1 (late 3 h) and 1 more.');
    // Four sources, two of them with two findings each: four are counted, each named once by its worst.
    const [counted] = healthNotificationsFor([
      episode(late, 1), episode(stuck, 1), episode({ ...mirror, severity: 'error' }, 2), episode(late, 2), episode(empty, 3), episode(stuck, 4),
    ], [], settings, names, options);
    assert.strictEqual(counted.message, '4 sources need attention: table_2 (Mirror: 2 days left), table_1 (running 4 h, usually 5 min), table_4 (running 4 h, usually 5 min) and 1 more.');
    const [twoOfOne] = healthNotificationsFor([episode(late, 1), episode(stuck, 1)], [], settings, names, options);
    assert.match(twoOfOne.message, /^table_1: running 4 h/, 'one source with two findings is one source');
    const [ended] = healthNotificationsFor([], [episode(late, 1)], settings, names, options);
    assert.deepStrictEqual([ended.severity, ended.message], ['info', 'table_1 is back on schedule.']);
    const quiet = healthSettingsFrom((key) => key === 'notifications.late' || key === 'notifications.recoveries' ? false : undefined).notifications;
    assert.deepStrictEqual(healthNotificationsFor([episode(late, 1)], [episode(empty, 3)], quiet, names, options), []);
  });

  describe('across windows', () => {
    let harness: DomainHarness;
    let directory: string;
    const announcers: HealthAnnouncer[] = [];
    let told: HealthAnnouncement[];

    beforeEach(async () => {
      harness = createHarness();
      harness.store.setProjects([1]);
      harness.store.applyProject(1, [{ source: anImport({ id: 7, tableParams: { table_name: 'orders' } }), runs: [] }]);
      directory = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'announcer-')), 'announced');
      told = [];
    });

    afterEach(async () => {
      announcers.splice(0).forEach((announcer) => announcer.dispose());
      harness.refresher.dispose();
      await fs.rm(path.dirname(directory), { recursive: true, force: true });
    });

    /** One window: its monitor's changes, its settings, the shared ledger. */
    function aWindow(settings: Record<string, unknown> = {}): Emitter<HealthChange> {
      const changes = new Emitter<HealthChange>();
      const health: HealthReader = { findings: () => [], onDidChange: changes.event, settle: () => undefined };
      const announcer = new HealthAnnouncer({
        health, ledger: new EpisodeLedger(directory), notifications: () => healthSettingsFrom((key) => settings[key]).notifications,
        nameOf: (ref, translate) => sourceNameIn(harness.store, ref, translate), present: () => ({ t, now: harness.clock.now }),
        onError: (error) => assert.fail(String(error)), clock: harness.schedulerClock,
      });
      announcer.onDidAnnounce((announcement) => told.push(announcement));
      announcers.push(announcer);
      return changes;
    }

    const episode: HealthEpisode = { ref: importRef(7), finding: late, key: `${JSON.stringify([1, 'warehouse', '7'])}|late@${late.since}` };
    const settle = async () => {
      await advance(harness, 1_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    };

    it('announces an episode once across two windows that both see it start, named and with its choices', async () => {
      const [first, second] = [aWindow(), aWindow()];
      first.fire({ changed: [], started: [episode], ended: [] });
      second.fire({ changed: [], started: [episode], ended: [] });
      await settle();
      assert.strictEqual(told.length, 1);
      assert.match(told[0].message, /^orders: late/);
      assert.deepStrictEqual([told[0].showHealth, told[0].dontShowAgain, told[0].silences], ['Show Health', 'Don\'t Show Again', ['notifications.late']]);
    });

    it('does not claim what its settings keep quiet: a window that wants it still announces it', async () => {
      const quiet = aWindow({ 'notifications.late': false });
      quiet.fire({ changed: [], started: [episode], ended: [] });
      await settle();
      assert.deepStrictEqual(told, []);
      const loud = aWindow();
      loud.fire({ changed: [], started: [episode], ended: [] });
      await settle();
      assert.strictEqual(told.length, 1, 'the other window announces it');
    });

    it('silences recoveries with "Don\'t Show Again" on an end, and names a source no longer listed by its id', async () => {
      const window = aWindow({ 'notifications.recoveries': true });
      window.fire({ changed: [], started: [], ended: [{ ...episode, ref: importRef(99) }] });
      await settle();
      assert.deepStrictEqual([told[0]?.severity, told[0]?.message, told[0]?.silences], ['info', '99 is back on schedule.', ['notifications.recoveries']]);
    });
  });
});
