import * as vscode from 'vscode';
import { Visibility } from '../core/presentation/minuteTicker';
import { PresentOptions } from '../core/presentation/presenters';
import { followRun, isRunReference, RunReference, runPanelMessage } from '../core/presentation/runDetails';
import { SourceRef } from '../core/model/source';
import { SourceStore } from '../core/engine/store';
import { RUN_PANEL_VIEW_TYPE } from '../shared/ids';
import { HostMessage, isPageMessage } from '../shared/runPanelProtocol';
import { PanelManager, SourcePanel } from './panelManager';
import { RunActions } from './runActions';

function panelKey(reference: RunReference): string {
  return JSON.stringify([reference.source.projectId, reference.source.kind, reference.source.id, reference.runKey]);
}

/**
 * One run's details in a webview panel. It follows the run in the store: while the run is queued
 * or running, each refresh sends the page a new model, which it redraws in place.
 */
class RunPanel extends SourcePanel<HostMessage> {
  /** Runs the source had when the panel opened: a queued run changes key once it starts. */
  private readonly keysAtOpen: ReadonlySet<string>;

  constructor(panel: vscode.WebviewPanel, public reference: RunReference, private readonly manager: RunPanelManager) {
    super(panel, manager);
    this.keysAtOpen = new Set(manager.store.source(reference.source)?.runs.map((run) => run.key) ?? []);
    this.update();
  }

  get source(): SourceRef {
    return this.reference.source;
  }

  protected build(): HostMessage {
    const { store } = this.manager;
    const runs = store.source(this.reference.source)?.runs ?? [];
    const run = followRun(runs, this.reference.runKey, this.keysAtOpen);
    if (run && run.key !== this.reference.runKey) {
      const previousKey = panelKey(this.reference);
      this.reference = { ...this.reference, runKey: run.key };
      this.manager.rekeyed(this, previousKey);
    }
    return runPanelMessage(store, this.reference, run, this.manager.present());
  }

  protected async receive(message: unknown): Promise<void> {
    if (!isPageMessage(message)) {
      return;
    }
    const { source, runKey } = this.reference;
    const { actions } = this.manager;
    switch (message.type) {
      case 'copyError': {
        const error = this.manager.store.run(source, runKey)?.error;
        if (error) {
          await actions.copyError(error.message);
        }
        break;
      }
      case 'copySummary':
      case 'copyJson':
        await actions.copyRun(this.reference, message.type === 'copyJson' ? 'json' : 'summary');
        break;
      case 'openInMixpanel':
        await actions.openInMixpanel(source.projectId);
        break;
    }
  }
}

/** The run panels: one per run. */
export class RunPanelManager extends PanelManager<RunReference, HostMessage, RunPanel> {
  constructor(
    extensionUri: vscode.Uri,
    readonly store: SourceStore,
    readonly present: () => PresentOptions,
    readonly actions: RunActions,
    visibility: Visibility,
  ) {
    super(extensionUri, { viewType: RUN_PANEL_VIEW_TYPE, title: vscode.l10n.t('Run details'), script: 'runDetails.js', styles: ['panel.css', 'runDetails.css'] }, store, visibility);
  }

  /** A queued run's panel follows it under the key it has once started. */
  rekeyed(panel: RunPanel, previousKey: string): void {
    this.panels.delete(previousKey);
    this.panels.set(panelKey(panel.reference), panel);
  }

  protected keyOf(state: RunReference): string {
    return panelKey(state);
  }

  protected isState(value: unknown): value is RunReference {
    return isRunReference(value);
  }

  protected create(panel: vscode.WebviewPanel, state: RunReference): RunPanel {
    return new RunPanel(panel, state, this);
  }
}
