import { isApiError } from '../../../mixpanel/errors';
import { Translate } from '../../../shared/l10n';
import { describeApiError } from '../../text/errorMessages';
import { formatRecentTime, TimeFormatOptions } from '../../text/format';
import { ImportActionError, ImportTarget, SyncOutcome } from './importActions';
import { QuotaState, SYNCS_PER_HOUR } from './syncQuota';

/** What the warehouse import actions say. */

export type ImportAction = 'sync' | 'pause' | 'resume' | 'schedule' | 'apply' | 'export' | 'delete';

/** Before a sync is sent: how many are left this hour, or when the next one is possible. */
export function syncQuotaText(state: QuotaState, t: Translate, now: number, time: TimeFormatOptions): string {
  if (state.left === 0) {
    const next = state.nextAt !== undefined ? formatRecentTime(state.nextAt, now, time) : '?';
    return t('No syncs left this hour: Mixpanel allows {0} per import and hour. The next one is possible at {1}.', SYNCS_PER_HOUR, next);
  }
  return t('{0} of {1} syncs left this hour.', state.left, SYNCS_PER_HOUR);
}

/** What a Sync Now came to, for a door to tell: a passing note when it started, a warning when it did not; nothing when the user said no. */
export function syncOutcomeNotice(outcome: SyncOutcome, target: ImportTarget, label: string, t: Translate, quotaText: (quota: QuotaState) => string):
  { readonly level: 'passing' | 'info' | 'warning'; readonly message: string; readonly logLine?: string } | undefined {
  switch (outcome.kind) {
    case 'busy':
      return { level: 'info', message: t('A sync of "{0}" is already being started.', label) };
    case 'noQuota':
      return { level: 'warning', message: t('"{0}" was not synced. {1}', label, quotaText(outcome.quota)) };
    case 'refused':
      return { level: 'warning', message: t('Mixpanel refused to start another sync of "{0}". {1}', label, quotaText(outcome.quota)) };
    case 'cancelled':
      return undefined;
    case 'started':
      return {
        level: 'passing',
        message: t('Sync of "{0}" started. {1}', label, quotaText(outcome.quota)),
        logLine: `Started a sync of warehouse import ${target.warehouseImport.id} in project ${target.projectId}.`,
      };
  }
}

/** What a door says once an import is deleted, and what the log keeps. */
export function deletedNotice(target: ImportTarget, label: string, t: Translate): { readonly message: string; readonly logLine: string } {
  return {
    message: t('Deleted the import "{0}". The data it imported stays in Mixpanel.', label),
    logLine: `Deleted warehouse import ${target.warehouseImport.id} in project ${target.projectId}; its data was kept.`,
  };
}

/** A 403 on an action: the role it takes. */
export function roleNeededText(action: ImportAction, label: string, t: Translate): string {
  const what = {
    sync: t('start a sync of "{0}"', label),
    pause: t('pause "{0}"', label),
    resume: t('resume "{0}"', label),
    schedule: t('change the schedule of "{0}"', label),
    apply: t('apply "{0}"', label),
    export: t('read "{0}"', label),
    delete: t('delete "{0}"', label),
  }[action];
  return t('The service account may not {0}: it needs the Admin or Owner role in the project (Project Settings → Users & Teams).', what);
}

/** What to say when an action on an import failed: the role a 403 asks for, else what happened. */
export function importActionFailure(error: unknown, action: ImportAction, label: string, t: Translate): string {
  if (isApiError(error) && error.kind === 'permission') {
    return roleNeededText(action, label, t);
  }
  return isApiError(error) ? describeApiError(error, t) : error instanceof Error ? error.message : String(error);
}

/**
 * The sentence for an import action that was refused or failed, whichever command it came from;
 * an error that is not the actions' own is kept as it is.
 */
export function importActionError(error: unknown, action: ImportAction, label: string, t: Translate): Error {
  if (!(error instanceof ImportActionError)) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const refusal = error.refusal;
  switch (refusal.kind) {
    case 'signedOut':
      return new Error(t('Sign in to Mixpanel first.'));
    case 'scheduleUnknown':
      return new Error(t('"{0}" was not changed: Mixpanel gave it no schedule the extension can send back (hourly, daily, weekly or on demand). Set its schedule with Change Schedule or in Mixpanel first.', label));
    case 'scheduleNotAllowed':
      return new Error(t('Mixpanel accepts only hourly, daily, weekly or on demand.'));
    case 'untrusted':
      return new Error(t('Nothing is applied to Mixpanel from a workspace you have not trusted. Trust it first (Manage Workspace Trust), then apply again.'));
    case 'failed':
      return new Error(importActionFailure(refusal.error, action, label, t));
    case 'createUncertain':
      return new Error(t('Mixpanel may have created "{0}" although its answer did not arrive ({1}). Show Plan again before applying: the plan looks for an import of the same table and offers to write its id into the file, so that it is not created twice.',
        label, importActionFailure(refusal.error, action, label, t)));
  }
}
