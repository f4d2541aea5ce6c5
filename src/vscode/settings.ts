import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, SessionSettings } from '../core/session';
import { isRegion } from '../mixpanel/types';

export const SECTION = 'mixpanelConnectors';

function positiveInteger(value: unknown, fallback: number, minimum = 1): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= minimum ? Math.floor(value) : fallback;
}

/** The settings, once per change, with hand-edited nonsense replaced by defaults rather than trusted. */
export function readSettings(): SessionSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const region = config.get<string>('region');
  const projectIds = config.get<unknown[]>('projectIds') ?? [];
  return {
    region: isRegion(region) ? region : DEFAULT_SETTINGS.region,
    projectIds: [...new Set(projectIds.map(Number).filter((id) => Number.isInteger(id) && id > 0))],
    apiBaseUrl: (config.get<string>('apiBaseUrl') ?? '').trim(),
    runsPerConnector: positiveInteger(config.get('runsPerConnector'), DEFAULT_SETTINGS.runsPerConnector),
    maxConcurrentRequests: positiveInteger(config.get('maxConcurrentRequests'), DEFAULT_SETTINGS.maxConcurrentRequests),
    activeIntervalMs: positiveInteger(config.get('activeRunPollInterval'), DEFAULT_SETTINGS.activeIntervalMs / 1000, 0) * 1000,
    refreshIntervalMs: positiveInteger(config.get('refreshInterval'), DEFAULT_SETTINGS.refreshIntervalMs / 1000, 0) * 1000,
    notifyOnFailure: config.get<boolean>('notifications.onFailure') ?? DEFAULT_SETTINGS.notifyOnFailure,
    notifyOnSuccess: config.get<boolean>('notifications.onSuccess') ?? DEFAULT_SETTINGS.notifyOnSuccess,
  };
}

/** Writes to the user's settings: projects and region belong to the person, not the workspace. */
export async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}
