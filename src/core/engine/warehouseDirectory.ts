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
 * and an import file's rules depend on), from an endpoint Mixpanel does not document. Asked at most once an hour per project
 * in a session, whatever it answers; a refusal or another shape leaves the type unknown and shows
 * nowhere but the log, once.
 */
export class WarehouseDirectory {
  private readonly projects = new Map<number, { readonly askedAt: number; readonly sources: ReadonlyMap<number, WarehouseSourceInfo> }>();
  private readonly reported = new Set<number>();
  /** An answer on its way: a second asker waits for it rather than seeing the sources as not yet known. */
  private readonly pending = new Map<number, Promise<void>>();
  /** Which session's answers count: an answer asked for before {@link clear} is dropped. */
  private generation = 0;

  constructor(private readonly now: () => number, private readonly log?: EngineLog) {}

  lookup(projectId: number, sourceId: number | undefined): WarehouseSourceInfo | undefined {
    return sourceId === undefined ? undefined : this.projects.get(projectId)?.sources.get(sourceId);
  }

  /** Every source of the project Mixpanel named, when it was asked and answered. */
  sources(projectId: number): readonly WarehouseSourceInfo[] | undefined {
    const known = this.projects.get(projectId)?.sources;
    return known ? [...known.values()] : undefined;
  }

  due(projectId: number): boolean {
    const asked = this.projects.get(projectId)?.askedAt;
    return asked === undefined || this.now() - asked >= DIRECTORY_REFRESH_MS || this.now() < asked;
  }

  /** Asks when due, or waits for the answer already asked for; never rejects. */
  refresh(api: WarehouseSourcesApi, projectId: number, options: RequestOptions): Promise<void> {
    const inFlight = this.pending.get(projectId);
    if (inFlight) {
      return inFlight;
    }
    if (!this.due(projectId)) {
      return Promise.resolve();
    }
    const asking = this.ask(api, projectId, options).finally(() => this.pending.delete(projectId));
    this.pending.set(projectId, asking);
    return asking;
  }

  private async ask(api: WarehouseSourcesApi, projectId: number, options: RequestOptions): Promise<void> {
    const askedAt = this.now();
    const generation = this.generation;
    const previous = this.projects.get(projectId)?.sources ?? new Map<number, WarehouseSourceInfo>();
    this.projects.set(projectId, { askedAt, sources: previous });
    try {
      const sources = await api.listWarehouseSources(projectId, options);
      if (generation !== this.generation) {
        return;
      }
      this.projects.set(projectId, { askedAt, sources: new Map(sources.map((source) => [source.id, source])) });
    } catch (error) {
      if (generation !== this.generation) {
        return;
      }
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
    this.generation++;
    this.projects.clear();
    this.pending.clear();
    this.reported.clear();
  }
}
