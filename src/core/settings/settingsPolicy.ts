import { isRegion } from '../../mixpanel/types';
import { DEFAULT_SETTINGS, SessionSettings } from '../engine/session';
import { DAY_MS, DEFAULT_THRESHOLDS, FindingKind, HealthThresholds } from '../health/judgement';
import { DEFAULT_HISTORY_BOUNDS, HistoryBounds } from '../health/runHistory';
import { FINDING_NOTIFICATION_SETTING, HealthNotifications, RECOVERIES_SETTING } from '../health/announcer';

/**
 * How the settings are read: numbers are held to the ranges the manifest states (a hand-edited
 * `3000000` would otherwise make a timer that fires at once), and whatever decides where the
 * service account goes and how often it is used is taken from the user's own settings only. A
 * cloned repository's `.vscode/settings.json` may change what is shown, never what is sent.
 */

export interface NumericBounds {
  readonly minimum: number;
  readonly maximum: number;
  readonly default: number;
}

/** The manifest's ranges and defaults (a contract test holds them equal). */
export const NUMERIC_SETTINGS = {
  runsPerConnector: { minimum: 1, maximum: 200, default: DEFAULT_SETTINGS.runsPerConnector },
  maxConcurrentRequests: { minimum: 1, maximum: 16, default: DEFAULT_SETTINGS.maxConcurrentRequests },
  activeRunPollInterval: { minimum: 0, maximum: 3600, default: DEFAULT_SETTINGS.activeIntervalMs / 1000 },
  refreshInterval: { minimum: 0, maximum: 86_400, default: DEFAULT_SETTINGS.refreshIntervalMs / 1000 },
  'health.lateGraceMinutes': { minimum: 1, maximum: 1_440, default: DEFAULT_THRESHOLDS.lateGraceMs / 60_000 },
  'health.stuckFactor': { minimum: 2, maximum: 50, default: DEFAULT_THRESHOLDS.stuckFactor },
  'health.stuckMinimumMinutes': { minimum: 5, maximum: 1_440, default: DEFAULT_THRESHOLDS.stuckMinimumMs / 60_000 },
  'health.stuckWithoutHistoryHours': { minimum: 1, maximum: 168, default: DEFAULT_THRESHOLDS.stuckWithoutHistoryMs / 3_600_000 },
  'health.stalledProgressMinutes': { minimum: 10, maximum: 1_440, default: DEFAULT_THRESHOLDS.stalledProgressMs / 60_000 },
  'health.lowVolumePercent': { minimum: 1, maximum: 99, default: DEFAULT_THRESHOLDS.volumeLowRatio * 100 },
  'health.highVolumePercent': { minimum: 101, maximum: 10_000, default: DEFAULT_THRESHOLDS.volumeHighRatio * 100 },
  'health.mirrorWarningDays': { minimum: 0, maximum: 14, default: DEFAULT_THRESHOLDS.mirrorWarningMs / DAY_MS },
  'history.maxAgeDays': { minimum: 1, maximum: 730, default: DEFAULT_HISTORY_BOUNDS.maxAgeMs / DAY_MS },
  'history.maxRunsPerSource': { minimum: 30, maximum: 10_000, default: DEFAULT_HISTORY_BOUNDS.maxRuns },
} as const satisfies Record<string, NumericBounds>;

export type NumericSettingName = keyof typeof NUMERIC_SETTINGS;

/** Settings a workspace cannot set: where the credentials go, how often and how hard they are used, and for which projects. */
export const USER_ONLY_SETTINGS = [
  'region', 'apiBaseUrl', 'projectIds', 'maxConcurrentRequests', 'activeRunPollInterval', 'refreshInterval',
  // The run history is shared by every window: a cloned folder must not shrink it for all of them.
  'history.maxAgeDays', 'history.maxRunsPerSource',
] as const;

type UserOnlySetting = typeof USER_ONLY_SETTINGS[number];

