import { Refresher } from '../core/refresher';
import { PollingScheduler } from '../core/scheduler';
import { ConnectorStore } from '../core/store';
import { ConnectionManager } from './connection';
import { ConnectorsView } from './connectorsView';
import { CredentialStore } from './credentials';
import { RunNotifier } from './notifier';
import { RunPanelManager } from './runPanel';
import { StatusBarController } from './statusBar';

/**
 * What `activate` returns. Not a public API for other extensions: it lets the integration tests,
 * which run in the same extension host, look at the objects the user sees.
 */
export interface ExtensionApi {
  readonly store: ConnectorStore;
  readonly refresher: Refresher;
  readonly scheduler: PollingScheduler;
  readonly connection: ConnectionManager;
  readonly credentials: CredentialStore;
  readonly view: ConnectorsView;
  readonly statusBar: StatusBarController;
  readonly runPanels: RunPanelManager;
  readonly notifier: RunNotifier;
}
