import { MixpanelApiError } from './errors';
import { parseApiTime } from './time';
import {
  AccountInfo, Connector, ConnectorStatus, Parsed, ProjectInfo, Run, RunError, RunStatus,
  WarehouseImport, WarehouseRun,
} from './types';

/**
 * Turns API payloads into domain types. Tolerant by design: the published samples and schema
 * disagree, so each field accepts every form either one shows, and a record that cannot be read
 * is dropped alone (with a sentence for the log) rather than failing its whole list.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  return undefined;
}

/** A string with content: the API sends `""` where it means "none". */
function nonEmpty(value: unknown): string | undefined {
  const result = text(value)?.trim();
  return result ? result : undefined;
}

function finiteNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

function integer(value: unknown): number | undefined {
  const result = finiteNumber(value);
  return result !== undefined && Number.isInteger(result) ? result : undefined;
}

function shapeError(what: string): MixpanelApiError {
  return new MixpanelApiError('invalidResponse', { reason: 'shape', serverMessage: what });
}

/** The `results` of an `{"status": "ok", "results": …}` envelope. */
export function unwrapResults(body: unknown): unknown {
  if (!isObject(body)) {
    throw shapeError('the response is not a JSON object');
  }
  if (!('results' in body)) {
    throw shapeError('the response has no "results"');
  }
  return body.results;
}

export interface ListPage {
  readonly data: unknown[];
  readonly hasMore: boolean;
  readonly nextUrl?: string;
}

/**
 * The `{url, has_more, data}` page that both Cloud Import lists use: wrapped in
 * `{status, results}` in the published samples, bare in the published schema.
 */
export function parseListPage(body: unknown): ListPage {
  const results = isObject(body) && !('results' in body) && 'data' in body ? body : unwrapResults(body);
  if (Array.isArray(results)) {
    return { data: results, hasMore: false };
  }
  if (!isObject(results)) {
    throw shapeError('"results" is neither a list nor a page');
  }
  if (!Array.isArray(results.data)) {
    throw shapeError('"results.data" is not a list');
  }
  return {
    data: results.data,
    hasMore: results.has_more === true,
    nextUrl: nonEmpty(results.url),
  };
}

