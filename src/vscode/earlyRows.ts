import * as vscode from 'vscode';
import type { Row } from '../core/presentation/rows';
import { Command, CONNECTORS_VIEW_ID } from '../shared/ids';

/**
 * The view's first rows, before the extension is loaded: the rows last shown at the top of the
 * tree (and inside the projects, which open expanded), kept as VS Code draws them. The small first
 * bundle (src/bootstrap.ts) draws them from here while the rest of the extension loads, then hands
 * the view to the real provider, which VS Code is told to ask again. Only VS Code and types are
 * imported here: this file is in the first bundle.
 */

/** A row as kept for the first rows: what its tree item needs, without tooltip or click. */
export type KeptRow = Pick<Row, 'id' | 'label' | 'description' | 'icon' | 'contextValue' | 'accessibilityLabel' | 'collapsible'>;

interface KeptRows {
  readonly version: 1;
  /** Whose rows they are (host and account, no secret): shown only where the settings still point. */
  readonly owner: string;
  /** Rows by the id of their parent; '' for the top. */
  readonly rows: Readonly<Record<string, readonly KeptRow[]>>;
}

export const FIRST_ROWS_KEY = 'mixpanelConnectors.firstRows';
/** At most this many rows are kept: the first screen, not the tree. */
const MAX_KEPT = 200;

const COLLAPSIBLE: Record<Row['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

const CLICK_COMMANDS: Record<NonNullable<Row['click']>, string> = {
  openRun: Command.openRun,
  loadMoreRuns: Command.loadMoreRuns,
  refresh: Command.refresh,
};

/** A row as VS Code draws it, without its tooltip (see `resolveTreeItem`); a click passes `element`. */
export function treeItemOf(row: KeptRow & Partial<Pick<Row, 'click'>>, element: string = row.id): vscode.TreeItem {
  const item = new vscode.TreeItem(row.label, COLLAPSIBLE[row.collapsible]);
  item.id = row.id;
  item.description = row.description;
  item.contextValue = row.contextValue;
  item.accessibilityInformation = { label: row.accessibilityLabel };
  if (row.icon) {
    item.iconPath = new vscode.ThemeIcon(row.icon.id, row.icon.color ? new vscode.ThemeColor(row.icon.color) : undefined);
  }
  if (row.click) {
    item.command = { command: CLICK_COMMANDS[row.click], title: row.label, arguments: [element] };
  }
  return item;
}

function keptRow(row: Row): KeptRow {
  return { id: row.id, label: row.label, description: row.description, icon: row.icon, contextValue: row.contextValue, accessibilityLabel: row.accessibilityLabel, collapsible: row.collapsible };
}

/** The owner's host part from the user's settings, as `ownerOf` in core makes it. */
function whereFromSettings(): string {
  const settings = vscode.workspace.getConfiguration('mixpanelConnectors');
  // User settings only, as the session reads them: a workspace does not decide where the account goes.
  const user = (key: string) => settings.inspect<string>(key)?.globalValue;
  return `${user('apiBaseUrl') || user('region') || 'us'}|`;
}

/** Writes and forgets the kept first rows. */
export class FirstRowsKeeper {
  private last = '';
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly memory: vscode.Memento) {}

  /** Keeps the top rows and the children of those that open expanded; `children` gives a row's. */
  keep(owner: string, top: readonly Row[], children: (id: string) => readonly Row[]): void {
    const rows: Record<string, KeptRow[]> = { '': top.slice(0, MAX_KEPT).map(keptRow) };
    let count = rows[''].length;
    for (const row of top.filter((candidate) => candidate.collapsible === 'expanded')) {
      const inside = children(row.id).slice(0, Math.max(0, MAX_KEPT - count)).map(keptRow);
      count += inside.length;
      rows[row.id] = inside;
    }
    const kept: KeptRows = { version: 1, owner, rows };
    const text = JSON.stringify(kept);
    if (text !== this.last) {
      this.last = text;
      this.writing = Promise.resolve(this.memory.update(FIRST_ROWS_KEY, kept)).catch(() => undefined);
    }
  }

  /** Settles when the last write has. */
  flush(): Promise<void> {
    return this.writing;
  }

  forget(): Thenable<void> {
    this.last = '';
    return this.memory.update(FIRST_ROWS_KEY, undefined);
  }
}

