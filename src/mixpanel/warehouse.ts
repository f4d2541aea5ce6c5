import { ClientWarning } from './errors';
import { finiteNumber, integer, isObject, keyRuns, nonEmpty, parseRunStatus, shapeError, text, unwrapResults } from './payload';
import { parseApiTime } from './time';
import { Parsed, WarehouseImport, WarehouseRun, WarehouseSourceInfo } from './types';
import { RequestOptions, Transport } from './transport';

/** The schedules the API documents, in nanoseconds: the only ones the extension plans by or sends. */
export const Schedule = {
  onDemand: 0,
  hourly: 3_600_000_000_000,
  daily: 86_400_000_000_000,
  weekly: 604_800_000_000_000,
} as const;

export type ScheduleName = keyof typeof Schedule;

export function isDocumentedSchedule(runEveryNs: unknown): runEveryNs is number {
  return typeof runEveryNs === 'number' && (Object.values(Schedule) as number[]).includes(runEveryNs);
}

/**
 * The create operations by import type, as the OpenAPI document names them (a unit test holds
 * them to the document). Mixpanel has none for `event_sync`.
 */
export const CREATE_PATHS: Readonly<Record<string, string>> = {
  event_stream: 'event-stream',
  people: 'people',
  groups: 'groups',
  lookup_table: 'lookup-table',
};

/** An import id as the API documents it: a positive integer that a double holds exactly. */
function importId(value: unknown): number | undefined {
  const id = integer(value);
  return id !== undefined && id > 0 && Number.isSafeInteger(id) ? id : undefined;
}

/** What a PATCH may change: the official schema requires both fields. */
export interface ImportUpdate {
  readonly paused: boolean;
  /** Nanoseconds: 0 (on demand), hourly, daily or weekly. */
  readonly runEveryNs: number;
  /** Databricks' cluster configuration, replaced whole; left as it is when absent. */
  readonly databricksParams?: unknown;
}

/** The PATCH body of an update, as the document's request schema has it. */
export function patchBody(update: ImportUpdate): Record<string, unknown> {
  return update.databricksParams === undefined
    ? { paused: update.paused, run_every: update.runEveryNs }
    : { paused: update.paused, run_every: update.runEveryNs, databricks_params: update.databricksParams };
}

/**
 * The Warehouse Connectors imports API (BigQuery, Snowflake, Redshift, Databricks, PostgreSQL):
 * what a Mixpanel customer who imports data today has.
 */
export class WarehouseApi {
  constructor(private readonly transport: Transport) {}

  async listImports(projectId: number, options?: RequestOptions): Promise<WarehouseImport[]> {
    return this.transport.reported(parseWarehouseImports(await this.transport.get(`projects/${projectId}/warehouse-sources/imports`, options), projectId));
  }

  async getImport(projectId: number, importId: number, options?: RequestOptions): Promise<WarehouseImport> {
    return this.reportedImport(await this.transport.get(`projects/${projectId}/warehouse-sources/imports/${importId}`, options), projectId);
  }

  /** The 30 most recent runs of an import, newest first. */
  async listRuns(projectId: number, importId: number, options?: RequestOptions): Promise<WarehouseRun[]> {
    return this.transport.reported(parseWarehouseRuns(await this.transport.get(`projects/${projectId}/warehouse-sources/imports/${importId}/history`, options), importId));
  }

  /**
   * The project's warehouse connections. Undocumented (Mixpanel's own tools call it): the caller
   * works without it when it answers 404 or another shape.
   */
  async listSources(projectId: number, options?: RequestOptions): Promise<WarehouseSourceInfo[]> {
    return this.transport.reported(parseWarehouseSources(await this.transport.get(`projects/${projectId}/warehouse-sources/sources`, options), projectId));
  }

  /** Starts a sync now. Mixpanel allows 5 of these an hour, so it is never retried. */
  async startSync(projectId: number, importId: number, options?: RequestOptions): Promise<string | undefined> {
    return parseManualSync(await this.transport.send('PUT', `projects/${projectId}/warehouse-sources/imports/${importId}/manual-sync`, {}, options));
  }

  /** Pause, resume or reschedule; answers with the import as it is now. */
  async updateImport(projectId: number, importId: number, update: ImportUpdate, options?: RequestOptions): Promise<WarehouseImport> {
    const body = await this.transport.send('PATCH', `projects/${projectId}/warehouse-sources/imports/${importId}`, patchBody(update), options);
    return this.reportedImport(body, projectId);
  }

  /**
   * Creates an import from a create request (its `import_type` picks the operation) and answers
   * with the import Mixpanel made. Never retried: a second try could make a second import.
   */
  async createImport(projectId: number, request: Readonly<Record<string, unknown>>, options?: RequestOptions): Promise<WarehouseImport> {
    const segment = typeof request.import_type === 'string' && Object.hasOwn(CREATE_PATHS, request.import_type) ? CREATE_PATHS[request.import_type] : undefined;
    if (segment === undefined) {
      throw new TypeError(`Mixpanel creates no import of type ${JSON.stringify(request.import_type)}.`);
    }
    return this.reportedImport(await this.transport.send('POST', `projects/${projectId}/warehouse-sources/imports/${segment}`, request, options), projectId);
  }

