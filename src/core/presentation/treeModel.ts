import { Disposable, Emitter, Event } from '../model/events';
import { describeProblem } from '../text/errorMessages';
import { SourceFilter, describeFilter, isFiltering, matchesFilter, NO_FILTER } from './filter';
import { formatAge, TextLimit, truncate } from '../text/format';
import { SourceEntry, ProjectEntry } from '../model/entries';
import { HealthReader, NO_HEALTH } from '../health/monitor';
import { findingShort, needsAttention } from '../health/healthWords';
import {
  PresentOptions, projectDescription, runAccessibilityLabel, runDescription, runLabel, runTooltip, sourceAccessibilityLabel,
  sourceContextValue, sourceDescription, sourceIcon, sourceName, sourceTooltip, statusIcon,
} from './presenters';
import { accessible, Row, rowId } from './rows';
import { ContextValue, FAILED, withError } from '../../shared/ids';
import { refOf, SourceRef, sourceKey } from '../model/source';
import { SourceStore, StoreChange } from '../engine/store';
import { SOURCE_KINDS } from '../sources';

/**
 * The tree as rows, from the store, the filter and how many runs each source shows. Projects get
 * a row of their own only when there is more than one. A change fires the id of the one row to
 * redraw when it can (a source, a project), else nothing (everything).
 */
export class TreeModel implements Disposable {
  private currentFilter: SourceFilter = NO_FILTER;
  /** Runs shown per source beyond the setting, after "Load more…", by source key. */
  private readonly shownRuns = new Map<string, { ref: SourceRef; shown: number }>();
  private readonly changed = new Emitter<string | undefined>();
  private readonly subscriptions: Disposable[];

  /** A row id to redraw, or undefined for the whole tree. */
  readonly onDidChange: Event<string | undefined> = this.changed.event;

  constructor(
    private readonly store: SourceStore,
    private readonly present: () => PresentOptions,
    private readonly runsPerConnector: () => number,
    private readonly health: HealthReader = NO_HEALTH,
  ) {
    this.subscriptions = [
      store.onDidChange((change) => this.onStoreChange(change)),
      health.onDidChange(({ changed }) => {
        if (changed.length === 0) {
          return;
        }
        // A finding changes the project row's count and what the attention filter shows.
        if (changed.length === 1 && !this.currentFilter.needsAttention && !this.multiProject) {
          this.changed.fire(rowId.source(changed[0]));
        } else {
          this.changed.fire(undefined);
        }
      }),
    ];
  }

  get projects(): readonly ProjectEntry[] {
    return this.store.allProjects;
  }

  get filter(): SourceFilter {
    return this.currentFilter;
  }

  setFilter(filter: SourceFilter): void {
    this.currentFilter = filter;
    this.changed.fire(undefined);
  }

  /** Redraws every row from what is known, so that relative times move on. */
  refreshTimes(): void {
    this.changed.fire(undefined);
  }

  /** Shows `runsPerConnector` more runs of a source. */
  loadMore(ref: SourceRef): void {
    this.shownRuns.set(sourceKey(ref), { ref, shown: this.runsShown(ref) + this.runsPerConnector() });
    this.changed.fire(rowId.source(ref));
  }

  /** The rows under `id`, or the top rows. */
  children(id?: string): Row[] {
    // Rows built right after a store change show what health makes of it, not what it made before.
    this.health.settle();
    if (id === undefined) {
      return this.multiProject
        ? this.store.allProjects.map((project) => this.projectRow(project))
        : this.store.projectIds.flatMap((projectId) => this.projectChildren(projectId));
    }
    const parsed = rowId.parse(id);
    if (parsed?.kind === 'project') {
      return this.projectChildren(parsed.ref.projectId);
    }
    if (parsed?.kind === 'source') {
      return this.sourceChildren(parsed.ref.source!);
    }
    return [];
  }

  /** The row with this id as it is now, or undefined when it is gone. */
  row(id: string): Row | undefined {
    this.health.settle();
    const parsed = rowId.parse(id);
    if (!parsed) {
      return undefined;
    }
    const { projectId, source, runKey } = parsed.ref;
    switch (parsed.kind) {
      case 'project': {
        const project = this.store.project(projectId);
        return project && this.projectRow(project);
      }
      case 'source': {
        const entry = this.store.source(source!);
        return entry && this.sourceRow(entry);
      }
      case 'run': {
        const entry = this.store.source(source!);
        const run = entry?.runs.find((candidate) => candidate.key === runKey);
        return entry && run && this.runRow(entry, run.key);
      }
      default: {
        const parent = parsed.kind === 'loadMore' ? rowId.source(source!) : rowId.project(projectId);
        return this.children(parent).find((row) => row.id === id) ?? (this.multiProject ? undefined : this.children().find((row) => row.id === id));
      }
    }
  }

  /** How many sources the filter shows, of how many; the sentence above the tree while it filters. */
  filterMessage(): string | undefined {
    const all = this.store.allProjects.flatMap((project) => project.sources);
    const shown = all.filter((entry) => matchesFilter(entry, this.currentFilter, this.findingsOf(entry))).length;
    return describeFilter(this.currentFilter, shown, all.length, this.present().t);
  }

