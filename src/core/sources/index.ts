import { SourceFetchers } from '../engine/source';
import { cloudImportKind } from './cloudImport';
import { SourceKinds } from './kind';
import { warehouseKind } from './warehouse';

/**
 * Every kind of source, each from its own module, in the order a project lists them. A kind missing
 * here is a compile error; so is every `switch` over kinds that does not name it.
 */
export const SOURCE_KINDS: SourceKinds = {
  warehouse: warehouseKind,
  cloudImport: cloudImportKind,
};

/** The same table as the engine sees it: how to fetch each kind, nothing of how it is shown. */
export const SOURCE_FETCHERS: SourceFetchers = SOURCE_KINDS;
