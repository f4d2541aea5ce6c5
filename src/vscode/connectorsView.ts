import * as vscode from 'vscode';
import { ConnectorFilter, isFiltering } from '../core/filter';
import { formatAge, inertText } from '../core/format';
import { latestFailed } from '../core/model';
import { ConnectorStore } from '../core/store';
import { ContextKey, CONNECTORS_VIEW_ID } from '../shared/contextValues';
import { ConnectionManager } from './connection';
import { ConnectorsTreeProvider, TreeNode } from './treeProvider';

/**
 * The Connectors view around its provider: the filter, the badge of failed connectors, the
 * message line, and the context keys that choose the welcome content.
 */
export class ConnectorsView implements vscode.Disposable {
  readonly treeView: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private contextKeys = new Map<string, boolean>();

  constructor(readonly provider: ConnectorsTreeProvider, private readonly store: ConnectorStore, private readonly connection: ConnectionManager) {
    this.treeView = vscode.window.createTreeView(CONNECTORS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
    this.disposables.push(
      this.treeView,
      store.onDidChange(() => this.update()),
      connection.onDidChange(() => this.update()),
    );
    this.update();
  }

  get filter(): ConnectorFilter {
    return this.provider.filter;
  }

  setFilter(filter: ConnectorFilter): void {
    this.provider.filter = filter;
    this.update();
  }

  /** Badge, message and context keys from the store's current state. */
  update(): void {
    const t = vscode.l10n.t;
    const projects = this.store.allProjects;
    const failed = projects.flatMap((project) => project.connectors).filter(latestFailed).length;
    this.treeView.badge = failed > 0
      ? { value: failed, tooltip: failed === 1 ? t('1 connector failed') : t('{0} connectors failed', failed) }
      : undefined;

    const state = this.connection.state;
    const emptyAndFailing = projects.find((project) => project.problem && project.connectors.length === 0);
    const cached = projects.find((project) => project.fromCache);
    const loading = projects.length > 0 && projects.every((project) => project.state === 'loading');
    let message: string | undefined;
    if (state.configurationProblem) {
      message = state.configurationProblem;
    } else if (cached) {
      message = t('Last known state, updated {0}. Refreshing…', formatAge(cached.lastSuccessAt ?? Date.now(), Date.now(), t));
    } else if (emptyAndFailing && projects.length === 1) {
      message = emptyAndFailing.problem!.message;
    } else {
      message = this.provider.filterMessage();
    }
    if (!message && state.signedIn && state.source === 'environment') {
      message = t('Using the service account from environment variables.');
    }
    // The reason may be a server's words: one inert line, the log and the rows have the rest.
    this.treeView.message = message !== undefined ? inertText(message) : undefined;

    this.setContext(ContextKey.loading, loading);
    this.setContext(ContextKey.refreshFailed, projects.length > 0 && projects.every((project) => project.problem !== undefined && project.connectors.length === 0));
    this.setContext(ContextKey.failedOnly, this.provider.filter.failedOnly);
    this.setContext(ContextKey.filtering, isFiltering(this.provider.filter));
  }

  private setContext(key: string, value: boolean): void {
    if (this.contextKeys.get(key) !== value) {
      this.contextKeys.set(key, value);
      void vscode.commands.executeCommand('setContext', key, value);
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
