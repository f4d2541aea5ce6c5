import * as vscode from 'vscode';
import { SessionSettings } from '../core/engine/session';
import { HealthSettings, healthSettingsFrom, sessionSettingsFrom } from '../core/settings/settingsPolicy';

export const SECTION = 'mixpanelConnectors';

/**
 * The settings, once per change. The user-only ones are read from the user's settings (local or,
 * in a remote window, the remote machine's), whatever a folder's settings.json says.
 */
export function readSettings(): SessionSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return sessionSettingsFrom({
    user: (key) => config.inspect(key)?.globalValue,
    effective: (key) => config.get(key),
  });
}

/** Writes to the user's settings: projects and region belong to the person, not the workspace. */
export async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** Health's thresholds, the history's bounds and which findings are announced. */
export function readHealthSettings(): HealthSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return healthSettingsFrom((key) => config.get(key), (key) => config.inspect(key)?.globalValue);
}
