import { isApiError } from '../../../mixpanel/errors';
import { WarehouseImport } from '../../../mixpanel/types';
import { isDocumentedSchedule } from '../../../mixpanel/warehouse';
import { RefreshResult } from '../../engine/refresher';
import { WarehouseSessionApi } from './warehouseApi';
import { Source, WarehouseSource, warehouseSource } from '../../model/source';
import { QuotaState, SyncQuota } from './syncQuota';

/** A warehouse import a user acts on: the actions here are the Warehouse API's. */
export type ImportTarget = WarehouseSource;

export function isImportTarget(source: Source): source is ImportTarget {
  return source.kind === 'warehouse';
}

/** Why an action was not sent, or failed, as data: the adapter words it. */
export type ImportActionRefusal =
  /** No session: signed out. */
  | { readonly kind: 'signedOut' }
  /** Mixpanel's import has no schedule the extension may send back (absent, or not one of the four). */
  | { readonly kind: 'scheduleUnknown' }
  /** The schedule asked for is not one Mixpanel documents. */
  | { readonly kind: 'scheduleNotAllowed' }
  /** A file from a workspace the user has not trusted is never applied. */
  | { readonly kind: 'untrusted' }
  | { readonly kind: 'failed'; readonly error: unknown }
  /**
   * A create whose answer never came (a timeout, a cut connection, a 5xx): Mixpanel may have made
   * the import. The next plan looks for it, so nothing is created twice.
   */
  | { readonly kind: 'createUncertain'; readonly error: unknown };

export class ImportActionError extends Error {
  constructor(readonly refusal: ImportActionRefusal) {
    super(refusal.kind);
  }
}

/** The running session's API, or the refusal every action gives when signed out. */
export function sessionApiOf(ports: { api(): WarehouseSessionApi | undefined }): WarehouseSessionApi {
  const api = ports.api();
  if (!api) {
    throw new ImportActionError({ kind: 'signedOut' });
  }
  return api;
}

export type SyncOutcome =
  | { readonly kind: 'started'; readonly quota: QuotaState }
  /** None left this hour, by this extension's count: nothing was sent. */
  | { readonly kind: 'noQuota'; readonly quota: QuotaState }
  /** A Sync Now of this import is already being asked for or sent. */
  | { readonly kind: 'busy' }
  | { readonly kind: 'cancelled' }
  /** Mixpanel refused it (429): none left until its Retry-After. */
  | { readonly kind: 'refused'; readonly quota: QuotaState };

export interface ImportActionPorts {
  /** The running session's API, if any. */
  api(): WarehouseSessionApi | undefined;
  readonly quota: SyncQuota;
  /** Shows Mixpanel's answer at once, then refreshes the project after any refresh in flight. */
  applySourceChange(source: Source): Promise<RefreshResult>;
  /** The new run is followed closely, and announced when it ends. */
  followSync(target: ImportTarget): Promise<unknown>;
  /** Reads the project again: after a delete, the import leaves the tree. */
  refreshProject(projectId: number): Promise<unknown>;
}

/** Errors after which Mixpanel surely started no sync: the sync is not counted against the hour. */
function surelyNotStarted(error: unknown): boolean {
  return isApiError(error) && ['authentication', 'permission', 'notFound', 'badRequest', 'configuration', 'cancelled'].includes(error.kind);
}

/**
 * What a user can do to a warehouse import, as one service: Sync Now with Mixpanel's limit of 5
 * an hour, Pause, Resume and Change Schedule. Every change is made against the import as Mixpanel
 * holds it right now (read just before), never against what the sidebar last saw, and Mixpanel's
 * answer is shown at once. The adapter only asks the user and shows the outcome.
 */
export class ImportActions {
  /** Imports whose Sync Now is in progress, from the question to Mixpanel's answer. */
  private readonly syncing = new Set<string>();

  constructor(private readonly ports: ImportActionPorts) {}

