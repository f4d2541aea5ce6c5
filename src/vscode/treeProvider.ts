import * as vscode from 'vscode';
import { ConnectorFilter, describeFilter, isFiltering, matchesFilter, NO_FILTER } from '../core/filter';
import { formatAge, TextLimit, truncate } from '../core/format';
import { ConnectorEntry, latestFailed, ProjectEntry } from '../core/model';
import {
  connectorAccessibilityLabel, connectorDescription, connectorLabel, connectorState, connectorTooltip, PresentOptions, projectDescription,
  runAccessibilityLabel, runDescription, runLabel, runTooltip, StatusIcon, statusIcon,
} from '../core/presenters';
import { ConnectorStore, StoreChange } from '../core/store';
import { Command, ContextValue, withError } from '../shared/contextValues';

export type PresentOptionsSource = () => PresentOptions;

function themeIcon(icon: StatusIcon): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

function markdown(text: string): vscode.MarkdownString {
  // API text in these is escaped by the presenters; theme icons are ours.
  const result = new vscode.MarkdownString(text, true);
  result.isTrusted = false;
  result.supportHtml = false;
  return result;
}

/** What a tree node refers to; commands receive nodes and read these. */
export interface RunReference {
  readonly projectId: number;
  readonly connectorId: string;
  readonly runKey: string;
}

export abstract class TreeNode {
  abstract readonly id: string;
  abstract render(): vscode.TreeItem;
}

export class ProjectNode extends TreeNode {
  readonly id: string;
  constructor(readonly projectId: number, private readonly view: ConnectorsTreeProvider) {
    super();
    this.id = `project/${projectId}`;
  }

  get entry(): ProjectEntry | undefined {
    return this.view.store.project(this.projectId);
  }

  render(): vscode.TreeItem {
    const project = this.entry;
    const item = new vscode.TreeItem(project?.name ?? `Project ${this.projectId}`, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.contextValue = ContextValue.project;
    if (project) {
      const options = this.view.presentOptions();
      item.description = projectDescription(project, options);
      item.iconPath = new vscode.ThemeIcon(project.problem ? 'warning' : project.state === 'unavailable' ? 'info' : 'project',
        project.problem ? new vscode.ThemeColor('list.warningForeground') : undefined);
      item.tooltip = project.problem ? project.problem.message : `${project.name} (${project.id})`;
      item.accessibilityInformation = { label: `${project.name}, ${item.description}` };
    }
    return item;
  }
}

export class ConnectorNode extends TreeNode {
  readonly id: string;
  constructor(readonly projectId: number, readonly connectorId: string, private readonly view: ConnectorsTreeProvider) {
    super();
    this.id = `connector/${projectId}/${connectorId}`;
  }

  get entry(): ConnectorEntry | undefined {
    return this.view.store.connector(this.projectId, this.connectorId);
  }

  render(): vscode.TreeItem {
    const entry = this.entry;
    const item = new vscode.TreeItem(entry ? connectorLabel(entry.connector) : this.connectorId, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    if (!entry) {
      return item;
    }
    const options = this.view.presentOptions();
    item.description = connectorDescription(entry, options);
    item.iconPath = themeIcon(statusIcon(connectorState(entry)));
    item.tooltip = markdown(connectorTooltip(entry, options));
    item.contextValue = withError(ContextValue.connector, latestFailed(entry) && entry.runs[0]?.error !== undefined);
    item.accessibilityInformation = { label: connectorAccessibilityLabel(entry, options) };
    if (entry.runs.length === 0) {
      item.collapsibleState = vscode.TreeItemCollapsibleState.None;
    }
    return item;
  }
}

export class RunNode extends TreeNode implements RunReference {
  readonly id: string;
  constructor(readonly projectId: number, readonly connectorId: string, readonly runKey: string, private readonly view: ConnectorsTreeProvider) {
    super();
    this.id = `run/${projectId}/${runKey}`;
  }

