import { Disposable, Emitter, Event } from '../engine/events';
import { describeProblem } from './errorMessages';
import { ConnectorFilter, describeFilter, isFiltering, matchesFilter, NO_FILTER } from './filter';
import { formatAge, TextLimit, truncate } from '../text/format';
import { ConnectorEntry, latestFailed, ProjectEntry } from '../engine/model';
import {
  connectorAccessibilityLabel, connectorDescription, connectorLabel, connectorState, connectorTooltip, PresentOptions, projectDescription,
  runAccessibilityLabel, runDescription, runLabel, runTooltip, statusIcon,
} from './presenters';
import { accessible, ContextValue, Row, rowId, withError, withPaused } from './rows';
import { ConnectorStore, StoreChange } from '../engine/store';

/**
 * The Connectors tree as rows, from the store, the filter and how many runs each connector shows.
 * Projects get a row of their own only when there is more than one. A change fires the id of the
 * one row to redraw when it can (a connector, a project), else nothing (everything).
 */
export class TreeModel implements Disposable {
  private currentFilter: ConnectorFilter = NO_FILTER;
  /** Runs shown per connector beyond the setting, after "Load more…". */
  private readonly shownRuns = new Map<string, number>();
  private readonly changed = new Emitter<string | undefined>();
  private readonly subscription: Disposable;

  /** A row id to redraw, or undefined for the whole tree. */
  readonly onDidChange: Event<string | undefined> = this.changed.event;

  constructor(
    private readonly store: ConnectorStore,
    private readonly present: () => PresentOptions,
    private readonly runsPerConnector: () => number,
  ) {
    this.subscription = store.onDidChange((change) => this.onStoreChange(change));
  }

  get projects(): readonly ProjectEntry[] {
    return this.store.allProjects;
  }

  get filter(): ConnectorFilter {
    return this.currentFilter;
  }

  setFilter(filter: ConnectorFilter): void {
    this.currentFilter = filter;
    this.changed.fire(undefined);
  }

  /** Redraws every row from what is known, so that relative times move on. */
  refreshTimes(): void {
    this.changed.fire(undefined);
  }

  /** Shows `runsPerConnector` more runs of a connector. */
  loadMore(projectId: number, connectorId: string): void {
    const key = `${projectId}/${connectorId}`;
    this.shownRuns.set(key, this.runsShown(projectId, connectorId) + this.runsPerConnector());
    this.changed.fire(rowId.connector(projectId, connectorId));
  }

  /** The rows under `id`, or the top rows. */
  children(id?: string): Row[] {
    if (id === undefined) {
      return this.multiProject
        ? this.store.allProjects.map((project) => this.projectRow(project))
        : this.store.projectIds.flatMap((projectId) => this.projectChildren(projectId));
    }
    const parsed = rowId.parse(id);
    if (parsed?.kind === 'project') {
      return this.projectChildren(parsed.ref.projectId);
    }
    if (parsed?.kind === 'connector') {
      return this.connectorChildren(parsed.ref.projectId, parsed.ref.connectorId!);
    }
    return [];
  }

  /** The row with this id as it is now, or undefined when it is gone. */
  row(id: string): Row | undefined {
    const parsed = rowId.parse(id);
    if (!parsed) {
      return undefined;
    }
    const { projectId, connectorId, runKey } = parsed.ref;
    switch (parsed.kind) {
      case 'project': {
        const project = this.store.project(projectId);
        return project && this.projectRow(project);
      }
      case 'connector': {
        const entry = this.store.connector(projectId, connectorId!);
        return entry && this.connectorRow(projectId, entry);
      }
      case 'run': {
        const entry = this.store.connector(projectId, connectorId!);
        const run = entry?.runs.find((candidate) => candidate.key === runKey);
        return entry && run && this.runRow(projectId, entry, run.key);
      }
      default: {
        const parent = parsed.kind === 'loadMore' ? rowId.connector(projectId, connectorId!) : rowId.project(projectId);
        return this.children(parent).find((row) => row.id === id) ?? (this.multiProject ? undefined : this.children().find((row) => row.id === id));
      }
    }
  }

  /** How many connectors the filter shows, of how many; the sentence above the tree while it filters. */
  filterMessage(): string | undefined {
    const all = this.store.allProjects.flatMap((project) => project.connectors);
    const shown = all.filter((entry) => matchesFilter(entry, this.currentFilter)).length;
    return describeFilter(this.currentFilter, shown, all.length, this.present().t);
  }

