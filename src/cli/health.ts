import { Run } from '../mixpanel/types';
import { HealthContext, DEFAULT_THRESHOLDS, lastSuccessOf } from '../core/health/judgement';
import { episodeName, HealthMonitor, withKeptRuns } from '../core/health/monitor';
import { hasNews } from '../core/health/alertMessages';
import { snoozesInForce } from '../core/health/snooze';
import { EMPTY_WATCH_STATE, findingChange, FindingChange, keptRunsIn, OpenFinding, readWatchState, WatchState, WatchStateError, withRunsSeen, writeWatchState } from '../core/health/watchState';
import { healthReportOf, healthRows, HealthPageInput } from '../core/presentation/healthPage';
import { sourceName } from '../core/presentation/presenters';
import { refOf, refText, sourceKey, SourceRef } from '../core/model/source';
import { SOURCE_HEALTH } from '../core/sources';
import { describeProblem } from '../core/text/errorMessages';
import { PresentOptions } from '../core/text/runWords';
import { plainTranslate as t } from '../shared/l10n';
import { HealthPageRow } from '../shared/healthProtocol';
import { CliError, Connection, watchOf } from './headless';
import { notifyAll, NotifyTarget } from './notify';
import { Palette, printable, table } from './terminal';

/**
 * `health`: one refresh of every watched project, judged by the editor's health engine with the
 * runs kept in the state file, printed; on a change since the last run, one message per target.
 */

export const HEALTH_SCHEMA = 'mixpanel-imports/health';
export const HEALTH_VERSION = 1;

export type HealthFormat = 'table' | 'markdown' | 'json';

export interface HealthRun {
  readonly format: HealthFormat;
  readonly stateFile?: string;
  readonly targets: readonly NotifyTarget[];
  readonly present: PresentOptions;
  readonly palette: Palette;
  readonly out: (text: string) => void;
  readonly warn: (text: string) => void;
  /** The engine's notes (a list it had to cut, a source it could not read): with --verbose. */
  readonly log: (text: string) => void;
}

export interface HealthOutcome {
  /** Sources that need attention (snoozed findings left out). */
  readonly attention: number;
  /** Projects that could not be read, or notifications that could not be sent. */
  readonly failed: boolean;
  readonly change: FindingChange;
}

