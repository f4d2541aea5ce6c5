import { AccountApi } from './account';
import { CloudImportApi } from './cloudImport';
import { RequestOptions, Transport, TransportOptions } from './transport';
import { AccountInfo, CloudImportConnector, Run, WarehouseImport, WarehouseRun, WarehouseSourceInfo } from './types';
import { ImportUpdate, WarehouseApi } from './warehouse';

export type { RequestLogEntry, RequestOptions, TransportOptions as MixpanelClientOptions } from './transport';

/**
 * The Mixpanel App API as the extension uses it: one transport, and each API family beside the
 * others. Every method resolves to domain types or rejects with a `MixpanelApiError`.
 */
export class MixpanelClient {
  private readonly transport: Transport;
  readonly account: AccountApi;
  readonly cloudImport: CloudImportApi;
  readonly warehouse: WarehouseApi;

  constructor(options: TransportOptions) {
    this.transport = new Transport(options);
    this.account = new AccountApi(this.transport);
    this.cloudImport = new CloudImportApi(this.transport);
    this.warehouse = new WarehouseApi(this.transport);
  }

  /** The API base URL requests go to (no credentials in it). */
  get apiBaseUrl(): string {
    return this.transport.apiBaseUrl;
  }

  /** Who the service account is and which projects it can see. Also the sign-in check. */
  me(options?: RequestOptions): Promise<AccountInfo> {
    return this.account.me(options);
  }

  listConnectors(projectId: number, options?: RequestOptions): Promise<CloudImportConnector[]> {
    return this.cloudImport.listConnectors(projectId, options);
  }

  getConnector(projectId: number, connectorId: string, options?: RequestOptions): Promise<CloudImportConnector> {
    return this.cloudImport.getConnector(projectId, connectorId, options);
  }

  listRuns(projectId: number, connectorId: string, options?: RequestOptions): Promise<Run[]> {
    return this.cloudImport.listRuns(projectId, connectorId, options);
  }

  listWarehouseImports(projectId: number, options?: RequestOptions): Promise<WarehouseImport[]> {
    return this.warehouse.listImports(projectId, options);
  }

  getWarehouseImport(projectId: number, importId: number, options?: RequestOptions): Promise<WarehouseImport> {
    return this.warehouse.getImport(projectId, importId, options);
  }

  listWarehouseRuns(projectId: number, importId: number, options?: RequestOptions): Promise<WarehouseRun[]> {
    return this.warehouse.listRuns(projectId, importId, options);
  }

  listWarehouseSources(projectId: number, options?: RequestOptions): Promise<WarehouseSourceInfo[]> {
    return this.warehouse.listSources(projectId, options);
  }

  startWarehouseSync(projectId: number, importId: number, options?: RequestOptions): Promise<string | undefined> {
    return this.warehouse.startSync(projectId, importId, options);
  }

  updateWarehouseImport(projectId: number, importId: number, update: ImportUpdate, options?: RequestOptions): Promise<WarehouseImport> {
    return this.warehouse.updateImport(projectId, importId, update, options);
  }

  createWarehouseImport(projectId: number, request: Readonly<Record<string, unknown>>, options?: RequestOptions): Promise<WarehouseImport> {
    return this.warehouse.createImport(projectId, request, options);
  }

  deleteWarehouseImport(projectId: number, importId: number, options?: RequestOptions): Promise<void> {
    return this.warehouse.deleteImport(projectId, importId, options);
  }
}
