import { SessionApi } from '../../../src/core/engine/session';
import { ImportUpdate } from '../../../src/mixpanel/warehouse';
import { parseConnectors, parseRuns } from '../../../src/mixpanel/cloudImport';
import { MixpanelApiError } from '../../../src/mixpanel/errors';
import { AccountInfo, CloudImportConnector, Run, WarehouseImport, WarehouseRun } from '../../../src/mixpanel/types';
import { parseWarehouseImports, parseWarehouseRuns } from '../../../src/mixpanel/warehouse';
import { FakeMixpanel } from '../../fake-mixpanel/fakeMixpanel';

interface Fault {
  readonly path: RegExp;
  readonly error?: () => MixpanelApiError;
  /** The answer is made when asked, and given when the test releases it. */
  readonly hold?: boolean;
  times?: number;
}

/**
 * Core's API port in memory: the fake Mixpanel's projects (raw records, as Mixpanel sends them)
 * read through the real parsers, with no socket. Requests are recorded with the paths the client
 * would use; faults are the client's typed errors; a held answer arrives when the test says.
 */
export class InMemoryMixpanel implements SessionApi {
  /** The data only: this server is never started. */
  readonly data = new FakeMixpanel();
  readonly requests: Array<{ readonly path: string; readonly method: string }> = [];
  private faults: Fault[] = [];
  private readonly held: Array<() => void> = [];

  addFault(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clearFaults(): void {
    this.faults = [];
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  requestsTo(pattern: RegExp, method?: string): Array<{ readonly path: string; readonly method: string }> {
    return this.requests.filter((request) => pattern.test(request.path) && (method === undefined || request.method === method));
  }

  /** Gives every held answer. */
  release(): void {
    for (const give of this.held.splice(0)) {
      give();
    }
  }

  me(): Promise<AccountInfo> {
    return this.answer('/api/app/me', () => ({
      userId: this.data.userId,
      projects: [...this.data.projects.values()]
        .filter((project) => !this.data.memberOf || this.data.memberOf.has(project.id))
        .map((project) => ({ id: project.id, name: project.name })),
      organizations: new Map(),
    }));
  }

  listConnectors(projectId: number): Promise<CloudImportConnector[]> {
    return this.answer(`/api/app/projects/${projectId}/connectors`, () => parseConnectors(this.cloudImport(projectId).connectors, projectId).items);
  }

  listRuns(projectId: number, connectorId: string): Promise<Run[]> {
    return this.answer(`/api/app/projects/${projectId}/connectors/${connectorId}/history`, () => {
      const project = this.cloudImport(projectId);
      if (!project.connectors.some((record) => (record.connector_id ?? record.connectorId) === connectorId)) {
        throw new MixpanelApiError('notFound', { status: 404, serverMessage: `Connector ${connectorId} not found` });
      }
      return parseRuns(structuredClone(project.history.get(connectorId) ?? []), connectorId).items;
    });
  }

  listWarehouseImports(projectId: number): Promise<WarehouseImport[]> {
    return this.answer(`/api/app/projects/${projectId}/warehouse-sources/imports`, () =>
      parseWarehouseImports({ status: 'ok', results: structuredClone(this.member(projectId).warehouseImports) }, projectId).items);
  }

  listWarehouseRuns(projectId: number, importId: number): Promise<WarehouseRun[]> {
    return this.answer(`/api/app/projects/${projectId}/warehouse-sources/imports/${importId}/history`, () =>
      parseWarehouseRuns({ status: 'ok', results: { runs: structuredClone(this.member(projectId).warehouseHistory.get(importId) ?? []) } }, importId).items);
  }

  startWarehouseSync(projectId: number, importId: number): Promise<string | undefined> {
    return this.answer(`/api/app/projects/${projectId}/warehouse-sources/imports/${importId}/manual-sync`, () => {
      const runs = this.member(projectId).warehouseHistory.get(importId) ?? [];
      this.member(projectId).warehouseHistory.set(importId, [{ status: 'RUNNING', start_time: Math.floor(this.data.now() / 1000), end_time: null, num_events_imported: null }, ...runs]);
      return `in-memory-run-${runs.length + 1}`;
    }, 'PUT');
  }

  getWarehouseImport(projectId: number, importId: number): Promise<WarehouseImport> {
    return this.answer(`/api/app/projects/${projectId}/warehouse-sources/imports/${importId}`, () => {
      const record = this.member(projectId).warehouseImports.find((candidate) => candidate.id === importId);
      if (!record) {
        throw new MixpanelApiError('notFound', { status: 404 });
      }
      return parseWarehouseImports({ status: 'ok', results: [structuredClone(record)] }, projectId).items[0];
    }, 'GET');
  }

  updateWarehouseImport(projectId: number, importId: number, update: ImportUpdate): Promise<WarehouseImport> {
    return this.answer(`/api/app/projects/${projectId}/warehouse-sources/imports/${importId}`, () => {
      const record = this.member(projectId).warehouseImports.find((candidate) => candidate.id === importId);
      if (!record) {
        throw new MixpanelApiError('notFound', { status: 404 });
      }
      Object.assign(record, { paused: update.paused, run_every: update.runEveryNs });
      return parseWarehouseImports({ status: 'ok', results: [structuredClone(record)] }, projectId).items[0];
    }, 'PATCH');
  }

  private cloudImport(projectId: number) {
    const project = this.member(projectId);
    if (!project.cloudImport) {
      throw new MixpanelApiError('notFound', { status: 404, serverMessage: 'Not found' });
    }
    return project;
  }

  private member(projectId: number) {
    const project = this.data.projects.get(projectId);
    if (!project || (this.data.memberOf && !this.data.memberOf.has(projectId))) {
      throw new MixpanelApiError('permission', { status: 403, serverMessage: `User ${this.data.userId} is not a member of project ${projectId}.` });
    }
    return project;
  }

  private answer<T>(path: string, value: () => T, method = 'GET'): Promise<T> {
    this.requests.push({ path, method });
    const index = this.faults.findIndex((candidate) => candidate.path.test(path));
    const fault = index >= 0 ? this.faults[index] : undefined;
    if (fault?.times !== undefined && --fault.times <= 0) {
      this.faults.splice(index, 1);
    }
    let outcome: () => T;
    try {
      const result = fault?.error ? undefined : value();
      outcome = fault?.error ? () => { throw fault.error!(); } : () => result as T;
    } catch (error) {
      outcome = () => { throw error; };
    }
    if (fault?.hold) {
      return new Promise<T>((resolve, reject) => this.held.push(() => {
        try {
          resolve(outcome());
        } catch (error) {
          reject(error);
        }
      }));
    }
    return Promise.resolve().then(outcome);
  }
}
