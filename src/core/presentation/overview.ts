import { Run } from '../../mixpanel/types';
import { Source, SourceRef } from '../model/source';
import { isOverviewPanelState, OverviewBar, OverviewFigure, OverviewHostMessage, OverviewModel, OverviewRow, OverviewTick } from '../../shared/overviewProtocol';
import { RunDisplayState } from '../../shared/pageProtocol';
import { Translate } from '../../shared/l10n';
import { firstLine, formatAge, formatCount, formatDuration, formatLocalDateTime, formatPercent, numberFormat, TextLimit, truncate } from '../text/format';
import { PresentOptions, runDuration, runLabel, sourceKindName, sourceName, stateWord } from './presenters';
import { isSourceRefState } from './runDetails';
import { SourceStore } from '../engine/store';
import { eventsBand, Finding } from '../health/judgement';
import { median } from '../model/statistics';
import { withKeptRuns } from '../health/monitor';

/**
 * A source's recent runs at a glance: the chart's bars and scales, the figures people ask about
 * (success rate, durations, events, the last failure) and the same runs as a table.
 */

const EVENTS = 'num_events_imported';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Steps a duration axis may take, so that its ticks read "10 min", "2 h" rather than "7 min 12 s". */
const DURATION_STEPS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY,
];
/** At most this many steps above zero on an axis. */
const MAX_TICKS = 4;

function ticks(step: number, count: number, label: (value: number) => string): OverviewTick[] {
  return Array.from({ length: count + 1 }, (_, index) => ({ value: index * step, label: label(index * step) }));
}

/** A duration axis from 0 to a round value at or above `longest`. */
export function durationAxis(longest: number, t: Translate): { max: number; ticks: OverviewTick[] } {
  const step = DURATION_STEPS.find((candidate) => longest <= candidate * MAX_TICKS)
    ?? Math.ceil(longest / MAX_TICKS / DAY) * DAY;
  const count = Math.max(1, Math.ceil(longest / step));
  return { max: step * count, ticks: ticks(step, count, (value) => formatDuration(value, t)) };
}

/** A count axis from 0 to a round value (1, 2 or 5 × 10ⁿ steps) at or above `largest`. */
export function countAxis(largest: number, locale?: string): { max: number; ticks: OverviewTick[] } {
  const rough = Math.max(1, largest) / MAX_TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  // Counts are whole: never a step below 1.
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude);
  const count = Math.max(1, Math.ceil(largest / step));
  const compact = numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  return { max: step * count, ticks: ticks(step, count, (value) => compact.format(value)) };
}

