import { formatUtc } from '../../mixpanel/time';
import { Run } from '../../mixpanel/types';
import { isPanelSource } from '../../shared/pageProtocol';
import { HostMessage, isRunPanelState, LabelledValue, RunDetailsModel } from '../../shared/runPanelProtocol';
import { isSourceKind, Source, SourceRef } from '../model/source';
import { SourceStore } from '../engine/store';
import { SOURCE_KINDS } from '../sources';
import { kindModule } from '../sources/kind';
import { formatAge, formatDuration, formatLocalDateTime, formatPercent } from '../text/format';
import { counterRows, PresentOptions, runDuration, runLabel, sourceFacts, sourceName, stateWord } from './presenters';

/** A run wherever it is shown: tree, run panel (whose page keeps it), notification. */
export interface RunReference {
  readonly source: SourceRef;
  readonly runKey: string;
}

/** Whether a page's saved state (or any value) names a source of a kind this version knows. */
export function isSourceRefState(value: unknown): value is SourceRef {
  return isPanelSource(value) && isSourceKind(value.kind);
}

export function isRunReference(value: unknown): value is RunReference {
  return isRunPanelState(value) && isSourceRefState(value.source);
}

function timeValue(label: string, epochMs: number, options: PresentOptions): LabelledValue {
  return { label, value: formatLocalDateTime(epochMs, options), title: `${formatUtc(epochMs)} (UTC)` };
}

/** Everything the run details page shows, as text. */
export function runDetailsModel(run: Run, source: Source, options: PresentOptions & { cachedSince?: number }): RunDetailsModel {
  const { t } = options;
  const times: LabelledValue[] = [];
  if (run.startTime !== undefined) {
    times.push(timeValue(t('Started'), run.startTime, options));
  } else {
    times.push({ label: t('Started'), value: t('Not started yet') });
  }
  if (run.endTime !== undefined) {
    times.push(timeValue(t('Ended'), run.endTime, options));
  }
  const duration = runDuration(run, options.now);
  if (duration !== undefined) {
    times.push({ label: run.endTime !== undefined ? t('Duration') : t('Running for'), value: formatDuration(duration, t) });
  }
  const status = run.status === 'unknown' && run.rawStatus ? t('Unknown state "{0}"', run.rawStatus) : stateWord(run.status, t);
  return {
    heading: sourceName(source, t),
    subheading: run.startTime !== undefined ? t('Run started {0}', runLabel(run, options)) : t('Queued run, not started yet'),
    state: run.status,
    stateText: status.charAt(0).toUpperCase() + status.slice(1),
    progress: run.status === 'running' && run.progress !== undefined
      ? { fraction: run.progress, text: formatPercent(run.progress, t) }
      : undefined,
    error: run.error
      ? { message: run.error.message, code: run.error.code, hint: kindModule(SOURCE_KINDS, source).errorHint?.(run.error.message, source, options) }
      : undefined,
    note: run.status === 'failed' && !run.error ? SOURCE_KINDS[source.kind].failureWithoutMessage?.(t) : undefined,
    times,
    counters: counterRows(run, options).map(([label, value]) => ({ label, value })),
    source: sourceFacts(source, options).map(([label, value]) => ({ label, value })),
    rawJson: JSON.stringify(run.raw, null, 2) ?? '',
    notice: options.cachedSince !== undefined ? t('Shown from an earlier session, updated {0}. Refreshing…', formatAge(options.cachedSince, options.now, t)) : undefined,
    labels: {
      error: t('Error'),
      code: t('Code'),
      copy: t('Copy'),
      copied: t('Copied'),
      hint: t('What to do'),
      times: t('Times'),
      counters: t('Counters'),
      noCounters: t('No counters reported.'),
      source: SOURCE_KINDS[source.kind].factsHeading(t),
      rawJson: t('Raw JSON of the run'),
      openInMixpanel: t('Open in Mixpanel'),
      copySummary: t('Copy Summary'),
      copyJson: t('Copy as JSON'),
      progress: t('Progress'),
    },
  };
}

/**
 * The run a panel shows. A queued run has no start time, so its key changes once it starts: a
 * panel opened on it follows the newest run that was not there when the panel opened.
 */
export function followRun(runs: readonly Run[], runKey: string, keysAtOpen: ReadonlySet<string>): Run | undefined {
  const run = runs.find((candidate) => candidate.key === runKey);
  if (run || !runKey.includes('/unstarted/')) {
    return run;
  }
  return runs.find((candidate) => !keysAtOpen.has(candidate.key));
}

/** What a run panel says about a reference: the run, or why it is not there. */
export function runPanelMessage(store: SourceStore, reference: RunReference, run: Run | undefined, options: PresentOptions): HostMessage {
  const { t } = options;
  const project = store.project(reference.source.projectId);
  const entry = store.source(reference.source);
  if (!entry || !run) {
    const loading = !project || project.state === 'loading';
    return {
      type: 'missing',
      title: entry ? sourceName(entry.source, t) : t('Run details'),
      heading: entry ? sourceName(entry.source, t) : t('Run details'),
      message: loading ? t('Loading…') : t('This run is no longer in the source\'s history.'),
      state: reference,
    };
  }
  const model = runDetailsModel(run, entry.source, { ...options, cachedSince: project?.fromCache ? project.lastSuccessAt : undefined });
  return { type: 'render', title: `${sourceName(entry.source, t)} · ${runLabel(run, options)}`, model, state: reference };
}
