import { Translate } from '../../../shared/l10n';
import { blockerText, planNotes, planSummary } from './importPlanMessages';
import { applicable, ImportPlan, movedSide } from './importFiles/plan';

/**
 * A plan as a document: what a reviewer read, kept (`plan --out plan.json`) so that Apply sends
 * only that. Versioned and documented (docs/cli/plan.schema.json); each file's `key` is what the
 * plan was made from, so a plan made again from anything else has another.
 */

export const PLAN_SCHEMA = 'mixpanel-imports/plan';
export const PLAN_VERSION = 1;

export interface PlannedChange {
  readonly field: string;
  /** null: absent in Mixpanel. */
  readonly before: unknown;
  /** null: absent in the file. */
  readonly after: unknown;
  readonly inPlace: boolean;
}

export interface PlannedFile {
  /** The file's path as given, relative to where the plan was made. */
  readonly path: string;
  readonly action: ImportPlan['action'];
  readonly projectId: number;
  readonly importId: number | null;
  readonly applicable: boolean;
  readonly summary: string;
  readonly changes: readonly PlannedChange[];
  readonly blockers: ReadonlyArray<{ readonly kind: string; readonly message: string }>;
  readonly notes: readonly string[];
  readonly key: string;
}

export interface PlanDocument {
  readonly schema: typeof PLAN_SCHEMA;
  readonly version: typeof PLAN_VERSION;
  readonly createdAt: string;
  readonly summary: { readonly create: number; readonly update: number; readonly unchanged: number; readonly blocked: number };
  readonly files: readonly PlannedFile[];
}

export function plannedFile(path: string, plan: ImportPlan, t: Translate): PlannedFile {
  return {
    path,
    action: plan.action,
    projectId: plan.projectId,
    importId: plan.importId ?? null,
    applicable: applicable(plan),
    summary: planSummary(plan, t),
    changes: plan.changes.map((change) => ({ field: change.field, before: change.before ?? null, after: change.after ?? null, inPlace: change.inPlace })),
    blockers: plan.blockers.map((blocker) => ({ kind: blocker.kind, message: blockerText(blocker, t) })),
    notes: planNotes(plan, t),
    key: plan.key,
  };
}

export function planDocument(files: readonly PlannedFile[], now: number): PlanDocument {
  const blocked = files.filter((file) => file.blockers.length > 0).length;
  const clear = files.filter((file) => file.blockers.length === 0);
  return {
    schema: PLAN_SCHEMA,
    version: PLAN_VERSION,
    createdAt: new Date(now).toISOString(),
    summary: {
      create: clear.filter((file) => file.action === 'create').length,
      update: clear.filter((file) => file.action === 'update').length,
      unchanged: clear.filter((file) => file.action === 'none').length,
      blocked,
    },
    files,
  };
}

/** Whether a plan document asks for anything to be sent. */
export function hasChanges(document: Pick<PlanDocument, 'files'>): boolean {
  return document.files.some((file) => file.action !== 'none');
}

/** A plan document read back, checked enough to be trusted with Apply; undefined with why when it is not one. */
export function parsePlanDocument(text: string): PlanDocument | { readonly problem: string } {
  let parsed: Partial<PlanDocument>;
  try {
    parsed = JSON.parse(text) as Partial<PlanDocument>;
  } catch {
    return { problem: 'not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || parsed.schema !== PLAN_SCHEMA) {
    return { problem: `not a ${PLAN_SCHEMA} document` };
  }
  if (parsed.version !== PLAN_VERSION) {
    return { problem: `version ${String(parsed.version)}, where this program reads version ${PLAN_VERSION}` };
  }
  const files = Array.isArray(parsed.files) ? parsed.files : undefined;
  if (!files || !files.every((file) => typeof file?.path === 'string' && typeof file.key === 'string' && ['create', 'update', 'none'].includes(file.action))) {
    return { problem: 'its files are not readable' };
  }
  return parsed as PlanDocument;
}

/** What moved between the reviewed plan and the one made now, in words. */
export function staleReason(reviewed: PlannedFile, now: ImportPlan, t: Translate): string {
  return movedSide(reviewed.key, now) === 'file'
    ? t('{0} changed since the plan was made.', reviewed.path)
    : t('The import in Mixpanel that {0} describes changed since the plan was made.', reviewed.path);
}