/**
 * The view's provider from the first moment: the kept rows until `handOver`, then the real
 * provider's, with VS Code told to ask again. Elements before the hand-over are bare row ids.
 */
export class EarlyTreeProvider implements vscode.TreeDataProvider<string>, vscode.Disposable {
  private delegate: vscode.TreeDataProvider<string> | undefined;
  private readonly changed = new vscode.EventEmitter<string | undefined | void>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  private pendingParents: Set<string>;
  private resolveGiven!: () => void;

  readonly onDidChangeTreeData = this.changed.event;
  /** Settles once VS Code was given the kept top rows and those inside the expanded ones. */
  readonly given = new Promise<void>((resolve) => { this.resolveGiven = resolve; });

  /** The kept rows by their id, for their tree items. */
  private readonly byId: ReadonlyMap<string, KeptRow>;

  constructor(private readonly rows: Readonly<Record<string, readonly KeptRow[]>>) {
    this.byId = new Map(Object.values(rows).flat().map((row) => [row.id, row]));
    this.pendingParents = new Set(['', ...(rows[''] ?? []).filter((row) => row.collapsible === 'expanded').map((row) => row.id)]);
  }

  get hasRows(): boolean {
    return (this.rows['']?.length ?? 0) > 0;
  }

  /** The real provider takes over: VS Code asks it for everything again. */
  handOver(provider: vscode.TreeDataProvider<string>): void {
    this.delegate = provider;
    if (provider.onDidChangeTreeData) {
      this.subscriptions.push(provider.onDidChangeTreeData((element) => this.changed.fire(element as string | undefined)));
    }
    this.resolveGiven();
    this.changed.fire(undefined);
  }

  getTreeItem(element: string): vscode.TreeItem | Thenable<vscode.TreeItem> {
    if (this.delegate) {
      return this.delegate.getTreeItem(element);
    }
    const row = this.byId.get(element);
    return row ? treeItemOf(row) : new vscode.TreeItem(element);
  }

  getChildren(element?: string): vscode.ProviderResult<string[]> {
    if (this.delegate) {
      return this.delegate.getChildren(element);
    }
    const parent = element ?? '';
    const rows = this.rows[parent] ?? [];
    this.pendingParents.delete(parent);
    if (this.pendingParents.size === 0) {
      setTimeout(this.resolveGiven, 0);
    }
    return rows.map((row) => row.id);
  }

  resolveTreeItem(item: vscode.TreeItem, element: string, token: vscode.CancellationToken): vscode.ProviderResult<vscode.TreeItem> {
    return this.delegate?.resolveTreeItem ? this.delegate.resolveTreeItem(item, element, token) : item;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }
}

/** The view as the first bundle opens it, handed to the extension when it is loaded. */
export interface EarlyView {
  readonly treeView: vscode.TreeView<string>;
  readonly provider: EarlyTreeProvider;
}

/** Opens the view over the kept rows that belong where the settings point (none otherwise). */
export function openEarlyView(memory: vscode.Memento): EarlyView {
  const kept = memory.get<Partial<KeptRows>>(FIRST_ROWS_KEY);
  const usable = kept?.version === 1 && typeof kept.owner === 'string' && kept.owner.startsWith(whereFromSettings())
    && typeof kept.rows === 'object' && kept.rows !== null;
  const provider = new EarlyTreeProvider(usable ? kept.rows! : {});
  const treeView = vscode.window.createTreeView(CONNECTORS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  return { treeView, provider };
}
