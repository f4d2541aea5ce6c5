import { Translate } from '../../shared/l10n';
import { Finding, FindingKind } from './judgement';
import { latestFailed, SourceEntry } from '../model/entries';
import { formatCount, formatDuration, formatLocalDateTime } from '../text/format';
import { PresentOptions, StatusIcon } from '../text/runWords';

/**
 * A finding in words: a few for the row ("late 3 h"), a sentence with its evidence for a tooltip,
 * a notification and the Health page, and what to do about it. All text through `t`.
 */

const DAY = 24 * 60 * 60_000;

/** A failed newest run, or anything health found. */
export function needsAttention(entry: SourceEntry, findings: readonly Finding[]): boolean {
  return latestFailed(entry) || findings.length > 0;
}

/** A shape per kind (colour is never alone), tinted by severity. */
const ICON_IDS: Record<FindingKind, string> = {
  late: 'watch',
  stale: 'history',
  stuck: 'pulse',
  noEvents: 'graph-line',
  lowVolume: 'arrow-down',
  highVolume: 'arrow-up',
  mirrorDeadline: 'calendar',
};

export function findingIcon(finding: Finding): StatusIcon {
  return { id: ICON_IDS[finding.kind], color: finding.severity === 'error' ? 'list.errorForeground' : 'list.warningForeground' };
}

/** The kind's name, for filters, counts and the report: "late", "stuck". */
export function findingKindWord(kind: FindingKind, t: Translate): string {
  switch (kind) {
    case 'late': return t('late');
    case 'stale': return t('stale');
    case 'stuck': return t('stuck');
    case 'noEvents': return t('no events');
    case 'lowVolume': return t('low volume');
    case 'highVolume': return t('high volume');
    case 'mirrorDeadline': return t('Mirror deadline');
  }
}

/** "1 late", "2 stuck": the status bar's counts. */
export function findingCount(kind: FindingKind, count: number, t: Translate): string {
  return t('{0} {1}', count, findingKindWord(kind, t));
}

function days(ms: number): number {
  return Math.max(0, Math.floor(Math.abs(ms) / DAY));
}

function ratio(seen: number, expected: number, locale?: string): string {
  const value = seen / expected;
  return value >= 1 ? `${value.toLocaleString(locale, { maximumFractionDigits: 1 })}×` : `${Math.round(value * 100)} %`;
}

/** What a row leads with: "late 3 h", "running 4 h, usually 5 min", "0 events", "Mirror: 2 days left". */
export function findingShort(finding: Finding, options: PresentOptions): string {
  const { t } = options;
  switch (finding.kind) {
    case 'late': return t('late {0}', formatDuration(finding.seen - finding.expected, t));
    case 'stale': return t('no success for {0}', formatDuration(finding.seen, t));
    case 'stuck':
      if (finding.progressStalled) {
        return t('progress stalled {0}', formatDuration(finding.seen, t));
      }
      return finding.usual !== undefined
        ? t('running {0}, usually {1}', formatDuration(finding.seen, t), formatDuration(finding.usual, t))
        : t('running {0}', formatDuration(finding.seen, t));
    case 'noEvents': return t('0 events');
    case 'lowVolume':
    case 'highVolume': return t('{0} of usual events', ratio(finding.seen, finding.expected, options.locale));
    case 'mirrorDeadline': {
      if (finding.seen <= 0) {
        return t('Mirror: {0} past its limit', formatDuration(-finding.seen, t));
      }
      const left = days(finding.seen);
      return left === 0 ? t('Mirror: under a day left') : left === 1 ? t('Mirror: 1 day left') : t('Mirror: {0} days left', left);
    }
  }
}

