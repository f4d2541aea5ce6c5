import * as vscode from 'vscode';
import { changeAffects, ConnectorStore, StoreChange } from '../core/store';
import { pageHtml, pageResourceRoots } from './webviewPage';

/** A panel as its manager needs it: the webview, and a way to redraw it from the store. */
export interface ManagedPanel {
  readonly panel: vscode.WebviewPanel;
  /** The source whose changes in the store redraw the panel. */
  readonly source: { readonly projectId: number; readonly connectorId: string };
  update(): void;
}

/** The page a kind of panel shows. */
export interface PanelPage {
  readonly viewType: string;
  readonly title: string;
  readonly script: string;
  readonly styles: readonly string[];
}

/**
 * Panels of one kind: one per thing shown (showing it again reveals its panel), redrawn when the
 * store changes what they show, and restored after a window reload by the serializer from the
 * state the page keeps.
 */
export abstract class PanelManager<State, Panel extends ManagedPanel> implements vscode.Disposable, vscode.WebviewPanelSerializer<unknown> {
  protected readonly panels = new Map<string, Panel>();
  protected readonly disposables: vscode.Disposable[] = [];

  constructor(protected readonly extensionUri: vscode.Uri, private readonly page: PanelPage, store: ConnectorStore) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(page.viewType, this),
      store.onDidChange((change) => this.onStoreChange(change)),
    );
  }

  protected abstract keyOf(state: State): string;
  protected abstract isState(value: unknown): value is State;
  protected abstract create(panel: vscode.WebviewPanel, state: State): Panel;

  show(state: State): void {
    const existing = this.panels.get(this.keyOf(state));
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(this.page.viewType, this.page.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: pageResourceRoots(this.extensionUri),
    });
    this.adopt(panel, state);
  }

  /** Redraws every panel from what is known, so that relative times move on. */
  redraw(): void {
    for (const panel of [...this.panels.values()]) {
      panel.update();
    }
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (this.isState(state)) {
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
  }

  private adopt(panel: vscode.WebviewPanel, state: State): void {
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'mixpanel.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: pageResourceRoots(this.extensionUri) };
    panel.webview.html = pageHtml(panel.webview, this.extensionUri, this.page);
    this.panels.set(this.keyOf(state), this.create(panel, state));
  }

  private onStoreChange(change: StoreChange): void {
    for (const panel of [...this.panels.values()]) {
      if (changeAffects(change, panel.source.projectId, panel.source.connectorId)) {
        panel.update();
      }
    }
  }
}
