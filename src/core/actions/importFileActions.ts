import { isApiError } from '../../mixpanel/errors';
import { WarehouseImport, WarehouseSourceInfo } from '../../mixpanel/types';
import { SessionApi } from '../engine/session';
import { Source, warehouseSource } from '../engine/source';
import { appliedFields, ImportFile, importFileName, importFileOf, Json, requestFields, withAppliedFields } from '../importFiles/importFile';
import { applicable, ImportPlan, planImport, PlanInput } from '../importFiles/plan';
import { ImportFileMeta } from '../importFiles/schema';
import { importLabel } from '../sources/warehouse';
import { plainTranslate } from '../../shared/l10n';
import { ImportActionError, ImportTarget } from './importActions';

/**
 * Imports as code: a file is planned against the import Mixpanel holds now, and applied only
 * after the plan has been made again (so the user never approves a plan the live import has since
 * moved away from) and confirmed. The adapter opens the diff, asks, and edits the file.
 */

export interface ImportFilePorts {
  api(): SessionApi | undefined;
  /** The generated schema's facts: which fields each import type's create request has, which change in place. */
  meta(): Promise<ImportFileMeta>;
  /** Shows Mixpanel's answer at once, then refreshes the project. */
  applySourceChange(source: Source): Promise<unknown>;
  /** Whether the user trusts the workspace the files come from. */
  workspaceTrusted(): boolean;
}

export type ApplyOutcome =
  /** The plan made now differs from the one the user saw: nothing was sent. */
  | { readonly kind: 'stale'; readonly plan: ImportPlan }
  | { readonly kind: 'blocked'; readonly plan: ImportPlan }
  | { readonly kind: 'nothing'; readonly plan: ImportPlan }
  | { readonly kind: 'cancelled'; readonly plan: ImportPlan }
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

export class ImportFileActions {
  constructor(private readonly ports: ImportFilePorts) {}

  /** The plan of a file against Mixpanel now. */
  async plan(file: ImportFile): Promise<ImportPlan> {
    return planImport(await this.planInput(file));
  }

  private async planInput(file: ImportFile): Promise<PlanInput> {
    const api = this.api();
    const [live, sources, meta] = await Promise.all([this.live(api, file), this.sources(api, file.projectId), this.ports.meta()]);
    return { file, live, sources, meta };
  }

  /**
   * Plans again; sends only what that plan says, once `confirm` agrees. With `shownKey` (the key of
   * the plan the user was shown), a plan that came out different stops here.
   */
  async apply(file: ImportFile, shownKey: string | undefined, confirm: (plan: ImportPlan) => Promise<boolean>): Promise<ApplyOutcome> {
    if (!this.ports.workspaceTrusted()) {
      throw new ImportActionError({ kind: 'untrusted' });
    }
    const input = await this.planInput(file);
    const plan = planImport(input);
    if (shownKey !== undefined && plan.key !== shownKey) {
      return { kind: 'stale', plan };
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
      throw new ImportActionError({ kind: 'failed', error });
    }
    await this.ports.applySourceChange(warehouseSource(imported));
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

  private api(): SessionApi {
    const api = this.ports.api();
    if (!api) {
      throw new ImportActionError({ kind: 'signedOut' });
    }
    return api;
  }

  private async live(api: SessionApi, file: ImportFile): Promise<WarehouseImport | 'gone' | undefined> {
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

  /** The project's warehouse sources, from an endpoint Mixpanel does not document: undefined when it does not answer. */
  private async sources(api: SessionApi, projectId: number): Promise<readonly WarehouseSourceInfo[] | undefined> {
    try {
      return await api.listWarehouseSources(projectId);
    } catch (error) {
      if (isApiError(error) && (error.kind === 'authentication' || error.kind === 'permission')) {
        throw new ImportActionError({ kind: 'failed', error });
      }
      return undefined;
    }
  }
}
