import { isRegion } from '../../mixpanel/types';
import { DEFAULT_SETTINGS, SessionSettings } from './session';

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
} as const satisfies Record<string, NumericBounds>;

export type NumericSettingName = keyof typeof NUMERIC_SETTINGS;

/** Settings a workspace cannot set: where the credentials go, how often and how hard they are used, and for which projects. */
export const USER_ONLY_SETTINGS = ['region', 'apiBaseUrl', 'projectIds', 'maxConcurrentRequests', 'activeRunPollInterval', 'refreshInterval'] as const;

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
