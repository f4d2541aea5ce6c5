import { Run } from '../../mixpanel/types';
import { DAY_MS, eventsBand, Finding, FINDING_KINDS, HealthContext, healthFactsOf, lastSuccessOf } from '../health/judgement';
import { checkedAtOf, withKeptRuns } from '../health/monitor';
import { latestRun, ProjectEntry, SourceEntry } from '../model/entries';
import { refOf, sameSource, SourceKind, SourceRef, sourceKey } from '../model/source';
import { Snooze, snoozeOf, snoozeUntilWords } from '../health/snooze';
import { SOURCE_HEALTH, SOURCE_KINDS } from '../sources';
import { formatCount, formatLocalDateTime, formatRecentTime } from '../text/format';
import { PresentOptions, stateWord } from '../text/runWords';
import { findingAdvice, findingKindWord, findingSentence, findingShort } from '../health/healthWords';
import { sourceName, sourceState } from './presenters';
import { HealthModel, HealthPageRow, HealthSeverity } from '../../shared/healthProtocol';

/**
 * The Health page: every source of every watched project, the ones that need attention first,
 * with what is known of each. Text is ready to show; the page puts it in with `textContent`.
 */

/** Runs drawn in a row's strip and trend. */
const STRIP_RUNS = 12;

export interface HealthPageInput {
  readonly projects: readonly ProjectEntry[];
  readonly findingsOf: (ref: SourceRef) => readonly Finding[];
  readonly keptRuns: (ref: SourceRef) => readonly Run[] | undefined;
  readonly context: HealthContext;
  /** Snoozes in force: a snoozed finding is shown as such and does not count as needing attention. */
  readonly snoozes?: readonly Snooze[];
}

/** A failed last run needs attention unless the whole source is snoozed. */
function severityOf(entry: SourceEntry, findings: readonly Finding[], sourceSnoozed: boolean): HealthSeverity {
  if ((latestRun(entry)?.status === 'failed' && !sourceSnoozed) || findings.some((finding) => finding.severity === 'error')) {
    return 'error';
  }
  return findings.length > 0 ? 'warning' : 'ok';
}

const SEVERITY_ORDER: Record<HealthSeverity, number> = { error: 0, warning: 1, ok: 2 };

function nextExpected(entry: SourceEntry, runs: readonly Run[], context: HealthContext): number | undefined {
  const facts = healthFactsOf(SOURCE_HEALTH, entry.source, context);
  if (facts === undefined || facts.paused || !(facts.scheduleMs !== undefined && facts.scheduleMs > 0)) {
    return undefined;
  }
  const anchors = [...runs.map((run) => run.startTime), facts.lastDispatch].filter((time): time is number => time !== undefined && Number.isFinite(time));
  return anchors.length > 0 ? Math.max(...anchors) + facts.scheduleMs : undefined;
}

function successRate(runs: readonly Run[], now: number, options: PresentOptions): string {
  const week = runs.filter((run) => run.startTime !== undefined && run.startTime >= now - 7 * DAY_MS && (run.status === 'success' || run.status === 'failed'));
  if (week.length === 0) {
    return options.t('no runs in 7 days');
  }
  const succeeded = week.filter((run) => run.status === 'success').length;
  return options.t('{0} % of {1}', Math.round((succeeded / week.length) * 100), week.length);
}

function row(project: ProjectEntry, entry: SourceEntry, input: HealthPageInput, options: PresentOptions): HealthPageRow {
  const { t, now } = options;
  const { source } = entry;
  const snoozes = input.snoozes ?? [];
  const judged = input.findingsOf(source);
  const findings = judged.filter((finding) => snoozeOf(snoozes, source, finding) === undefined);
  const snoozed = judged.filter((finding) => snoozeOf(snoozes, source, finding) !== undefined);
  const wholeSnooze = snoozes.find((snooze) => snooze.finding === undefined && sameSource(snooze.source, source));
  const runs = withKeptRuns(entry.runs, input.keptRuns(source));
  const severity = severityOf(entry, findings, wholeSnooze !== undefined);
  const state = sourceState(entry);
  const success = lastSuccessOf(runs);
  const next = nextExpected(entry, runs, input.context);
  const recent = runs.slice(0, STRIP_RUNS).reverse();
  const baseline = eventsBand(runs);
  const trend = recent.filter((run) => run.status === 'success' && run.counters.num_events_imported !== undefined).map((run) => run.counters.num_events_imported);
  const worst = findings[0];
  // A run due after the last look at the source is not late, nor known to have run: it was not checked.
  const checkedAt = checkedAtOf(entry, project);
  const unchecked = next !== undefined && checkedAt !== undefined && next <= now && checkedAt < next;
  return {
    key: sourceKey(source),
    source: refOf(source),
    name: sourceName(source, t),
    project: project.name,
    projectId: project.id,
    kind: source.kind,
    kindName: SOURCE_KINDS[source.kind].kindName(t),
    severity,
    severityText: severity === 'error' ? t('Error') : severity === 'warning' ? t('Warning') : t('Well'),
    state,
    stateText: stateWord(state, t),
    finding: worst ? findingShort(worst, options)
      : latestRun(entry)?.status === 'failed' ? t('last run failed')
        : snoozed.length > 0 ? t('{0}, snoozed', findingShort(snoozed[0], options))
        : unchecked ? t('not checked since {0}', formatRecentTime(checkedAt, now, options)) : t('no findings'),
    findingKinds: findings.map((finding) => finding.kind),
    details: findings.map((finding) => `${findingSentence(finding, options)} ${findingAdvice(finding, options)}`),
    snoozed: snoozed.map((finding) => t('{0}: snoozed {1}.', findingShort(finding, options),
      snoozeUntilWords(snoozeOf(snoozes, source, finding)!.until, t, (at) => formatLocalDateTime(at, options)))),
    since: worst ? formatRecentTime(worst.since, now, options) : '',
    lastSuccess: success !== undefined ? formatRecentTime(success, now, options) : t('none known'),
    nextExpected: next !== undefined ? formatLocalDateTime(next, options) : t('not scheduled'),
    strip: recent.map((run) => run.status),
    stripText: recent.length > 0
      ? t('Last {0} runs, oldest first: {1}', recent.length, recent.map((run) => stateWord(run.status, t)).join(', '))
      : t('No runs known'),
    trend: trend.length >= 2 ? { values: trend, ...baseline } : undefined,
    trendText: trend.length >= 2
      ? t('Events per run: last {0}{1}', formatCount(trend[trend.length - 1], options.locale), baseline ? t(', usually {0}', formatCount(baseline.median, options.locale)) : '')
      : t('Not enough runs with events'),
    successRate: successRate(runs, now, options),
  };
}

