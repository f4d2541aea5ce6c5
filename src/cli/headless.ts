import { promises as fs } from 'fs';
import * as path from 'path';
import { Account } from '../core/engine/session';
import { environmentAccount } from '../core/account/environmentAccount';
import { AskMode, detectRegion } from '../core/account/regionDetection';
import { Refresher } from '../core/engine/refresher';
import { SourceStore } from '../core/engine/store';
import { SOURCE_READERS } from '../core/sources';
import { WarehouseConnections } from '../core/sources/warehouse/connections';
import { ImportFileActions } from '../core/sources/warehouse/importFileActions';
import { ImportFileWorkflow } from '../core/sources/warehouse/importFileWorkflow';
import { ImportFileMeta, ImportFileSchema } from '../core/sources/warehouse/importFiles/schema';
import { describeApiError, describeWarning } from '../core/text/errorMessages';
import { describeLogRecord } from '../core/presentation/logMessages';
import { plainTranslate as t } from '../shared/l10n';
import { MixpanelClient } from '../mixpanel/client';
import { unsafeBaseUrl } from '../mixpanel/endpoints';
import { isApiError } from '../mixpanel/errors';
import { ConcurrencyLimiter } from '../mixpanel/limiter';
import { AccountInfo, isRegion, Region } from '../mixpanel/types';

/**
 * The command line's composition root: the same core objects the editor makes, built for one run
 * from flags and the environment. Nothing here decides what a finding or a plan is.
 */

/** A failure the user can act on: its message is printed as it is, and the run exits with 1. */
export class CliError extends Error {}

export const VERSION = '0.1.0';
const USER_AGENT = `mixpanel-imports-cli/${VERSION} (Node ${process.versions.node})`;

/** Requests in flight at once: the extension's default. */
export const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 16;
/** A region asked on the chance that the account lives there: one short try. */
const PROBE = { timeoutMs: 5_000, retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxTotalWaitMs: 0 } };

export interface Where {
  /** `--region` or MIXPANEL_REGION; the US first, and the others when it refuses the account, when unset. */
  readonly region?: string;
  /** `--api-base-url` or MIXPANEL_API_BASE_URL: a proxy or a test server, https or this machine only. */
  readonly apiBaseUrl?: string;
  /** `--project` or MIXPANEL_PROJECT_IDS; every project the account sees when unset. */
  readonly projects?: readonly number[];
  readonly concurrency?: number;
  readonly verbose?: (line: string) => void;
}

export interface Connection {
  readonly account: Account;
  readonly region: Region;
  readonly client: MixpanelClient;
  readonly info: AccountInfo;
  readonly projectIds: readonly number[];
}

export function accountFrom(environment: Readonly<Record<string, string | undefined>>): Account {
  const account = environmentAccount(environment);
  if (!account) {
    throw new CliError(t('Set MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET to a Mixpanel service account (Organization Settings → Service Accounts).'));
  }
  return account;
}

