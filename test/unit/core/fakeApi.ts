import { ConnectorsApi } from '../../../src/core/engine/refresher';
import { AccountInfo, Connector, Run, WarehouseImport, WarehouseRun } from '../../../src/mixpanel/types';

/**
 * An in-memory Mixpanel for the domain: no sockets. Each call waits for the test to release it,
 * and ignores the abort signal on purpose, so that an answer can arrive after its session ended
 * (a real server's answer can be on its way when the user signs out).
 */
export class HeldApi implements ConnectorsApi {
  readonly calls: string[] = [];
  /** The warehouse imports every project lists. */
  imports: WarehouseImport[] = [];
  private readonly held: Array<() => void> = [];

  constructor(
    private readonly data: { projects: Record<number, { name: string; connectors: Connector[]; runs: Record<string, Run[]> }> },
    private readonly hold = true,
  ) {}

  /** Lets every call made so far answer. */
  releaseAll(): void {
    for (const release of this.held.splice(0)) {
      release();
    }
  }

  me(): Promise<AccountInfo> {
    return this.answer('me', () => ({
      projects: Object.entries(this.data.projects).map(([id, project]) => ({ id: Number(id), name: project.name })),
      organizations: new Map(),
    }));
  }

  listConnectors(projectId: number): Promise<Connector[]> {
    return this.answer(`connectors ${projectId}`, () => this.data.projects[projectId]?.connectors ?? []);
  }

  listRuns(projectId: number, connectorId: string): Promise<Run[]> {
    return this.answer(`runs ${projectId} ${connectorId}`, () => this.data.projects[projectId]?.runs[connectorId] ?? []);
  }

  listWarehouseImports(): Promise<WarehouseImport[]> {
    return Promise.resolve(this.imports);
  }

  listWarehouseRuns(): Promise<WarehouseRun[]> {
    return Promise.resolve([]);
  }

  private answer<T>(call: string, value: () => T): Promise<T> {
    this.calls.push(call);
    if (!this.hold) {
      return Promise.resolve(value());
    }
    return new Promise((resolve) => this.held.push(() => resolve(value())));
  }
}

/** Lets pending promise callbacks run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}
