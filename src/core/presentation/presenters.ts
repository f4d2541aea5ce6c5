import { Connector, Run, RunStatus } from '../../mixpanel/types';
import { formatUtc } from '../../mixpanel/time';
import { Translate } from '../../shared/l10n';
import { escapeMarkdown, firstLine, formatAge, TextLimit, truncate, formatBytes, formatCount, formatDuration, formatLocalDateTime, formatPercent, TimeFormatOptions } from '../text/format';
import { describeProblem } from './errorMessages';
import { ConnectorEntry, latestRun, ProjectEntry } from '../engine/model';
import { importTypeName, scheduleWord, syncModeWord } from '../sources/warehouse';

/**
 * Pure functions from domain data to what is shown: the VS Code adapters copy their output into
 * tree items, the status bar and the run panel. All text goes through the given `t`.
 */

export interface PresentOptions extends TimeFormatOptions {
  readonly t: Translate;
  readonly now: number;
}

/** A codicon with the theme colour that tints it. */
export interface StatusIcon {
  readonly id: string;
  readonly color?: string;
}

export type DisplayState = RunStatus | 'paused-connector' | 'no-runs';

/**
 * Colours that hold 3:1 against the side bar in the light, dark and high-contrast themes (the UI
 * tests measure it): the test explorer's green and yellow fall to about 1.9:1 and 2.2:1 on a light
 * side bar, so success takes the charts' green and queued the description colour.
 */
