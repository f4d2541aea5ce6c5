import { Translate } from '../../shared/l10n';
import { describeProblem } from '../text/errorMessages';
import { escapeMarkdown, firstLine, formatRecentTime } from '../text/format';
import { SourceEntry, hasActiveRuns, latestRun, ProjectEntry } from '../model/entries';
import { countSources, PresentOptions, sourceName } from './presenters';
import { compareFindings, Finding, FINDING_KINDS, FindingKind } from '../health/judgement';
import { findingCount, findingShort } from '../health/healthWords';

export type SummarySeverity = 'normal' | 'warning' | 'error';

/** What the status bar item shows; the adapter copies it into a `StatusBarItem`. */
export interface StatusSummary {
  /** With `$(icon)` syntax. */
  readonly text: string;
  /** Markdown, API values escaped. */
  readonly tooltip: string;
  readonly severity: SummarySeverity;
  readonly accessibilityLabel: string;
}

export interface SummaryInput {
  readonly signedIn: boolean;
  readonly projects: readonly ProjectEntry[];
  /** Health's findings of a source, worst first. */
  readonly findingsOf?: (entry: SourceEntry) => readonly Finding[];
}

const MAX_LISTED = 8;
/** Counts in the status bar's text beyond which the rest are summed up. */
const MAX_COUNTS_SHOWN = 3;

function listSection(title: string, entries: SourceEntry[], detail: (entry: SourceEntry) => string | undefined, t: Translate): string[] {
  if (entries.length === 0) {
    return [];
  }
  const lines = ['', `**${escapeMarkdown(title)}**`, ''];
  for (const entry of entries.slice(0, MAX_LISTED)) {
    const extra = detail(entry);
    lines.push(`- ${escapeMarkdown(sourceName(entry.source, t))}${extra ? `: ${escapeMarkdown(extra)}` : ''}`);
  }
  if (entries.length > MAX_LISTED) {
    lines.push(`- …${escapeMarkdown(String(entries.length - MAX_LISTED))}`);
  }
  return lines;
}

/**
 * Signed out → a sign-in prompt; a failed refresh → a warning with the time of the last good data;
 * failed latest runs → an error; runs going on → their count; otherwise how many sources are well.
 */
export function statusSummary(input: SummaryInput, options: PresentOptions): StatusSummary {
  const { t } = options;
  if (!input.signedIn) {
    return { text: `$(key) ${t('Mixpanel: Sign in')}`, tooltip: t('Sign in to Mixpanel with a service account to watch your imports.'), severity: 'normal', accessibilityLabel: t('Mixpanel: signed out. Sign in.') };
  }
  if (input.projects.length === 0) {
    return { text: `$(gear) ${t('Mixpanel: Choose a project')}`, tooltip: t('Choose which Mixpanel projects to watch.'), severity: 'normal', accessibilityLabel: t('Mixpanel: no project chosen') };
  }
  const sources = input.projects.flatMap((project) => project.sources);
  const count = countSources(sources, t);
  const failed = sources.filter((entry) => latestRun(entry)?.status === 'failed');
  const running = sources.filter((entry) => latestRun(entry)?.status === 'running');
  const queued = sources.filter((entry) => hasActiveRuns(entry) && latestRun(entry)?.status !== 'running');
  const failing = input.projects.filter((project) => project.problem !== undefined);
  const findingsOf = input.findingsOf ?? (() => []);
  // Each source counts once, by its worst finding; a failed source counts as failed.
  const flagged = sources.filter((entry) => latestRun(entry)?.status !== 'failed' && findingsOf(entry).length > 0)
    .sort((a, b) => compareFindings(findingsOf(a)[0], findingsOf(b)[0]));
  const byKind = new Map<FindingKind, number>();
  for (const entry of flagged) {
    const kind = findingsOf(entry)[0].kind;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  const kindsFound = FINDING_KINDS.filter((kind) => byKind.has(kind));
  const loading = input.projects.every((project) => project.state === 'loading');

  const tooltip = [`**${escapeMarkdown(t('Mixpanel Connectors'))}**`];
  for (const project of failing) {
    tooltip.push('', `$(warning) ${escapeMarkdown(project.name)}: ${escapeMarkdown(describeProblem(project.problem!, t))}`);
  }
  tooltip.push(
    ...listSection(t('Failed'), failed, (entry) => latestRun(entry)?.error ? firstLine(latestRun(entry)!.error!.message) : undefined, t),
    ...listSection(t('Needs attention'), flagged, (entry) => findingShort(findingsOf(entry)[0], options), t),
    ...listSection(t('Running'), running, () => undefined, t),
    ...listSection(t('Queued'), queued, () => undefined, t),
  );
  if (failed.length === 0 && flagged.length === 0 && running.length === 0 && queued.length === 0 && !loading) {
    tooltip.push('', escapeMarkdown(t('{0}, all well', count)));
  }
  const tooltipText = tooltip.join('\n');

  if (loading) {
    return { text: `$(sync~spin) ${t('Mixpanel')}`, tooltip: t('Loading sources…'), severity: 'normal', accessibilityLabel: t('Mixpanel: loading sources') };
  }
  if (failing.length > 0) {
    const lastGood = Math.min(...failing.map((project) => project.lastSuccessAt ?? Number.POSITIVE_INFINITY));
    const text = Number.isFinite(lastGood)
      ? t('Mixpanel: last updated {0}', formatRecentTime(lastGood, options.now, options))
      : t('Mixpanel: refresh failed');
    return { text: `$(warning) ${text}`, tooltip: tooltipText, severity: 'warning', accessibilityLabel: t('Mixpanel: the last refresh failed. {0}', text) };
  }
  if (failed.length > 0 || flagged.length > 0) {
    const counts: Array<[string, number]> = [
      ...(failed.length > 0 ? [[t('{0} failed', failed.length), failed.length] as [string, number]] : []),
      ...kindsFound.map((kind): [string, number] => [findingCount(kind, byKind.get(kind)!, t), byKind.get(kind)!]),
    ];
    // The worst two, then how many more sources: the status bar is shared with other extensions.
    const shown = counts.length > MAX_COUNTS_SHOWN ? counts.slice(0, MAX_COUNTS_SHOWN - 1) : counts;
    const rest = counts.slice(shown.length).reduce((sum, [, count]) => sum + count, 0);
    const text = [...shown.map(([words]) => words), ...(rest > 0 ? [t('{0} more', rest)] : [])].join(' · ');
    const severe = failed.length > 0 || flagged.some((entry) => findingsOf(entry)[0].severity === 'error');
    return {
      text: `$(${severe ? 'error' : 'warning'}) ${text}`, tooltip: tooltipText, severity: severe ? 'error' : 'warning',
      accessibilityLabel: t('Mixpanel: {0}', counts.map(([words]) => words).join(', ')),
    };
  }
  if (running.length > 0) {
    const text = t('{0} running', running.length);
    return { text: `$(sync~spin) ${text}`, tooltip: tooltipText, severity: 'normal', accessibilityLabel: t('Mixpanel: {0} sources running', running.length) };
  }
  if (queued.length > 0) {
    const text = t('{0} queued', queued.length);
    return { text: `$(clock) ${text}`, tooltip: tooltipText, severity: 'normal', accessibilityLabel: t('Mixpanel: {0} sources queued', queued.length) };
  }
  const text = count;
  return { text: `$(pass) ${text}`, tooltip: tooltipText, severity: 'normal', accessibilityLabel: t('Mixpanel: {0}, all well', text) };
}
