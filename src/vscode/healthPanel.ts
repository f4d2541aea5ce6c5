import * as vscode from 'vscode';
import { HealthReader } from '../core/health/monitor';
import { HealthContext } from '../core/health/judgement';
import { isSourceKind, SourceRef } from '../core/model/source';
import { SourceStore } from '../core/engine/store';
import { Run } from '../mixpanel/types';
import { Visibility } from '../core/presentation/minuteTicker';
import { healthModel, HealthPageInput, healthReport } from '../core/presentation/healthPage';
import { PresentOptions } from '../core/presentation/presenters';
import { HealthHostMessage, HealthPanelState, isHealthPageMessage } from '../shared/healthProtocol';
import { HEALTH_VIEW_TYPE } from '../shared/ids';
import { PagePanel, PanelManager } from './panelManager';

export interface HealthPanelPorts {
  readonly store: SourceStore;
  readonly health: HealthReader;
  readonly keptRuns: (ref: SourceRef) => readonly Run[] | undefined;
  readonly context: HealthContext;
  readonly present: () => PresentOptions;
  readonly openOverview: (source: SourceRef) => void;
  readonly visibility: Visibility;
}

type HealthPageMessage = Extract<HealthHostMessage, { readonly type: 'health' }>;

const STATE: HealthPanelState = { page: 'health' };

/** The Health page: every source of every watched project, redrawn by any change. */
class HealthPagePanel extends PagePanel<HealthPageMessage> {
  constructor(panel: vscode.WebviewPanel, private readonly manager: HealthPanel) {
    super(panel, manager);
    this.update();
  }

  affectedBy(): boolean {
    return true;
  }

  protected build(): HealthPageMessage {
    return { type: 'health', title: vscode.l10n.t('Import Health'), model: healthModel(this.manager.input(), this.manager.ports.present()), state: STATE };
  }

  protected async receive(message: unknown): Promise<void> {
    if (!isHealthPageMessage(message)) {
      return;
    }
    switch (message.type) {
      case 'openOverview':
        if (isSourceKind(message.source.kind)) {
          this.manager.ports.openOverview({ projectId: message.source.projectId, kind: message.source.kind, id: message.source.id });
        }
        return;
      case 'copyReport':
        await this.manager.copyReport();
        void this.panel.webview.postMessage({ type: 'copied' } satisfies HealthHostMessage);
        return;
    }
  }
}

/**
 * The one Health page, a panel of the same manager as the run and overview panels: redrawn when
 * the store or health changes while it shows; restored after a reload. "Copy Health Report" is
 * also a command.
 */
export class HealthPanel extends PanelManager<HealthPanelState, HealthPageMessage, HealthPagePanel> {
  constructor(extensionUri: vscode.Uri, readonly ports: HealthPanelPorts) {
    super(extensionUri, { viewType: HEALTH_VIEW_TYPE, title: vscode.l10n.t('Import Health'), script: 'health.js', styles: ['panel.css', 'health.css'] }, ports.store, ports.visibility);
    this.disposables.push(ports.health.onDidChange(() => this.redraw()));
  }

  /** Opens the page, or reveals it. */
  open(): void {
    this.show(STATE);
  }

  /** The report as Markdown, from what is known now. */
  report(): string {
    return healthReport(this.input(), this.ports.present());
  }

  async copyReport(): Promise<void> {
    await vscode.env.clipboard.writeText(this.report());
  }

  input(): HealthPageInput {
    return {
      projects: this.ports.store.allProjects,
      // The page shows snoozed findings as such: it is handed them, with the snoozes that cover them.
      findingsOf: (ref) => [...this.ports.health.findings(ref), ...(this.ports.health.snoozed?.(ref) ?? []).map(({ finding }) => finding)],
      snoozes: this.ports.store.allProjects.flatMap((project) => project.sources.flatMap((entry) => (this.ports.health.snoozed?.(entry.source) ?? []).map(({ snooze }) => snooze))),
      keptRuns: this.ports.keptRuns,
      context: this.ports.context,
    };
  }

  protected keyOf(): string {
    return 'health';
  }

  /** Whatever state a restored Health page kept: there is one page. */
  protected isState(_value: unknown): _value is HealthPanelState {
    return true;
  }

  protected create(panel: vscode.WebviewPanel): HealthPagePanel {
    return new HealthPagePanel(panel, this);
  }
}
