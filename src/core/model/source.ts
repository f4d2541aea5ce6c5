import { RequestOptions } from '../../mixpanel/client';
import { AccountInfo, CloudImportConnector, Run, WarehouseImport, WarehouseRun, WarehouseSourceInfo } from '../../mixpanel/types';

/**
 * A source is anything with runs. Each kind is one variant holding what its API describes, and
 * nothing of the others; a source is named by its project, its kind and the id its API gives it,
 * so that no id has to be read for what it means.
 */

export type SourceKind = 'cloudImport' | 'warehouse';

const KINDS: Record<SourceKind, true> = { cloudImport: true, warehouse: true };

/** For text from outside (a row id, a panel's saved state): whether it names a kind. */
export function isSourceKind(value: unknown): value is SourceKind {
  return typeof value === 'string' && Object.hasOwn(KINDS, value);
}

export interface CloudImportSource {
  readonly kind: 'cloudImport';
  readonly projectId: number;
  /** The connector's id, as the API gives it. */
  readonly id: string;
  readonly connector: CloudImportConnector;
}

export interface WarehouseSource {
  readonly kind: 'warehouse';
  readonly projectId: number;
  /** The import's id, as text. */
  readonly id: string;
  readonly warehouseImport: WarehouseImport;
}

export type Source = CloudImportSource | WarehouseSource;

export type SourceOfKind<K extends SourceKind> = Extract<Source, { readonly kind: K }>;

/** Which source something is about. */
export interface SourceRef {
  readonly projectId: number;
  readonly kind: SourceKind;
  readonly id: string;
}

export function refOf(source: SourceRef): SourceRef {
  return { projectId: source.projectId, kind: source.kind, id: source.id };
}

export function sameSource(a: SourceRef, b: SourceRef): boolean {
  return a.projectId === b.projectId && a.kind === b.kind && a.id === b.id;
}

/**
 * A key for maps of sources across projects. Made here only and never read back: whoever needs
 * the parts holds the ref.
 */
/** "123/warehouse/abc": how a person, a command line and an agent name a source and name it back. */
export function refText(ref: SourceRef): string {
  return `${ref.projectId}/${ref.kind}/${ref.id}`;
}

export function sourceKey(ref: SourceRef): string {
  return JSON.stringify([ref.projectId, ref.kind, ref.id]);
}

export function cloudImportSource(connector: CloudImportConnector): CloudImportSource {
  return { kind: 'cloudImport', projectId: connector.projectId, id: connector.id, connector };
}

export function warehouseSource(warehouseImport: WarehouseImport): WarehouseSource {
  return { kind: 'warehouse', projectId: warehouseImport.projectId, id: String(warehouseImport.id), warehouseImport };
}

/** The end of an exhaustive `switch`: a new kind (of source, of record) makes this line a compile error. */
export function assertNever(value: never): never {
  throw new Error(`Not handled: ${JSON.stringify(value)}`);
}

/** The calls the engine makes to Mixpanel; `MixpanelClient` is the implementation. */
export interface SourcesApi {
  me(options?: RequestOptions): Promise<AccountInfo>;
  listConnectors(projectId: number, options?: RequestOptions): Promise<CloudImportConnector[]>;
  listRuns(projectId: number, connectorId: string, options?: RequestOptions): Promise<Run[]>;
  listWarehouseImports(projectId: number, options?: RequestOptions): Promise<WarehouseImport[]>;
  listWarehouseRuns(projectId: number, importId: number, options?: RequestOptions): Promise<WarehouseRun[]>;
  listWarehouseSources(projectId: number, options?: RequestOptions): Promise<WarehouseSourceInfo[]>;
}

/** What the engine knows of a source between two looks: enough for a kind to plan by. */
export interface SourceHistory<S extends Source = Source> {
  readonly source: S;
  readonly runs: readonly Run[];
  /** When its runs were last read. */
  readonly updatedAt?: number;
  readonly runsFailed: boolean;
}

/**
 * How the engine reads a kind of source: how to list it, how to read its runs, whether its runs
 * may have changed, when to look next. Each kind's module in `core/sources/` implements it; the
 * composition root hands the table of them to the engine, which imports no kind.
 */
export interface SourceReading<S extends Source = Source> {
  /** The project's sources of this kind; rejects with a `notFound` error when the project has none of this API. */
  list(api: SourcesApi, projectId: number, options: RequestOptions): Promise<S[]>;
  readRuns(api: SourcesApi, source: S, options: RequestOptions): Promise<Run[]>;
  /**
   * False when the listed source shows that its runs are as last read: they are not asked for.
   * A kind whose list says nothing of its runs leaves it out, and its runs are read every time.
   */
  runsMayHaveChanged?(previous: SourceHistory<S>, listed: S, now: number): boolean;
  /** When a run the source plans for itself (a schedule) is due to be looked at, after `lastLook`. */
  nextScheduledLook(history: SourceHistory<S>, lastLook: number, now: number): number | undefined;
}

/** One reader per kind, in the order the tree lists them within a project. */
export type SourceReaders = { readonly [K in SourceKind]: SourceReading<SourceOfKind<K>> };

export function readerOf<S extends Source>(readers: SourceReaders, source: S): SourceReading<S> {
  return readers[source.kind] as unknown as SourceReading<S>;
}
