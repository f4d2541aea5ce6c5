import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { isApiError } from '../../../mixpanel/errors';
import { WarehouseImport, WarehouseSourceInfo } from '../../../mixpanel/types';
import { WarehouseSessionApi } from './warehouseApi';
import { Source, warehouseSource } from '../../model/source';
import { appliedFields, ImportFile, importFileName, importFileOf, Json, requestFields, withAppliedFields } from './importFiles/importFile';
import { applicable, canonicalJson, ImportPlan, movedSide, planImport, PlanInput } from './importFiles/plan';
import { ImportFileMeta, SOURCE_ID_FIELD } from './importFiles/schema';
import { acquireFileLock } from '../../storage/fileLock';
import { importLabel } from './warehouseKind';
import { plainTranslate } from '../../../shared/l10n';
import { ImportActionError, ImportTarget, sessionApiOf } from './importActions';
import { WarehouseConnections } from './connections';

/**
 * Imports as code: a file is planned against the import Mixpanel holds now, and applied only
 * after the plan has been made again (so the user never approves a plan the live import has since
 * moved away from) and confirmed. The adapter opens the diff, asks, and edits the file.
 */

export interface ImportFilePorts {
  api(): WarehouseSessionApi | undefined;
  /** The session's warehouse connections: the one road to them, for plans as for the rules and health. */
  readonly connections: WarehouseConnections;
  /** The generated schema's facts: which fields each import type's create request has, which change in place. */
  meta(): Promise<ImportFileMeta>;
  /** Shows Mixpanel's answer at once, then refreshes the project. */
  applySourceChange(source: Source): Promise<unknown>;
  /** Whether the user trusts the workspace the files come from. */
  workspaceTrusted(): boolean;
  /** A folder every window shares, where an Apply holds its lock: one Apply of an import at a time across windows. */
  readonly lockDirectory?: string;
}

/** A lock whose holder has not renewed it for this long was left by a window that closed or died. */
const APPLY_LOCK_STALE_MS = 30_000;
const APPLY_LOCK_HEARTBEAT_MS = 5_000;

/** What two files that apply to the same import have in common: the import's id, or the table it would import. */
function applyLockName(file: ImportFile): string {
  const identity = file.importId !== undefined
    ? { project: file.projectId, importId: file.importId }
    : { project: file.projectId, type: file.request.import_type ?? null, source: file.sourceName ?? file.request[SOURCE_ID_FIELD] ?? null, table: file.request.table_params ?? null };
  return `${createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, 32)}.lock`;
}

export type ApplyOutcome =
  /**
   * The plan made now differs from the one the user saw (`moved`: the file was edited since, or
   * Mixpanel's import changed, also while the question was open): nothing was sent.
   */
  | { readonly kind: 'stale'; readonly plan: ImportPlan; readonly moved: 'file' | 'mixpanel' }
  | { readonly kind: 'blocked'; readonly plan: ImportPlan }
  | { readonly kind: 'nothing'; readonly plan: ImportPlan }
  | { readonly kind: 'cancelled'; readonly plan: ImportPlan }
  /** Another window (or this one) is applying a file to the same import: nothing was planned or sent. */
  | { readonly kind: 'busy' }
  /**
   * `fileFields`: what to write back into the file (the new id, the source's id where found by
   * name). `after`: the plan of the file as written against Mixpanel's answer, made without asking
   * again: what a diff still open shows.
   */
  | { readonly kind: 'created'; readonly plan: ImportPlan; readonly imported: WarehouseImport; readonly fileFields: Json; readonly after: ImportPlan }
  | { readonly kind: 'updated'; readonly plan: ImportPlan; readonly imported: WarehouseImport; readonly after: ImportPlan }
  /** Mixpanel answered 400: its message, and the file's field it names, if it names one. */
  | { readonly kind: 'rejected'; readonly plan: ImportPlan; readonly message: string; readonly field?: string };

