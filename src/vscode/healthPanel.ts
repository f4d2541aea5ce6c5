import * as vscode from 'vscode';
import { HealthReader } from '../core/health/monitor';
import { HealthContext } from '../core/health/judgement';
import { isSourceKind, SourceRef } from '../core/model/source';
import { SourceStore } from '../core/engine/store';
import { Run } from '../mixpanel/types';
import { Visibility } from '../core/presentation/minuteTicker';
import { healthModel, HealthPageInput, healthReport } from '../core/presentation/healthPage';
import { PresentOptions } from '../core/presentation/presenters';
import { inertText } from '../core/text/format';
import { HealthHostMessage, isHealthPageMessage } from '../shared/healthProtocol';
import { HEALTH_VIEW_TYPE } from '../shared/ids';
import { pageHtml, pageResourceRoots } from './webviewPage';

export interface HealthPanelPorts {
  readonly store: SourceStore;
  readonly health: HealthReader;
  readonly keptRuns: (ref: SourceRef) => readonly Run[] | undefined;
  readonly context: HealthContext;
  readonly present: () => PresentOptions;
  readonly openOverview: (source: SourceRef) => void;
  readonly visibility: Visibility;
}

const PAGE = { script: 'health.js', styles: ['panel.css', 'health.css'] };

/**
 * The one Health page: every source of every watched project. Redrawn when the store or health
 * changes while it shows; restored after a reload. "Copy Health Report" is also a command.
 */
export class HealthPanel implements vscode.Disposable, vscode.WebviewPanelSerializer<unknown> {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private ready = false;
  private lastPosted: string | undefined;
  private readonly disposables: vscode.Disposable[];
  private readonly posted = new vscode.EventEmitter<HealthHostMessage>();

  /** Each message the page was sent (the tests read it). */
  readonly onDidPost = this.posted.event;

  constructor(private readonly extensionUri: vscode.Uri, private readonly ports: HealthPanelPorts) {
    this.disposables = [
      vscode.window.registerWebviewPanelSerializer(HEALTH_VIEW_TYPE, this),
      ports.store.onDidChange(() => this.update()),
      ports.health.onDidChange(() => this.update()),
      this.posted,
    ];
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    this.adopt(vscode.window.createWebviewPanel(HEALTH_VIEW_TYPE, vscode.l10n.t('Import Health'), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: pageResourceRoots(this.extensionUri),
    }));
  }

  /** The report as Markdown, from what is known now. */
  report(): string {
    return healthReport(this.input(), this.ports.present());
  }

  async copyReport(): Promise<void> {
    await vscode.env.clipboard.writeText(this.report());
  }

  /** Redraws from what is known, so that relative times move on. */
  update(): void {
    if (!this.panel || !this.ready || !this.panel.visible) {
      return;
    }
    const message: HealthHostMessage = { type: 'health', title: vscode.l10n.t('Import Health'), model: healthModel(this.input(), this.ports.present()), state: { page: 'health' } };
    const serialized = JSON.stringify(message);
    if (serialized === this.lastPosted) {
      return;
    }
    this.lastPosted = serialized;
    void this.panel.webview.postMessage(message);
    this.posted.fire(message);
  }

  deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    if (this.panel) {
      panel.dispose();
    } else {
      this.adopt(panel);
    }
    return Promise.resolve();
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposables.forEach((disposable) => disposable.dispose());
  }

  private input(): HealthPageInput {
    return {
      projects: this.ports.store.allProjects,
      findingsOf: (ref) => this.ports.health.findings(ref),
      keptRuns: this.ports.keptRuns,
      context: this.ports.context,
    };
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    this.lastPosted = undefined;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'mixpanel.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: pageResourceRoots(this.extensionUri) };
    panel.webview.html = pageHtml(panel.webview, this.extensionUri, { title: vscode.l10n.t('Import Health'), ...PAGE });
    this.ports.visibility.setVisible('health', panel.visible);
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((message: unknown) => {
        this.receive(message).catch((error: unknown) => {
          void vscode.window.showErrorMessage(inertText(error instanceof Error ? error.message : String(error)));
        });
      }),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        this.ports.visibility.setVisible('health', webviewPanel.visible);
        this.update();
      }),
      panel.onDidDispose(() => {
        this.ports.visibility.setVisible('health', false);
        this.panelDisposables.forEach((disposable) => disposable.dispose());
        this.panelDisposables = [];
        this.panel = undefined;
      }),
    ];
  }

  private async receive(message: unknown): Promise<void> {
    if (!isHealthPageMessage(message)) {
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.lastPosted = undefined;
        this.update();
        return;
      case 'openOverview':
        if (isSourceKind(message.source.kind)) {
          this.ports.openOverview({ projectId: message.source.projectId, kind: message.source.kind, id: message.source.id });
        }
        return;
      case 'copyReport':
        await this.copyReport();
        void this.panel?.webview.postMessage({ type: 'copied' } satisfies HealthHostMessage);
        return;
    }
  }
}
