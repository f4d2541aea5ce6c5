import { SourceEntry, ProjectEntry } from '../../src/core/model/entries';
import { CloudImportSource, cloudImportSource, SourceRef, WarehouseSource, warehouseSource } from '../../src/core/model/source';
import { CloudImportConnector, Run, RunStatus, WarehouseImport } from '../../src/mixpanel/types';

/** Small builders: a test names what matters to it and takes defaults for the rest. */

/** A Cloud Import connector as a source. */
export function aConnector(overrides: Partial<CloudImportConnector> = {}): CloudImportSource {
  return cloudImportSource({ id: 'connector-1', projectId: 1, label: 'Orders', type: 'gcsImport', bucket: 'acme', prefix: 'orders/', raw: {}, ...overrides });
}

/** A warehouse import as a source. */
export function anImport(overrides: Partial<WarehouseImport> = {}): WarehouseSource {
  return warehouseSource({ id: 40123, projectId: 1, tableParams: { table_name: 'events' }, paused: false, raw: {}, ...overrides });
}

/** Which Cloud Import connector: `connector-1` of project 1 unless told. */
export function connectorRef(id = 'connector-1', projectId = 1): SourceRef {
  return { projectId, kind: 'cloudImport', id };
}

/** Which warehouse import. */
export function importRef(importId: number, projectId = 1): SourceRef {
  return { projectId, kind: 'warehouse', id: String(importId) };
}

/** `owner` starts the run's key, as the parsers start it with the source's id. */
export function aRun(overrides: Partial<Run> & { status?: RunStatus; owner?: string } = {}): Run {
  const { owner = 'connector-1', ...fields } = overrides;
  const status = fields.status ?? 'success';
  const startTime = 'startTime' in fields ? fields.startTime : Date.UTC(2026, 10, 1, 7);
  return {
    key: `${owner}/${startTime ?? 'unstarted'}/0`,
    status,
    rawStatus: status,
    startTime,
    endTime: status === 'success' || status === 'failed' ? (startTime ?? 0) + 600_000 : undefined,
    counters: {},
    raw: {},
    ...fields,
  };
}

export function anEntry(overrides: Partial<SourceEntry> = {}): SourceEntry {
  return { source: aConnector(), runs: [aRun()], ...overrides };
}

export function aProject(overrides: Partial<ProjectEntry> = {}): ProjectEntry {
  return { id: 1, name: 'Project 1', state: 'ready', sources: [anEntry()], failures: 0, fromCache: false, lastSuccessAt: Date.UTC(2026, 10, 1, 8), ...overrides };
}