/** What VS Code holds for a setting: the user's own value, and the value in effect here (a folder's included). */
export interface SettingValues {
  user(key: UserOnlySetting): unknown;
  effective(key: string): unknown;
}

/** A whole number within the setting's range: the nearest bound for one outside it, the default for anything else. */
export function boundedSetting(name: NumericSettingName, value: unknown): number {
  const bounds: NumericBounds = NUMERIC_SETTINGS[name];
  if (typeof value !== 'number' || Number.isNaN(value)) {
    return bounds.default;
  }
  return Math.min(bounds.maximum, Math.max(bounds.minimum, Math.floor(value)));
}

function projectIdsFrom(value: unknown): number[] {
  const ids = Array.isArray(value) ? value : [];
  return [...new Set(ids.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0))];
}

/** The session's settings, once per change: bounded, and the user-only ones from the user's settings. */
export function sessionSettingsFrom(values: SettingValues): SessionSettings {
  const region = values.user('region');
  const apiBaseUrl = values.user('apiBaseUrl');
  const flag = (key: string, fallback: boolean) => {
    const value = values.effective(key);
    return typeof value === 'boolean' ? value : fallback;
  };
  return {
    region: isRegion(region) ? region : DEFAULT_SETTINGS.region,
    projectIds: projectIdsFrom(values.user('projectIds')),
    apiBaseUrl: typeof apiBaseUrl === 'string' ? apiBaseUrl.trim() : '',
    runsPerConnector: boundedSetting('runsPerConnector', values.effective('runsPerConnector')),
    maxConcurrentRequests: boundedSetting('maxConcurrentRequests', values.user('maxConcurrentRequests')),
    activeIntervalMs: boundedSetting('activeRunPollInterval', values.user('activeRunPollInterval')) * 1000,
    refreshIntervalMs: boundedSetting('refreshInterval', values.user('refreshInterval')) * 1000,
    notifyOnFailure: flag('notifications.onFailure', DEFAULT_SETTINGS.notifyOnFailure),
    notifyOnSuccess: flag('notifications.onSuccess', DEFAULT_SETTINGS.notifyOnSuccess),
  };
}

export interface HealthSettings {
  readonly thresholds: HealthThresholds;
  readonly history: HistoryBounds;
  readonly notifications: HealthNotifications;
}

/**
 * What health judges by and what it announces. These change what is shown, never what is sent,
 * so a folder's settings may set them; the numbers are bounded all the same. The history's bounds
 * are the exception: the history is every window's, so only the user's own settings bound it.
 */
export function healthSettingsFrom(effective: (key: string) => unknown, user: (key: UserOnlySetting) => unknown = effective): HealthSettings {
  const number = (name: NumericSettingName) => boundedSetting(name, effective(name));
  const userNumber = (name: NumericSettingName & UserOnlySetting) => boundedSetting(name, user(name));
  const flag = (key: string) => effective(key) !== false;
  const started = Object.fromEntries(Object.entries(FINDING_NOTIFICATION_SETTING).map(([kind, key]) => [kind, flag(key)])) as Record<FindingKind, boolean>;
  return {
    thresholds: {
      lateGraceMs: number('health.lateGraceMinutes') * 60_000,
      stuckFactor: number('health.stuckFactor'),
      stuckMinimumMs: number('health.stuckMinimumMinutes') * 60_000,
      stuckWithoutHistoryMs: number('health.stuckWithoutHistoryHours') * 3_600_000,
      stalledProgressMs: number('health.stalledProgressMinutes') * 60_000,
      volumeLowRatio: number('health.lowVolumePercent') / 100,
      volumeHighRatio: number('health.highVolumePercent') / 100,
      mirrorWarningMs: number('health.mirrorWarningDays') * DAY_MS,
    },
    history: { maxAgeMs: userNumber('history.maxAgeDays') * DAY_MS, maxRuns: userNumber('history.maxRunsPerSource') },
    notifications: { started, recoveries: flag(RECOVERIES_SETTING) },
  };
}