const ICONS: Record<DisplayState, StatusIcon> = {
  success: { id: 'pass', color: 'charts.green' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  running: { id: 'sync~spin' },
  queued: { id: 'clock', color: 'descriptionForeground' },
  paused: { id: 'debug-pause' },
  'paused-connector': { id: 'debug-pause' },
  cancelled: { id: 'circle-slash', color: 'testing.iconSkipped' },
  unknown: { id: 'question' },
  'no-runs': { id: 'circle-outline', color: 'descriptionForeground' },
};

export function statusIcon(state: DisplayState): StatusIcon {
  return ICONS[state];
}

/** A connector shows its newest run's state, unless the connector itself is paused. */
export function connectorState(entry: ConnectorEntry): DisplayState {
  if (entry.connector.status === 'paused') {
    return 'paused-connector';
  }
  return latestRun(entry)?.status ?? 'no-runs';
}

/** The state in words, for descriptions and screen readers. */
export function stateWord(state: DisplayState, t: Translate): string {
  switch (state) {
    case 'success': return t('succeeded');
    case 'failed': return t('failed');
    case 'running': return t('running');
    case 'queued': return t('queued');
    case 'paused': return t('paused');
    case 'paused-connector': return t('connector paused');
    case 'cancelled': return t('cancelled');
    case 'no-runs': return t('no runs yet');
    case 'unknown': return t('unknown state');
  }
}

function storageScheme(connector: Connector): string {
  return connector.type === 's3Import' ? 's3' : 'gs';
}

/** The label, or `gs://bucket/prefix` / `s3://bucket/prefix` when it is empty. */
export function connectorLabel(connector: Connector): string {
  if (connector.label) {
    return connector.label;
  }
  if (connector.bucket) {
    const prefix = (connector.prefix ?? '').replace(/^\/+/, '');
    return `${storageScheme(connector)}://${connector.bucket}${prefix ? `/${prefix}` : ''}`;
  }
  return connector.id;
}

function unknownStatusWord(run: Run, t: Translate): string {
  return run.status === 'unknown' && run.rawStatus ? t('unknown state "{0}"', run.rawStatus) : stateWord(run.status, t);
}

/**
 * "running 25%", "failed · 2 h ago", "succeeded · 3 d ago", "queued"; for a warehouse import, its
 * schedule, sync mode and "paused" follow: "succeeded · 1 h ago · hourly · time-based".
 */
export function connectorDescription(entry: ConnectorEntry, options: PresentOptions): string {
  const { t } = options;
  const warehouse = entry.connector.warehouse;
  const state = connectorState(entry);
  const run = latestRun(entry);
  let text: string;
  if (warehouse) {
    const parts = [run ? latestRunText(run, options) : stateWord('no-runs', t), scheduleWord(warehouse.runEveryNs, t), syncModeWord(warehouse.syncMode, t)];
    if (warehouse.paused) {
      parts.push(t('paused'));
    }
    text = parts.filter((part): part is string => part !== undefined).join(' · ');
  } else if (!run || state === 'paused-connector') {
    text = stateWord(state, t);
  } else if (run.status === 'running' && run.progress !== undefined) {
    text = `${stateWord('running', t)} ${formatPercent(run.progress, t)}`;
  } else {
    const when = run.endTime ?? run.startTime;
    text = when !== undefined ? `${unknownStatusWord(run, t)} · ${formatAge(when, options.now, t)}` : unknownStatusWord(run, t);
  }
  return entry.runsProblem ? `${text} · ${t('runs not updated')}` : text;
}

/** The newest run in a few words: "running 25%", "failed · 2 h ago". */
function latestRunText(run: Run, options: PresentOptions): string {
  const { t } = options;
  if (run.status === 'running' && run.progress !== undefined) {
    return `${stateWord('running', t)} ${formatPercent(run.progress, t)}`;
  }
  const when = run.endTime ?? run.startTime;
  return when !== undefined ? `${unknownStatusWord(run, t)} · ${formatAge(when, options.now, t)}` : unknownStatusWord(run, t);
}

/** What a screen reader says for a connector or import row. */
export function connectorAccessibilityLabel(entry: ConnectorEntry, options: PresentOptions): string {
  const { t } = options;
  const run = latestRun(entry);
  const warehouse = entry.connector.warehouse;
  const state = warehouse ? run?.status ?? 'no-runs' : connectorState(entry);
  let status = stateWord(state, t);
  const percent = wholePercent(run?.progress);
  if (state === 'running' && percent !== undefined) {
    status = t('running, {0} percent', percent);
  }
  const parts = warehouse
    ? [t('Import {0}', connectorLabel(entry.connector)), status, scheduleWord(warehouse.runEveryNs, t), ...(warehouse.paused ? [t('paused')] : [])]
    : [t('Connector {0}', connectorLabel(entry.connector)), status];
  if (run?.status === 'failed' && run.error) {
    parts.push(firstLine(run.error.message));
  }
  return truncate(parts.join(', '), TextLimit.accessibility);
}

const DATA_FORMAT_NAMES: Record<string, string> = {
  mixpanel_event: 'Events (Mixpanel format)',
  mixpanel_people: 'User profiles (Mixpanel format)',
  mixpanel_group: 'Group profiles (Mixpanel format)',
  remap_event: 'Events (remapped)',
  remap_people: 'User profiles (remapped)',
  remap_group: 'Group profiles (remapped)',
};

export function connectorTypeName(connector: Connector, t: Translate): string {
  switch (connector.type) {
    case 'gcsImport': return t('Google Cloud Storage import');
    case 's3Import': return t('Amazon S3 import');
    default: return connector.type;
  }
}

export function dataFormatName(format: string | undefined, t: Translate): string | undefined {
  return format === undefined ? undefined : Object.hasOwn(DATA_FORMAT_NAMES, format) ? t(DATA_FORMAT_NAMES[format]) : format;
}

/** A warehouse import's settings as label/value pairs. */
function importFacts(connector: Connector, options: PresentOptions): Array<[string, string | undefined]> {
  const { t } = options;
  const warehouse = connector.warehouse!;
  const creator = [warehouse.creatorName, warehouse.creatorEmail ? `<${warehouse.creatorEmail}>` : undefined].filter(Boolean).join(' ');
  return [
    [t('Type'), importTypeName(warehouse.importType, t)],
    [t('Sync mode'), syncModeWord(warehouse.syncMode, t)],
    [t('Schedule'), scheduleWord(warehouse.runEveryNs, t)],
    [t('Paused'), warehouse.paused ? t('yes') : t('no')],
    [t('Last dispatch'), warehouse.lastDispatch !== undefined ? formatLocalDateTime(warehouse.lastDispatch, options) : t('never')],
    [t('Created'), warehouse.createdAt !== undefined ? formatLocalDateTime(warehouse.createdAt, options) : undefined],
    [t('Created by'), creator || undefined],
    [t('Warehouse source'), warehouse.warehouseSourceId !== undefined ? String(warehouse.warehouseSourceId) : undefined],
    [t('Import ID'), String(warehouse.id)],
  ];
}

/** The connector's or import's settings as label/value pairs, for the tooltip and the run panel. */
export function connectorFacts(connector: Connector, options: PresentOptions): Array<[string, string]> {
  if (connector.warehouse) {
    return importFacts(connector, options).filter((fact): fact is [string, string] => fact[1] !== undefined && fact[1] !== '');
  }
  const { t } = options;
  const facts: Array<[string, string | undefined]> = [
    [t('Type'), connectorTypeName(connector, t)],
    [t('Bucket'), connector.bucket],
    [t('Prefix'), connector.prefix],
    [t('Bucket region'), connector.bucketRegion],
    [t('IAM role'), connector.role],
    [t('Data format'), dataFormatName(connector.dataFormat, t)],
    [t('Compression'), connector.compression ?? t('not set')],
    [t('Connector status'), connector.rawStatus ?? t('not reported')],
    [t('Created'), connector.createdAt !== undefined ? formatLocalDateTime(connector.createdAt, options) : undefined],
    [t('Created by'), connector.createdBy],
    [t('Connector ID'), connector.id],
  ];
  return facts.filter((fact): fact is [string, string] => fact[1] !== undefined && fact[1] !== '');
}

/** Markdown with every API value escaped: labels and messages are untrusted. */
export function connectorTooltip(entry: ConnectorEntry, options: PresentOptions): string {
  const { t } = options;
  const lines = [`**${escapeMarkdown(connectorLabel(entry.connector))}**`, ''];
  for (const [label, value] of connectorFacts(entry.connector, options)) {
    lines.push(`${escapeMarkdown(label)}: ${escapeMarkdown(value)}  `);
  }
  if (entry.connector.failureMessage) {
    lines.push('', `${escapeMarkdown(t('Paused because'))}: ${escapeMarkdown(entry.connector.failureMessage)}`);
  }
  if (entry.runsProblem) {
    lines.push('', `$(warning) ${escapeMarkdown(t('Runs could not be refreshed: {0}', describeProblem(entry.runsProblem, t)))}`);
  }
  return lines.join('\n');
}

/** The start time in the user's locale, or that the run has not started. */
export function runLabel(run: Run, options: PresentOptions): string {
  return run.startTime !== undefined ? formatLocalDateTime(run.startTime, options) : options.t('Not started yet');
}

export function runDuration(run: Run, now: number): number | undefined {
  if (run.startTime === undefined) {
    return undefined;
  }
  if (run.endTime !== undefined) {
    return Math.max(0, run.endTime - run.startTime);
  }
  return run.status === 'running' ? Math.max(0, now - run.startTime) : undefined;
}

/** "failed · 12 min", "running 25% · 1,204 events", "succeeded · 19 h 17 min · 13 events". */
export function runDescription(run: Run, options: PresentOptions): string {
  const { t } = options;
  const parts: string[] = [];
  if (run.status === 'running' && run.progress !== undefined) {
    parts.push(`${stateWord('running', t)} ${formatPercent(run.progress, t)}`);
  } else {
    parts.push(unknownStatusWord(run, t));
    const duration = runDuration(run, options.now);
    if (duration !== undefined) {
      parts.push(formatDuration(duration, t));
    }
  }
  const events = run.counters.num_events_imported;
  if (events !== undefined && (events > 0 || run.status === 'success')) {
    parts.push(t('{0} events', formatCount(events, options.locale)));
  }
  return parts.join(' · ');
}

/** A progress as a whole percentage from 0 to 100; undefined for none, or for one no one can read. */
function wholePercent(progress: number | undefined): number | undefined {
  return progress !== undefined && Number.isFinite(progress) ? Math.round(Math.min(1, Math.max(0, progress)) * 100) : undefined;
}

export function runAccessibilityLabel(run: Run, options: PresentOptions): string {
  const { t } = options;
  const percent = wholePercent(run.progress);
  const status = run.status === 'running' && percent !== undefined ? t('running, {0} percent', percent) : unknownStatusWord(run, t);
  const parts = [t('Run {0}', runLabel(run, options)), status];
  if (run.error) {
    parts.push(firstLine(run.error.message));
  }
  return truncate(parts.join(', '), TextLimit.accessibility);
}

const COUNTER_NAMES: Record<string, string> = {
  num_events_imported: 'Events imported',
  num_events_processed: 'Events processed',
  num_events_dropped: 'Events dropped',
  num_files_imported: 'Files imported',
  size_imported: 'Data imported',
};

/** "num_user_profiles_exported" → "User profiles exported" for counters the API adds later. */
export function counterName(key: string, t: Translate): string {
  if (Object.hasOwn(COUNTER_NAMES, key)) {
    return t(COUNTER_NAMES[key]);
  }
  const words = key.replace(/^num_/, '').replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function counterValue(key: string, value: number, locale?: string): string {
  return key.startsWith('size_') || key.endsWith('_bytes') ? formatBytes(value, locale) : formatCount(value, locale);
}

/** Known counters first, in a fixed order, then the others alphabetically. */
export function counterRows(run: Run, options: PresentOptions): Array<[string, string]> {
  return counterEntries(run, options).map(({ label, value }) => [label, value]);
}

/** The run's counters, the known ones first, each saying whether its name is the API's own key. */
export function counterEntries(run: Run, options: PresentOptions): Array<{ label: string; value: string; fromApi: boolean }> {
  const known = Object.keys(COUNTER_NAMES).filter((key) => Object.hasOwn(run.counters, key));
  const others = Object.keys(run.counters).filter((key) => !Object.hasOwn(COUNTER_NAMES, key)).sort();
  return [...known, ...others].map((key) => ({
    label: counterName(key, options.t), value: counterValue(key, run.counters[key], options.locale), fromApi: !Object.hasOwn(COUNTER_NAMES, key),
  }));
}

export function runTooltip(run: Run, connector: Connector, options: PresentOptions): string {
  const { t } = options;
  const lines = [`**${escapeMarkdown(connectorLabel(connector))}**: ${escapeMarkdown(runDescription(run, options))}`, ''];
  if (run.startTime !== undefined) {
    lines.push(`${escapeMarkdown(t('Started'))}: ${escapeMarkdown(formatLocalDateTime(run.startTime, options))} (${escapeMarkdown(formatUtc(run.startTime))})  `);
  }
  if (run.endTime !== undefined) {
    lines.push(`${escapeMarkdown(t('Ended'))}: ${escapeMarkdown(formatLocalDateTime(run.endTime, options))}  `);
  }
  for (const [label, value] of counterRows(run, options)) {
    lines.push(`${escapeMarkdown(label)}: ${escapeMarkdown(value)}  `);
  }
  if (run.error) {
    lines.push('', `$(error) ${escapeMarkdown(firstLine(run.error.message))}`);
  }
  return lines.join('\n');
}

/** What the row of a project says next to its name. */
export function projectDescription(project: ProjectEntry, options: PresentOptions): string {
  const { t } = options;
  if (project.state === 'loading') {
    return t('loading…');
  }
  if (project.state === 'unavailable') {
    return t('no imports');
  }
  const imports = project.connectors.filter((entry) => entry.connector.family === 'warehouse').length;
  const connectors = project.connectors.length - imports;
  const parts = [
    ...(imports > 0 ? [imports === 1 ? t('1 import') : t('{0} imports', imports)] : []),
    ...(connectors > 0 || imports === 0 ? [connectors === 1 ? t('1 connector') : t('{0} connectors', connectors)] : []),
  ];
  if (project.fromCache && project.lastSuccessAt !== undefined) {
    parts.push(t('updated {0}', formatAge(project.lastSuccessAt, options.now, t)));
  }
  if (project.problem) {
    parts.push(project.lastSuccessAt !== undefined
      ? t('not updated since {0}', formatAge(project.lastSuccessAt, options.now, t))
      : t('could not load'));
  }
  return parts.join(' · ');
}