  /**
   * One Sync Now per import at a time. `confirm` is the last question before a sync that counts
   * against the hour; the sync is counted when it is sent, so that one Mixpanel took but whose
   * answer was lost (a timeout) is not sent again as if it were free.
   */
  async syncNow(target: ImportTarget, confirm: (quota: QuotaState) => Promise<boolean>): Promise<SyncOutcome> {
    const key = quotaKey(target);
    if (this.syncing.has(key)) {
      return { kind: 'busy' };
    }
    this.syncing.add(key);
    try {
      const { quota } = this.ports;
      if (quota.state(key).left === 0) {
        return { kind: 'noQuota', quota: quota.state(key) };
      }
      if (!await confirm(quota.state(key))) {
        return { kind: 'cancelled' };
      }
      const api = this.api();
      // Another window may have synced while the question was open.
      if (quota.state(key).left === 0) {
        return { kind: 'noQuota', quota: quota.state(key) };
      }
      const sentAt = await quota.record(key);
      try {
        await api.startWarehouseSync(target.projectId, target.warehouseImport.id);
      } catch (error) {
        if (isApiError(error) && error.kind === 'rateLimited') {
          await quota.exhaust(key, error.retryAfterMs);
          return { kind: 'refused', quota: quota.state(key) };
        }
        if (surelyNotStarted(error)) {
          await quota.forget(key, sentAt);
        }
        throw new ImportActionError({ kind: 'failed', error });
      }
      await this.ports.followSync(target);
      return { kind: 'started', quota: quota.state(key) };
    } finally {
      this.syncing.delete(key);
    }
  }

  /** Pause or resume, keeping the schedule Mixpanel holds now. */
  async setPaused(target: ImportTarget, paused: boolean): Promise<WarehouseImport> {
    const api = this.api();
    const live = await this.live(api, target);
    if (!isDocumentedSchedule(live.runEveryNs)) {
      throw new ImportActionError({ kind: 'scheduleUnknown' });
    }
    return this.update(api, target, paused, live.runEveryNs);
  }

  /** A new schedule, keeping whether Mixpanel holds the import paused now. */
  async changeSchedule(target: ImportTarget, runEveryNs: number): Promise<WarehouseImport> {
    if (!isDocumentedSchedule(runEveryNs)) {
      throw new ImportActionError({ kind: 'scheduleNotAllowed' });
    }
    const api = this.api();
    const live = await this.live(api, target);
    return this.update(api, target, live.paused, runEveryNs);
  }

  /**
   * Deletes the import, never its data (`delete_data` is not sent), once `confirm` (the user
   * typing its name) agrees.
   */
  async deleteImport(target: ImportTarget, confirm: () => Promise<boolean>): Promise<boolean> {
    if (!await confirm()) {
      return false;
    }
    try {
      await this.api().deleteWarehouseImport(target.projectId, target.warehouseImport.id);
    } catch (error) {
      throw error instanceof ImportActionError ? error : new ImportActionError({ kind: 'failed', error });
    }
    await this.ports.refreshProject(target.projectId);
    return true;
  }

  private api(): WarehouseSessionApi {
    return sessionApiOf(this.ports);
  }

  private async live(api: WarehouseSessionApi, target: ImportTarget): Promise<WarehouseImport> {
    try {
      return await api.getWarehouseImport(target.projectId, target.warehouseImport.id);
    } catch (error) {
      throw new ImportActionError({ kind: 'failed', error });
    }
  }

  private async update(api: WarehouseSessionApi, target: ImportTarget, paused: boolean, runEveryNs: number): Promise<WarehouseImport> {
    let updated: WarehouseImport;
    try {
      updated = await api.updateWarehouseImport(target.projectId, target.warehouseImport.id, { paused, runEveryNs });
    } catch (error) {
      throw new ImportActionError({ kind: 'failed', error });
    }
    await this.ports.applySourceChange(warehouseSource(updated));
    return updated;
  }
}

/** The quota is kept per project and import. */
export function quotaKey(target: ImportTarget): string {
  return `${target.projectId}/${target.warehouseImport.id}`;
}
