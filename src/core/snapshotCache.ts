import { ProjectEntry } from './model';

/**
 * The last known connectors and runs, kept between sessions so that the view opens at once. Never
 * credentials: only what the API returned about connectors and runs.
 */
export interface CachedSnapshot {
  readonly version: 1;
  /** Which account and host the data belongs to; another one's cache is ignored. */
  readonly owner: string;
  readonly savedAt: number;
  readonly projects: readonly ProjectEntry[];
}

/** Enough runs for the first screen and a "Load more…" or two. */
const RUNS_KEPT = 60;

export function toCache(projects: readonly ProjectEntry[], owner: string, savedAt: number): CachedSnapshot {
  return {
    version: 1,
    owner,
    savedAt,
    projects: projects
      .filter((project) => project.lastSuccessAt !== undefined && project.state !== 'loading')
      .map((project) => ({
        id: project.id,
        name: project.name,
        state: project.state === 'failed' ? 'ready' : project.state,
        lastSuccessAt: project.lastSuccessAt,
        failures: 0,
        fromCache: true,
        connectors: project.connectors.map((entry) => ({ connector: entry.connector, runs: entry.runs.slice(0, RUNS_KEPT), updatedAt: entry.updatedAt })),
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
  if (!isRecord(data) || data.version !== 1 || data.owner !== owner || !Array.isArray(data.projects)) {
    return [];
  }
  return data.projects.filter(looksLikeProject).map((project) => ({ ...project, fromCache: true, failures: 0, problem: undefined, retryAt: undefined }));
}
