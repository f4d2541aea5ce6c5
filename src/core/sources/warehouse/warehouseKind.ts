import { isActiveStatus, Run, WarehouseImport, WarehouseRun } from '../../../mixpanel/types';
import { isDocumentedSchedule, Schedule, ScheduleName } from '../../../mixpanel/warehouse';
import { Translate } from '../../../shared/l10n';
import { latestRun } from '../../model/entries';
import { nextLateLook, nextLearnedLook } from '../../health/looks';
import { warehouseSource } from '../../model/source';
import { HealthContext, HealthFacts, MirrorRetention } from '../../health/judgement';
import { formatLocalDateTime } from '../../text/format';
import { DisplayState, latestRunText, stateWord } from '../../text/runWords';
import { EntryOfKind, SourceKindModule } from '../kind';
import { IMPORT_FILE_SUFFIX } from './importFiles/fileName';

/**
 * Warehouse imports (BigQuery, Snowflake, Redshift, Databricks, PostgreSQL): named from their
 * table, scheduled in nanoseconds, paused or not, synced on demand at most five times an hour.
 */

export { Schedule };
export type { ScheduleName };

/** How long an import's history may be taken as unchanged from its last dispatch alone. */
export const UNCHANGED_FOR_MS = 30 * 60_000;

/** After a scheduled run is due, how long to wait for Mixpanel to have started it. */
export const DISPATCH_GRACE_MS = 30_000;

function pick(params: Readonly<Record<string, unknown>>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = params[name];
    if (typeof value === 'string' && value.trim()) {
      return value.trim();
    }
  }
  return undefined;
}

/**
 * `dataset.table` (BigQuery), `database.schema.table` (Snowflake, Redshift, PostgreSQL),
 * `catalog.schema.table` (Databricks); `Import 123` for a shape with no table in it.
 */
export function importLabel(warehouseImport: WarehouseImport, t: Translate): string {
  const params = warehouseImport.tableParams;
  const table = pick(params, 'table_name', 'table', 'tableName', 'table_id');
  if (!table) {
    return t('Import {0}', warehouseImport.id);
  }
  const dataset = pick(params, 'dataset_name', 'dataset', 'dataset_id', 'datasetName');
  const parts = dataset
    ? [dataset, table]
    : [pick(params, 'catalog', 'catalog_name', 'database', 'database_name', 'db'), pick(params, 'schema', 'schema_name'), table];
  return parts.filter((part): part is string => part !== undefined).join('.');
}

export function scheduleName(runEveryNs: number | undefined): ScheduleName | undefined {
  return (Object.keys(Schedule) as ScheduleName[]).find((name) => Schedule[name] === runEveryNs);
}

export function scheduleWord(runEveryNs: number | undefined, t: Translate): string {
  switch (scheduleName(runEveryNs)) {
    case 'onDemand': return t('on demand');
    case 'hourly': return t('hourly');
    case 'daily': return t('daily');
    case 'weekly': return t('weekly');
    default: return runEveryNs === undefined ? t('no schedule') : t('every {0} min', Math.round(runEveryNs / 60_000_000_000));
  }
}

export function syncModeWord(syncMode: string | undefined, t: Translate): string | undefined {
  switch (syncMode) {
    case 'time_based': return t('time-based');
    case 'mirror_mode': return t('mirror');
    case 'full_sync': return t('full sync');
    case 'one_time': return t('one time');
    default: return syncMode;
  }
}

export function importTypeName(importType: string | undefined, t: Translate): string {
  switch (importType) {
    case 'event_sync':
    case 'event_stream': return t('Events');
    case 'people': return t('User profiles');
    case 'groups': return t('Group profiles');
    case 'lookup_table': return t('Lookup table');
    default: return importType ?? t('Warehouse import');
  }
}

/** A warehouse run as a run of its source: the events imported are its one counter. */
export function runFromWarehouseRun(run: WarehouseRun): Run {
  return {
    key: run.key,
    status: run.status,
    rawStatus: run.rawStatus,
    startTime: run.startTime,
    endTime: run.endTime,
    counters: run.eventsImported !== undefined ? { num_events_imported: run.eventsImported } : {},
    raw: run.raw,
  };
}

/**
 * The first moment after `lastLook` at which a scheduled run should have started, plus the grace:
 * computed, not counted up to, so that no schedule and no clock can make it loop. Undefined for a
 * schedule outside the documented ones, and for a last dispatch later than one period from now
 * (a wrong unit or a skewed clock: nothing to plan by).
 */
