import { ClientWarning } from './errors';

/**
 * Domain types of the Mixpanel connector APIs, as the rest of the extension sees them once the
 * parser has smoothed over the differences between published samples and published schema.
 */

export type Region = 'us' | 'eu' | 'in';

export const REGIONS: readonly Region[] = ['us', 'eu', 'in'];

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

/** A Mixpanel service account: the secret is only ever held in memory and in SecretStorage. */
export interface ServiceAccount {
  readonly username: string;
  readonly secret: string;
}

/**
 * Run states. The API documents four (`queued`, `running`, `success`, `failed`); its schema adds
 * `paused`, and warehouse runs add `cancelled`. Anything else is kept as `unknown` with the raw text
 * so that a new state on the server shows up instead of crashing the view.
 */
export type RunStatus = 'queued' | 'running' | 'success' | 'failed' | 'paused' | 'cancelled' | 'unknown';

export function isActiveStatus(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}

export type ConnectorStatus = 'active' | 'stopped' | 'paused' | 'unknown';

export interface RunError {
  readonly message: string;
  /** `code` in the samples, `type` in the schema; absent when the API sent an empty string. */
  readonly code?: string;
}

/** One run ("log entry") of a source. Times are epoch milliseconds, with microseconds as a fraction. */
export interface Run {
  /** Stable within its source's history: the API gives runs no usable id. */
  readonly key: string;
  /** The API's own id when it sent a non-empty one. */
  readonly runId?: string;
  readonly status: RunStatus;
  /** The status text as the server sent it, kept for unknown states. */
  readonly rawStatus: string;
  readonly startTime?: number;
  readonly endTime?: number;
  /** In [0, 1]. */
  readonly progress?: number;
  readonly error?: RunError;
  /** Counters such as `num_events_imported`; an open map because the schema shows other keys. */
  readonly counters: Readonly<Record<string, number>>;
  /** The record as received, for the raw JSON view. */
  readonly raw: unknown;
}

export type ConnectorType = 'gcsImport' | 's3Import' | string;

/** A Cloud Import connector (GCS or S3) as the API describes it. */
export interface CloudImportConnector {
  readonly id: string;
  readonly projectId: number;
  readonly label: string;
  readonly type: ConnectorType;
  readonly bucket?: string;
  readonly prefix?: string;
  readonly bucketRegion?: string;
  readonly role?: string;
  readonly dataFormat?: string;
  readonly compression?: string;
  readonly status?: ConnectorStatus;
  readonly rawStatus?: string;
  readonly failureMessage?: string;
  readonly createdAt?: number;
  readonly createdBy?: string;
  readonly raw: unknown;
}

export interface ProjectInfo {
  readonly id: number;
  readonly name: string;
  readonly organizationId?: number;
  readonly timezone?: string;
  readonly domain?: string;
}

/** What `/me` says about the account. */
export interface AccountInfo {
  readonly userId?: number;
  readonly email?: string;
  readonly projects: readonly ProjectInfo[];
  readonly organizations: ReadonlyMap<number, string>;
}

/** A list as parsed, with what the parser had to drop. */
export interface Parsed<T> {
  readonly items: T[];
  /** One per record that could not be read, for the log. */
  readonly warnings: ClientWarning[];
}

export interface WarehouseImport {
  readonly id: number;
  readonly projectId: number;
  readonly importType?: string;
  readonly syncMode?: string;
  readonly createdAt?: number;
  readonly creatorName?: string;
  readonly creatorEmail?: string;
  readonly warehouseSourceId?: number;
  readonly tableParams: Readonly<Record<string, unknown>>;
  readonly paused: boolean;
  /** Nanoseconds between scheduled runs; 0 means only when triggered. */
  readonly runEveryNs?: number;
  readonly lastDispatch?: number;
  readonly raw: unknown;
}

export interface WarehouseRun {
  readonly key: string;
  readonly importId: number;
  readonly status: RunStatus;
  readonly rawStatus: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly eventsImported?: number;
  readonly raw: unknown;
}

/**
 * A warehouse connection (from the undocumented sources endpoint): its name and its type, never
 * its credentials. `warehouseType` is lower case: `bigquery`, `snowflake`, `redshift`, `databricks`, `postgres`, or what else Mixpanel adds.
 */
export interface WarehouseSourceInfo {
  readonly id: number;
  readonly name?: string;
  readonly warehouseType?: string;
}