/** An error from Mixpanel or the network in words, never with the secret. */
export function errorText(error: unknown): string {
  if (isApiError(error)) {
    return describeApiError(error, t);
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Finds the account's region (as the editor's sign-in does: the region named, or the US, then the
 * others only when it refuses the account) and makes the client every request of the run goes
 * through, under one bound of requests in flight.
 */
export async function connect(account: Account, where: Where): Promise<Connection> {
  if (where.region !== undefined && !isRegion(where.region)) {
    throw new CliError(t('Unknown region "{0}": use us, eu or in.', where.region));
  }
  const baseUrl = where.apiBaseUrl?.trim() || undefined;
  if (baseUrl !== undefined && unsafeBaseUrl(baseUrl)) {
    throw new CliError(t('The API base URL must be an https address without credentials in it, or http on this machine: {0} is refused.', unsafeBaseUrl(baseUrl)?.host ?? t('this value')));
  }
  const concurrency = Math.min(Math.max(Math.trunc(where.concurrency ?? DEFAULT_CONCURRENCY), 1), MAX_CONCURRENCY);
  const limiter = new ConcurrencyLimiter(concurrency);
  const make = (region: Region, mode: AskMode = 'full') => new MixpanelClient({
    credentials: account, region, baseUrl, userAgent: USER_AGENT, limiter,
    ...(mode === 'probe' ? PROBE : {}),
    ...(where.verbose ? {
      onRequest: (entry) => where.verbose?.(`${entry.method} ${entry.path} → ${entry.status ?? entry.error?.kind ?? '?'} in ${Math.round(entry.durationMs)} ms (attempt ${entry.attempt})`),
      onWarning: (warning) => where.verbose?.(describeWarning(warning)),
    } : {}),
  });
  const home: Region = where.region !== undefined && isRegion(where.region) ? where.region : 'us';
  let region = home;
  let info: AccountInfo;
  if (baseUrl !== undefined || where.region !== undefined) {
    try {
      info = await make(home).me();
    } catch (error) {
      throw new CliError(t('Mixpanel did not accept the service account: {0}', errorText(error)));
    }
  } else {
    const found = await detectRegion(home, (candidate, mode) => make(candidate, mode).me());
    if (found.kind === 'rejected') {
      throw new CliError(t('Mixpanel did not accept the service account in any region: {0}', errorText(found.error)));
    }
    if (found.kind === 'unreachable') {
      throw new CliError(t('Could not reach Mixpanel to check the service account: {0}', errorText(found.error)));
    }
    region = found.region;
    info = found.account;
  }
  const client = make(region);
  const projectIds = where.projects && where.projects.length > 0 ? [...new Set(where.projects)] : info.projects.map((project) => project.id);
  // The account was just read: the refresh's own look for project names is answered with it.
  const answered = Object.assign(Object.create(client) as MixpanelClient, { me: () => Promise.resolve(info) });
  return { account, region, client: answered, info, projectIds };
}

/** The engine for one run: a store of the projects, filled by one refresh. */
export interface Watch {
  readonly store: SourceStore;
  readonly refresher: Refresher;
  readonly connections: WarehouseConnections;
  dispose(): void;
}

export function watchOf(connection: Connection, warn: (line: string) => void): Watch {
  const store = new SourceStore();
  const log = (record: Parameters<typeof describeLogRecord>[0]) => warn(describeLogRecord(record));
  const connections = new WarehouseConnections(Date.now, log);
  const refresher = new Refresher(store, SOURCE_READERS, { log, companions: [connections] });
  refresher.setApi(connection.client);
  store.setProjects(connection.projectIds);
  return { store, refresher, connections, dispose: () => { refresher.dispose(); store.dispose(); } };
}

let meta: Promise<ImportFileMeta> | undefined;

/** The facts of the import file schema shipped beside this program (dist/schemas). */
export function importFileSchema(): Promise<ImportFileSchema> {
  return fs.readFile(path.join(__dirname, 'schemas', 'mixpanel-import.schema.json'), 'utf8')
    .then((text) => JSON.parse(text) as ImportFileSchema)
    .catch((error: unknown) => { throw new CliError(t('The import file schema is missing beside the program ({0}): reinstall it.', errorText(error))); });
}

/** Imports as code over the run's session: the same workflow as Show Plan and Apply in the editor. */
export function workflowOf(connection: Connection | undefined): ImportFileWorkflow {
  meta ??= importFileSchema().then((schema) => schema['x-mixpanel']);
  const connections = new WarehouseConnections(Date.now);
  const actions = new ImportFileActions({
    api: () => connection?.client,
    connections,
    meta: () => meta!,
    applySourceChange: async () => undefined,
    // The files are the user's own, named on the command line: trust is theirs to give by running it.
    workspaceTrusted: () => true,
  });
  return new ImportFileWorkflow({
    actions, t, workspaceTrusted: () => true,
    connections: async (projectId) => connection ? connections.current(connection.client, projectId).catch(() => undefined) : undefined,
    watched: () => connection !== undefined,
    projectName: (projectId) => connection?.info.projects.find((project) => project.id === projectId)?.name,
  });
}