  /** Connectors whose newest run failed: the view's badge. */
  failedCount(): number {
    return this.store.allProjects.flatMap((project) => project.connectors).filter(latestFailed).length;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private get multiProject(): boolean {
    return this.store.projectIds.length > 1;
  }

  private runsShown(projectId: number, connectorId: string): number {
    return this.shownRuns.get(`${projectId}/${connectorId}`) ?? this.runsPerConnector();
  }

  private projectRow(project: ProjectEntry): Row {
    const options = this.present();
    const description = projectDescription(project, options);
    return {
      id: rowId.project(project.id),
      kind: 'project',
      ref: { projectId: project.id },
      label: project.name,
      description,
      icon: project.problem ? { id: 'warning', color: 'list.warningForeground' } : { id: project.state === 'unavailable' ? 'info' : 'project' },
      tooltip: () => ({ text: project.problem ? describeProblem(project.problem, options.t) : `${project.name} (${project.id})` }),
      contextValue: ContextValue.project,
      accessibilityLabel: accessible(`${project.name}, ${description}`),
      collapsible: 'expanded',
    };
  }

  private connectorRow(projectId: number, entry: ConnectorEntry): Row {
    const options = this.present();
    return {
      id: rowId.connector(projectId, entry.connector.id),
      kind: 'connector',
      ref: { projectId, connectorId: entry.connector.id },
      label: connectorLabel(entry.connector),
      description: connectorDescription(entry, options),
      icon: statusIcon(connectorState(entry)),
      tooltip: () => ({ markdown: connectorTooltip(entry, options) }),
      contextValue: entry.connector.warehouse
        ? withPaused(ContextValue.import, entry.connector.warehouse.paused)
        : withError(ContextValue.connector, latestFailed(entry) && entry.runs[0]?.error !== undefined),
      accessibilityLabel: connectorAccessibilityLabel(entry, options),
      collapsible: entry.runs.length === 0 ? 'none' : 'collapsed',
    };
  }

  private runRow(projectId: number, entry: ConnectorEntry, runKey: string): Row {
    const options = this.present();
    const run = entry.runs.find((candidate) => candidate.key === runKey)!;
    return {
      id: rowId.run(projectId, run.key),
      kind: 'run',
      ref: { projectId, connectorId: entry.connector.id, runKey: run.key },
      label: runLabel(run, options),
      description: runDescription(run, options),
      icon: statusIcon(run.status),
      tooltip: () => ({ markdown: runTooltip(run, entry.connector, options) }),
      contextValue: withError(ContextValue.run, run.error !== undefined),
      accessibilityLabel: runAccessibilityLabel(run, options),
      collapsible: 'none',
      click: 'openRun',
    };
  }

  private messageRow(id: string, projectId: number, label: string, icon: Row['icon'], tooltip: string, click?: Row['click']): Row {
    return {
      id, kind: 'message', ref: { projectId }, label: truncate(label, TextLimit.row), icon, tooltip: () => ({ text: tooltip }),
      contextValue: ContextValue.message, accessibilityLabel: accessible(tooltip), collapsible: 'none', click,
    };
  }

  private projectChildren(projectId: number): Row[] {
    const project = this.store.project(projectId);
    if (!project) {
      return [];
    }
    const { t, now } = this.present();
    if (project.state === 'unavailable') {
      return [this.messageRow(rowId.message('info', projectId), projectId, t('No imports in this project'), { id: 'info' },
        t('Project {0} has no warehouse imports, and Mixpanel answered 404 for its Cloud Import connectors (Cloud Import was removed in 2024).', projectId))];
    }
    const rows: Row[] = [];
    if (project.problem) {
      if (project.connectors.length === 0 && !this.multiProject) {
        // The welcome view takes over, with the reason in the view's message.
        return [];
      }
      const since = project.lastSuccessAt !== undefined ? formatAge(project.lastSuccessAt, now, t) : undefined;
      const said = describeProblem(project.problem, t);
      rows.push(this.messageRow(rowId.message('problem', projectId), projectId, `${since ? t('Not updated since {0}', since) : t('Could not load')}: ${said}`,
        { id: 'warning', color: 'list.warningForeground' }, said, 'refresh'));
    } else if (project.state === 'loading' && this.multiProject) {
      rows.push(this.messageRow(rowId.message('loading', projectId), projectId, t('Loading…'), { id: 'loading~spin' }, t('Loading connectors')));
    }
    for (const entry of project.connectors) {
      if (matchesFilter(entry, this.currentFilter)) {
        rows.push(this.connectorRow(projectId, entry));
      }
    }
    return rows;
  }

  private connectorChildren(projectId: number, connectorId: string): Row[] {
    const entry = this.store.connector(projectId, connectorId);
    if (!entry) {
      return [];
    }
    const shown = this.runsShown(projectId, connectorId);
    const rows = entry.runs.slice(0, shown).map((run) => this.runRow(projectId, entry, run.key));
    const remaining = entry.runs.length - shown;
    if (remaining > 0) {
      const { t } = this.present();
      rows.push({
        id: rowId.loadMore(projectId, connectorId),
        kind: 'loadMore',
        ref: { projectId, connectorId },
        label: t('Load more…'),
        description: t('{0} older runs', remaining),
        icon: { id: 'more' },
        contextValue: ContextValue.loadMore,
        accessibilityLabel: t('Load {0} older runs', remaining),
        collapsible: 'none',
        click: 'loadMoreRuns',
      });
    }
    return rows;
  }

  private onStoreChange(change: StoreChange): void {
    if (change.scope === 'all') {
      this.shownRuns.clear();
      this.changed.fire(undefined);
      return;
    }
    this.forgetVanishedConnectors(change.projectId);
    if (change.scope === 'connector' && !isFiltering(this.currentFilter)) {
      this.changed.fire(rowId.connector(change.projectId, change.connectorId));
    } else if (this.multiProject) {
      this.changed.fire(rowId.project(change.projectId));
    } else {
      this.changed.fire(undefined);
    }
  }

  /** "Load more" state of connectors that are gone goes with them. */
  private forgetVanishedConnectors(projectId: number): void {
    for (const key of [...this.shownRuns.keys()]) {
      const [project, ...connector] = key.split('/');
      if (Number(project) === projectId && !this.store.connector(projectId, connector.join('/'))) {
        this.shownRuns.delete(key);
      }
    }
  }
}
