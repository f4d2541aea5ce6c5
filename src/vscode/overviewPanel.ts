import * as vscode from 'vscode';
import { Visibility } from '../core/presentation/minuteTicker';
import { overviewMessage } from '../core/presentation/overview';
import { PresentOptions } from '../core/presentation/presenters';
import { ConnectorStore } from '../core/engine/store';
import { OVERVIEW_VIEW_TYPE } from '../shared/contextValues';
import { isOverviewPageMessage, isOverviewPanelState, OverviewHostMessage, OverviewPanelState } from '../shared/overviewProtocol';
import { RunPanelState } from '../shared/protocol';
import { PagePanel, PanelManager } from './panelManager';

/** One source's overview: redrawn in place from the store while it shows. */
class OverviewPanel extends PagePanel<OverviewHostMessage> {
  constructor(panel: vscode.WebviewPanel, readonly source: OverviewPanelState, private readonly manager: OverviewPanelManager) {
    super(panel, manager);
    this.update();
  }

  protected build(): OverviewHostMessage {
    return overviewMessage(this.manager.store, this.source, this.manager.present());
  }

  protected receive(message: unknown): Promise<void> {
    if (isOverviewPageMessage(message) && message.type === 'openRun') {
      this.manager.openRun({ ...this.source, runKey: message.runKey });
    }
    return Promise.resolve();
  }
}

/** The overview panels: one per source. Clicking a run opens it in the run panel. */
export class OverviewPanelManager extends PanelManager<OverviewPanelState, OverviewHostMessage, OverviewPanel> {
  constructor(
    extensionUri: vscode.Uri,
    readonly store: ConnectorStore,
    readonly present: () => PresentOptions,
    readonly openRun: (reference: RunPanelState) => void,
    visibility: Visibility,
  ) {
    super(extensionUri, { viewType: OVERVIEW_VIEW_TYPE, title: vscode.l10n.t('Source overview'), script: 'overview.js', styles: ['panel.css', 'overview.css'] }, store, visibility);
  }

  protected keyOf(state: OverviewPanelState): string {
    return `${state.projectId}/${state.connectorId}`;
  }

  protected isState(value: unknown): value is OverviewPanelState {
    return isOverviewPanelState(value);
  }

  protected create(panel: vscode.WebviewPanel, state: OverviewPanelState): OverviewPanel {
    return new OverviewPanel(panel, state, this);
  }
}
