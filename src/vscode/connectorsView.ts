import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { SourceFilter } from '../core/presentation/filter';
import { Row, RowTooltip } from '../core/presentation/rows';
import { PollingScheduler } from '../core/engine/scheduler';
import { Session } from '../core/engine/session';
import { TreeModel } from '../core/presentation/treeModel';
import { viewState } from '../core/presentation/viewState';
import { ContextKey, CONNECTORS_VIEW_ID } from '../shared/ids';
import { EarlyView, FirstRowsKeeper, treeItemOf } from './earlyRows';

/** The rows are kept this long after a change, so that a burst of changes is written once. */
const KEEP_DELAY_MS = 2_000;

/** Settles when `promise` does, or after `ms` at the latest; never rejects. */
function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return Promise.race([promise.then(() => undefined, () => undefined), new Promise<void>((resolve) => setTimeout(resolve, ms))]);
}

/** A row's tooltip as VS Code shows it. */
export function tooltipOf(tooltip: RowTooltip): string | vscode.MarkdownString {
  if ('markdown' in tooltip) {
    // API text in it is escaped by the presenters; theme icons are ours.
    const markdown = new vscode.MarkdownString(tooltip.markdown, true);
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    return markdown;
  }
  return tooltip.text;
}

/**
 * The elements this view hands VS Code: a row's id behind a mark made anew at each activation.
 * VS Code passes them back to the commands of the view's menus, keys and clicks; another extension
 * can send a row id but not the mark, so an action it asks for can be confirmed with the user.
 */
export class ViewElements {
  private readonly mark = `${randomUUID()}|`;

  of(rowId: string): string {
    return this.mark + rowId;
  }

  ofRows(rows: readonly Row[]): string[] {
    return rows.map((row) => this.of(row.id));
  }

  /** The row id an element or a bare row id names. */
  rowIdOf(element: string): string {
    return element.startsWith(this.mark) ? element.slice(this.mark.length) : element;
  }

  /** Whether an argument came from this view. */
  isFromView(element: unknown): boolean {
    return typeof element === 'string' && element.startsWith(this.mark);
  }
}

/** The tree's rows for VS Code; elements are row ids behind the view's mark (bare row ids are read too). */
export class ConnectorsTreeProvider implements vscode.TreeDataProvider<string> {
  readonly onDidChangeTreeData: vscode.Event<string | undefined>;
  private firstServed!: () => void;
  /**
   * Settles once VS Code has been given the top rows the first time: a task after it asked for
   * them, when their items have been built and the answer has left the extension host.
   */
  readonly served = new Promise<void>((resolve) => { this.firstServed = resolve; });

  /** The first rows were drawn before this provider took over (from the kept rows). */
  markServed(): void {
    if (this.topRowsGiven === undefined) {
      this.topRowsGiven = 0;
      this.firstServed();
    }
  }

  /** How many top rows VS Code was last given; undefined until it first asks. */
  private topRowsGiven: number | undefined;

  constructor(private readonly model: TreeModel, private readonly elements: ViewElements) {
    this.onDidChangeTreeData = (listener, thisArgs?, disposables?) => {
      const subscription = model.onDidChange((id) => {
        // VS Code waits 200 ms after each refresh before it asks again: a session's start (the
        // store cleared, the projects set, their names read) would delay the first rows that
        // way, though an empty tree stays empty through all of it.
        if (id === undefined && !this.topRowsGiven && model.children().length === 0) {
          return;
        }
        listener.call(thisArgs, id === undefined ? undefined : elements.of(id));
      });
      disposables?.push(subscription);
      return subscription;
    };
  }

  getTreeItem(element: string): vscode.TreeItem {
    const id = this.elements.rowIdOf(element);
    const row = this.model.row(id);
    return row ? treeItemOf(row, this.elements.of(id)) : new vscode.TreeItem(id);
  }

  /** The tooltip, when VS Code is about to show it. */
  resolveTreeItem(item: vscode.TreeItem, element: string): vscode.TreeItem {
    const tooltip = this.model.row(this.elements.rowIdOf(element))?.tooltip;
    if (tooltip) {
      item.tooltip = tooltipOf(tooltip());
    }
    return item;
  }

  /** Until VS Code's first request for the top rows is answered: what that answer waits for. */
  private firstAnswerHeld?: Promise<unknown>;

  /**
   * VS Code's first request for the top rows waits for `ready` (or `atMostMs`) while there is none
   * to give: the first rows then come in the first answer, instead of after a welcome page, a
   * refresh and the 200 ms VS Code waits before it asks again.
   */
  holdFirstAnswer(ready: Promise<unknown>, atMostMs: number): void {
    this.firstAnswerHeld = settledWithin(ready, atMostMs);
  }

  getChildren(element?: string): string[] | Promise<string[]> {
    if (element !== undefined) {
      return this.elements.ofRows(this.model.children(this.elements.rowIdOf(element)));
    }
    const held = this.firstAnswerHeld;
    this.firstAnswerHeld = undefined;
    const rows = this.model.children();
    if (held && rows.length === 0) {
      return held.then(() => this.topRows(this.model.children()));
    }
    return this.topRows(rows);
  }