export async function readState(file: string | undefined): Promise<WatchState> {
  if (file === undefined) {
    return EMPTY_WATCH_STATE;
  }
  try {
    return await readWatchState(file);
  } catch (error) {
    const why = error instanceof WatchStateError ? error.message : (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError(t('The state file {0} cannot be read ({1}). It is left as it is: move it away to start a new one.', file, why));
  }
}

export async function saveState(file: string, state: WatchState): Promise<void> {
  try {
    await writeWatchState(file, state);
  } catch (error) {
    throw new CliError(t('The state file {0} could not be written: {1}', file, (error as NodeJS.ErrnoException).code ?? String(error)));
  }
}

function isoOrNull(time: number | undefined): string | null {
  return time !== undefined && Number.isFinite(time) ? new Date(time).toISOString() : null;
}

export async function runHealth(connection: Connection, run: HealthRun): Promise<HealthOutcome> {
  const state = await readState(run.stateFile);
  const watch = watchOf(connection, run.log);
  const now = run.present.now;
  try {
    const refreshed = await watch.refresher.refreshAll();
    if (refreshed.authenticationFailed) {
      throw new CliError(t('Mixpanel refused the service account (401): check MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET.'));
    }
    const context: HealthContext = { warehouseConnection: (projectId, connectionId) => watch.connections.lookup(projectId, connectionId) };
    const kept = keptRunsIn(state);
    const monitor = new HealthMonitor({ store: watch.store, health: SOURCE_HEALTH, context, thresholds: () => DEFAULT_THRESHOLDS, now: () => now, keptRuns: kept, defer: (judge) => judge() });
    monitor.evaluate();
    const projects = watch.store.allProjects;
    const entries = projects.flatMap((project) => project.sources);
    const runsOf = (ref: Parameters<typeof kept>[0]): readonly Run[] => withKeptRuns(watch.store.source(ref)?.runs ?? [], kept(ref));
    const snoozes = snoozesInForce(state.snoozes, (ref) => lastSuccessOf(runsOf(ref)), now);
    const input: HealthPageInput = { projects, findingsOf: (ref) => monitor.findings(ref), keptRuns: kept, context, snoozes };
    const rows = healthRows(input, run.present);

    const current: OpenFinding[] = projects.flatMap((project) => project.sources.flatMap((entry) => monitor.findings(entry.source).map((finding) => ({
      key: episodeName(entry.source, finding), source: refOf(entry.source), name: sourceName(entry.source, t), project: project.name, finding,
    }))));
    monitor.dispose();
    // A project or a source's runs that could not be read judge nothing: what was open there stays open, unsaid.
    const unreadProjects = new Set(projects.filter((project) => project.problem !== undefined && project.sources.length === 0).map((project) => project.id));
    const unreadSources = new Set(entries.filter((entry) => entry.runsProblem !== undefined).map((entry) => sourceKey(entry.source)));
    const unread = (open: OpenFinding) => unreadProjects.has(open.source.projectId) || unreadSources.has(sourceKey(open.source));
    const change = findingChange(state.open.filter((item) => !unread(item)), current.filter((item) => !unread(item)), snoozes);
    const open = [...change.open, ...state.open.filter(unread)];
    const problems = projects.filter((project) => project.problem !== undefined).map((project) => ({ projectId: project.id, project: project.name, message: describeProblem(project.problem!, t) }));

    run.out(render(rows, problems, run, connection, now));
    for (const problem of problems) {
      run.warn(t('Project {0} ({1}) could not be read: {2}', printable(problem.project), problem.projectId, printable(problem.message)));
    }

    let failed = problems.length > 0;
    let announced = true;
    if (hasNews(change) && run.targets.length > 0) {
      const deliveries = await notifyAll(run.targets, change, { ...run.present, region: connection.region });
      for (const delivery of deliveries.filter((item) => item.error !== undefined)) {
        run.warn(t('The notification to {0} could not be sent ({1}): it is sent again on the next run.', delivery.target, delivery.error!));
        failed = true;
        announced = false;
      }
    }
    if (run.stateFile !== undefined) {
      // The runs are kept whatever happened; what was announced only when every target took it.
      await saveState(run.stateFile, {
        ...withRunsSeen(state, entries, now),
        open: announced ? open : state.open,
        snoozes,
      });
    }
    const attention = rows.filter((row) => row.severity !== 'ok').length;
    return { attention, failed, change };
  } finally {
    watch.dispose();
  }
}

interface ProjectProblem {
  readonly projectId: number;
  readonly project: string;
  readonly message: string;
}

function render(rows: readonly HealthPageRow[], problems: readonly ProjectProblem[], run: HealthRun, connection: Connection, now: number): string {
  switch (run.format) {
    case 'json':
      return JSON.stringify(healthDocument(rows, problems, connection, now), null, 2);
    case 'markdown':
      return healthReportOf(rows, run.present);
    case 'table':
      return healthTable(rows, run.palette, run.present);
  }
}

/** The documented JSON of `health --format json` (docs/cli/health.schema.json). */
export function healthDocument(rows: readonly HealthPageRow[], problems: readonly ProjectProblem[], connection: Connection, now: number): unknown {
  return {
    schema: HEALTH_SCHEMA,
    version: HEALTH_VERSION,
    checkedAt: isoOrNull(now),
    region: connection.region,
    summary: {
      sources: rows.length,
      needsAttention: rows.filter((row) => row.severity !== 'ok').length,
      snoozed: rows.filter((row) => row.snoozed.length > 0).length,
    },
    sources: rows.map((row) => ({
      ref: refText(row.source as SourceRef),
      source: row.source,
      name: row.name,
      project: row.project,
      kind: row.kind,
      severity: row.severity,
      state: row.state,
      finding: row.finding,
      findings: row.findingKinds,
      details: row.details,
      snoozed: row.snoozed,
      lastSuccess: row.lastSuccess,
      successRate: row.successRate,
    })),
    problems,
  };
}

function healthTable(rows: readonly HealthPageRow[], palette: Palette, present: PresentOptions): string {
  const { t: translate } = present;
  const attention = rows.filter((row) => row.severity !== 'ok').length;
  const summary = rows.length === 0 ? translate('No sources to judge.')
    : attention === 0 ? palette.green(translate('All {0} sources are well.', rows.length)) : palette.bold(translate('{0} of {1} sources need attention.', attention, rows.length));
  if (rows.length === 0) {
    return summary;
  }
  const header = [translate('Health'), translate('Source'), translate('Project'), translate('State'), translate('Finding'), translate('Last success')];
  const body = rows.map((row) => [row.severityText, row.name, row.project, row.stateText, row.finding, row.lastSuccess]);
  const paint = (index: number, column: number, text: string) => {
    if (column !== 0) {
      return text;
    }
    const severity = rows[index].severity;
    return severity === 'error' ? palette.red(text) : severity === 'warning' ? palette.yellow(text) : palette.green(text);
  };
  const details = rows.flatMap((row) => [...row.details, ...row.snoozed].map((line) => `  ${printable(row.name)}: ${printable(line)}`));
  return [table(header, body, { paint }), '', summary, ...(details.length > 0 ? ['', ...details] : [])].join('\n');
}