/** One sentence with the evidence in numbers, expected against seen. */
export function findingSentence(finding: Finding, options: PresentOptions): string {
  const { t } = options;
  const at = (time: number) => formatLocalDateTime(time, options);
  const cadence = finding.learnedCadence ? t('runs came every {0} (learned from its runs)', formatDuration(finding.scheduleMs ?? 0, t)) : t('scheduled every {0}', formatDuration(finding.scheduleMs ?? 0, t));
  switch (finding.kind) {
    case 'late':
      return t('A run was due at {0} ({1}) and none has started: {2} late.', at(finding.expected), cadence, formatDuration(finding.seen - finding.expected, t));
    case 'stale':
      return t('The last successful run was {0} ago; with a run {1}, at most {2} was expected.', formatDuration(finding.seen, t), cadence, formatDuration(finding.expected, t));
    case 'stuck':
      if (finding.progressStalled) {
        return t('The running run\'s progress has not moved for {0} (flagged after {1}).', formatDuration(finding.seen, t), formatDuration(finding.expected, t));
      }
      return finding.usual !== undefined
        ? t('The run has gone on for {0}; its recent successful runs took {1} (median), and it is flagged after {2}.', formatDuration(finding.seen, t), formatDuration(finding.usual, t), formatDuration(finding.expected, t))
        : t('The run has gone on for {0}, longer than {1}; there are not enough successful runs to know its usual duration.', formatDuration(finding.seen, t), formatDuration(finding.expected, t));
    case 'noEvents':
      return t('The last successful run imported 0 events; recent successful runs imported {0} (median).', formatCount(finding.expected, options.locale));
    case 'lowVolume':
    case 'highVolume':
      return t('The last successful run imported {0} events; recent successful runs imported {1} (median).', formatCount(finding.seen, options.locale), formatCount(finding.expected, options.locale));
    case 'mirrorDeadline': {
      const limit = finding.assumed
        ? t('{0} days (assumed: the warehouse type is not known, so the shortest limit applies)', days(finding.expected))
        : t('{0} days for {1}', days(finding.expected), warehouseName(finding.warehouseType, t));
      return finding.seen > 0
        ? t('This Mirror import must sync by {0}: its warehouse keeps changes for {1}.', at(finding.deadline ?? 0), limit)
        : t('This Mirror import did not sync by {0}: its warehouse keeps changes for {1}.', at(finding.deadline ?? 0), limit);
    }
  }
}

/** What to do about it. */
export function findingAdvice(finding: Finding, options: PresentOptions): string {
  const { t } = options;
  switch (finding.kind) {
    case 'late':
    case 'stale':
      return t('Check the import in Mixpanel (was it paused, is the warehouse reachable?) and start a sync if it should have run.');
    case 'stuck':
      return t('Look at the run in Mixpanel: it may be waiting on the warehouse or the bucket. A BigQuery query may run at most 20 hours.');
    case 'noEvents':
      return t('Check that the table still receives rows and that the import\'s time column matches them; strict mode drops events more than an hour in the future.');
    case 'lowVolume':
      return t('Check the table\'s rows for the period and any filter or schema change upstream.');
    case 'highVolume':
      return t('A schema change on a Mirror table resyncs every row, which is billed: check what changed.');
    case 'mirrorDeadline':
      return finding.seen > 0
        ? t('Resume the import or start a sync before then. Past it, Mixpanel cannot compute the changes and the table needs a full resync, which is billed.')
        : t('Mixpanel can no longer compute the changes: expect a full resync of the table, which is billed.');
  }
}

/** What an ended finding's notification says: "orders_events is back on schedule". */
export function findingEndedSentence(finding: Finding, name: string, t: Translate): string {
  switch (finding.kind) {
    case 'late':
    case 'stale': return t('{0} is back on schedule.', name);
    case 'stuck': return t('{0}: the long run is over.', name);
    case 'noEvents':
    case 'lowVolume':
    case 'highVolume': return t('{0} imports its usual volume again.', name);
    case 'mirrorDeadline': return t('{0} synced: its Mirror deadline moved on.', name);
  }
}

function warehouseName(type: string | undefined, t: Translate): string {
  switch (type) {
    case 'bigquery': return 'BigQuery';
    case 'snowflake': return 'Snowflake';
    case 'databricks': return 'Databricks';
    case 'redshift': return 'Redshift';
    case 'postgres': return 'PostgreSQL';
    default: return type ?? t('an unknown warehouse');
  }
}
