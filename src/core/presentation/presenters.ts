import { Run } from '../../mixpanel/types';
import { formatUtc } from '../../mixpanel/time';
import { Translate } from '../../shared/l10n';
import { escapeMarkdown, firstLine, formatAge, TextLimit, truncate, formatBytes, formatCount, formatDuration, formatLocalDateTime, formatPercent } from '../text/format';
import { describeProblem } from '../text/errorMessages';
import { Finding } from '../health/judgement';
import { findingAdvice, findingIcon, findingSentence, findingShort, needsAttention } from '../health/healthWords';
import { latestFailed, latestRun, ProjectEntry, SourceEntry } from '../model/entries';
import { sourceContextValue as contextValueOf } from '../../shared/ids';
import { Source, SourceRef } from '../model/source';
import { SOURCE_KINDS } from '../sources';
import { kindModule, SourceAction } from '../sources/kind';
import { DisplayState, PresentOptions, runStateWord, spokenState, stateWord, StatusIcon, statusIcon, wholePercent } from '../text/runWords';

/**
 * Pure functions from domain data to what is shown: the VS Code adapters copy their output into
 * tree items, the status bar and the run panel. What differs between kinds of source comes from
 * the kind's module. All text goes through the given `t`.
 */

export type { DisplayState, PresentOptions, StatusIcon } from '../text/runWords';
export { statusIcon, stateWord };

/** What a row and a page call the source. */
export function sourceName(source: Source, t: Translate): string {
  return kindModule(SOURCE_KINDS, source).name(source, t);
}

/** What a row calls the source a ref names, or its id when the store no longer lists it. */
export function sourceNameIn(store: { source(ref: SourceRef): SourceEntry | undefined }, ref: SourceRef, t: Translate): string {
  const entry = store.source(ref);
  return entry ? sourceName(entry.source, t) : ref.id;
}

/** "Warehouse import", "Cloud Import connector". */
export function sourceKindName(source: Source, t: Translate): string {
  return SOURCE_KINDS[source.kind].kindName(t);
}

/** A source's row shows its newest run's state, unless the source's own state says more. */
export function sourceState(entry: SourceEntry): DisplayState {
  return kindModule(SOURCE_KINDS, entry.source).displayState(entry);
}

/**
 * "running 25%", "failed · 2 h ago", and what the kind adds: "succeeded · 1 h ago · hourly · time-based";
 * led by the worst health finding: "late 3 h · succeeded · 4 h ago · hourly".
 */
export function sourceDescription(entry: SourceEntry, options: PresentOptions, findings: readonly Finding[] = []): string {
  const text = kindModule(SOURCE_KINDS, entry.source).describe(entry, options);
  const described = entry.runsProblem ? `${text} · ${options.t('runs not updated')}` : text;
  return findings.length > 0 ? `${findingShort(findings[0], options)} · ${described}` : described;
}

/** A failed newest run keeps its icon; otherwise the worst finding's, else the state's. */
export function sourceIcon(entry: SourceEntry, findings: readonly Finding[] = []): StatusIcon {
  const state = sourceState(entry);
  return state !== 'failed' && findings.length > 0 ? findingIcon(findings[0]) : statusIcon(state);
}

/** What a screen reader says for a source's row. */
export function sourceAccessibilityLabel(entry: SourceEntry, options: PresentOptions, findings: readonly Finding[] = []): string {
  const { t } = options;
  const module = kindModule(SOURCE_KINDS, entry.source);
  const run = latestRun(entry);
  // The newest run's state, then what the kind adds about the source itself ("paused").
  const parts = [module.spokenName(entry.source, t), spokenState(run?.status ?? 'no-runs', run, t), ...module.spokenDetails(entry, t)];
  if (run?.status === 'failed' && run.error) {
    parts.push(firstLine(run.error.message));
  }
  // The findings come after the name, before the rest: what needs attention is heard first.
  parts.splice(1, 0, ...findings.map((finding) => findingShort(finding, options)));
  return truncate(parts.join(', '), TextLimit.accessibility);
}

/** The source's settings as label/value pairs, for the tooltip and the run panel. */
export function sourceFacts(source: Source, options: PresentOptions): Array<[string, string]> {
  return kindModule(SOURCE_KINDS, source).facts(source, options);
}

/**
 * Matched by the menus' `when` clauses: its kind, what it offers now, whether it has an error to
 * copy, findings to snooze, snoozed findings.
 */
export function sourceContextValue(entry: SourceEntry, health: { flagged?: boolean; snoozed?: boolean } = {}): string {
  return contextValueOf(entry.source.kind, sourceActions(entry.source), latestFailed(entry) && entry.runs[0]?.error !== undefined, health);
}

/** What can be done to the source now: nothing, for a kind that does not write. */
export function sourceActions(source: Source): readonly SourceAction[] {
  return kindModule(SOURCE_KINDS, source).writing?.actions(source) ?? [];
}

/** "3 imports", "1 connector", or "5 sources" when the kinds are mixed. */
export function countSources(entries: readonly SourceEntry[], t: Translate): string {
  const kinds = new Set(entries.map((entry) => entry.source.kind));
  if (kinds.size === 1) {
    return SOURCE_KINDS[[...kinds][0]].countWords(entries.length, t);
  }
  return entries.length === 1 ? t('1 source') : t('{0} sources', entries.length);
}

/** Markdown with every API value escaped: labels and messages are untrusted. */
export function sourceTooltip(entry: SourceEntry, options: PresentOptions, findings: readonly Finding[] = []): string {
  const { t } = options;
  const lines = [`**${escapeMarkdown(sourceName(entry.source, t))}**`, ''];
  for (const finding of findings) {
    lines.push(`$(${findingIcon(finding).id}) **${escapeMarkdown(findingShort(finding, options))}**: ${escapeMarkdown(findingSentence(finding, options))} ${escapeMarkdown(findingAdvice(finding, options))}`, '');
  }
  for (const [label, value] of sourceFacts(entry.source, options)) {
    lines.push(`${escapeMarkdown(label)}: ${escapeMarkdown(value)}  `);
  }
  for (const note of kindModule(SOURCE_KINDS, entry.source).notes?.(entry.source, t) ?? []) {
    lines.push('', escapeMarkdown(note));
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
    parts.push(runStateWord(run, t));
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

export function runAccessibilityLabel(run: Run, options: PresentOptions): string {
  const { t } = options;
  const percent = wholePercent(run.progress);
  const status = run.status === 'running' && percent !== undefined ? t('running, {0} percent', percent) : runStateWord(run, t);
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

export function runTooltip(run: Run, source: Source, options: PresentOptions): string {
  const { t } = options;
  const lines = [`**${escapeMarkdown(sourceName(source, t))}**: ${escapeMarkdown(runDescription(run, options))}`, ''];
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
export function projectDescription(project: ProjectEntry, options: PresentOptions, findingsOf: (entry: SourceEntry) => readonly Finding[] = () => []): string {
  const { t } = options;
  if (project.state === 'loading') {
    return t('loading…');
  }
  if (project.state === 'unavailable') {
    return t('no imports');
  }
  const kinds = [...new Set(project.sources.map((entry) => entry.source.kind))];
  const parts = kinds.length === 0
    ? [t('no sources')]
    : kinds.map((kind) => SOURCE_KINDS[kind].countWords(project.sources.filter((entry) => entry.source.kind === kind).length, t));
  const attention = project.sources.filter((entry) => needsAttention(entry, findingsOf(entry))).length;
  if (attention > 0) {
    parts.push(attention === 1 ? t('1 needs attention') : t('{0} need attention', attention));
  }
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
