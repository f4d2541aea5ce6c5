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

export const Command = {
  signIn: 'mixpanelConnectors.signIn',
  signOut: 'mixpanelConnectors.signOut',
  selectProjects: 'mixpanelConnectors.selectProjects',
  refresh: 'mixpanelConnectors.refresh',
  openRun: 'mixpanelConnectors.openRun',
  copyError: 'mixpanelConnectors.copyError',
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
} as const;

/** Context values: a row's kind, and a word for what can be done with it. */
export const ContextValue = {
  project: 'project',
  /** A Cloud Import connector. */
  connector: 'connector',
  /** A warehouse import: Sync Now, Pause or Resume, Change Schedule. */
  import: 'import',
  run: 'run',
  loadMore: 'loadMore',
  message: 'message',
} as const;

/** Added to a context value when the row has an error message to copy. */
export const HAS_ERROR = 'hasError';

export function withError(contextValue: string, hasError: boolean): string {
  return hasError ? `${contextValue} ${HAS_ERROR}` : contextValue;
}

/** Added to an import's context value while it is paused: it offers Resume instead of Pause. */
export const PAUSED = 'paused';

export function withPaused(contextValue: string, paused: boolean): string {
  return paused ? `${contextValue} ${PAUSED}` : contextValue;
}