/** The field of the request a message names (the longest first, so `event_column_name` wins over `event_name`). */
export function fieldNamedIn(message: string, fields: readonly string[]): string | undefined {
  const isWordCharacter = (character: string | undefined) => character !== undefined && /[A-Za-z0-9_]/.test(character);
  // A field is the file's text, not a pattern: it is looked for as it is, as a whole word.
  const named = (field: string) => {
    for (let at = message.indexOf(field); field !== '' && at >= 0; at = message.indexOf(field, at + 1)) {
      if (!isWordCharacter(message[at - 1]) && !isWordCharacter(message[at + field.length])) {
        return true;
      }
    }
    return false;
  };
  return [...fields].sort((a, b) => b.length - a.length).find(named);
}

/**
 * For a plan that found the file's import already in Mixpanel (`existsAs`): what to write into the
 * file to adopt it, as after a create; undefined for any other plan.
 */
export function adoptionOf(plan: ImportPlan, file: ImportFile): { readonly importId: number; readonly fields: Json } | undefined {
  const twin = plan.blockers.find((blocker) => blocker.kind === 'existsAs');
  return twin?.kind === 'existsAs' ? { importId: twin.importId, fields: appliedFields(twin.importId, plan.source?.id, file) } : undefined;
}

export class ImportFileActions {
  constructor(private readonly ports: ImportFilePorts) {}

  /** The plan of a file against Mixpanel now. */
  async plan(file: ImportFile): Promise<ImportPlan> {
    return planImport(await this.planInput(file));
  }

  private async planInput(file: ImportFile): Promise<PlanInput> {
    const api = this.api();
    const [live, sources, meta, existing] = await Promise.all([this.live(api, file), this.sources(api, file.projectId), this.ports.meta(), this.existing(api, file)]);
    return { file, live, sources, meta, ...(existing ? { existing } : {}) };
  }

  /** A file with no id may name an import Mixpanel already has (an earlier create whose answer was lost): the project's imports are read to find it. */
  private async existing(api: WarehouseSessionApi, file: ImportFile): Promise<readonly WarehouseImport[] | undefined> {
    if (file.importId !== undefined) {
      return undefined;
    }
    try {
      return await api.listWarehouseImports(file.projectId);
    } catch (error) {
      if (isApiError(error) && error.kind === 'notFound') {
        return [];
      }
      // Without the list, a create could make a second import: nothing is planned.
      throw new ImportActionError({ kind: 'failed', error });
    }
  }

  /**
   * Plans again; sends only what that plan says, once `confirm` agrees. With `shownKey` (the key of
   * the plan the user was shown), a plan that came out different stops here.
   */
  async apply(file: ImportFile, shownKey: string | undefined, confirm: (plan: ImportPlan) => Promise<boolean>): Promise<ApplyOutcome> {
    if (!this.ports.workspaceTrusted()) {
      throw new ImportActionError({ kind: 'untrusted' });
    }
    const { lockDirectory } = this.ports;
    if (lockDirectory === undefined) {
      return this.applyHeld(file, shownKey, confirm);
    }
    await fs.mkdir(lockDirectory, { recursive: true });
    const release = await acquireFileLock(path.join(lockDirectory, applyLockName(file)), { staleMs: APPLY_LOCK_STALE_MS, waitMs: 0, heartbeatMs: APPLY_LOCK_HEARTBEAT_MS });
    if (!release) {
      return { kind: 'busy' };
    }
    try {
      return await this.applyHeld(file, shownKey, confirm);
    } finally {
      await release();
    }
  }