  render(): vscode.TreeItem {
    const entry = this.view.store.connector(this.projectId, this.connectorId);
    const run = entry?.runs.find((candidate) => candidate.key === this.runKey);
    if (!entry || !run) {
      return new vscode.TreeItem(this.runKey);
    }
    const options = this.view.presentOptions();
    const item = new vscode.TreeItem(runLabel(run, options), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = runDescription(run, options);
    item.iconPath = themeIcon(statusIcon(run.status));
    item.tooltip = markdown(runTooltip(run, entry.connector, options));
    item.contextValue = withError(ContextValue.run, run.error !== undefined);
    item.accessibilityInformation = { label: runAccessibilityLabel(run, options) };
    item.command = { command: Command.openRun, title: vscode.l10n.t('Show Run Details'), arguments: [this] };
    return item;
  }
}

export class LoadMoreNode extends TreeNode {
  readonly id: string;
  constructor(readonly projectId: number, readonly connectorId: string, private readonly remaining: number) {
    super();
    this.id = `more/${projectId}/${connectorId}`;
  }

  render(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = vscode.l10n.t('{0} older runs', this.remaining);
    item.iconPath = new vscode.ThemeIcon('more');
    item.contextValue = ContextValue.loadMore;
    item.command = { command: Command.loadMoreRuns, title: vscode.l10n.t('Load More Runs'), arguments: [this] };
    item.accessibilityInformation = { label: vscode.l10n.t('Load {0} older runs', this.remaining) };
    return item;
  }
}

/** A row that says something about a project: not available, not updated, could not load. */
export class MessageNode extends TreeNode {
  constructor(readonly id: string, private readonly label: string, private readonly icon: vscode.ThemeIcon, private readonly tooltip: string, private readonly command?: vscode.Command) {
    super();
  }

  render(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = this.icon;
    item.tooltip = this.tooltip;
    item.contextValue = ContextValue.message;
    item.command = this.command;
    item.accessibilityInformation = { label: truncate(this.tooltip, TextLimit.accessibility) };
    return item;
  }
}

/**
 * The Connectors tree. Nodes are kept by id so that a change to one connector fires that very
 * node and VS Code redraws only its rows; ids are stable, so expansion and selection survive.
 */
export class ConnectorsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  private readonly nodes = new Map<string, TreeNode>();
  private readonly shownRuns = new Map<string, number>();
  private readonly subscription: vscode.Disposable;
  private currentFilter: ConnectorFilter = NO_FILTER;

  readonly onDidChangeTreeData = this.changed.event;

  constructor(readonly store: ConnectorStore, readonly presentOptions: PresentOptionsSource, private runsPerConnector: () => number) {
    this.subscription = store.onDidChange((change) => this.onStoreChange(change));
  }

  get filter(): ConnectorFilter {
    return this.currentFilter;
  }

  set filter(filter: ConnectorFilter) {
    this.currentFilter = filter;
    this.changed.fire(undefined);
  }

  /** Projects get a row of their own only when there is more than one. */
  get multiProject(): boolean {
    return this.store.projectIds.length > 1;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.render();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      return this.multiProject
        ? this.store.projectIds.map((id) => this.node(`project/${id}`, () => new ProjectNode(id, this)))
        : this.store.projectIds.flatMap((id) => this.projectChildren(id));
    }
    if (node instanceof ProjectNode) {
      return this.projectChildren(node.projectId);
    }
    return node instanceof ConnectorNode ? this.connectorChildren(node) : [];
  }

  /** Shows `runsPerConnector` more runs of a connector. */
  loadMore(projectId: number, connectorId: string): void {
    const key = `${projectId}/${connectorId}`;
    this.shownRuns.set(key, (this.shownRuns.get(key) ?? this.runsPerConnector()) + this.runsPerConnector());
    const node = this.nodes.get(`connector/${projectId}/${connectorId}`);
    this.changed.fire(node);
  }

  /** Connectors shown and in all, for the filter message. */
  counts(): { shown: number; total: number } {
    const all = this.store.allProjects.flatMap((project) => project.connectors);
    return { shown: all.filter((entry) => matchesFilter(entry, this.currentFilter)).length, total: all.length };
  }

