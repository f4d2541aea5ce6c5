import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { Emitter } from '../core/events';
import { PresentOptions } from '../core/presenters';
import { followRun, runPanelMessage } from '../core/runDetails';
import { ConnectorStore, StoreChange } from '../core/store';
import { RUN_PANEL_VIEW_TYPE } from '../shared/contextValues';
import { HostMessage, isPageMessage, isRunPanelState, PageMessage, RunPanelState } from '../shared/protocol';
import { RunActions } from './runActions';

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
}

/**
 * One run's details in a webview panel. It follows the run in the store: while the run is queued
 * or running, each refresh posts a new model to the page, which redraws in place.
 */
class RunPanel implements vscode.Disposable {
  private ready = false;
  private message?: HostMessage;
  private readonly disposables: vscode.Disposable[] = [];
  /** Runs the connector had when the panel opened: a queued run changes key once it starts. */
  private readonly keysAtOpen: ReadonlySet<string>;

  constructor(readonly panel: vscode.WebviewPanel, public reference: RunPanelState, private readonly context: RunPanelContext) {
    this.keysAtOpen = new Set(context.store.connector(reference.projectId, reference.connectorId)?.runs.map((run) => run.key) ?? []);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (isPageMessage(message)) {
          this.onMessage(message).catch(() => undefined);
        }
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.update();
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

/**
 * The run panels: one per run (showing a run again reveals its panel), restored after a window
 * reload by the serializer from the state the page keeps.
 */
export class RunPanelManager implements vscode.Disposable, vscode.WebviewPanelSerializer<unknown> {
  private readonly panels = new Map<string, RunPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly resourceRoots: vscode.Uri[];
  private readonly context: RunPanelContext;
  private readonly postedMessages = new Emitter<HostMessage>();

  /** Each message a page was sent, as the page received it. */
  readonly onDidPost = this.postedMessages.event;

  constructor(private readonly extensionUri: vscode.Uri, store: ConnectorStore, present: () => PresentOptions, actions: RunActions) {
    this.resourceRoots = [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
    this.context = {
      store,
      present,
      actions,
      posted: (message) => this.postedMessages.fire(message),
      rekeyed: (panel, previousKey) => {
        this.panels.delete(previousKey);
        this.panels.set(panelKey(panel.reference), panel);
      },
      closed: (panel) => this.panels.delete(panelKey(panel.reference)),
    };
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, this),
      store.onDidChange((change) => this.onStoreChange(change)),
    );
  }

  show(reference: RunPanelState): void {
    const existing = this.panels.get(panelKey(reference));
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(RUN_PANEL_VIEW_TYPE, vscode.l10n.t('Run details'), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: this.resourceRoots,
    });
    this.adopt(panel, reference);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (isRunPanelState(state)) {
      this.adopt(panel, state);
    } else {
      panel.dispose();
    }
    return Promise.resolve();
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) {
      panel.panel.dispose();
    }
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
    this.postedMessages.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, reference: RunPanelState): void {
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'mixpanel.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: this.resourceRoots };
    panel.webview.html = this.html(panel.webview);
    this.panels.set(panelKey(reference), new RunPanel(panel, reference, this.context));
  }

  /** The page: a nonce-only script, styles from the extension, nothing else. */
  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'runDetails.css'));
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'runDetails.js'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${vscode.l10n.t('Run details')}</title>
</head>
<body>
<main id="root" aria-live="polite"><p>${vscode.l10n.t('Loading…')}</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  private onStoreChange(change: StoreChange): void {
    for (const panel of [...this.panels.values()]) {
      const { projectId, connectorId } = panel.reference;
      const affected = change.scope === 'all'
        || (change.scope === 'project' && change.projectId === projectId)
        || (change.scope === 'connector' && change.projectId === projectId && change.connectorId === connectorId);
      if (affected) {
        panel.update();
      }
    }
  }
}
