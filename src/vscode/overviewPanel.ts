import * as vscode from 'vscode';
import { Emitter } from '../core/events';
import { overviewMessage } from '../core/overview';
import { PresentOptions } from '../core/presenters';
import { Visibility } from '../core/minuteTicker';
import { ConnectorStore } from '../core/store';
import { OVERVIEW_VIEW_TYPE } from '../shared/contextValues';
import { isOverviewPageMessage, isOverviewPanelState, OverviewHostMessage, OverviewPanelState } from '../shared/overviewProtocol';
import { RunPanelState } from '../shared/protocol';
import { ManagedPanel, PanelManager } from './panelManager';

function panelKey(state: OverviewPanelState): string {
  return `${state.projectId}/${state.connectorId}`;
}

let panelCount = 0;

/** One source's overview: redrawn in place from the store while it is open. */
class OverviewPanel implements vscode.Disposable, ManagedPanel {
  private ready = false;
  private message?: OverviewHostMessage;
  /** What the page has now: an update that changes nothing is not sent, so the page does not redraw. */
  private posted?: string;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly visibilityKey = `overview-${++panelCount}`;
  readonly source: OverviewPanelState;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly state: OverviewPanelState,
    private readonly manager: OverviewPanelManager,
  ) {
    this.source = state;
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (!isOverviewPageMessage(message)) {
          return;
        }
        if (message.type === 'ready') {
          // A new page (first shown, or shown again after hiding): it has nothing yet.
          this.ready = true;
          this.posted = undefined;
          this.post();
        } else {
          manager.openRun({ ...state, runKey: message.runKey });
        }
      }),
      // A hidden page is not sent updates: it is brought up to date when it shows again.
      panel.onDidChangeViewState(({ webviewPanel }) => {
        manager.visibility.setVisible(this.visibilityKey, webviewPanel.visible);
        if (webviewPanel.visible) {
          this.update();
        }
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    manager.visibility.setVisible(this.visibilityKey, panel.visible);
    this.update();
  }

  update(): void {
    this.message = this.manager.messageFor(this.state);
    this.panel.title = this.message.title;
    if (this.panel.visible) {
      this.post();
    }
  }

  dispose(): void {
    this.manager.visibility.setVisible(this.visibilityKey, false);
    this.manager.closed(this);
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  private post(): void {
    if (!this.ready || !this.message) {
      return;
    }
    const message = this.message;
    const serialized = JSON.stringify(message);
    if (serialized === this.posted) {
      return;
    }
    this.posted = serialized;
    // A page that is gone cannot take a message: nothing to do about it.
    void this.panel.webview.postMessage(message);
    this.manager.posted(message);
  }
}

/** The overview panels: one per source. Clicking a run opens it in the run panel. */
export class OverviewPanelManager extends PanelManager<OverviewPanelState, OverviewPanel> {
  private readonly postedMessages = new Emitter<OverviewHostMessage>();

  /** Each message a page was sent, as the page received it. */
  readonly onDidPost = this.postedMessages.event;

  constructor(
    extensionUri: vscode.Uri,
    private readonly store: ConnectorStore,
    private readonly present: () => PresentOptions,
    readonly openRun: (reference: RunPanelState) => void,
    /** Told when a panel shows or hides: its relative times move on only while it shows. */
    readonly visibility: Visibility,
  ) {
    super(extensionUri, { viewType: OVERVIEW_VIEW_TYPE, title: vscode.l10n.t('Source overview'), script: 'overview.js', styles: ['panel.css', 'overview.css'] }, store);
  }

  /** @internal for the panels */
  messageFor(state: OverviewPanelState): OverviewHostMessage {
    return overviewMessage(this.store, state, this.present());
  }

  /** @internal for the panels */
  posted(message: OverviewHostMessage): void {
    this.postedMessages.fire(message);
  }

  /** @internal for the panels */
  closed(panel: OverviewPanel): void {
    if (this.panels.get(panelKey(panel.state)) === panel) {
      this.panels.delete(panelKey(panel.state));
    }
  }

  override dispose(): void {
    super.dispose();
    this.postedMessages.dispose();
  }

  protected keyOf(state: OverviewPanelState): string {
    return panelKey(state);
  }

  protected isState(value: unknown): value is OverviewPanelState {
    return isOverviewPanelState(value);
  }

  protected create(panel: vscode.WebviewPanel, state: OverviewPanelState): OverviewPanel {
    return new OverviewPanel(panel, state, this);
  }
}