export function nextDispatchLook(runEveryNs: number | undefined, lastDispatch: number, lastLook: number, now: number): number | undefined {
  if (!isDocumentedSchedule(runEveryNs) || runEveryNs === 0) {
    return undefined;
  }
  const everyMs = runEveryNs / 1_000_000;
  if (!Number.isFinite(lastDispatch) || lastDispatch > now + everyMs || !Number.isFinite(lastLook)) {
    return undefined;
  }
  const firstDue = lastDispatch + everyMs + DISPATCH_GRACE_MS;
  // Periods already looked past: a look at or after a due time (with its grace) plans the next one.
  const periodsPassed = lastLook >= firstDue ? Math.floor((lastLook - firstDue) / everyMs) + 1 : 0;
  return firstDue + periodsPassed * everyMs;
}

/**
 * How long a warehouse keeps the changes a Mirror import reads, in days, by the documentation:
 * BigQuery snapshots 21 days; Snowflake streams `MAX_DATA_EXTENSION_TIME_IN_DAYS` (14 by default);
 * Databricks' change data feed `delta.logRetentionDuration` (30 by default).
 */
export const MIRROR_RETENTION_DAYS: Readonly<Record<string, number>> = { bigquery: 21, snowflake: 14, databricks: 30 };
/** "Run a sync job at least every 2 weeks" for a Mirror import triggered by API only; also the shortest of the limits. */
export const MIRROR_ON_DEMAND_DAYS = 14;

/**
 * The retention that applies to a Mirror import that is paused or runs on demand, or undefined
 * for one that runs on a schedule (or is no Mirror import). An unknown type gets the shortest limit.
 */
export function mirrorRetention(warehouseImport: WarehouseImport, warehouseType: string | undefined): MirrorRetention | undefined {
  if (warehouseImport.syncMode !== 'mirror_mode' || !(warehouseImport.paused || warehouseImport.runEveryNs === 0)) {
    return undefined;
  }
  const known = warehouseType !== undefined && Object.hasOwn(MIRROR_RETENTION_DAYS, warehouseType) ? MIRROR_RETENTION_DAYS[warehouseType] : undefined;
  const limit = known ?? MIRROR_ON_DEMAND_DAYS;
  const onDemand = !warehouseImport.paused && warehouseImport.runEveryNs === 0;
  return {
    limitDays: onDemand ? Math.min(limit, MIRROR_ON_DEMAND_DAYS) : limit,
    ...(warehouseType !== undefined ? { warehouseType } : {}),
    assumed: known === undefined,
  };
}

export function warehouseHealthFacts(warehouseImport: WarehouseImport, context: HealthContext): HealthFacts {
  const { runEveryNs, paused, lastDispatch, createdAt } = warehouseImport;
  const warehouseType = context.warehouseConnection(warehouseImport.projectId, warehouseImport.warehouseSourceId)?.warehouseType;
  const mirror = mirrorRetention(warehouseImport, warehouseType);
  return {
    // The parser keeps only the four documented schedules; 0 is on demand, which has no due time.
    scheduleMs: runEveryNs !== undefined && runEveryNs > 0 ? runEveryNs / 1_000_000 : undefined,
    paused,
    lastDispatch,
    createdAt,
    reportsProgress: false,
    ...(mirror ? { mirror } : {}),
  };
}

/** A failed newest run shows even while the import is paused; otherwise a paused import says so. */
function displayState(entry: EntryOfKind<'warehouse'>): DisplayState {
  const status = latestRun(entry)?.status;
  if (status !== 'failed' && entry.source.warehouseImport.paused) {
    return 'paused-source';
  }
  return status ?? 'no-runs';
}

