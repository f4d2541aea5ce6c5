import { SourceRef } from '../core/model/source';
import * as vscode from 'vscode';
import { Emitter } from '../core/model/events';
import { inertText } from '../core/text/format';
import { Visibility } from '../core/presentation/minuteTicker';
import { changeAffects, SourceStore, StoreChange } from '../core/engine/store';
import { pageHtml, pageResourceRoots } from './webviewPage';

/** What a panel needs from its manager. */
export interface PanelHost<Message extends { readonly title: string }> {
  /** Told when the panel shows or hides: its relative times move on only while it shows. */
  readonly visibility: Visibility;
  posted(message: Message): void;
  closed(panel: PagePanel<Message>): void;
}

let panelCount = 0;

/**
 * A panel whose page draws the model it is sent. The page says `ready` when it starts (first
 * shown, or shown again: a hidden page is gone), and is sent the newest message then and on each
 * update while it shows; a message equal to the one the page has is not sent, so it does not redraw.
 */
export abstract class PagePanel<Message extends { readonly title: string }> implements vscode.Disposable {
  /** Whether a change in the store redraws the panel: one source's page, or every source's. */
  abstract affectedBy(change: StoreChange): boolean;
  protected readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private message?: Message;
  /** The message the page has now, serialized. */
  private posted?: string;
  private readonly visibilityKey = `panel-${++panelCount}`;

  constructor(readonly panel: vscode.WebviewPanel, private readonly host: PanelHost<Message>) {
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if ((message as { type?: unknown } | null)?.type === 'ready') {
          this.ready = true;
          this.posted = undefined;
          this.post();
          return;
        }
        this.receive(message).catch((error: unknown) => {
          void vscode.window.showErrorMessage(inertText(error instanceof Error ? error.message : String(error)));
        });
      }),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        host.visibility.setVisible(this.visibilityKey, webviewPanel.visible);
        if (webviewPanel.visible) {
          this.update();
        }
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    host.visibility.setVisible(this.visibilityKey, panel.visible);
  }

  /** What the page shows now, from the store. */
  protected abstract build(): Message;
  /** A message from the page other than `ready`, not yet checked. */
  protected abstract receive(message: unknown): Promise<void>;

  update(): void {
    this.message = this.build();
    this.panel.title = this.message.title;
    this.post();
  }

  dispose(): void {
    this.host.visibility.setVisible(this.visibilityKey, false);
    this.host.closed(this);
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }

  private post(): void {
    if (!this.ready || !this.message || !this.panel.visible) {
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
    this.host.posted(message);
  }
}

/** A panel about one source: redrawn when the store changes that source. */
export abstract class SourcePanel<Message extends { readonly title: string }> extends PagePanel<Message> {
  abstract readonly source: SourceRef;

  affectedBy(change: StoreChange): boolean {
    return changeAffects(change, this.source);
  }
}

/** The page a kind of panel shows. */
export interface PanelPage {
  readonly viewType: string;
  readonly title: string;
  readonly script: string;
  readonly styles: readonly string[];
}

/**
 * Panels of one kind: one per thing shown (showing it again reveals its panel; the Health page is
 * one thing), redrawn when the store changes what they show, and restored after a window reload by
 * the serializer from the state the page keeps.
 */
export abstract class PanelManager<State, Message extends { readonly title: string }, Panel extends PagePanel<Message>>
implements vscode.Disposable, vscode.WebviewPanelSerializer<unknown>, PanelHost<Message> {
  protected readonly panels = new Map<string, Panel>();
  protected readonly disposables: vscode.Disposable[] = [];
  private readonly postedMessages = new Emitter<Message>();

  /** Each message a page was sent, as the page received it. */
  readonly onDidPost = this.postedMessages.event;

  constructor(protected readonly extensionUri: vscode.Uri, private readonly page: PanelPage, store: SourceStore, readonly visibility: Visibility) {
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

  posted(message: Message): void {
    this.postedMessages.fire(message);
  }

  closed(panel: PagePanel<Message>): void {
    for (const [key, open] of this.panels) {
      if (open === panel) {
        this.panels.delete(key);
      }
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
    this.postedMessages.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, state: State): void {
    // Two panels restored for one thing (a page kept in two editor groups): the first stays.
    if (this.panels.has(this.keyOf(state))) {
      panel.dispose();
      return;
    }
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'mixpanel.svg');
    panel.webview.options = { enableScripts: true, localResourceRoots: pageResourceRoots(this.extensionUri) };
    panel.webview.html = pageHtml(panel.webview, this.extensionUri, this.page);
    this.panels.set(this.keyOf(state), this.create(panel, state));
  }

  private onStoreChange(change: StoreChange): void {
    for (const panel of [...this.panels.values()]) {
      if (panel.affectedBy(change)) {
        panel.update();
      }
    }
  }
}