function stateText(run: Run, t: Translate): string {
  const word = run.status === 'unknown' && run.rawStatus ? t('unknown state "{0}"', run.rawStatus) : stateWord(run.status, t);
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function durationText(run: Run, options: PresentOptions): string {
  const duration = runDuration(run, options.now);
  if (duration === undefined) {
    return '—';
  }
  return run.endTime === undefined ? options.t('{0} so far', formatDuration(duration, options.t)) : formatDuration(duration, options.t);
}

function eventsText(run: Run, options: PresentOptions): string {
  const events = run.counters[EVENTS];
  return events === undefined ? '—' : formatCount(events, options.locale);
}

function bar(run: Run, options: PresentOptions, flagged: boolean): OverviewBar {
  const parts = [runLabel(run, options), stateText(run, options.t), durationText(run, options)];
  const events = run.counters[EVENTS];
  if (events !== undefined) {
    parts.push(options.t('{0} events', formatCount(events, options.locale)));
  }
  if (run.error) {
    parts.push(truncate(firstLine(run.error.message), TextLimit.row));
  }
  if (flagged) {
    parts.push(options.t('flagged'));
  }
  return {
    ...(flagged ? { flagged } : {}),
    runKey: run.key,
    state: run.status,
    durationMs: runDuration(run, options.now) ?? 0,
    live: run.status === 'running' || run.status === 'queued',
    events,
    description: parts.filter((part) => part !== '—').join(' · '),
  };
}

function row(run: Run, options: PresentOptions): OverviewRow {
  return {
    runKey: run.key,
    state: run.status,
    started: runLabel(run, options),
    stateText: stateText(run, options.t),
    duration: durationText(run, options),
    events: eventsText(run, options),
    error: run.error ? truncate(firstLine(run.error.message), TextLimit.row) : '',
  };
}

function isFinished(run: Run): boolean {
  return run.status === 'success' || run.status === 'failed' || run.status === 'cancelled';
}

/** The figures beside the chart; `runs` newest first. */
export function overviewFigures(runs: readonly Run[], options: PresentOptions): OverviewFigure[] {
  const { t } = options;
  const finished = runs.filter(isFinished);
  const succeeded = finished.filter((run) => run.status === 'success').length;
  const durations = finished
    .filter((run) => run.startTime !== undefined && run.endTime !== undefined)
    .map((run) => ({ run, duration: runDuration(run, options.now)! }));
  const slowest = durations.reduce<typeof durations[number] | undefined>((worst, entry) => (!worst || entry.duration > worst.duration ? entry : worst), undefined);
  const medianDuration = median(durations.map((entry) => entry.duration));
  const events = finished.map((run) => run.counters[EVENTS]).filter((value): value is number => value !== undefined);
  const medianEvents = median(events);
  const lastFailure = runs.find((run) => run.status === 'failed');
  const failedAt = lastFailure ? lastFailure.endTime ?? lastFailure.startTime : undefined;
  const over = (count: number): string => (count === 1 ? t('over 1 run') : t('over {0} runs', count));
  return [
    {
      id: 'successRate',
      label: t('Success rate'),
      value: finished.length > 0 ? formatPercent(succeeded / finished.length, t) : '—',
      detail: finished.length > 0 ? t('{0} of {1} finished runs', succeeded, finished.length) : t('No finished runs yet'),
    },
    {
      id: 'medianDuration',
      label: t('Median duration'),
      value: medianDuration !== undefined ? formatDuration(medianDuration, t) : '—',
      detail: durations.length > 0 ? over(durations.length) : t('No run with both times yet'),
    },
    {
      id: 'slowest',
      label: t('Slowest run'),
      value: slowest ? formatDuration(slowest.duration, t) : '—',
      detail: slowest ? t('started {0}', runLabel(slowest.run, options)) : t('No run with both times yet'),
    },
    {
      id: 'medianEvents',
      label: t('Events imported per run'),
      value: medianEvents !== undefined ? formatCount(Math.round(medianEvents), options.locale) : '—',
      detail: events.length > 0 ? t('median {0}', over(events.length)) : t('Not reported'),
    },
    {
      id: 'lastFailure',
      label: t('Last failure'),
      value: lastFailure ? (failedAt !== undefined ? formatAge(failedAt, options.now, t) : t('not started')) : t('None'),
      detail: lastFailure
        ? (lastFailure.error ? truncate(firstLine(lastFailure.error.message), TextLimit.row) : t('No reason given'))
        : (runs.length === 1 ? t('No failure in the last run') : t('No failure in the last {0} runs', runs.length)),
    },
  ];
}

const LEGEND_STATES: readonly RunDisplayState[] = ['success', 'failed', 'cancelled', 'running', 'queued'];

/** The most runs the overview draws and lists, newest first: a bar stays wider than a hairline. */
export const OVERVIEW_RUNS_SHOWN = 100;

export interface OverviewExtras {
  readonly cachedSince?: number;
  /** Health's findings of the source now: the runs they name are marked. */
  readonly findings?: readonly Finding[];
  /** How many of the runs were kept by the extension beyond what the store holds. */
  readonly keptBeyond?: number;
}

/** Everything the overview page shows; `runs` newest first, as the store keeps them (with any kept from earlier looks). */
export function overviewModel(source: Source, allRuns: readonly Run[], options: PresentOptions & OverviewExtras): OverviewModel {
  const { t } = options;
  const runs = allRuns.slice(0, OVERVIEW_RUNS_SHOWN);
  const oldestFirst = [...runs].reverse();
  const band = eventsBand(allRuns);
  const named = new Set((options.findings ?? []).map((finding) => finding.runKey).filter((key): key is string => key !== undefined));
  const outside = (run: Run) => band !== undefined && run.status === 'success' && run.counters[EVENTS] !== undefined && (run.counters[EVENTS] < band.low || run.counters[EVENTS] > band.high);
  const bars = oldestFirst.map((run) => bar(run, options, named.has(run.key) || outside(run)));
  const events = bars.map((entry) => entry.events).filter((value): value is number => value !== undefined);
  const kind = sourceKindName(source, t);
  const started = oldestFirst.filter((run) => run.startTime !== undefined);
  return {
    heading: sourceName(source, t),
    subheading: runs.length === 1 ? t('{0} · the last run', kind) : t('{0} · the last {1} runs', kind, runs.length),
    notice: options.cachedSince !== undefined ? t('Shown from an earlier session, updated {0}. Refreshing…', formatAge(options.cachedSince, options.now, t)) : undefined,
    bars,
    durationAxis: durationAxis(bars.reduce((longest, entry) => Math.max(longest, entry.durationMs), 0), t),
    eventsAxis: events.length > 0 ? countAxis(Math.max(events.reduce((largest, value) => Math.max(largest, value), 0), band?.high ?? 0), options.locale) : undefined,
    ...(band && events.length > 0 ? { eventsBand: { low: band.low, high: band.high } } : {}),
    ...(options.keptBeyond !== undefined && options.keptBeyond > 0 && started.length > 0
      ? { historyNote: t('Since {0}: {1} runs, {2} of them kept by the extension beyond what Mixpanel still lists.', formatLocalDateTime(started[0].startTime!, options), runs.length, Math.min(options.keptBeyond, runs.length)) }
      : {}),
    timeLabels: {
      first: started.length > 0 ? formatLocalDateTime(started[0].startTime!, options) : '',
      last: started.length > 1 ? formatLocalDateTime(started[started.length - 1].startTime!, options) : '',
    },
    figures: overviewFigures(runs, options),
    rows: runs.map((run) => row(run, options)),
    legend: LEGEND_STATES.map((state) => ({ state, text: stateWord(state, t) })),
    labels: {
      chart: t('Recent runs'),
      chartSummary: runs.length === 0
        ? t('No runs yet.')
        : t('{0} runs from oldest to newest; bar height is the duration, dots are the events imported.', runs.length),
      duration: t('Duration'),
      events: t('Events imported'),
      figures: t('At a glance'),
      table: t('Runs'),
      started: t('Started'),
      state: t('State'),
      error: t('Error'),
      open: t('Open'),
      noRuns: t('No runs yet. Runs appear here once the source has run.'),
      band: t('Usual events per run'),
      flagged: t('Flagged by health'),
    },
  };
}

/** Which source an overview shows: what its page keeps. */
export interface OverviewReference {
  readonly source: SourceRef;
}

export function isOverviewReference(value: unknown): value is OverviewReference {
  return isOverviewPanelState(value) && isSourceRefState(value.source);
}

/** What an overview panel says about a source: its runs, or why they are not there. */
export function overviewMessage(store: SourceStore, state: OverviewReference, options: PresentOptions, health: {
  readonly findings?: readonly Finding[];
  readonly keptRuns?: readonly Run[];
} = {}): OverviewHostMessage {
  const { t } = options;
  const project = store.project(state.source.projectId);
  const entry = store.source(state.source);
  if (!entry) {
    const loading = !project || project.state === 'loading';
    return {
      type: 'missing',
      title: t('Source overview'),
      heading: t('Source overview'),
      message: loading ? t('Loading…') : t('This source is no longer in the project.'),
      state,
    };
  }
  const runs = withKeptRuns(entry.runs, health.keptRuns);
  const model = overviewModel(entry.source, runs, {
    ...options, cachedSince: project?.fromCache ? project.lastSuccessAt : undefined, findings: health.findings, keptBeyond: runs.length - entry.runs.length,
  });
  return { type: 'overview', title: t('{0} · overview', sourceName(entry.source, t)), model, state };
}