export function healthRows(input: HealthPageInput, options: PresentOptions): HealthPageRow[] {
  const rows = input.projects.flatMap((project) => project.sources.map((entry) => row(project, entry, input, options)));
  return rows.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.name.localeCompare(b.name) || a.project.localeCompare(b.project));
}

export function healthModel(input: HealthPageInput, options: PresentOptions): HealthModel {
  const { t } = options;
  const rows = healthRows(input, options);
  const attention = rows.filter((candidate) => candidate.severity !== 'ok').length;
  const kinds = [...new Set(rows.map((candidate) => candidate.kind))] as SourceKind[];
  const findingKinds = FINDING_KINDS.filter((kind) => rows.some((candidate) => candidate.findingKinds.includes(kind)));
  return {
    heading: t('Import health'),
    summary: rows.length === 0
      ? t('No sources yet.')
      : attention === 0 ? t('All {0} sources are well.', rows.length) : t('{0} of {1} sources need attention.', attention, rows.length),
    rows,
    filters: {
      projects: input.projects.map((project) => ({ id: String(project.id), name: project.name })),
      kinds: kinds.map((kind) => ({ id: kind, name: SOURCE_KINDS[kind].kindName(t) })),
      findings: [{ id: 'attention', name: t('Needs attention') }, ...findingKinds.map((kind) => ({ id: kind, name: findingKindWord(kind, t) }))],
    },
    labels: {
      filters: t('Filter sources'),
      project: t('Project'),
      kind: t('Kind'),
      finding: t('Finding'),
      all: t('All'),
      table: t('Sources by health'),
      source: t('Source'),
      state: t('State and finding'),
      since: t('Since'),
      lastSuccess: t('Last success'),
      nextExpected: t('Next expected'),
      lastRuns: t('Last runs'),
      trend: t('Events per run'),
      successRate: t('7-day success'),
      copyReport: t('Copy Health Report'),
      copied: t('Copied'),
      openOverview: t('Open the overview of {0}'),
      noMatch: t('No source matches these filters.'),
      evidence: t('Evidence and what to do'),
    },
  };
}

/** The report for a stand-up or an incident channel: the sources that need attention, then a count of the rest. */
export function healthReport(input: HealthPageInput, options: PresentOptions): string {
  return healthReportOf(healthRows(input, options), options);
}

/** The report of rows already made (a command line prints the rows it judged). */
export function healthReportOf(rows: readonly HealthPageRow[], options: PresentOptions): string {
  const { t } = options;
  const attention = rows.filter((candidate) => candidate.severity !== 'ok');
  // Only what could make a link, emphasis, markup or a new cell is escaped: sentences stay readable in a chat.
  const cell = (text: string) => text.replace(/[\\|[\]*_`<>]/g, (character) => `\\${character}`).replace(/\r?\n/g, ' ');
  const lines = [`## ${t('Mixpanel import health')}, ${formatLocalDateTime(options.now, options)}`, ''];
  const snoozed = rows.flatMap((candidate) => candidate.snoozed.map((line) => `- ${cell(candidate.name)}: ${cell(line)}`));
  const snoozedPart = snoozed.length > 0 ? ['', t('Snoozed:'), ...snoozed] : [];
  if (attention.length === 0) {
    lines.push(t('All {0} sources are well.', rows.length), ...snoozedPart);
    return lines.join('\n');
  }
  lines.push(
    `| ${[t('Source'), t('Project'), t('Finding'), t('Since'), t('Last success'), t('Details')].join(' | ')} |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...attention.map((candidate) => `| ${[candidate.name, candidate.project, candidate.finding, candidate.since || '—', candidate.lastSuccess, candidate.details.join(' ') || '—'].map(cell).join(' | ')} |`),
    '',
    t('{0} of {1} sources need attention; the others are well.', attention.length, rows.length),
    ...snoozedPart,
  );
  return lines.join('\n');
}