  filterMessage(): string | undefined {
    const { shown, total } = this.counts();
    return describeFilter(this.currentFilter, shown, total, vscode.l10n.t);
  }

  connectorNode(projectId: number, connectorId: string): ConnectorNode {
    return this.node(`connector/${projectId}/${connectorId}`, () => new ConnectorNode(projectId, connectorId, this));
  }

  runNode(reference: RunReference): RunNode {
    return this.node(`run/${reference.projectId}/${reference.runKey}`, () => new RunNode(reference.projectId, reference.connectorId, reference.runKey, this));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private node<T extends TreeNode>(id: string, create: () => T): T {
    let node = this.nodes.get(id) as T | undefined;
    if (!node) {
      node = create();
      this.nodes.set(id, node);
    }
    return node;
  }

  /** Runs and connectors come and go over days: their nodes go with them. */
  private forgetVanishedNodes(projectId: number): void {
    for (const [id, node] of this.nodes) {
      const gone = (node instanceof RunNode && node.projectId === projectId && !this.store.run(projectId, node.connectorId, node.runKey))
        || (node instanceof ConnectorNode && node.projectId === projectId && !node.entry);
      if (gone) {
        this.nodes.delete(id);
      }
    }
  }

  private projectChildren(projectId: number): TreeNode[] {
    const project = this.store.project(projectId);
    if (!project) {
      return [];
    }
    const t = vscode.l10n.t;
    const rows: TreeNode[] = [];
    if (project.state === 'unavailable') {
      return [new MessageNode(`info/${projectId}`, t('Cloud Import is not available in this project'), new vscode.ThemeIcon('info'),
        t('Mixpanel answered 404 for the Cloud Import connectors of project {0}. Cloud Import is in maintenance mode; projects that never used it have none.', projectId))];
    }
    if (project.problem) {
      const since = project.lastSuccessAt !== undefined ? formatAge(project.lastSuccessAt, this.presentOptions().now, t) : undefined;
      if (project.connectors.length === 0 && !this.multiProject) {
        // The welcome view takes over, with the reason in the view's message.
        return [];
      }
      const label = since ? t('Not updated since {0}', since) : t('Could not load');
      rows.push(new MessageNode(`problem/${projectId}`, truncate(`${label}: ${project.problem.message}`, TextLimit.row),
        new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')), project.problem.message,
        { command: Command.refresh, title: t('Retry') }));
    } else if (project.state === 'loading' && this.multiProject) {
      rows.push(new MessageNode(`loading/${projectId}`, t('Loading…'), new vscode.ThemeIcon('loading~spin'), t('Loading connectors')));
    }
    for (const entry of project.connectors) {
      if (matchesFilter(entry, this.currentFilter)) {
        rows.push(this.connectorNode(projectId, entry.connector.id));
      }
    }
    return rows;
  }

  private connectorChildren(node: ConnectorNode): TreeNode[] {
    const entry = node.entry;
    if (!entry) {
      return [];
    }
    const shown = this.shownRuns.get(`${node.projectId}/${node.connectorId}`) ?? this.runsPerConnector();
    const rows: TreeNode[] = entry.runs.slice(0, shown).map((run) => this.runNode({ projectId: node.projectId, connectorId: node.connectorId, runKey: run.key }));
    if (entry.runs.length > shown) {
      rows.push(new LoadMoreNode(node.projectId, node.connectorId, entry.runs.length - shown));
    }
    return rows;
  }

  private onStoreChange(change: StoreChange): void {
    if (change.scope !== 'all') {
      this.forgetVanishedNodes(change.projectId);
    }
    if (change.scope === 'connector' && !isFiltering(this.currentFilter)) {
      const node = this.nodes.get(`connector/${change.projectId}/${change.connectorId}`);
      if (node) {
        this.changed.fire(node);
        return;
      }
    }
    if (change.scope !== 'all' && this.multiProject) {
      const node = this.nodes.get(`project/${change.projectId}`);
      if (node) {
        this.changed.fire(node);
        return;
      }
    }
    if (change.scope === 'all') {
      this.nodes.clear();
    }
    this.changed.fire(undefined);
  }
}
