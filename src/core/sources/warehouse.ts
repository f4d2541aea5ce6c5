import { Schedule, ScheduleName, warehouseSourceId } from '../../mixpanel/warehouse';
import { Connector, Run, WarehouseImport, WarehouseRun } from '../../mixpanel/types';
import { Translate } from '../../shared/l10n';

/**
 * Warehouse imports among the sources of runs: named from their table, scheduled in
 * nanoseconds, paused or not. They get the same tree, filters, notifications and cache as
 * Cloud Import connectors.
 */

export { Schedule, warehouseSourceId };
export type { ScheduleName };

/** Mixpanel allows this many manual syncs per import and hour. */
export const SYNCS_PER_HOUR = 5;

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

/** A warehouse import as a source of runs. */
export function sourceFromImport(warehouseImport: WarehouseImport, t: Translate): Connector {
  return {
    family: 'warehouse',
    id: warehouseSourceId(warehouseImport.id),
    projectId: warehouseImport.projectId,
    label: importLabel(warehouseImport, t),
    type: warehouseImport.importType ?? 'warehouse',
    status: warehouseImport.paused ? 'paused' : 'active',
    rawStatus: warehouseImport.paused ? 'paused' : 'active',
    createdAt: warehouseImport.createdAt,
    createdBy: warehouseImport.creatorName ?? warehouseImport.creatorEmail,
    warehouse: warehouseImport,
    raw: warehouseImport.raw,
  };
}

/** A warehouse run as a run of its source: the events imported are its one counter. */
export function runFromWarehouseRun(run: WarehouseRun): Run {
  return {
    key: run.key,
    connectorId: warehouseSourceId(run.importId),
    status: run.status,
    rawStatus: run.rawStatus,
    startTime: run.startTime,
    endTime: run.endTime,
    counters: run.eventsImported !== undefined ? { num_events_imported: run.eventsImported } : {},
    raw: run.raw,
  };
}