const RUN_STATUSES: Record<string, RunStatus> = {
  queued: 'queued',
  running: 'running',
  success: 'success',
  succeeded: 'success',
  failed: 'failed',
  paused: 'paused',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

export function parseRunStatus(value: unknown): RunStatus {
  const key = nonEmpty(value)?.toLowerCase();
  return (key && RUN_STATUSES[key]) || 'unknown';
}

const CONNECTOR_STATUSES: Record<string, ConnectorStatus> = {
  active: 'active',
  stopped: 'stopped',
  paused: 'paused',
};

function parseRunError(value: unknown): RunError | undefined {
  if (typeof value === 'string') {
    return nonEmpty(value) ? { message: value.trim() } : undefined;
  }
  if (!isObject(value)) {
    return undefined;
  }
  // Samples send {message, code}; the schema shows {type, message}. Both are empty when all is well.
  const message = nonEmpty(value.message);
  const code = nonEmpty(value.code) ?? nonEmpty(value.type);
  if (!message && !code) {
    return undefined;
  }
  return { message: message ?? code ?? '', code };
}

function parseCounters(value: unknown): Record<string, number> {
  const counters: Record<string, number> = {};
  if (isObject(value)) {
    for (const [name, raw] of Object.entries(value)) {
      const count = finiteNumber(raw);
      if (count !== undefined) {
        counters[name] = count;
      }
    }
  }
  return counters;
}

function clampProgress(value: unknown): number | undefined {
  const progress = finiteNumber(value);
  return progress === undefined ? undefined : Math.min(1, Math.max(0, progress));
}

/** Newest first; runs not started yet (queued, no start time) on top; otherwise the API's order. */
function compareRunsNewestFirst<T extends { startTime?: number }>(a: { run: T; index: number }, b: { run: T; index: number }): number {
  const aStart = a.run.startTime ?? Number.POSITIVE_INFINITY;
  const bStart = b.run.startTime ?? Number.POSITIVE_INFINITY;
  if (aStart !== bStart) {
    return bStart - aStart;
  }
  return a.index - b.index;
}

/**
 * Gives each run a key from its connector, its start time and its position among runs that share
 * that start time, since `id`/`run_id` is empty in every sample.
 */
function keyRuns<T extends { startTime?: number }>(owner: string, runs: T[], withKey: (run: T, key: string) => T): T[] {
  const sorted = runs.map((run, index) => ({ run, index })).sort(compareRunsNewestFirst).map(({ run }) => run);
  const seen = new Map<string, number>();
  return sorted.map((run) => {
    const start = run.startTime === undefined ? 'unstarted' : String(run.startTime);
    const position = seen.get(start) ?? 0;
    seen.set(start, position + 1);
    return withKey(run, `${owner}/${start}/${position}`);
  });
}

function parseRunRecord(record: unknown, connectorId: string): Run | string {
  if (!isObject(record)) {
    return 'a run that is not an object';
  }
  const rawStatus = text(record.status) ?? '';
  return {
    key: '',
    connectorId,
    // The failed sample says run_id, the others id; all of them send "".
    runId: nonEmpty(record.run_id) ?? nonEmpty(record.id),
    status: parseRunStatus(rawStatus),
    rawStatus,
    startTime: parseApiTime(record.start_time),
    endTime: parseApiTime(record.end_time),
    progress: clampProgress(record.progress),
    error: parseRunError(record.error),
    counters: parseCounters(record.connector_properties),
    raw: record,
  };
}

/** Runs of one connector from the `data` of its history pages, sorted and keyed. */
export function parseRuns(records: unknown[], connectorId: string): Parsed<Run> {
  const problems: string[] = [];
  const runs: Run[] = [];
  records.forEach((record, index) => {
    const result = parseRunRecord(record, connectorId);
    if (typeof result === 'string') {
      problems.push(`Skipped run ${index} of connector ${connectorId}: ${result}.`);
    } else {
      runs.push(result);
    }
  });
  return { items: keyRuns(connectorId, runs, (run, key) => ({ ...run, key })), problems };
}

function parseCreatedBy(value: unknown): string | undefined {
  // A plain email in the samples, a {email} user object in the schema.
  if (isObject(value)) {
    return nonEmpty(value.email) ?? nonEmpty(value.name);
  }
  return nonEmpty(value);
}

function parseConnectorRecord(record: unknown, projectId: number): Connector | string {
  if (!isObject(record)) {
    return 'not an object';
  }
  // connector_id in the samples, connectorId in the schema.
  const id = nonEmpty(record.connector_id) ?? nonEmpty(record.connectorId) ?? nonEmpty(record.id);
  if (!id) {
    return 'it has no connector_id';
  }
  const properties = isObject(record.connector_properties) ? record.connector_properties : {};
  const category = isObject(record.category_properties) ? record.category_properties : {};
  const type = nonEmpty(record.connector_type) ?? 'unknown';
  const storage = type === 's3Import' ? 's3' : 'gcs';
  const pick = (name: string) => nonEmpty(properties[`${storage}_${name}`]) ?? nonEmpty(properties[`gcs_${name}`]) ?? nonEmpty(properties[`s3_${name}`]);
  const rawStatus = nonEmpty(record.status);
  return {
    id,
    projectId,
    label: text(record.label)?.trim() ?? '',
    type,
    bucket: pick('bucket'),
    prefix: text(properties[`${storage}_prefix`]) ?? pick('prefix'),
    bucketRegion: pick('region'),
    role: nonEmpty(properties.s3_role),
    dataFormat: nonEmpty(category.data_format),
    compression: nonEmpty(category.compression),
    // null in the list sample: unknown, not "active".
    status: rawStatus ? (CONNECTOR_STATUSES[rawStatus.toLowerCase()] ?? 'unknown') : undefined,
    rawStatus,
    failureMessage: nonEmpty(record.failure_message),
    createdAt: parseApiTime(record.created_at),
    createdBy: parseCreatedBy(record.created_by),
    raw: record,
  };
}

export function parseConnectors(records: unknown[], projectId: number): Parsed<Connector> {
  const problems: string[] = [];
  const connectors: Connector[] = [];
  const ids = new Set<string>();
  records.forEach((record, index) => {
    const result = parseConnectorRecord(record, projectId);
    if (typeof result === 'string') {
      problems.push(`Skipped connector ${index} of project ${projectId}: ${result}.`);
    } else if (ids.has(result.id)) {
      problems.push(`Skipped a second copy of connector ${result.id} in project ${projectId}.`);
    } else {
      ids.add(result.id);
      connectors.push(result);
    }
  });
  return { items: connectors, problems };
}

/** One connector from "get connector", which the schema shows bare and the list wraps in results. */
export function parseConnector(body: unknown, projectId: number): Connector {
  const record = isObject(body) && isObject(body.results) ? body.results : body;
  const result = parseConnectorRecord(record, projectId);
  if (typeof result === 'string') {
    throw shapeError(`the connector could not be read: ${result}`);
  }
  return result;
}

/** `/me`: `projects` and `organizations` are objects keyed by id, not arrays. */
export function parseAccount(body: unknown): AccountInfo {
  const results = unwrapResults(body);
  if (!isObject(results)) {
    throw shapeError('"results" of /me is not an object');
  }
  const organizations = new Map<number, string>();
  if (isObject(results.organizations)) {
    for (const [key, value] of Object.entries(results.organizations)) {
      const id = integer(key);
      if (id !== undefined) {
        organizations.set(id, (isObject(value) ? nonEmpty(value.name) : undefined) ?? `Organization ${id}`);
      }
    }
  }
  const projects: ProjectInfo[] = [];
  if (isObject(results.projects)) {
    for (const [key, value] of Object.entries(results.projects)) {
      const id = integer(key);
      if (id === undefined) {
        continue;
      }
      const details = isObject(value) ? value : {};
      projects.push({
        id,
        name: nonEmpty(details.name) ?? `Project ${id}`,
        organizationId: integer(details.organization_id),
        timezone: nonEmpty(details.timezone),
        domain: nonEmpty(details.domain),
      });
    }
  }
  projects.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  return {
    userId: integer(results.user_id),
    email: nonEmpty(results.user_email),
    projects,
    organizations,
  };
}

function parseWarehouseImportRecord(record: unknown, projectId: number): WarehouseImport | string {
  if (!isObject(record)) {
    return 'not an object';
  }
  const id = integer(record.id);
  if (id === undefined) {
    return 'it has no integer id';
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
    runEveryNs: finiteNumber(record.run_every),
    lastDispatch: parseApiTime(record.last_dispatch),
    raw: record,
  };
}

export function parseWarehouseImports(body: unknown, projectId: number): Parsed<WarehouseImport> {
  const results = unwrapResults(body);
  if (!Array.isArray(results)) {
    throw shapeError('the list of warehouse imports is not a list');
  }
  const problems: string[] = [];
  const imports: WarehouseImport[] = [];
  results.forEach((record, index) => {
    const result = parseWarehouseImportRecord(record, projectId);
    if (typeof result === 'string') {
      problems.push(`Skipped warehouse import ${index} of project ${projectId}: ${result}.`);
    } else if (!(isObject(record) && record.is_deleted === true)) {
      imports.push(result);
    }
  });
  return { items: imports, problems };
}

export function parseWarehouseImport(body: unknown, projectId: number): WarehouseImport {
  const record = isObject(body) && 'results' in body ? body.results : body;
  const result = parseWarehouseImportRecord(record, projectId);
  if (typeof result === 'string') {
    throw shapeError(`the warehouse import could not be read: ${result}`);
  }
  return result;
}

export function parseWarehouseRuns(body: unknown, importId: number): Parsed<WarehouseRun> {
  const results = unwrapResults(body);
  const records = isObject(results) ? results.runs : undefined;
  if (!Array.isArray(records)) {
    throw shapeError('"results.runs" of the import history is not a list');
  }
  const problems: string[] = [];
  const runs: WarehouseRun[] = [];
  records.forEach((record, index) => {
    if (!isObject(record)) {
      problems.push(`Skipped run ${index} of warehouse import ${importId}: not an object.`);
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
  return { items: keyRuns(`import-${importId}`, runs, (run, key) => ({ ...run, key })), problems };
}

/** The id that "manual sync" returns for the run it started. */
export function parseManualSync(body: unknown): string | undefined {
  const results = unwrapResults(body);
  return isObject(results) ? nonEmpty(results.run_id) : undefined;
}

/**
 * The text of an error body: `error`, then `message`, then `type`, as the API's two error shapes
 * put it. Undefined when the body is not JSON or says nothing.
 */
export function errorTextOf(body: unknown): string | undefined {
  if (!isObject(body)) {
    return undefined;
  }
  return nonEmpty(body.error) ?? nonEmpty(body.message) ?? nonEmpty(body.type);
}
