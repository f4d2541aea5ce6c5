import { WarehouseImport, WarehouseSourceInfo } from '../../../../mixpanel/types';
import { isDocumentedSchedule } from '../../../../mixpanel/warehouse';
import { ImportFile, importFileOf, Json, requestFields } from './importFile';
import { ImportFileMeta, SOURCE_ID_FIELD } from './schema';

/**
 * What applying a file would do to Mixpanel, as Terraform says it before it acts: create the
 * import, change some fields in place, or nothing; and what it cannot do. Mixpanel changes only
 * `run_every` and `databricks_params` of an import in place (besides pausing it); any other
 * difference would need a new import, which imports the table again, so the plan names it and
 * stops there: the extension never deletes and re-creates on its own.
 */

export interface FieldChange {
  readonly field: string;
  /** Undefined: absent (or null) in Mixpanel. */
  readonly before: unknown;
  /** Undefined: absent (or null) in the file. */
  readonly after: unknown;
  readonly inPlace: boolean;
}

export type PlanBlocker =
  /** Fields that differ and that Mixpanel cannot change on an existing import. */
  | { readonly kind: 'notInPlace'; readonly fields: readonly string[] }
  /** The file's `import_id` is not an import of its project (deleted, or the file was copied). */
  | { readonly kind: 'importGone'; readonly importId: number }
  | { readonly kind: 'sourceNotFound'; readonly name: string }
  | { readonly kind: 'notCreatable'; readonly importType: string }
  /** A schedule change needs the import's schedule, which Mixpanel gave as none of the four. */
  | { readonly kind: 'scheduleUnknown' }
  /** Fields the import type's create request does not have: a misspelt one would be dropped unseen. */
  | { readonly kind: 'unknownFields'; readonly fields: readonly string[] }
  /**
   * A file with no `import_id` whose import Mixpanel already has (same type, warehouse source and
   * table): most often made by an earlier Apply whose answer was lost. Its id belongs in the file.
   */
  | { readonly kind: 'existsAs'; readonly importId: number };

export interface ImportPlan {
  readonly action: 'create' | 'update' | 'none';
  readonly projectId: number;
  readonly importId?: number;
  /** What would be sent: the create request, or the PATCH. */
  readonly request?: Json;
  readonly changes: readonly FieldChange[];
  readonly blockers: readonly PlanBlocker[];
  /** The warehouse source, when its id was taken from its name. */
  readonly source?: { readonly name: string; readonly id: number; readonly idInFile?: number };
  /** True when the project's sources could not be read, so the id in the file was taken as it is. */
  readonly sourcesUnread: boolean;
  /** The import in Mixpanel as a file, for the left side of the diff; undefined for a new import. */
  readonly liveFile?: Json;
  /** The live import's paused state, kept by a PATCH. */
  readonly livePaused?: boolean;
  /** What the plan was made from: a plan made again from other data has another key. */
  readonly key: string;
}

