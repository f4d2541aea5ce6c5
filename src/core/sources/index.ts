import { SourceHealthTable } from '../health/judgement';
import { SourceReaders } from '../model/source';
import { cloudImportKind } from './cloudImport/cloudImportKind';
import { SourceKinds } from './kind';
import { warehouseKind } from './warehouse/warehouseKind';

/**
 * Every kind of source, each from its own folder, in the order a project lists them. A kind missing
 * here is a compile error; so is every `switch` over kinds that does not name it.
 */
export const SOURCE_KINDS: SourceKinds = {
  warehouse: warehouseKind,
  cloudImport: cloudImportKind,
};

/** The same table as the engine sees it: how to read each kind, nothing of how it is shown. */
export const SOURCE_READERS: SourceReaders = {
  warehouse: warehouseKind.reading,
  cloudImport: cloudImportKind.reading,
};

/** The kinds that opted in to health, as the monitor and the Health page see them. */
export const SOURCE_HEALTH: SourceHealthTable = {
  warehouse: warehouseKind.health,
  cloudImport: cloudImportKind.health,
};
