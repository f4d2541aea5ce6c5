import { DAY_MS, Finding } from '../../../../src/core/health/judgement';
import { plainTranslate as t } from '../../../../src/shared/l10n';

/** One finding of each sort the words and the announcer are tested with, as of {@link NOW}. */
export const NOW = Date.UTC(2026, 10, 26, 12);
export const options = { t, now: NOW, locale: 'en-US', timeZone: 'UTC' };
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export const late: Finding = { kind: 'late', severity: 'warning', since: NOW - HOUR, expected: NOW - 3 * HOUR, seen: NOW, scheduleMs: HOUR };
export const stuck: Finding = { kind: 'stuck', severity: 'warning', since: NOW - HOUR, expected: 30 * MIN, seen: 4 * HOUR, usual: 5 * MIN, runKey: 'k' };
export const empty: Finding = { kind: 'noEvents', severity: 'warning', since: NOW - HOUR, expected: 1_200, seen: 0 };
export const mirror: Finding = { kind: 'mirrorDeadline', severity: 'warning', since: NOW - DAY_MS, expected: 21 * DAY_MS, seen: 2 * DAY_MS + HOUR, deadline: NOW + 2 * DAY_MS + HOUR, warehouseType: 'bigquery', assumed: false };
