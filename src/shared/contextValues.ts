/**
 * Names shared by the code and package.json: context keys (matched by `viewsWelcome` and menus),
 * view and command ids. Row context values live with the rows, in `core/presentation/rows.ts`. Contract tests
 * check both sides against each other.
 */

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
export const OVERVIEW_VIEW_TYPE = 'mixpanelConnectors.sourceOverview';

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
  syncNow: 'mixpanelConnectors.syncNow',
  pauseImport: 'mixpanelConnectors.pauseImport',
  resumeImport: 'mixpanelConnectors.resumeImport',
  changeSchedule: 'mixpanelConnectors.changeSchedule',
  showOverview: 'mixpanelConnectors.showOverview',
  copyRunSummary: 'mixpanelConnectors.copyRunSummary',
  copyRunJson: 'mixpanelConnectors.copyRunJson',
} as const;
