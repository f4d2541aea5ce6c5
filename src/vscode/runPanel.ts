import * as vscode from 'vscode';
import { Emitter } from '../core/events';
import { PresentOptions } from '../core/presenters';
import { followRun, runPanelMessage } from '../core/runDetails';
import { inertText } from '../core/format';
import { Visibility } from '../core/minuteTicker';
import { ConnectorStore } from '../core/store';
import { RUN_PANEL_VIEW_TYPE } from '../shared/contextValues';
import { HostMessage, isPageMessage, isRunPanelState, PageMessage, RunPanelState } from '../shared/protocol';
import { RunActions } from './runActions';
import { ManagedPanel, PanelManager } from './panelManager';

function panelKey(reference: RunPanelState): string {
  return `${reference.projectId}/${reference.runKey}`;
}

/** What a panel needs, handed in rather than reached through its manager. */
interface RunPanelContext {
  readonly store: ConnectorStore;
  readonly present: () => PresentOptions;
  readonly actions: RunActions;
  readonly posted: (message: HostMessage) => void;
  readonly rekeyed: (panel: RunPanel, previousKey: string) => void;
  readonly closed: (panel: RunPanel) => void;
  /** Told when the panel shows or hides: its relative times move on only while it shows. */
  readonly visibility: Visibility;
}

let panelCount = 0;

/**
 * One run's details in a webview panel. It follows the run in the store: while the run is queued
 * or running, each refresh posts a new model to the page, which redraws in place.
 */
class RunPanel implements vscode.Disposable, ManagedPanel {
  private ready = false;
  private message?: HostMessage;
  private readonly disposables: vscode.Disposable[] = [];
  /** Runs the connector had when the panel opened: a queued run changes key once it starts. */
  private readonly keysAtOpen: ReadonlySet<string>;
  private readonly visibilityKey = `run-panel-${++panelCount}`;

  constructor(readonly panel: vscode.WebviewPanel, public reference: RunPanelState, private readonly context: RunPanelContext) {
    this.keysAtOpen = new Set(context.store.connector(reference.projectId, reference.connectorId)?.runs.map((run) => run.key) ?? []);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (isPageMessage(message)) {
          this.onMessage(message).catch((error: unknown) => {
            void vscode.window.showErrorMessage(inertText(error instanceof Error ? error.message : String(error)));
          });
        }
      }),
      panel.onDidChangeViewState(() => context.visibility.setVisible(this.visibilityKey, panel.visible)),
      panel.onDidDispose(() => this.dispose()),
    );
    context.visibility.setVisible(this.visibilityKey, panel.visible);
    this.update();
  }

  get source(): { projectId: number; connectorId: string } {
    return this.reference;
  }

  update(): void {
    const runs = this.context.store.connector(this.reference.projectId, this.reference.connectorId)?.runs ?? [];
    const run = followRun(runs, this.reference.runKey, this.keysAtOpen);
    if (run && run.key !== this.reference.runKey) {
      const previousKey = panelKey(this.reference);
      this.reference = { ...this.reference, runKey: run.key };
      this.context.rekeyed(this, previousKey);
    }
    this.message = runPanelMessage(this.context.store, this.reference, run, this.context.present());
    this.panel.title = this.message.title;
    this.post();
  }

  dispose(): void {
    this.context.visibility.setVisible(this.visibilityKey, false);
    this.context.closed(this);
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  private async onMessage(message: PageMessage): Promise<void> {
    const { projectId, connectorId, runKey } = this.reference;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post();
        break;
      case 'copyError': {
        const error = this.context.store.run(projectId, connectorId, runKey)?.error;
        if (error) {
          await this.context.actions.copyError(error.message);
        }
        break;
      }
      case 'copySummary':
      case 'copyJson':
        await this.context.actions.copyRun(this.reference, message.type === 'copyJson' ? 'json' : 'summary');
        break;
      case 'openInMixpanel':
        await this.context.actions.openInMixpanel(projectId);
        break;
    }
  }

  private post(): void {
    if (this.ready && this.message) {
      const message = this.message;
      // A page that is gone cannot take a message: nothing to do about it.
      void this.panel.webview.postMessage(message);
      this.context.posted(message);
    }
  }
}

/** The run panels: one per run. */
export class RunPanelManager extends PanelManager<RunPanelState, RunPanel> {
  private readonly context: RunPanelContext;
  private readonly postedMessages = new Emitter<HostMessage>();

  /** Each message a page was sent, as the page received it. */
  readonly onDidPost = this.postedMessages.event;

  constructor(extensionUri: vscode.Uri, store: ConnectorStore, present: () => PresentOptions, actions: RunActions, visibility: Visibility) {
    super(extensionUri, { viewType: RUN_PANEL_VIEW_TYPE, title: vscode.l10n.t('Run details'), script: 'runDetails.js', styles: ['panel.css', 'runDetails.css'] }, store);
    this.context = {
      store,
      present,
      actions,
      visibility,
      posted: (message) => this.postedMessages.fire(message),
      rekeyed: (panel, previousKey) => {
        this.panels.delete(previousKey);
        this.panels.set(panelKey(panel.reference), panel);
      },
      closed: (panel) => this.panels.delete(panelKey(panel.reference)),
    };
  }

  override dispose(): void {
    super.dispose();
    this.postedMessages.dispose();
  }

  protected keyOf(state: RunPanelState): string {
    return panelKey(state);
  }

  protected isState(value: unknown): value is RunPanelState {
    return isRunPanelState(value);
  }

  protected create(panel: vscode.WebviewPanel, state: RunPanelState): RunPanel {
    return new RunPanel(panel, state, this.context);
  }
}
