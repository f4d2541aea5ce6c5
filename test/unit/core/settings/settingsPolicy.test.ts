import * as assert from 'assert';
import { boundedSetting, healthSettingsFrom, sessionSettingsFrom, SettingValues, USER_ONLY_SETTINGS } from '../../../../src/core/settings/settingsPolicy';
import { DEFAULT_SETTINGS } from '../../../../src/core/engine/session';

/** Settings as VS Code holds them: the user's, and a folder's on top. */
function values(user: Record<string, unknown>, folder: Record<string, unknown> = {}): SettingValues {
  return {
    user: (key) => user[key],
    effective: (key) => key in folder ? folder[key] : user[key],
  };
}

describe('reading the settings', () => {
  it('holds every number to the manifest\'s range: the nearest bound outside it, the default for what is not a number', () => {
    const read = sessionSettingsFrom(values({ refreshInterval: 3_000_000, activeRunPollInterval: -5, maxConcurrentRequests: 1e9, runsPerConnector: 0.5 }));
    assert.strictEqual(read.refreshIntervalMs, 86_400_000, 'a day at most: setTimeout(…, 3e9) would fire at once');
    assert.strictEqual(read.activeIntervalMs, 0);
    assert.strictEqual(read.maxConcurrentRequests, 16);
    assert.strictEqual(read.runsPerConnector, 1);
    const garbage = sessionSettingsFrom(values({ refreshInterval: 'often', activeRunPollInterval: Number.NaN, maxConcurrentRequests: null }));
    assert.strictEqual(garbage.refreshIntervalMs, DEFAULT_SETTINGS.refreshIntervalMs);
    assert.strictEqual(garbage.activeIntervalMs, DEFAULT_SETTINGS.activeIntervalMs);
    assert.strictEqual(garbage.maxConcurrentRequests, DEFAULT_SETTINGS.maxConcurrentRequests);
    assert.strictEqual(boundedSetting('refreshInterval', Number.POSITIVE_INFINITY), 86_400);
    assert.strictEqual(boundedSetting('runsPerConnector', 37.9), 37);
  });

  it('takes where the account goes, how often and for which projects from the user\'s settings only', () => {
    const user = { region: 'us', projectIds: [1001], refreshInterval: 300, activeRunPollInterval: 10, maxConcurrentRequests: 4 };
    const folder = {
      region: 'eu', apiBaseUrl: 'https://collector.example.com', projectIds: [666], refreshInterval: 1,
      activeRunPollInterval: 1, maxConcurrentRequests: 16, runsPerConnector: 7,
    };
    const read = sessionSettingsFrom(values(user, folder));
    assert.strictEqual(read.region, 'us');
    assert.strictEqual(read.apiBaseUrl, '');
    assert.deepStrictEqual(read.projectIds, [1001]);
    assert.strictEqual(read.refreshIntervalMs, 300_000);
    assert.strictEqual(read.activeIntervalMs, 10_000);
    assert.strictEqual(read.maxConcurrentRequests, 4);
    assert.strictEqual(read.runsPerConnector, 7, 'what is only shown may come from the folder');
    assert.deepStrictEqual([...USER_ONLY_SETTINGS].sort(), ['activeRunPollInterval', 'apiBaseUrl', 'history.maxAgeDays', 'history.maxRunsPerSource', 'maxConcurrentRequests', 'projectIds', 'refreshInterval', 'region']);
  });

  it('bounds the run history every window shares by the user\'s settings only: a cloned folder cannot shrink it', () => {
    const settings = values({ 'history.maxRunsPerSource': 3_000 }, { 'history.maxAgeDays': 1, 'history.maxRunsPerSource': 30, 'health.stuckFactor': 4 });
    const read = healthSettingsFrom(settings.effective, settings.user);
    assert.deepStrictEqual(read.history, { maxAgeMs: 90 * 86_400_000, maxRuns: 3_000 });
    assert.strictEqual(read.thresholds.stuckFactor, 4, 'what is only shown may come from the folder');
  });

  it('keeps only positive whole project ids, each once', () => {
    assert.deepStrictEqual(sessionSettingsFrom(values({ projectIds: [3, '4', 3, -1, 2.5, 2 ** 60, 'x'] })).projectIds, [3, 4]);
    assert.deepStrictEqual(sessionSettingsFrom(values({ projectIds: 'not a list' })).projectIds, []);
  });
});