export interface PlanInput {
  readonly file: ImportFile;
  /** The import the file names, as Mixpanel holds it now; 'gone' when Mixpanel answered 404; undefined for a new import. */
  readonly live: WarehouseImport | 'gone' | undefined;
  /** The project's warehouse sources; undefined when they could not be read. */
  readonly sources: readonly WarehouseSourceInfo[] | undefined;
  /** For a file with no `import_id`: the project's imports, to find one the file would make again. */
  readonly existing?: readonly WarehouseImport[];
  readonly meta: ImportFileMeta;
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with keys sorted: equal values give equal texts, whatever the order they were written in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (isJson(value)) {
    return `{${Object.keys(value).sort().filter((key) => value[key] !== undefined).map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const present = (value: unknown) => (value === null ? undefined : value);

/** The same object with its keys in the order of `order` first (what the file has), then the rest. */
export function orderedLike(object: Json, order: readonly string[]): Json {
  const keys = [...order.filter((key) => key in object), ...Object.keys(object).filter((key) => !order.includes(key))];
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}

/** The source the file means: by name when the project has one of that name, else by the id written. */
function resolveSource(file: ImportFile, sources: readonly WarehouseSourceInfo[] | undefined): { id?: number; byName?: ImportPlan['source']; missing?: string } {
  const idInFile = typeof file.request[SOURCE_ID_FIELD] === 'number' ? file.request[SOURCE_ID_FIELD] : undefined;
  if (file.sourceName === undefined || sources === undefined) {
    return { id: idInFile };
  }
  const matches = sources.filter((source) => source.name === file.sourceName);
  if (matches.length === 0) {
    return { id: idInFile, missing: file.sourceName };
  }
  // Two sources of one name: the one the file's id names, if it is one of them.
  const chosen = matches.find((source) => source.id === idInFile) ?? matches[0];
  return { id: chosen.id, byName: { name: file.sourceName, id: chosen.id, idInFile } };
}

/** The import of the project that the desired one would make twice: the same type, warehouse source and table. */
export function sameImport(desired: Json, existing: readonly WarehouseImport[] | undefined): WarehouseImport | undefined {
  const table = canonicalJson(desired.table_params ?? {});
  return existing?.find((candidate) => {
    const raw = isJson(candidate.raw) ? candidate.raw : {};
    return (candidate.importType ?? raw.import_type) === desired.import_type
      && candidate.warehouseSourceId === desired[SOURCE_ID_FIELD]
      && canonicalJson(candidate.tableParams) === table;
  });
}

export function planImport({ file, live, sources, meta, existing }: PlanInput): ImportPlan {
  const resolved = resolveSource(file, sources);
  const desired: Json = { ...file.request };
  if (resolved.id !== undefined) {
    desired[SOURCE_ID_FIELD] = resolved.id;
  }
  const blockers: PlanBlocker[] = resolved.missing !== undefined ? [{ kind: 'sourceNotFound', name: resolved.missing }] : [];
  const known = requestFields(meta, desired.import_type);
  const unknown = Object.keys(desired).filter((field) => !known.includes(field));
  if (unknown.length > 0) {
    blockers.push({ kind: 'unknownFields', fields: unknown });
  }
  const common = { projectId: file.projectId, source: resolved.byName, sourcesUnread: file.sourceName !== undefined && sources === undefined };
  // Two parts, so that a plan made again can say which side moved: the file, or Mixpanel.
  const keyOf = (liveFile: Json | undefined) => canonicalJson({
    file: { project: file.projectId, importId: file.importId ?? null, request: file.request, sourceName: file.sourceName ?? null },
    mixpanel: { live: liveFile ?? null, sourceId: resolved.id ?? null, twin: sameImport(desired, existing)?.id ?? null },
  });

  if (live === 'gone') {
    return { ...common, action: 'none', importId: file.importId, changes: [], blockers: [...blockers, { kind: 'importGone', importId: file.importId ?? 0 }], key: keyOf(undefined) };
  }
  if (live === undefined) {
    const importType = String(desired.import_type ?? '');
    if (!Object.hasOwn(meta.create, importType)) {
      blockers.push({ kind: 'notCreatable', importType });
    }
    const twin = sameImport(desired, existing);
    if (twin) {
      blockers.push({ kind: 'existsAs', importId: twin.id });
    }
    const changes = Object.entries(desired).filter(([, value]) => present(value) !== undefined).map(([field, after]) => ({ field, before: undefined, after, inPlace: true }));
    return { ...common, action: 'create', request: desired, changes, blockers, key: keyOf(undefined) };
  }

  const raw = isJson(live.raw) ? live.raw : {};
  const liveFile = orderedLike(importFileOf(live, sources?.find((source) => source.id === live.warehouseSourceId), meta), file.keys);
  const fields = [...new Set([...requestFields(meta, raw.import_type ?? desired.import_type), ...Object.keys(desired)])];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const inPlace = meta.inPlace.includes(field);
    const before = present(raw[field]);
    const after = present(desired[field]);
    // A field Mixpanel changes in place that the file leaves out is left as it is.
    if (inPlace && after === undefined) {
      continue;
    }
    if (canonicalJson(before) !== canonicalJson(after)) {
      changes.push({ field, before, after, inPlace });
    }
  }
  const notInPlace = changes.filter((change) => !change.inPlace).map((change) => change.field);
  if (notInPlace.length > 0) {
    blockers.push({ kind: 'notInPlace', fields: notInPlace });
  }
  const key = keyOf({ ...liveFile, paused: live.paused });
  if (changes.length === 0) {
    return { ...common, action: 'none', importId: live.id, changes, blockers, liveFile, livePaused: live.paused, key };
  }
  const runEvery = changes.find((change) => change.field === 'run_every')?.after ?? live.runEveryNs;
  if (!isDocumentedSchedule(runEvery)) {
    blockers.push({ kind: 'scheduleUnknown' });
  }
  const request: Json = { paused: live.paused, run_every: runEvery };
  const databricks = changes.find((change) => change.field === 'databricks_params');
  if (databricks) {
    request.databricks_params = databricks.after ?? null;
  }
  return { ...common, action: 'update', importId: live.id, request, changes, blockers, liveFile, livePaused: live.paused, key };
}

/** Which side of a plan moved since `shownKey` was made: the file (an edit), else Mixpanel. */
export function movedSide(shownKey: string, plan: ImportPlan): 'file' | 'mixpanel' {
  const fileOf = (key: string): string => {
    try {
      return canonicalJson((JSON.parse(key) as { file?: unknown }).file);
    } catch {
      return key;
    }
  };
  return fileOf(shownKey) !== fileOf(plan.key) ? 'file' : 'mixpanel';
}

/** Whether Apply may send the plan: something to do, and nothing in the way. */
export function applicable(plan: ImportPlan): boolean {
  return plan.action !== 'none' && plan.blockers.length === 0;
}
