import { RequestOptions } from '../../mixpanel/client';
import { isApiError } from '../../mixpanel/errors';
import { WarehouseSourceInfo } from '../../mixpanel/types';
import { EngineLog, reasonOf } from './logRecords';

/** How often a session asks a project for its warehouse connections. */
export const DIRECTORY_REFRESH_MS = 60 * 60_000;

export interface WarehouseSourcesApi {
  listWarehouseSources(projectId: number, options?: RequestOptions): Promise<WarehouseSourceInfo[]>;
}

/**
 * The warehouse connections of each project (name and type: what a Mirror import's deadline
 * depends on), from an endpoint Mixpanel does not document. Asked at most once an hour per project
 * in a session, whatever it answers; a refusal or another shape leaves the type unknown and shows
 * nowhere but the log, once.
 */
export class WarehouseDirectory {
  private readonly projects = new Map<number, { readonly askedAt: number; readonly sources: ReadonlyMap<number, WarehouseSourceInfo> }>();
  private readonly reported = new Set<number>();

  constructor(private readonly now: () => number, private readonly log?: EngineLog) {}

  lookup(projectId: number, sourceId: number | undefined): WarehouseSourceInfo | undefined {
    return sourceId === undefined ? undefined : this.projects.get(projectId)?.sources.get(sourceId);
  }

  due(projectId: number): boolean {
    const asked = this.projects.get(projectId)?.askedAt;
    return asked === undefined || this.now() - asked >= DIRECTORY_REFRESH_MS || this.now() < asked;
  }

  /** Asks when due; never rejects. */
  async refresh(api: WarehouseSourcesApi, projectId: number, options: RequestOptions): Promise<void> {
    if (!this.due(projectId)) {
      return;
    }
    const askedAt = this.now();
    const previous = this.projects.get(projectId)?.sources ?? new Map<number, WarehouseSourceInfo>();
    this.projects.set(projectId, { askedAt, sources: previous });
    try {
      const sources = await api.listWarehouseSources(projectId, options);
      this.projects.set(projectId, { askedAt, sources: new Map(sources.map((source) => [source.id, source])) });
    } catch (error) {
      if (isApiError(error) && error.kind === 'cancelled') {
        this.projects.delete(projectId);
        return;
      }
      if (!this.reported.has(projectId)) {
        this.reported.add(projectId);
        this.log?.({ event: 'warehouseSourcesUnreadable', projectId, reason: reasonOf(error) });
      }
    }
  }

  /** A new session asks again. */
  clear(): void {
    this.projects.clear();
    this.reported.clear();
  }
}
