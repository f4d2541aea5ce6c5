/**
 * Names shared by the code and package.json: context keys (matched by `viewsWelcome` and menus),
 * row context values (matched by menus), view and command ids. Contract tests check both sides
 * against each other.
 */

export const ContextKey = {
  signedIn: 'mixpanelConnectors.signedIn',
  hasProjects: 'mixpanelConnectors.hasProjects',
  loading: 'mixpanelConnectors.loading',
  refreshFailed: 'mixpanelConnectors.refreshFailed',
  needsAttention: 'mixpanelConnectors.needsAttention',
  filtering: 'mixpanelConnectors.filtering',
} as const;

export const VIEW_CONTAINER_ID = 'mixpanelConnectors';
export const CONNECTORS_VIEW_ID = 'mixpanelConnectors.connectors';
export const RUN_PANEL_VIEW_TYPE = 'mixpanelConnectors.runDetails';
export const OVERVIEW_VIEW_TYPE = 'mixpanelConnectors.sourceOverview';
export const HEALTH_VIEW_TYPE = 'mixpanelConnectors.health';

/** The id under which the extension offers its MCP server (package.json's mcpServerDefinitionProviders). */
export const MCP_PROVIDER_ID = 'mixpanelConnectors.mcp';

export const Command = {
  signIn: 'mixpanelConnectors.signIn',
  signOut: 'mixpanelConnectors.signOut',
  selectProjects: 'mixpanelConnectors.selectProjects',
  refresh: 'mixpanelConnectors.refresh',
  openRun: 'mixpanelConnectors.openRun',
  copyError: 'mixpanelConnectors.copyError',
  snoozeFindings: 'mixpanelConnectors.snoozeFindings',
  unsnoozeFindings: 'mixpanelConnectors.unsnoozeFindings',
  openInMixpanel: 'mixpanelConnectors.openInMixpanel',
  showLog: 'mixpanelConnectors.showLog',
  showNeedsAttention: 'mixpanelConnectors.showNeedsAttention',
  showAll: 'mixpanelConnectors.showAll',
  filter: 'mixpanelConnectors.filter',
  clearFilter: 'mixpanelConnectors.clearFilter',
  loadMoreRuns: 'mixpanelConnectors.loadMoreRuns',
  syncNow: 'mixpanelConnectors.syncNow',
  pauseImport: 'mixpanelConnectors.pauseImport',
  resumeImport: 'mixpanelConnectors.resumeImport',
  changeSchedule: 'mixpanelConnectors.changeSchedule',
  showOverview: 'mixpanelConnectors.showOverview',
  copyRunSummary: 'mixpanelConnectors.copyRunSummary',
  copyRunJson: 'mixpanelConnectors.copyRunJson',
  showHealth: 'mixpanelConnectors.showHealth',
  copyHealthReport: 'mixpanelConnectors.copyHealthReport',
  exportHistory: 'mixpanelConnectors.exportHistory',
  exportImport: 'mixpanelConnectors.exportImport',
  showPlan: 'mixpanelConnectors.showPlan',
  applyImport: 'mixpanelConnectors.applyImport',
  deleteImport: 'mixpanelConnectors.deleteImport',
  askAboutThis: 'mixpanelConnectors.askAboutThis',
} as const;

/**
 * Context values, matched by the menus' `when` clauses. A source's is structured, so that one
 * clause matches every kind: `source:<kind>`, then `can:<action>` for each action it offers now,
 * then `hasError` when its newest run has an error message to copy; a generic menu matches
 * `^source:`, an action's menu its `can:` word. Other rows are named by one word.
 */
export const ContextValue = {
  project: 'project',
  run: 'run',
  loadMore: 'loadMore',
  message: 'message',
} as const;

export const SOURCE_CONTEXT_PREFIX = 'source:';
export const CAN_PREFIX = 'can:';
/** Added to a context value when the row has an error message to copy. */
export const HAS_ERROR = 'hasError';
/** A run row whose run failed, with or without error text: "Ask about this" is offered on it. */
export const FAILED = 'failed';
/** Added to a source's context value when it has findings that can be snoozed, or snoozed ones. */
export const FLAGGED = 'flagged';
export const SNOOZED = 'snoozed';

export function sourceContextValue(kind: string, actions: readonly string[], hasError: boolean, health: { flagged?: boolean; snoozed?: boolean } = {}): string {
  return [
    `${SOURCE_CONTEXT_PREFIX}${kind}`, ...actions.map((action) => `${CAN_PREFIX}${action}`), ...(hasError ? [HAS_ERROR] : []),
    ...(health.flagged ? [FLAGGED] : []), ...(health.snoozed ? [SNOOZED] : []),
  ].join(' ');
}

export function withError(contextValue: string, hasError: boolean): string {
  return hasError ? `${contextValue} ${HAS_ERROR}` : contextValue;
}
