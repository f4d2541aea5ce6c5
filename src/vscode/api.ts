import * as vscode from 'vscode';
import { ConnectorFilter } from '../core/filter';
import { RunNotification } from '../core/notifications';
import { StatusSummary } from '../core/statusSummary';
import { ConnectorStore } from '../core/store';
import { ServiceAccount } from '../mixpanel/types';
import { HostMessage, RunPanelState } from '../shared/protocol';
import { ConnectionState } from './connection';
import { CredentialSource } from './credentials';
import { ConnectorsTreeProvider, TreeNode } from './treeProvider';

/**
 * What `activate` returns in a test run (`ExtensionMode.Test`) and nothing else: in production
 * it returns nothing, since any extension may call `activate`. It lets the integration tests,
 * which run in the same extension host, look at what the user sees. It can store an account but
 * never read one back: no secret, client or credential store is reachable from here.
 */
export interface TestSurface {
  readonly store: ConnectorStore;
  readonly view: {
    readonly provider: ConnectorsTreeProvider;
    readonly treeView: vscode.TreeView<TreeNode>;
    setFilter(filter: ConnectorFilter): void;
  };
  readonly statusBar: { readonly current: StatusSummary | undefined };
  readonly notifier: { readonly shown: readonly RunNotification[] };
  readonly runPanels: {
    lastMessageFor(reference: RunPanelState): HostMessage | undefined;
    readonly openPanels: number;
  };
  readonly connection: {
    readonly state: ConnectionState;
    reload(): Promise<void>;
  };
  readonly credentials: {
    store(account: ServiceAccount): Promise<void>;
    delete(): Promise<void>;
    /** Where the account in use comes from, if any. */
    source(): Promise<CredentialSource | undefined>;
  };
}
