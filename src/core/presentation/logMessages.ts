import { plainTranslate, Translate } from '../../shared/l10n';
import { EngineLogRecord } from '../model/logRecords';
import { assertNever } from '../model/source';
import { describeProblem } from '../text/errorMessages';

/**
 * The engine's log records as lines of the log. English by default: a log is read with support,
 * and Mixpanel's own words in it stay as they came.
 */
export function describeLogRecord(record: EngineLogRecord, t: Translate = plainTranslate): string {
  switch (record.event) {
    case 'projectNamesUnreadable':
      return t('Could not read project names from /me: {0}', record.reason);
    case 'runsUnreadable':
      return t('Project {0}: the runs of {1} {2} could not be read: {3}', record.source.projectId, record.source.kind, JSON.stringify(record.source.id.slice(0, 60)), describeProblem(record.problem, t));
    case 'refreshFailed':
      return record.projectId !== undefined ? t('Project {0}: {1}', record.projectId, describeProblem(record.problem, t)) : describeProblem(record.problem, t);
    case 'snapshotNotKept':
      return t('Could not keep the sources for the next start: {0}', record.reason);
    case 'warehouseSourcesUnreadable':
      return t('Project {0}: the warehouse sources could not be read ({1}); Mirror deadlines assume the shortest retention.', record.projectId, record.reason);
    case 'historySetAside':
      return t('The run history file {0} could not be read ({1}); it was moved to {2} and a new one begun.', record.file, record.reason, record.setAside);
    case 'historyNotKept':
      return t('Could not keep the run history: {0}', record.reason);
    default:
      return assertNever(record);
  }
}
