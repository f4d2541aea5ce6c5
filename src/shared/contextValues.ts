/**
 * Names shared by the code and package.json: tree item context values (matched by the `when`
 * clauses of the menus) and context keys (matched by `viewsWelcome` and menus). Contract tests
 * check both sides against each other.
 */

export const ContextValue = {
  project: 'project',
  connector: 'connector',
  run: 'run',
  loadMore: 'loadMore',
  message: 'message',
} as const;

/** Added to a context value when the item has an error message to copy. */
export const HAS_ERROR = 'hasError';

export function withError(contextValue: string, hasError: boolean): string {
  return hasError ? `${contextValue} ${HAS_ERROR}` : contextValue;
}

export const ContextKey = {
  signedIn: 'mixpanelConnectors.signedIn',
  hasProjects: 'mixpanelConnectors.hasProjects',
  loading: 'mixpanelConnectors.loading',
  refreshFailed: 'mixpanelConnectors.refreshFailed',
  failedOnly: 'mixpanelConnectors.failedOnly',
  filtering: 'mixpanelConnectors.filtering',
} as const;

export const VIEW_CONTAINER_ID = 'mixpanelConnectors';
export const CONNECTORS_VIEW_ID = 'mixpanelConnectors.connectors';
export const RUN_PANEL_VIEW_TYPE = 'mixpanelConnectors.runDetails';

export const Command = {
  signIn: 'mixpanelConnectors.signIn',
  signOut: 'mixpanelConnectors.signOut',
  selectProjects: 'mixpanelConnectors.selectProjects',
  refresh: 'mixpanelConnectors.refresh',
  openRun: 'mixpanelConnectors.openRun',
  copyError: 'mixpanelConnectors.copyError',
  openInMixpanel: 'mixpanelConnectors.openInMixpanel',
  showLog: 'mixpanelConnectors.showLog',
  showFailedOnly: 'mixpanelConnectors.showFailedOnly',
  showAll: 'mixpanelConnectors.showAll',
  filter: 'mixpanelConnectors.filter',
  clearFilter: 'mixpanelConnectors.clearFilter',
  loadMoreRuns: 'mixpanelConnectors.loadMoreRuns',
} as const;
