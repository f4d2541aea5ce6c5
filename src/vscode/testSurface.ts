import * as vscode from 'vscode';
import { SourceFilter } from '../core/presentation/filter';
import { RunNotification } from '../core/presentation/notifications';
import { PresentOptions } from '../core/presentation/presenters';
import { SessionState } from '../core/engine/session';
import { SourceStore } from '../core/engine/store';
import { TreeModel } from '../core/presentation/treeModel';
import { AccountSource } from '../core/engine/session';
import { ServiceAccount } from '../mixpanel/types';
import { RUN_PANEL_VIEW_TYPE } from '../shared/ids';
import { OverviewHostMessage, OverviewPanelState } from '../shared/overviewProtocol';
import { HostMessage, RunPanelState } from '../shared/runPanelProtocol';
import { LanguageModelTool } from './agentTools';
import { ConnectorsView } from './connectorsView';
import { CredentialStore } from './credentials';
import { RunNotifier } from './notifier';
import { HealthNotifier } from './healthNotifier';
import { HealthPanel } from './healthPanel';
import { HealthMonitor } from '../core/health/monitor';
import { HealthAnnouncement } from '../core/health/announcer';
import { HealthHostMessage } from '../shared/healthProtocol';
import { OverviewPanelManager } from './overviewPanel';
import { RunPanelManager } from './runPanel';
import { SessionBinding } from './sessionBinding';
import { StatusBarController } from './statusBar';

/**
 * What `activate` returns in a test run (`ExtensionMode.Test`) and nothing else: in production
 * it returns nothing, since any extension may call `activate`. It lets the integration tests,
 * which run in the same extension host, see what the user sees, through the events the UI uses.
 * It can store an account but never read one back: no secret, client or credential store is
 * reachable from here.
 */
export interface TestSurface {
  readonly store: SourceStore;
  readonly view: {
    readonly model: TreeModel;
    /** The tree's data provider, as VS Code calls it. */
    readonly provider: vscode.TreeDataProvider<string>;
    readonly treeView: vscode.TreeView<string>;
    setFilter(filter: SourceFilter): void;
    /** The element VS Code passes to a command from the view's own menus for this row. */
    elementOf(rowId: string): string;
  };
  /** What the status bar item shows now, read from VS Code's item. */
  statusBar(): ShownStatusBarItem;
  /** Every run notification shown in this test run, oldest first. */
  readonly notifications: readonly RunNotification[];
  /** The last message each open run panel's page was sent, by `projectId/runKey`. */
  panelMessage(reference: RunPanelState): HostMessage | undefined;
  /** Run panels open as editor tabs. */
  openPanels(): number;
  /** The last message each open overview's page was sent, by `projectId/connectorId`. */
  overviewMessage(state: OverviewPanelState): OverviewHostMessage | undefined;
  readonly session: {
    readonly state: SessionState;
    reload(): Promise<void>;
  };
  readonly health: {
    readonly monitor: HealthMonitor;
    /** Every health notification shown in this test run, oldest first. */
    readonly notifications: readonly HealthAnnouncement[];
    /** The last message the Health page was sent. */
    pageMessage(): HealthHostMessage | undefined;
    readonly panel: HealthPanel;
  };
  readonly credentials: {
    store(account: ServiceAccount): Promise<void>;
    delete(): Promise<void>;
    /** Where the account in use comes from, if any. */
    source(): Promise<AccountSource | undefined>;
  };
  /** The language-model tools as registered: what VS Code calls before a tool runs, and the tool. */
  readonly agentTools: ReadonlyMap<string, LanguageModelTool>;
}

/** A status bar item as VS Code holds it. */
export interface ShownStatusBarItem {
  readonly text: string;
  /** The Markdown of its tooltip. */
  readonly tooltip: string;
  /** The theme colour of its background, if any. */
  readonly backgroundColor?: string;
  readonly accessibilityLabel?: string;
  readonly command?: string;
}

interface Parts {
  readonly store: SourceStore;
  readonly model: TreeModel;
  readonly view: ConnectorsView;
  readonly session: { readonly state: SessionState };
  readonly binding: SessionBinding;
  readonly credentials: CredentialStore;
  readonly runPanels: RunPanelManager;
  readonly overviews: OverviewPanelManager;
  readonly notifier: RunNotifier;
  readonly presentOptions: () => PresentOptions;
  readonly statusBar: StatusBarController;
  readonly health: HealthMonitor;
  readonly healthPanel: HealthPanel;
  readonly healthNotifier: HealthNotifier;
  readonly agentTools: ReadonlyMap<string, LanguageModelTool>;
}

export function createTestSurface(parts: Parts): TestSurface {
  const notifications: RunNotification[] = [];
  const messages = new Map<string, HostMessage>();
  parts.notifier.onDidNotify((note) => notifications.push(note));
  const runKeyOf = (state: RunPanelState) => JSON.stringify([state.source.projectId, state.source.kind, state.source.id, state.runKey]);
  const sourceKeyOf = (state: OverviewPanelState) => JSON.stringify([state.source.projectId, state.source.kind, state.source.id]);
  parts.runPanels.onDidPost((message) => messages.set(runKeyOf(message.state), message));
  const overviewMessages = new Map<string, OverviewHostMessage>();
  parts.overviews.onDidPost((message) => overviewMessages.set(sourceKeyOf(message.state), message));
  const healthNotifications: HealthAnnouncement[] = [];
  parts.healthNotifier.onDidNotify((note) => healthNotifications.push(note));
  let healthMessage: HealthHostMessage | undefined;
  parts.healthPanel.onDidPost((message) => { healthMessage = message; });
  return {
    agentTools: parts.agentTools,
    store: parts.store,
    health: { monitor: parts.health, notifications: healthNotifications, pageMessage: () => healthMessage, panel: parts.healthPanel },
    view: { model: parts.model, provider: parts.view.provider, treeView: parts.view.treeView, setFilter: (filter) => parts.view.setFilter(filter),
      elementOf: (rowId) => parts.view.elements.of(rowId),
    },
    statusBar: () => {
      const { item } = parts.statusBar;
      const tooltip = item.tooltip;
      return {
        text: item.text,
        tooltip: typeof tooltip === 'string' ? tooltip : tooltip?.value ?? '',
        // ThemeColor.id is typed only from @types/vscode 1.93 on; the object has it in every version.
        backgroundColor: (item.backgroundColor as unknown as { id?: string } | undefined)?.id,
        accessibilityLabel: item.accessibilityInformation?.label,
        command: typeof item.command === 'string' ? item.command : item.command?.command,
      };
    },
    notifications,
    panelMessage: (reference) => messages.get(runKeyOf(reference)),
    overviewMessage: (state) => overviewMessages.get(sourceKeyOf(state)),
    openPanels: () => vscode.window.tabGroups.all.flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(RUN_PANEL_VIEW_TYPE)).length,
    session: { get state() { return parts.session.state; }, reload: () => parts.binding.reload() },
    credentials: {
      store: (account) => parts.credentials.store(account),
      delete: () => parts.credentials.delete(),
      source: async () => (await parts.credentials.get())?.source,
    },
  };
}
