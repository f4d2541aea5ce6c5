import { CloudImportConnector, Run, WarehouseImport } from '../../mixpanel/types';
import { ProjectEntry, SourceEntry } from '../model/entries';
import { assertNever, cloudImportSource, isSourceKind, Source, SourceKind, warehouseSource } from '../model/source';

/**
 * The last known sources and runs, kept between sessions so that the view opens at once. Never
 * credentials: only what the API returned. Version 3: each source is a variant of its kind; a
 * version 2 cache (one widened connector shape with a `family`) is read into them.
 */
export interface CachedSnapshot {
  readonly version: 3;
  /** Which account and host the data belongs to; another one's cache is ignored. */
  readonly owner: string;
  readonly savedAt: number;
  readonly projects: readonly ProjectEntry[];
}

/** Runs kept per source, most first: enough for the first screen and a "Load more…" or two. */
const RUNS_KEPT = [60, 20, 5, 1];

/**
 * The most a snapshot may take, as JSON characters. Global state is read at every start, so a
 * project of many sources with long error messages keeps fewer runs rather than growing it.
 */
export const MAX_SNAPSHOT_CHARS = 1_000_000;

export function toCache(projects: readonly ProjectEntry[], owner: string, savedAt: number): CachedSnapshot {
  const kept = projects.filter((project) => project.lastSuccessAt !== undefined && project.state !== 'loading');
  let snapshot: CachedSnapshot | undefined;
  for (const runsKept of RUNS_KEPT) {
    snapshot = snapshotOf(kept, owner, savedAt, runsKept);
    if (JSON.stringify(snapshot).length <= MAX_SNAPSHOT_CHARS) {
      return snapshot;
    }
  }
  // Even one run each is too much: keep the sources, which the view needs first.
  return snapshotOf(kept, owner, savedAt, 0);
}

function snapshotOf(projects: readonly ProjectEntry[], owner: string, savedAt: number, runsKept: number): CachedSnapshot {
  return {
    version: 3,
    owner,
    savedAt,
    projects: projects.map((project) => ({
      id: project.id,
      name: project.name,
      state: project.state === 'failed' ? 'ready' : project.state,
      lastSuccessAt: project.lastSuccessAt,
      failures: 0,
      fromCache: true,
      sources: project.sources.map((entry) => ({ source: entry.source, runs: entry.runs.slice(0, runsKept), updatedAt: entry.updatedAt })),
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeSource(value: unknown): value is Source {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.projectId !== 'number' || !isSourceKind(value.kind)) {
    return false;
  }
  const kind: SourceKind = value.kind;
  switch (kind) {
    case 'cloudImport': return isRecord(value.connector) && typeof value.connector.id === 'string';
    case 'warehouse': return isRecord(value.warehouseImport) && typeof value.warehouseImport.id === 'number';
    default: return assertNever(kind);
  }
}

function looksLikeEntry(value: unknown): value is SourceEntry {
  return isRecord(value) && looksLikeSource(value.source) && Array.isArray(value.runs);
}

function looksLikeProject(value: unknown): value is ProjectEntry {
  return isRecord(value)
    && typeof value.id === 'number'
    && typeof value.name === 'string'
    && typeof value.lastSuccessAt === 'number'
    && Array.isArray(value.sources)
    && value.sources.every(looksLikeEntry);
}

/** A version 2 source: a connector, or an import inside one (`warehouse`), told apart by `family`. */
function sourceFromVersion2(value: unknown): Source | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.projectId !== 'number') {
    return undefined;
  }
  if (value.family === 'warehouse') {
    return isRecord(value.warehouse) && typeof value.warehouse.id === 'number' ? warehouseSource(value.warehouse as unknown as WarehouseImport) : undefined;
  }
  const connector: Record<string, unknown> = { ...value };
  delete connector.family;
  delete connector.warehouse;
  return cloudImportSource(connector as unknown as CloudImportConnector);
}

/** A version 2 project as version 3 holds it; undefined when it is not one. */
function projectFromVersion2(value: unknown): unknown {
  if (!isRecord(value) || !Array.isArray(value.connectors)) {
    return undefined;
  }
  const { connectors, ...project } = value;
  const sources = connectors.map((entry: unknown) => {
    const source = isRecord(entry) ? sourceFromVersion2(entry.connector) : undefined;
    return isRecord(entry) && source ? { source, runs: entry.runs as Run[], updatedAt: entry.updatedAt } : undefined;
  });
  return sources.every((entry) => entry !== undefined) ? { ...project, sources } : undefined;
}

/** The cached projects if the data is a cache of this owner's, else nothing. */
export function fromCache(data: unknown, owner: string): ProjectEntry[] {
  if (!isRecord(data) || (data.version !== 3 && data.version !== 2) || data.owner !== owner || !Array.isArray(data.projects)) {
    return [];
  }
  const projects = data.version === 2 ? data.projects.map(projectFromVersion2) : data.projects;
  return projects.filter(looksLikeProject).map((project) => ({ ...project, fromCache: true, failures: 0, problem: undefined, retryAt: undefined }));
}
