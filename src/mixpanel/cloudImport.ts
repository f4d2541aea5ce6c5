import { ClientWarning } from './errors';
import { finiteNumber, isObject, keyRuns, nonEmpty, parseRunStatus, shapeError, text } from './payload';
import { parseApiTime } from './time';
import { CloudImportConnector, ConnectorStatus, Parsed, Run, RunError } from './types';
import { Transport, RequestOptions } from './transport';

/**
 * The Cloud Import connectors API (GCS and S3 connectors and their runs), in maintenance mode
 * since 2023 and removed in November 2024: most projects answer 404, which is a normal state.
 */
export class CloudImportApi {
  constructor(private readonly transport: Transport) {}

  async listConnectors(projectId: number, options?: RequestOptions): Promise<CloudImportConnector[]> {
    const records = await this.transport.getAllPages(`projects/${projectId}/connectors`, options);
    return this.transport.reported(parseConnectors(records, projectId));
  }

  async getConnector(projectId: number, connectorId: string, options?: RequestOptions): Promise<CloudImportConnector> {
    return parseConnector(await this.transport.get(`projects/${projectId}/connectors/${encodeURIComponent(connectorId)}`, options), projectId);
  }

  /** A connector's runs, newest first, queued ones on top. */
  async listRuns(projectId: number, connectorId: string, options?: RequestOptions): Promise<Run[]> {
    const records = await this.transport.getAllPages(`projects/${projectId}/connectors/${encodeURIComponent(connectorId)}/history`, options);
    return this.transport.reported(parseRuns(records, connectorId));
  }
}

const CONNECTOR_STATUSES: Record<string, ConnectorStatus> = {
  active: 'active',
  stopped: 'stopped',
  paused: 'paused',
};

/** An own key only: a status named "constructor" must not find Object.prototype's. */
function connectorStatus(rawStatus: string): ConnectorStatus {
  const key = rawStatus.toLowerCase();
  return Object.hasOwn(CONNECTOR_STATUSES, key) ? CONNECTOR_STATUSES[key] : 'unknown';
}

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

function parseRunRecord(record: unknown): Run | 'notAnObject' {
  if (!isObject(record)) {
    return 'notAnObject';
  }
  const rawStatus = text(record.status) ?? '';
  return {
    key: '',
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
  const warnings: ClientWarning[] = [];
  const runs: Run[] = [];
  records.forEach((record, index) => {
    const result = parseRunRecord(record);
    if (typeof result === 'string') {
      warnings.push({ kind: 'skippedRecord', record: 'run', index, owner: connectorId, why: result });
    } else {
      runs.push(result);
    }
  });
  return { items: keyRuns(connectorId, runs, (run, key) => ({ ...run, key })), warnings };
}

function parseCreatedBy(value: unknown): string | undefined {
  // A plain email in the samples, a {email} user object in the schema.
  if (isObject(value)) {
    return nonEmpty(value.email) ?? nonEmpty(value.name);
  }
  return nonEmpty(value);
}

function parseConnectorRecord(record: unknown, projectId: number): CloudImportConnector | 'notAnObject' | 'noId' {
  if (!isObject(record)) {
    return 'notAnObject';
  }
  // connector_id in the samples, connectorId in the schema.
  const id = nonEmpty(record.connector_id) ?? nonEmpty(record.connectorId) ?? nonEmpty(record.id);
  if (!id) {
    return 'noId';
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
    status: rawStatus ? connectorStatus(rawStatus) : undefined,
    rawStatus,
    failureMessage: nonEmpty(record.failure_message),
    createdAt: parseApiTime(record.created_at),
    createdBy: parseCreatedBy(record.created_by),
    raw: record,
  };
}

export function parseConnectors(records: unknown[], projectId: number): Parsed<CloudImportConnector> {
  const warnings: ClientWarning[] = [];
  const connectors: CloudImportConnector[] = [];
  const ids = new Set<string>();
  records.forEach((record, index) => {
    const result = parseConnectorRecord(record, projectId);
    if (typeof result === 'string') {
      warnings.push({ kind: 'skippedRecord', record: 'connector', index, owner: String(projectId), why: result });
    } else if (ids.has(result.id)) {
      warnings.push({ kind: 'skippedRecord', record: 'connector', index, owner: String(projectId), why: 'duplicate' });
    } else {
      ids.add(result.id);
      connectors.push(result);
    }
  });
  return { items: connectors, warnings };
}

/** One connector from "get connector", which the schema shows bare and the list wraps in results. */
export function parseConnector(body: unknown, projectId: number): CloudImportConnector {
  const record = isObject(body) && isObject(body.results) ? body.results : body;
  const result = parseConnectorRecord(record, projectId);
  if (typeof result === 'string') {
    throw shapeError('connectorUnreadable');
  }
  return result;
}

