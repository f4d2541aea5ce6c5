import { formatUtc } from '../../mixpanel/time';
import { Connector, Run } from '../../mixpanel/types';
import { HostMessage, LabelledValue, RunDetailsModel, RunPanelState } from '../../shared/protocol';
import { ConnectorStore } from '../engine/store';
import { formatAge, formatDuration, formatLocalDateTime, formatPercent } from '../text/format';
import { connectorFacts, connectorLabel, counterRows, PresentOptions, runDuration, runLabel, stateWord } from './presenters';

interface KnownError {
  readonly pattern: RegExp;
  readonly hint: (connector: Connector, options: PresentOptions) => string;
}

/** Errors whose cause is known, with what to do about them. */
const KNOWN_ERRORS: KnownError[] = [
  {
    pattern: /no compression specified but gzip detected/i,
    hint: (connector, { t }) => {
      const advice = t('The connector\'s compression setting must match the files: create the connector again with compression "gzip" (connectors cannot be edited), or upload uncompressed files.');
      return connector.compression === 'gzip'
        ? t('The files are gzip-compressed, but this import was not told so.') + ' ' + advice
        : t('The files are gzip-compressed but the connector\'s compression setting is "{0}".', connector.compression ?? 'none') + ' ' + advice;
    },
  },
  {
    pattern: /gzip specified but|not in gzip format|invalid gzip/i,
    hint: (_connector, { t }) => t('The connector expects gzip-compressed files but the files are not. The compression setting must match the files: create the connector again with compression "none", or compress the files with gzip.'),
  },
  {
    pattern: /permission|access denied|forbidden|not authori[sz]ed/i,
    hint: (connector, { t }) => connector.type === 's3Import'
      ? t('Mixpanel could not read the bucket. Check that the IAM role {0} exists, trusts Mixpanel, and may list and read {1}.', connector.role ?? '?', connector.bucket ?? '?')
      : t('Mixpanel could not read the bucket. Grant Mixpanel\'s service account the Storage Object Viewer role on {0}.', connector.bucket ?? '?'),
  },
  {
    pattern: /malformed json|invalid json|unexpected end of input|parse error/i,
    hint: (connector, { t }) => t('A file could not be read as {0}. Check that every line of the files is one JSON object in the format the connector expects.', connector.dataFormat ?? 'JSON'),
  },
];

export function errorHint(message: string, connector: Connector, options: PresentOptions): string | undefined {
  return KNOWN_ERRORS.find((known) => known.pattern.test(message))?.hint(connector, options);
}

function timeValue(label: string, epochMs: number, options: PresentOptions): LabelledValue {
  return { label, value: formatLocalDateTime(epochMs, options), title: `${formatUtc(epochMs)} (UTC)` };
}

/** Everything the run details page shows, as text. */
export function runDetailsModel(run: Run, connector: Connector, options: PresentOptions & { cachedSince?: number }): RunDetailsModel {
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
    heading: connectorLabel(connector),
    subheading: run.startTime !== undefined ? t('Run started {0}', runLabel(run, options)) : t('Queued run, not started yet'),
    state: run.status,
    stateText: status.charAt(0).toUpperCase() + status.slice(1),
    progress: run.status === 'running' && run.progress !== undefined
      ? { fraction: run.progress, text: formatPercent(run.progress, t) }
      : undefined,
    error: run.error
      ? { message: run.error.message, code: run.error.code, hint: errorHint(run.error.message, connector, options) }
      : undefined,
    note: connector.family === 'warehouse' && run.status === 'failed' && !run.error
      ? t('Mixpanel does not say why a warehouse run failed. The import\'s sync history in Mixpanel (Open in Mixpanel, then the project\'s warehouse imports) shows the reason.')
      : undefined,
    times,
    counters: counterRows(run, options).map(([label, value]) => ({ label, value })),
    connector: connectorFacts(connector, options).map(([label, value]) => ({ label, value })),
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
      connector: connector.family === 'warehouse' ? t('Import') : t('Connector'),
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
export function runPanelMessage(store: ConnectorStore, reference: RunPanelState, run: Run | undefined, options: PresentOptions): HostMessage {
  const { t } = options;
  const project = store.project(reference.projectId);
  const entry = store.connector(reference.projectId, reference.connectorId);
  if (!entry || !run) {
    const loading = !project || project.state === 'loading';
    return {
      type: 'missing',
      title: entry ? connectorLabel(entry.connector) : t('Run details'),
      heading: entry ? connectorLabel(entry.connector) : t('Run details'),
      message: loading ? t('Loading…') : t('This run is no longer in the connector\'s history.'),
      state: reference,
    };
  }
  const model = runDetailsModel(run, entry.connector, { ...options, cachedSince: project?.fromCache ? project.lastSuccessAt : undefined });
  return { type: 'render', title: `${connectorLabel(entry.connector)} · ${runLabel(run, options)}`, model, state: reference };
}
