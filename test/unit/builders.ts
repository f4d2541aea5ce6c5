import { ConnectorEntry, ProjectEntry } from '../../src/core/engine/model';
import { Connector, Run, RunStatus } from '../../src/mixpanel/types';

/** Small builders: a test names what matters to it and takes defaults for the rest. */

export function aConnector(overrides: Partial<Connector> = {}): Connector {
  return { family: 'cloudImport', id: 'connector-1', projectId: 1, label: 'Orders', type: 'gcsImport', bucket: 'acme', prefix: 'orders/', raw: {}, ...overrides };
}

export function aRun(overrides: Partial<Run> & { status?: RunStatus } = {}): Run {
  const status = overrides.status ?? 'success';
  const startTime = 'startTime' in overrides ? overrides.startTime : Date.UTC(2026, 10, 1, 7);
  const connectorId = overrides.connectorId ?? 'connector-1';
  return {
    key: `${connectorId}/${startTime ?? 'unstarted'}/0`,
    connectorId,
    status,
    rawStatus: status,
    startTime,
    endTime: status === 'success' || status === 'failed' ? (startTime ?? 0) + 600_000 : undefined,
    counters: {},
    raw: {},
    ...overrides,
  };
}

export function anEntry(overrides: Partial<ConnectorEntry> = {}): ConnectorEntry {
  return { connector: aConnector(), runs: [aRun()], ...overrides };
}

export function aProject(overrides: Partial<ProjectEntry> = {}): ProjectEntry {
  return { id: 1, name: 'Project 1', state: 'ready', connectors: [anEntry()], failures: 0, fromCache: false, lastSuccessAt: Date.UTC(2026, 10, 1, 8), ...overrides };
}