  private topRows(rows: readonly Row[]): string[] {
    if (this.topRowsGiven === undefined) {
      setTimeout(this.firstServed, 0);
    }
    this.topRowsGiven = rows.length;
    return this.elements.ofRows(rows);
  }
}

/**
 * The Connectors view around its rows: the badge, the line above them, the context keys of the
 * welcome content and menus, and a burst of fast polls when a connector is opened.
 */
export class ConnectorsView implements vscode.Disposable {
  readonly treeView: vscode.TreeView<string>;
  readonly provider: ConnectorsTreeProvider;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly contextKeys = new Map<string, boolean>();

  readonly elements = new ViewElements();

  private keepTimer: ReturnType<typeof setTimeout> | undefined;
  /** A session ran in this window: a sign-out after it forgets the kept rows. */
  private sessionSeen = false;

  /**
   * `early`: the view the first bundle opened over the kept rows, taken over here; `keeper` keeps
   * the rows shown for the next start's first rows.
   */
  constructor(readonly model: TreeModel, private readonly session: Session, scheduler: PollingScheduler, early?: EarlyView, private readonly keeper?: FirstRowsKeeper) {
    this.provider = new ConnectorsTreeProvider(model, this.elements);
    if (early) {
      this.treeView = early.treeView;
      if (early.provider.hasRows) {
        this.provider.markServed();
      }
      early.provider.handOver(this.provider);
      this.disposables.push(early.provider);
    } else {
      this.treeView = vscode.window.createTreeView(CONNECTORS_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    }
    this.disposables.push(
      this.treeView,
      { dispose: () => clearTimeout(this.keepTimer) },
      // The model re-fires every change of the store: listening to both would draw twice.
      session.onDidChange(() => this.update()),
      model.onDidChange(() => this.update()),
      // Opening a source is a sign of interest: its runs are checked quickly for a moment.
      this.treeView.onDidExpandElement(({ element }) => {
        const row = model.row(this.elements.rowIdOf(element));
        if (row?.kind === 'source' && row.ref.source) {
          scheduler.burst(row.ref.source);
        }
      }),
    );
    this.update();
  }

  /**
   * When work that keeps the extension host busy may start: once VS Code has the first rows, or
   * after `atMostMs` when the view is not open. Started earlier (a session reading its account,
   * starting a refresh), it would hold up VS Code's request for them: with credentials from the
   * environment, nothing in a session's start waits for VS Code, so all of it would run first.
   */
  firstRowsServed(atMostMs: number): Promise<void> {
    return settledWithin(this.provider.served, atMostMs);
  }

  setFilter(filter: SourceFilter): void {
    this.model.setFilter(filter);
  }

  private update(): void {
    const state = viewState({
      session: this.session.state,
      projects: this.model.projects,
      filter: this.model.filter,
      filterMessage: this.model.filterMessage(),
      attentionSources: this.model.attentionCount(),
      now: Date.now(),
      t: vscode.l10n.t,
    });
    this.treeView.badge = state.badge;
    this.treeView.message = state.message;
    this.setContext(ContextKey.signedIn, state.signedIn);
    this.setContext(ContextKey.hasProjects, state.hasProjects);
    this.setContext(ContextKey.loading, state.loading);
    this.setContext(ContextKey.refreshFailed, state.refreshFailed);
    this.setContext(ContextKey.needsAttention, state.needsAttention);
    this.setContext(ContextKey.filtering, state.filtering);
    this.keepFirstRows(state.filtering);
  }

  /** The rows shown are kept for the next start's first rows, a moment after they settle; signed out, none are. */
  private keepFirstRows(filtering: boolean): void {
    const keeper = this.keeper;
    const session = this.session.state;
    if (!keeper) {
      return;
    }
    // Signed out after a session (here or in another window): the kept rows go. The state a
    // window starts in, before the account is read, is signed out too, and forgets nothing.
    if (session.kind === 'signedOut') {
      if (this.sessionSeen) {
        clearTimeout(this.keepTimer);
        this.keepTimer = undefined;
        void Promise.resolve(keeper.forget()).catch(() => undefined);
      }
      return;
    }
    this.sessionSeen = true;
    if (session.kind !== 'active' || filtering || this.keepTimer !== undefined) {
      return;
    }
    this.keepTimer = setTimeout(() => this.keepNow(), KEEP_DELAY_MS);
  }

  /** Keeps the rows shown now (the extension is ending, or they settled). */
  keepNow(): void {
    clearTimeout(this.keepTimer);
    this.keepTimer = undefined;
    const state = this.session.state;
    const top = this.model.children();
    if (this.keeper && state.kind === 'active' && !this.model.filter.needsAttention && this.model.filter.text === '' && top.length > 0) {
      this.keeper.keep(state.owner, top, (id) => this.model.children(id));
    }
  }

  private setContext(key: string, value: boolean): void {
    if (this.contextKeys.get(key) !== value) {
      this.contextKeys.set(key, value);
      // Context keys only steer menus and welcome content; nothing waits for them.
      void vscode.commands.executeCommand('setContext', key, value);
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
