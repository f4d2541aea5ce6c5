import { RequestOptions } from '../../../mixpanel/client';
import { isApiError } from '../../../mixpanel/errors';
import { WarehouseSourceInfo } from '../../../mixpanel/types';
import { ProjectCompanion } from '../../engine/refresher';
import { EngineLog, reasonOf } from '../../model/logRecords';
import { Source } from '../../model/source';
import { mirrorRetention } from './warehouseKind';

/** How often a session asks a project for its warehouse connections. */
export const CONNECTIONS_REFRESH_MS = 60 * 60_000;

export interface WarehouseSourcesApi {
  listWarehouseSources(projectId: number, options?: RequestOptions): Promise<WarehouseSourceInfo[]>;
}

/**
 * The warehouse connections of each project (name and type: what a Mirror import's deadline
 * and an import file's rules depend on), from an endpoint Mixpanel does not document. Asked at most once an hour per project
 * in a session, whatever it answers; a refusal or another shape leaves the type unknown and shows
 * nowhere but the log, once.
 */
export class WarehouseConnections implements ProjectCompanion {
  private readonly projects = new Map<number, { readonly askedAt: number; readonly sources: ReadonlyMap<number, WarehouseSourceInfo> }>();
  private readonly reported = new Set<number>();
  /** An answer on its way: a second asker waits for it rather than seeing the sources as not yet known. */
  private readonly pending = new Map<number, Promise<void>>();
  /** Which session's answers count: an answer asked for before {@link clear} is dropped. */
  private generation = 0;

  constructor(private readonly now: () => number, private readonly log?: EngineLog) {}

  lookup(projectId: number, connectionId: number | undefined): WarehouseSourceInfo | undefined {
    return connectionId === undefined ? undefined : this.projects.get(projectId)?.sources.get(connectionId);
  }

  /** Every connection of the project Mixpanel named, when it was asked and answered. */
  connections(projectId: number): readonly WarehouseSourceInfo[] | undefined {
    const known = this.projects.get(projectId)?.sources;
    return known ? [...known.values()] : undefined;
  }

  due(projectId: number): boolean {
    const asked = this.projects.get(projectId)?.askedAt;
    return asked === undefined || this.now() - asked >= CONNECTIONS_REFRESH_MS || this.now() < asked;
  }

  /**
   * With a project's lists: only an import whose health depends on its warehouse (a paused or
   * on-demand Mirror import's retention) needs the connections, which are then known before the
   * project is shown. Never rejects.
   */
  refreshWith(api: WarehouseSourcesApi, projectId: number, listed: readonly Source[], options: RequestOptions): Promise<void> {
    const needed = listed.some((source) => source.kind === 'warehouse' && mirrorRetention(source.warehouseImport, undefined) !== undefined);
    return needed ? this.refresh(api, projectId, options) : Promise.resolve();
  }

  /** The project's connections once asked when due (at most once an hour); undefined when unknown or signed out. */
  async known(api: WarehouseSourcesApi | undefined, projectId: number, options: RequestOptions): Promise<readonly WarehouseSourceInfo[] | undefined> {
    if (!api) {
      return undefined;
    }
    await this.refresh(api, projectId, options);
    return this.connections(projectId);
  }

  /**
   * The project's connections as Mixpanel says them now, for a plan that must not act on a list an
   * hour old (a connection made a minute ago): asked at once, and kept for the rules and health.
   * Undefined when Mixpanel does not answer with them; a refusal of the account (401, 403) rejects.
   */
  async current(api: WarehouseSourcesApi, projectId: number, options: RequestOptions = {}): Promise<readonly WarehouseSourceInfo[] | undefined> {
    const generation = this.generation;
    try {
      const sources = await api.listWarehouseSources(projectId, options);
      if (generation === this.generation) {
        this.projects.set(projectId, { askedAt: this.now(), sources: new Map(sources.map((source) => [source.id, source])) });
      }
      return sources;
    } catch (error) {
      if (isApiError(error) && (error.kind === 'authentication' || error.kind === 'permission')) {
        throw error;
      }
      return undefined;
    }
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
