import { WarehouseImport } from '../../../mixpanel/types';
import { ImportUpdate } from '../../../mixpanel/warehouse';
import { SourcesApi } from '../../model/source';

/** The calls that change warehouse imports; `MixpanelClient` is the implementation. */
export interface WarehouseActions {
  /** Never retried: Mixpanel allows 5 an hour. */
  startWarehouseSync(projectId: number, importId: number): Promise<string | undefined>;
  /** The import as Mixpanel holds it now: what a change is made against. */
  getWarehouseImport(projectId: number, importId: number): Promise<WarehouseImport>;
  updateWarehouseImport(projectId: number, importId: number, update: ImportUpdate): Promise<WarehouseImport>;
  /** A new import from a create request; never retried. */
  createWarehouseImport(projectId: number, request: Readonly<Record<string, unknown>>): Promise<WarehouseImport>;
  /** The import only: the data it imported stays. */
  deleteWarehouseImport(projectId: number, importId: number): Promise<void>;
}

/** What the warehouse's actions and import files ask of a running session: reading, and the writes above. */
export type WarehouseSessionApi = SourcesApi & WarehouseActions;
