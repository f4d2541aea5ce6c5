import * as vscode from 'vscode';
import { isRegion, Region } from '../mixpanel/types';

export const SECTION = 'mixpanelConnectors';

export interface ExtensionSettings {
  readonly region: Region;
  readonly projectIds: readonly number[];
  readonly apiBaseUrl: string;
  readonly runsPerConnector: number;
  readonly maxConcurrentRequests: number;
  readonly activeRunPollIntervalS: number;
  readonly refreshIntervalS: number;
  readonly notifyOnFailure: boolean;
  readonly notifyOnSuccess: boolean;
}

function positiveInteger(value: unknown, fallback: number, minimum = 1): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= minimum ? Math.floor(value) : fallback;
}

/** The settings, with hand-edited nonsense replaced by defaults rather than trusted. */
export function readSettings(): ExtensionSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const region = config.get<string>('region');
  const projectIds = config.get<unknown[]>('projectIds') ?? [];
  return {
    region: isRegion(region) ? region : 'us',
    projectIds: [...new Set(projectIds.map(Number).filter((id) => Number.isInteger(id) && id > 0))],
    apiBaseUrl: (config.get<string>('apiBaseUrl') ?? '').trim(),
    runsPerConnector: positiveInteger(config.get('runsPerConnector'), 20),
    maxConcurrentRequests: positiveInteger(config.get('maxConcurrentRequests'), 4),
    activeRunPollIntervalS: positiveInteger(config.get('activeRunPollInterval'), 10, 0),
    refreshIntervalS: positiveInteger(config.get('refreshInterval'), 300, 0),
    notifyOnFailure: config.get<boolean>('notifications.onFailure') ?? true,
    notifyOnSuccess: config.get<boolean>('notifications.onSuccess') ?? false,
  };
}

/** Writes to the user's settings: projects and region belong to the person, not the workspace. */
export async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}
