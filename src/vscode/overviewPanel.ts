import * as vscode from 'vscode';
import { Visibility } from '../core/presentation/minuteTicker';
import { isOverviewReference, overviewMessage, OverviewReference } from '../core/presentation/overview';
import { RunReference } from '../core/presentation/runDetails';
import { SourceRef, sourceKey } from '../core/model/source';
import { PresentOptions } from '../core/presentation/presenters';
import { SourceStore } from '../core/engine/store';
import { HealthReader, NO_HEALTH } from '../core/health/monitor';
import { Run } from '../mixpanel/types';
import { OVERVIEW_VIEW_TYPE } from '../shared/ids';
import { isOverviewPageMessage, OverviewHostMessage } from '../shared/overviewProtocol';
import { PanelManager, SourcePanel } from './panelManager';

/** One source's overview: redrawn in place from the store while it shows. */
class OverviewPanel extends SourcePanel<OverviewHostMessage> {
  constructor(panel: vscode.WebviewPanel, readonly reference: OverviewReference, private readonly manager: OverviewPanelManager) {
    super(panel, manager);
    this.update();
  }

  get source(): SourceRef {
    return this.reference.source;
  }

  protected build(): OverviewHostMessage {
    return overviewMessage(this.manager.store, this.reference, this.manager.present(), {
      findings: this.manager.health.findings(this.source),
      keptRuns: this.manager.keptRuns(this.source),
    });
  }

  protected receive(message: unknown): Promise<void> {
    if (isOverviewPageMessage(message) && message.type === 'openRun') {
      this.manager.openRun({ source: this.source, runKey: message.runKey });
    }
    return Promise.resolve();
  }
}

/** The overview panels: one per source. Clicking a run opens it in the run panel. */
export class OverviewPanelManager extends PanelManager<OverviewReference, OverviewHostMessage, OverviewPanel> {
  constructor(
    extensionUri: vscode.Uri,
    readonly store: SourceStore,
    readonly present: () => PresentOptions,
    readonly openRun: (reference: RunReference) => void,
    visibility: Visibility,
    readonly health: HealthReader = NO_HEALTH,
    readonly keptRuns: (ref: SourceRef) => readonly Run[] | undefined = () => undefined,
  ) {
    super(extensionUri, { viewType: OVERVIEW_VIEW_TYPE, title: vscode.l10n.t('Source overview'), script: 'overview.js', styles: ['panel.css', 'overview.css'] }, store, visibility);
    // A finding that starts or ends marks or unmarks a run: the panels of those sources redraw.
    this.disposables.push(health.onDidChange(({ changed }) => {
      for (const ref of changed) {
        this.panels.get(sourceKey(ref))?.update();
      }
    }));
  }

  protected keyOf(state: OverviewReference): string {
    return sourceKey(state.source);
  }

  protected isState(value: unknown): value is OverviewReference {
    return isOverviewReference(value);
  }

  protected create(panel: vscode.WebviewPanel, state: OverviewReference): OverviewPanel {
    return new OverviewPanel(panel, state, this);
  }
}