  /**
   * Deletes the import only. `delete_data` is never sent, so the events it imported stay in
   * Mixpanel: a deletion request for them is Mixpanel's own web app's to make.
   */
  async deleteImport(projectId: number, importId: number, options?: RequestOptions): Promise<void> {
    await this.transport.send('DELETE', `projects/${projectId}/warehouse-sources/imports/${importId}`, undefined, options);
  }

  /** One import as an answer holds it, with what its parser dropped handed to the log. */
  private reportedImport(body: unknown, projectId: number): WarehouseImport {
    const warnings: ClientWarning[] = [];
    const found = parseWarehouseImport(body, projectId, warnings);
    return this.transport.reported({ items: [found], warnings })[0];
  }
}

function parseWarehouseImportRecord(record: unknown, projectId: number, warnings: ClientWarning[]): WarehouseImport | 'notAnObject' | 'noId' {
  if (!isObject(record)) {
    return 'notAnObject';
  }
  const id = importId(record.id);
  if (id === undefined) {
    return 'noId';
  }
  // Seconds, a negative or a nanosecond would make a schedule no one set: only the documented four.
  const runEvery = finiteNumber(record.run_every);
  if (record.run_every !== undefined && record.run_every !== null && !isDocumentedSchedule(runEvery)) {
    warnings.push({ kind: 'droppedValue', record: 'warehouseImport', owner: String(id), field: 'run_every', value: JSON.stringify(record.run_every)?.slice(0, 40) ?? '?' });
  }
  return {
    id,
    projectId,
    importType: nonEmpty(record.import_type),
    syncMode: nonEmpty(record.sync_mode),
    createdAt: parseApiTime(record.created),
    creatorName: nonEmpty(record.creator_name),
    creatorEmail: nonEmpty(record.creator_email),
    warehouseSourceId: integer(record.warehouse_source_id),
    tableParams: isObject(record.table_params) ? record.table_params : {},
    paused: record.paused === true,
    runEveryNs: isDocumentedSchedule(runEvery) ? runEvery : undefined,
    lastDispatch: parseApiTime(record.last_dispatch),
    raw: record,
  };
}

export function parseWarehouseImports(body: unknown, projectId: number): Parsed<WarehouseImport> {
  const results = unwrapResults(body);
  if (!Array.isArray(results)) {
    throw shapeError('importsNotAList');
  }
  const warnings: ClientWarning[] = [];
  const imports: WarehouseImport[] = [];
  const ids = new Set<number>();
  results.forEach((record, index) => {
    const result = parseWarehouseImportRecord(record, projectId, warnings);
    if (typeof result === 'string') {
      warnings.push({ kind: 'skippedRecord', record: 'warehouseImport', index, owner: String(projectId), why: result });
    } else if (ids.has(result.id)) {
      warnings.push({ kind: 'skippedRecord', record: 'warehouseImport', index, owner: String(projectId), why: 'duplicate' });
    } else if (!(isObject(record) && record.is_deleted === true)) {
      ids.add(result.id);
      imports.push(result);
    }
  });
  return { items: imports, warnings };
}

export function parseWarehouseImport(body: unknown, projectId: number, warnings: ClientWarning[] = []): WarehouseImport {
  const record = isObject(body) && 'results' in body ? body.results : body;
  const result = parseWarehouseImportRecord(record, projectId, warnings);
  if (typeof result === 'string') {
    throw shapeError('importUnreadable');
  }
  return result;
}

export function parseWarehouseRuns(body: unknown, importId: number): Parsed<WarehouseRun> {
  const results = unwrapResults(body);
  const records = isObject(results) ? results.runs : undefined;
  if (!Array.isArray(records)) {
    throw shapeError('runsNotAList');
  }
  const warnings: ClientWarning[] = [];
  const runs: WarehouseRun[] = [];
  records.forEach((record, index) => {
    if (!isObject(record)) {
      warnings.push({ kind: 'skippedRecord', record: 'warehouseRun', index, owner: String(importId), why: 'notAnObject' });
      return;
    }
    const rawStatus = text(record.status) ?? '';
    runs.push({
      key: '',
      importId,
      status: parseRunStatus(rawStatus),
      rawStatus,
      startTime: parseApiTime(record.start_time),
      endTime: parseApiTime(record.end_time),
      eventsImported: finiteNumber(record.num_events_imported),
      raw: record,
    });
  });
  return { items: keyRuns(String(importId), runs, (run, key) => ({ ...run, key })), warnings };
}

/** The id that "manual sync" returns for the run it started. */
export function parseManualSync(body: unknown): string | undefined {
  const results = unwrapResults(body);
  return isObject(results) ? nonEmpty(results.run_id) : undefined;
}


/** Only the id, the name and the type are read: whatever else a source record holds stays unread. */
export function parseWarehouseSources(body: unknown, projectId: number): Parsed<WarehouseSourceInfo> {
  const results = unwrapResults(body);
  if (!Array.isArray(results)) {
    throw shapeError('sourcesNotAList');
  }
  const warnings: ClientWarning[] = [];
  const sources: WarehouseSourceInfo[] = [];
  results.forEach((record, index) => {
    const id = isObject(record) ? importId(record.id) : undefined;
    if (!isObject(record) || id === undefined) {
      warnings.push({ kind: 'skippedRecord', record: 'warehouseSource', index, owner: String(projectId), why: isObject(record) ? 'noId' : 'notAnObject' });
      return;
    }
    sources.push({ id, name: nonEmpty(record.source_name), warehouseType: nonEmpty(record.warehouse_type)?.toLowerCase() });
  });
  return { items: sources, warnings };
}
