import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { PresentOptions, runLabel, connectorLabel } from '../core/presenters';
import { runDetailsModel } from '../core/runDetails';
import { ConnectorStore, StoreChange } from '../core/store';
import { Run } from '../mixpanel/types';
import { RUN_PANEL_VIEW_TYPE } from '../shared/contextValues';
import { HostMessage, isPageMessage, isRunPanelState, PageMessage, RunPanelState } from '../shared/protocol';

/** What a user can do with a run, from the tree, its panel or a notification. */
export interface RunActions {
  copyError(message: string): Promise<void>;
  openInMixpanel(projectId: number): Promise<void>;
}

function panelKey(reference: RunPanelState): string {
  return `${reference.projectId}/${reference.runKey}`;
}

/**
 * One run's details in a webview panel. It follows the run in the store: while the run is
 * queued or running, each refresh posts a new model to the page, which redraws in place.
 */
class RunPanel implements vscode.Disposable {
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** Runs the connector had when the panel opened: a queued run changes key once it starts. */
  private readonly keysAtOpen: Set<string>;
  lastMessage?: HostMessage;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public reference: RunPanelState,
    private readonly manager: RunPanelManager,
  ) {
    this.keysAtOpen = new Set(manager.store.connector(reference.projectId, reference.connectorId)?.runs.map((run) => run.key) ?? []);
    const { webview } = panel;
    webview.options = { enableScripts: true, localResourceRoots: manager.resourceRoots };
    webview.html = manager.html(webview);
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => {
        if (isPageMessage(message)) {
          void this.onMessage(message);
        }
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    this.update();
  }

  private async onMessage(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post();
        break;
      case 'copyError': {
        const error = this.run()?.error;
        if (error) {
          await this.manager.actions.copyError(error.message);
        }
        break;
      }
      case 'openInMixpanel':
        await this.manager.actions.openInMixpanel(this.reference.projectId);
        break;
    }
  }

  run(): Run | undefined {
    const { store } = this.manager;
    const { projectId, connectorId, runKey } = this.reference;
    const run = store.run(projectId, connectorId, runKey);
    if (run || !runKey.includes('/unstarted/')) {
      return run;
    }
    // The queued run started (or ended) and now has a start time in its key: follow it.
    const newest = store.connector(projectId, connectorId)?.runs.find((candidate) => !this.keysAtOpen.has(candidate.key));
    if (newest) {
      this.reference = { ...this.reference, runKey: newest.key };
      this.manager.rekey(this);
    }
    return newest;
  }

  update(): void {
    const t = vscode.l10n.t;
    const { store } = this.manager;
    const project = store.project(this.reference.projectId);
    const entry = store.connector(this.reference.projectId, this.reference.connectorId);
    const run = this.run();
    const options = this.manager.presentOptions();
    if (!entry || !run) {
      const loading = !project || project.state === 'loading';
      this.lastMessage = {
        type: 'missing',
        heading: entry ? connectorLabel(entry.connector) : t('Run details'),
        message: loading ? t('Loading…') : t('This run is no longer in the connector\'s history.'),
        state: this.reference,
      };
      this.panel.title = entry ? connectorLabel(entry.connector) : t('Run details');
    } else {
      const model = runDetailsModel(run, entry.connector, { ...options, cachedSince: project?.fromCache ? project.lastSuccessAt : undefined });
      this.lastMessage = { type: 'render', model, state: this.reference };
      this.panel.title = `${connectorLabel(entry.connector)} · ${runLabel(run, options)}`;
    }
    this.post();
  }

  private post(): void {
    if (this.ready && this.lastMessage) {
      void this.panel.webview.postMessage(this.lastMessage);
    }
  }

  dispose(): void {
    this.manager.forget(this);
    for (const disposable of this.disposables) {
      disposable.dispose();
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
  readonly resourceRoots: vscode.Uri[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    readonly store: ConnectorStore,
    readonly presentOptions: () => PresentOptions,
    readonly actions: RunActions,
  ) {
    this.resourceRoots = [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
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
  }

  /** The message last posted to a run's page: for tests. */
  lastMessageFor(reference: RunPanelState): HostMessage | undefined {
    return this.panels.get(panelKey(reference))?.lastMessage;
  }

  get openPanels(): number {
    return this.panels.size;
  }

  /** The page: a nonce-only script, styles from the extension, nothing else. */
  html(webview: vscode.Webview): string {
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

  rekey(panel: RunPanel): void {
    this.forget(panel);
    this.panels.set(panelKey(panel.reference), panel);
  }

  forget(panel: RunPanel): void {
    for (const [key, candidate] of this.panels) {
      if (candidate === panel) {
        this.panels.delete(key);
      }
    }
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) {
      panel.panel.dispose();
    }
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  private adopt(panel: vscode.WebviewPanel, reference: RunPanelState): void {
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'mixpanel.svg');
    this.panels.set(panelKey(reference), new RunPanel(panel, reference, this));
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