  private async applyHeld(file: ImportFile, shownKey: string | undefined, confirm: (plan: ImportPlan) => Promise<boolean>): Promise<ApplyOutcome> {
    const input = await this.planInput(file);
    const plan = planImport(input);
    if (shownKey !== undefined && plan.key !== shownKey) {
      return { kind: 'stale', plan, moved: movedSide(shownKey, plan) };
    }
    if (plan.action === 'none' && plan.blockers.length === 0) {
      return { kind: 'nothing', plan };
    }
    if (!applicable(plan)) {
      return { kind: 'blocked', plan };
    }
    if (!await confirm(plan)) {
      return { kind: 'cancelled', plan };
    }
    // The question may have been open for a while: a pause made meanwhile in Mixpanel's web app
    // would be undone by a PATCH that sends the pause read before it.
    const asked = planImport(await this.planInput(file));
    if (asked.key !== plan.key) {
      return { kind: 'stale', plan: asked, moved: 'mixpanel' };
    }
    const api = this.api();
    let imported: WarehouseImport;
    try {
      imported = plan.action === 'create'
        ? await api.createWarehouseImport(plan.projectId, plan.request ?? {})
        : await api.updateWarehouseImport(plan.projectId, plan.importId!, {
          paused: plan.livePaused ?? false,
          runEveryNs: plan.request?.run_every as number,
          ...(plan.request && 'databricks_params' in plan.request ? { databricksParams: plan.request.databricks_params } : {}),
        });
    } catch (error) {
      if (isApiError(error) && error.kind === 'badRequest') {
        const message = error.serverMessage ?? error.message;
        return { kind: 'rejected', plan, message, field: fieldNamedIn(message, [...Object.keys(file.request), ...requestFields(input.meta, file.request.import_type)]) };
      }
      // Only a 400 says for certain that nothing was made; a refusal before Mixpanel acted (401, 403, 429) too.
      const refusedUnread = isApiError(error) && ['authentication', 'permission', 'rateLimited', 'configuration'].includes(error.kind);
      throw new ImportActionError(plan.action === 'create' && !refusedUnread ? { kind: 'createUncertain', error } : { kind: 'failed', error });
    }
    // The answer is shown at once; the project's refresh follows without holding the caller, who
    // writes the new id into the file first.
    void this.ports.applySourceChange(warehouseSource(imported)).catch(() => undefined);
    if (plan.action === 'create') {
      const fileFields = appliedFields(imported.id, plan.source?.id, file);
      return { kind: 'created', plan, imported, fileFields, after: planImport({ ...input, file: withAppliedFields(file, fileFields), live: imported }) };
    }
    return { kind: 'updated', plan, imported, after: planImport({ ...input, live: imported }) };
  }

  /** A live import as a file's content, with a file name made from its table. */
  async exportImport(target: ImportTarget): Promise<{ readonly file: Json; readonly fileName: string }> {
    const api = this.api();
    let live: WarehouseImport;
    try {
      live = await api.getWarehouseImport(target.projectId, target.warehouseImport.id);
    } catch (error) {
      throw new ImportActionError({ kind: 'failed', error });
    }
    const [sources, meta] = await Promise.all([this.sources(api, target.projectId), this.ports.meta()]);
    const table = Object.keys(live.tableParams).length > 0 ? importLabel(live, plainTranslate) : undefined;
    return { file: importFileOf(live, sources?.find((source) => source.id === live.warehouseSourceId), meta), fileName: importFileName(live, table) };
  }

  private api(): WarehouseSessionApi {
    return sessionApiOf(this.ports);
  }

  private async live(api: WarehouseSessionApi, file: ImportFile): Promise<WarehouseImport | 'gone' | undefined> {
    if (file.importId === undefined) {
      return undefined;
    }
    try {
      return await api.getWarehouseImport(file.projectId, file.importId);
    } catch (error) {
      if (isApiError(error) && error.kind === 'notFound') {
        return 'gone';
      }
      throw new ImportActionError({ kind: 'failed', error });
    }
  }

  /** The project's warehouse connections as Mixpanel says them now: undefined when it does not answer. */
  private async sources(api: WarehouseSessionApi, projectId: number): Promise<readonly WarehouseSourceInfo[] | undefined> {
    try {
      return await this.ports.connections.current(api, projectId);
    } catch (error) {
      throw new ImportActionError({ kind: 'failed', error });
    }
  }
}
