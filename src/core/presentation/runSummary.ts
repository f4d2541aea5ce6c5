import { formatUtc } from '../../mixpanel/time';
import { Run } from '../../mixpanel/types';
import { Translate } from '../../shared/l10n';
import { Source } from '../model/source';
import { escapeMarkdown, formatDuration, formatLocalDateTime, formatPercent } from '../text/format';
import { counterEntries, PresentOptions, runDuration, sourceKindName, sourceName, stateWord } from './presenters';

/**
 * A run as text to paste elsewhere: Markdown for a chat or an issue, JSON for a script or a
 * support ticket. API text stays text: escaped in Markdown, the error in a fence it cannot close.
 */

export interface RunContext {
  readonly projectId: number;
  readonly projectName?: string;
}

/** The longest run of backticks in `text` (counted, not spread: an error may hold a million). */
function longestBackticks(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) {
    longest = Math.max(longest, match[0].length);
  }
  return longest;
}

/** A fenced block the text cannot close: its fence is longer than any backticks in the text. */
function fenced(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestBackticks(text) + 1));
  return `${fence}text\n${text}\n${fence}`;
}

/**
 * API text on one line as a code span: shown as typed by GitHub, Slack and Teams alike, never as a
 * link or emphasis, and without the backslashes that escaping would leave in a plain chat.
 */
function code(text: string): string {
  // \s takes a lone \r too: nothing leaves its line.
  const line = text.replace(/\s+/g, ' ').trim();
  const fence = '`'.repeat(longestBackticks(line) + 1);
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

function timeLine(label: string, epochMs: number, options: PresentOptions): string {
  return `- ${label}: ${formatLocalDateTime(epochMs, options)} (${formatUtc(epochMs)})`;
}

export function runSummaryMarkdown(run: Run, source: Source, context: RunContext, options: PresentOptions): string {
  const { t } = options;
  const kind = sourceKindName(source, t);
  // The raw status is the API's: a code span, so that it can neither leave its line nor become a link.
  const state = run.status === 'unknown' && run.rawStatus ? `${escapeMarkdown(t('unknown state'))} ${code(run.rawStatus)}` : escapeMarkdown(stateWord(run.status, t));
  const lines = [
    `**${code(sourceName(source, t))}**: ${state}`,
    '',
    `- ${t('Source')}: ${kind} ${code(source.id)}`,
    `- ${t('Project')}: ${context.projectName ? `${code(context.projectName)} (${context.projectId})` : String(context.projectId)}`,
  ];
  if (run.startTime !== undefined) {
    lines.push(timeLine(t('Started'), run.startTime, options));
  }
  if (run.endTime !== undefined) {
    lines.push(timeLine(t('Ended'), run.endTime, options));
  }
  const duration = runDuration(run, options.now);
  if (duration !== undefined) {
    lines.push(`- ${run.endTime !== undefined ? t('Duration') : t('Running for')}: ${formatDuration(duration, t)}`);
  }
  if (run.status === 'running' && run.progress !== undefined) {
    lines.push(`- ${t('Progress')}: ${formatPercent(run.progress, t)}`);
  }
  for (const { label, value, fromApi } of counterEntries(run, options)) {
    // A counter the API adds later is named from its key: API text, in a code span.
    lines.push(`- ${fromApi ? code(label) : escapeMarkdown(label)}: ${value}`);
  }
  if (run.error?.code) {
    lines.push(`- ${t('Error code')}: ${code(run.error.code)}`);
  }
  if (run.error) {
    lines.push('', `${t('Error')}:`, '', fenced(run.error.message));
  }
  return `${lines.join('\n')}\n`;
}

/** The run as the API sent it, with the source and project it belongs to. */
export function runJson(run: Run, source: Source, context: RunContext, t: Translate): string {
  return `${JSON.stringify({
    project: { id: context.projectId, name: context.projectName },
    source: { kind: source.kind, id: source.id, label: sourceName(source, t) },
    run: run.raw,
  }, null, 2)}\n`;
}