export const warehouseKind: SourceKindModule<'warehouse'> = {
  kind: 'warehouse',

  reading: {
    async list(api, projectId, options) {
      return (await api.listWarehouseImports(projectId, options)).map(warehouseSource);
    },
    async readRuns(api, source, options) {
      return (await api.listWarehouseRuns(source.projectId, source.warehouseImport.id, options)).map(runFromWarehouseRun);
    },
    /**
     * An import whose last dispatch is the one already seen, with no run going on and runs read less
     * than {@link UNCHANGED_FOR_MS} ago, has nothing new.
     */
    runsMayHaveChanged(previous, listed, now) {
      const lastDispatch = listed.warehouseImport.lastDispatch;
      return lastDispatch === undefined
        || previous.source.warehouseImport.lastDispatch !== lastDispatch
        || previous.updatedAt === undefined || now - previous.updatedAt >= UNCHANGED_FOR_MS
        || previous.runsFailed
        || previous.runs.some((run) => isActiveStatus(run.status));
    },
    nextScheduledLook({ source, runs }, lastLook, now) {
      const { paused, lastDispatch, runEveryNs } = source.warehouseImport;
      if (paused) {
        return undefined;
      }
      // On demand: whatever triggers it may keep a cadence, which its runs show.
      if (runEveryNs === 0) {
        return nextLearnedLook(runs, lastLook, now);
      }
      // When the next run should have started, once a period, and the moment it could first be late:
      // lateness is told from a look, never from the clock alone.
      const looks = [
        lastDispatch === undefined ? undefined : nextDispatchLook(runEveryNs, lastDispatch, lastLook, now),
        isDocumentedSchedule(runEveryNs) ? nextLateLook(runs, runEveryNs / 1_000_000, lastLook, now, { once: true }) : undefined,
      ].filter((at): at is number => at !== undefined);
      return looks.length > 0 ? Math.min(...looks) : undefined;
    },
  },
  health: { facts: (source, context) => warehouseHealthFacts(source.warehouseImport, context) },
  writing: {
    actions: (source) => ['syncNow', source.warehouseImport.paused ? 'resume' : 'pause', 'changeSchedule', 'exportImport', 'deleteImport'],
  },
  files: { suffix: IMPORT_FILE_SUFFIX },

  kindName: (t) => t('Warehouse import'),
  noneHere: (t) => t('no warehouse imports'),
  countWords: (count, t) => count === 1 ? t('1 import') : t('{0} imports', count),
  name: (source, t) => importLabel(source.warehouseImport, t),
  spokenName: (source, t) => t('Import {0}', importLabel(source.warehouseImport, t)),

  displayState,
  describe(entry, options) {
    const { t } = options;
    const { runEveryNs, syncMode, paused } = entry.source.warehouseImport;
    const run = latestRun(entry);
    const parts = [run ? latestRunText(run, options) : stateWord('no-runs', t), scheduleWord(runEveryNs, t), syncModeWord(syncMode, t), ...(paused ? [t('paused')] : [])];
    return parts.filter((part): part is string => part !== undefined).join(' · ');
  },
  spokenDetails({ source }, t) {
    return [scheduleWord(source.warehouseImport.runEveryNs, t), ...(source.warehouseImport.paused ? [t('paused')] : [])];
  },
  facts({ warehouseImport }, options) {
    const { t } = options;
    const creator = [warehouseImport.creatorName, warehouseImport.creatorEmail ? `<${warehouseImport.creatorEmail}>` : undefined].filter(Boolean).join(' ');
    const facts: Array<[string, string | undefined]> = [
      [t('Type'), importTypeName(warehouseImport.importType, t)],
      [t('Sync mode'), syncModeWord(warehouseImport.syncMode, t)],
      [t('Schedule'), scheduleWord(warehouseImport.runEveryNs, t)],
      [t('Paused'), warehouseImport.paused ? t('yes') : t('no')],
      [t('Last dispatch'), warehouseImport.lastDispatch !== undefined ? formatLocalDateTime(warehouseImport.lastDispatch, options) : t('never')],
      [t('Created'), warehouseImport.createdAt !== undefined ? formatLocalDateTime(warehouseImport.createdAt, options) : undefined],
      [t('Created by'), creator || undefined],
      [t('Warehouse source'), warehouseImport.warehouseSourceId !== undefined ? String(warehouseImport.warehouseSourceId) : undefined],
      [t('Import ID'), String(warehouseImport.id)],
    ];
    return facts.filter((fact): fact is [string, string] => fact[1] !== undefined && fact[1] !== '');
  },
  // No notes, and no error hint: Mixpanel sends no error text for a warehouse run.
  factsHeading: (t) => t('Import'),
  failureWithoutMessage: (t) => t('Mixpanel does not say why a warehouse run failed. The import\'s sync history in Mixpanel (Open in Mixpanel, then the project\'s warehouse imports) shows the reason.'),
};
