import { ProjectEntry } from './model';

/**
 * The last known connectors, imports and runs, kept between sessions so that the view opens at
 * once. Never credentials: only what the API returned. Version 2: every source says its family.
 */
export interface CachedSnapshot {
  readonly version: 2;
  /** Which account and host the data belongs to; another one's cache is ignored. */
  readonly owner: string;
  readonly savedAt: number;
  readonly projects: readonly ProjectEntry[];
}

/** Runs kept per connector, most first: enough for the first screen and a "Load more…" or two. */
const RUNS_KEPT = [60, 20, 5, 1];

/**
 * The most a snapshot may take, as JSON characters. Global state is read at every start, so a
 * project of many connectors with long error messages keeps fewer runs rather than growing it.
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
  // Even one run each is too much: keep the connectors, which the view needs first.
  return snapshotOf(kept, owner, savedAt, 0);
}

function snapshotOf(projects: readonly ProjectEntry[], owner: string, savedAt: number, runsKept: number): CachedSnapshot {
  return {
    version: 2,
    owner,
    savedAt,
    projects: projects.map((project) => ({
      id: project.id,
      name: project.name,
      state: project.state === 'failed' ? 'ready' : project.state,
      lastSuccessAt: project.lastSuccessAt,
      failures: 0,
      fromCache: true,
      connectors: project.connectors.map((entry) => ({ connector: entry.connector, runs: entry.runs.slice(0, runsKept), updatedAt: entry.updatedAt })),
    })),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeProject(value: unknown): value is ProjectEntry {
  return isRecord(value)
    && typeof value.id === 'number'
    && typeof value.name === 'string'
    && typeof value.lastSuccessAt === 'number'
    && Array.isArray(value.connectors)
    && value.connectors.every((entry) => isRecord(entry) && isRecord(entry.connector) && typeof entry.connector.id === 'string' && Array.isArray(entry.runs));
}

/** The cached projects if the data is a cache of this owner's, else nothing. */
export function fromCache(data: unknown, owner: string): ProjectEntry[] {
  if (!isRecord(data) || data.version !== 2 || data.owner !== owner || !Array.isArray(data.projects)) {
    return [];
  }
  return data.projects.filter(looksLikeProject).map((project) => ({ ...project, fromCache: true, failures: 0, problem: undefined, retryAt: undefined }));
}