  /** Sources whose newest run failed or that health flags: the view's badge. */
  attentionCount(): number {
    return this.store.allProjects.flatMap((project) => project.sources).filter((entry) => needsAttention(entry, this.findingsOf(entry))).length;
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changed.dispose();
  }

  private findingsOf(entry: SourceEntry) {
    return this.health.findings(entry.source);
  }

  private get multiProject(): boolean {
    return this.store.projectIds.length > 1;
  }

  private runsShown(ref: SourceRef): number {
    return this.shownRuns.get(sourceKey(ref))?.shown ?? this.runsPerConnector();
  }

  private projectRow(project: ProjectEntry): Row {
    const options = this.present();
    const description = projectDescription(project, options, (entry) => this.findingsOf(entry));
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

  private sourceRow(entry: SourceEntry): Row {
    const options = this.present();
    const { source } = entry;
    const findings = this.findingsOf(entry);
    const snoozed = this.health.snoozed?.(source) ?? [];
    // A snoozed finding is shown as such (first, where a flag would be), and counted nowhere.
    const snoozedNote = snoozed.length > 0 ? options.t('{0} snoozed', findingShort(snoozed[0].finding, options)) : '';
    const quietOnly = snoozed.length > 0 && findings.length === 0;
    return {
      id: rowId.source(source),
      kind: 'source',
      ref: { projectId: source.projectId, source: refOf(source) },
      label: sourceName(source, options.t),
      description: snoozedNote ? `${snoozedNote} · ${sourceDescription(entry, options, findings)}` : sourceDescription(entry, options, findings),
      icon: quietOnly ? { id: 'bell-slash' } : sourceIcon(entry, findings),
      tooltip: () => ({ markdown: sourceTooltip(entry, options, findings) }),
      contextValue: sourceContextValue(entry, { flagged: findings.length > 0, snoozed: snoozed.length > 0 }),
      accessibilityLabel: snoozedNote ? `${sourceAccessibilityLabel(entry, options, findings)} · ${snoozedNote}` : sourceAccessibilityLabel(entry, options, findings),
      collapsible: entry.runs.length === 0 ? 'none' : 'collapsed',
    };
  }

  private runRow(entry: SourceEntry, runKey: string): Row {
    const options = this.present();
    const { source } = entry;
    const run = entry.runs.find((candidate) => candidate.key === runKey)!;
    return {
      id: rowId.run(source, run.key),
      kind: 'run',
      ref: { projectId: source.projectId, source: refOf(source), runKey: run.key },
      label: runLabel(run, options),
      description: runDescription(run, options),
      icon: statusIcon(run.status),
      tooltip: () => ({ markdown: runTooltip(run, source, options) }),
      contextValue: withError(run.status === 'failed' ? `${ContextValue.run} ${FAILED}` : ContextValue.run, run.error !== undefined),
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
        // Every kind is named: a project is "unavailable" when it has no source of any kind.
        t('Project {0} has {1}.', projectId, Object.values(SOURCE_KINDS).map((kind) => kind.noneHere(t)).join(t(', and '))))];
    }
    const rows: Row[] = [];
    if (project.problem) {
      if (project.sources.length === 0 && !this.multiProject) {
        // The welcome view takes over, with the reason in the view's message.
        return [];
      }
      const since = project.lastSuccessAt !== undefined ? formatAge(project.lastSuccessAt, now, t) : undefined;
      const said = describeProblem(project.problem, t);
      rows.push(this.messageRow(rowId.message('problem', projectId), projectId, `${since ? t('Not updated since {0}', since) : t('Could not load')}: ${said}`,
        { id: 'warning', color: 'list.warningForeground' }, said, 'refresh'));
    } else if (project.state === 'loading' && this.multiProject) {
      rows.push(this.messageRow(rowId.message('loading', projectId), projectId, t('Loading…'), { id: 'loading~spin' }, t('Loading sources')));
    }
    for (const entry of project.sources) {
      if (matchesFilter(entry, this.currentFilter, this.findingsOf(entry))) {
        rows.push(this.sourceRow(entry));
      }
    }
    return rows;
  }

  private sourceChildren(ref: SourceRef): Row[] {
    const entry = this.store.source(ref);
    if (!entry) {
      return [];
    }
    const shown = this.runsShown(ref);
    const rows = entry.runs.slice(0, shown).map((run) => this.runRow(entry, run.key));
    const remaining = entry.runs.length - shown;
    if (remaining > 0) {
      const { t } = this.present();
      rows.push({
        id: rowId.loadMore(ref),
        kind: 'loadMore',
        ref: { projectId: ref.projectId, source: refOf(ref) },
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
    const projectId = change.scope === 'source' ? change.ref.projectId : change.projectId;
    this.forgetVanishedSources();
    if (change.scope === 'source' && !isFiltering(this.currentFilter)) {
      this.changed.fire(rowId.source(change.ref));
    } else if (this.multiProject) {
      this.changed.fire(rowId.project(projectId));
    } else {
      this.changed.fire(undefined);
    }
  }

  /** "Load more" state of sources that are gone goes with them. */
  private forgetVanishedSources(): void {
    for (const [key, { ref }] of [...this.shownRuns]) {
      if (!this.store.source(ref)) {
        this.shownRuns.delete(key);
      }
    }
  }
}
