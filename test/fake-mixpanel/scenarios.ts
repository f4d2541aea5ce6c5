import { FakeMixpanel, FakeProject, JsonRecord } from './fakeMixpanel';
import { fixtureText } from './fixtures';

/**
 * Data for the fake server: the published samples byte for byte, generated projects of any size,
 * and a scenario whose runs move on over time for the demo.
 */

export { FIXTURES_FOLDER, fixtureText } from './fixtures';

export function fixture<T = JsonRecord>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

function fixtureData(name: string): JsonRecord[] {
  return (fixture<{ results: { data: JsonRecord[] } }>(name)).results.data;
}

export const SAMPLE_PROJECT_ID = 1001;
export const SAMPLE_FAILED_CONNECTOR_ID = '232f40cc-7ccc-4da3-b9c3-d8c1d14142c6';
export const SAMPLE_SUCCESS_CONNECTOR_ID = '2c1ca81a-695d-4412-8161-75feec489016';
export const SAMPLE_RUNNING_CONNECTOR_ID = '5b0e7c1d-3f52-4e1a-9d4c-1a2b3c4d5e6f';
export const SAMPLE_QUEUED_CONNECTOR_ID = '8e9f0a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b';

/**
 * One project holding the two published connectors, with the published failed and success runs,
 * and two more connectors (S3 and GCS) holding the published running and queued runs, so that
 * every state of the reference page appears once. Warehouse imports come from their fixtures.
 */
export function addSampleProject(server: FakeMixpanel, id = SAMPLE_PROJECT_ID, name = 'Sample Project'): FakeProject {
  const [failedConnector, successConnector] = fixture<{ results: { data: JsonRecord[] } }>('connectors-list.json').results.data;
  const runningConnector: JsonRecord = {
    connector_id: SAMPLE_RUNNING_CONNECTOR_ID,
    label: 'Nightly orders',
    connector_type: 's3Import',
    connector_properties: { s3_bucket: 'acme-exports', s3_prefix: 'orders/daily', s3_region: 'us-east-1', s3_role: 'arn:aws:iam::123456789012:role/mixpanel-import' },
    category_properties: { data_format: 'mixpanel_event', compression: 'gzip' },
    status: 'active',
    created_at: '2020-09-15T08:00:00.000000Z',
    created_by: { email: 'data-team@example.com' },
  };
  const queuedConnector: JsonRecord = {
    connectorId: SAMPLE_QUEUED_CONNECTOR_ID,
    label: 'People backfill',
    connector_type: 'gcsImport',
    connector_properties: { gcs_bucket: 'acme-crm', gcs_prefix: 'people/' },
    category_properties: { data_format: 'mixpanel_people', compression: null },
    status: 'active',
    created_at: '1600243200',
    created_by: 'ops@example.com',
  };
  return server.addProject({
    id,
    name,
    connectors: [failedConnector, successConnector, runningConnector, queuedConnector],
    history: new Map([
      [SAMPLE_FAILED_CONNECTOR_ID, fixtureData('history-failed.json')],
      [SAMPLE_SUCCESS_CONNECTOR_ID, fixtureData('history-success.json')],
      [SAMPLE_RUNNING_CONNECTOR_ID, fixtureData('history-running.json')],
      [SAMPLE_QUEUED_CONNECTOR_ID, fixtureData('history-queued.json')],
    ]),
  });
}

export const SAMPLE_IMPORT_ID = 40123;
export const SAMPLE_PAUSED_IMPORT_ID = 40124;

/**
 * The published warehouse samples into a project: a BigQuery events import, hourly, whose newest
 * run is running (the history sample), and a Snowflake people import, daily and paused, that
 * last succeeded yesterday.
 */
/**
 * The column mappings that one import's answer holds beside the list's fields (the document's
 * `WarehouseImportDetail`), by import type: what an exported file needs to create the import again.
 */
export function detailFieldsOf(importType: string): JsonRecord {
  switch (importType) {
    case 'event_stream':
    case 'event_sync':
      return { event_column_name: 'event_name', time_column_name: 'event_time', user_column_name: 'user_id', insert_time_column_name: 'inserted_at', property_mappings: null };
    case 'people':
      return { user_column_name: 'USER_ID', insert_time_column_name: null, property_mappings: { EMAIL: '$email', NAME: '$name' } };
    case 'groups':
      return { group_key: 'company_id', group_id_column: 'ACCOUNT_ID', property_mappings: null };
    default:
      return {};
  }
}

export function addWarehouseSample(project: FakeProject): void {
  const imports = fixture<{ results: JsonRecord[] }>('warehouse-imports-list.json').results
    .map((record) => ({ ...record, ...detailFieldsOf(String(record.import_type)) }));
  const runs = fixture<{ results: { runs: JsonRecord[] } }>('warehouse-import-history.json').results.runs;
  project.warehouseImports.push(...imports);
  project.warehouseHistory.set(SAMPLE_IMPORT_ID, runs);
  project.warehouseHistory.set(SAMPLE_PAUSED_IMPORT_ID, [
    { status: 'SUCCEEDED', start_time: 1774861200, end_time: 1774861500, num_events_imported: 5210 },
  ]);
}

/**
 * A day of hourly syncs for the sample's BigQuery import, newest first: most succeed in 4 to 9
 * minutes with 120 to 190 thousand events, one failed after a minute, one was cancelled, and the
 * newest is running. Fixed numbers, so that screenshots compare from run to run.
 */
export function addImportDay(project: FakeProject, now: number): void {
  const hour = 3_600;
  const start = Math.floor(now / 1000 / hour) * hour;
  const minutes = [5, 7, 4, 6, 9, 5, 1, 6, 8, 5, 4, 7, 6, 5, 8, 6];
  const runs: JsonRecord[] = minutes.map((duration, index) => {
    const startTime = start - index * hour;
    if (index === 0) {
      return { status: 'RUNNING', start_time: startTime };
    }
    const status = index === 6 ? 'FAILED' : index === 11 ? 'CANCELLED' : 'SUCCEEDED';
    const events = status === 'SUCCEEDED' ? 120_000 + ((index * 7_919) % 70_000) : 0;
    return { status, start_time: startTime, end_time: startTime + duration * 60, num_events_imported: events };
  });
  project.warehouseHistory.set(SAMPLE_IMPORT_ID, runs);
}

const GO_ZERO_TIME = '0001-01-01 00:00:00 +0000 UTC';

/** Go's `time.String()` layout, as the history endpoint prints times. */
export function goTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)}000 +0000 UTC`;
}

export interface RunShape {
  status: 'queued' | 'running' | 'success' | 'failed';
  startMs?: number;
  endMs?: number;
  progress?: number;
  events?: number;
  errorMessage?: string;
}

/** A run record in the published sample's shape. */
export function runRecord(shape: RunShape): JsonRecord {
  const events = shape.events ?? 0;
  return {
    id: '',
    start_time: shape.startMs === undefined ? GO_ZERO_TIME : goTime(shape.startMs),
    end_time: shape.endMs === undefined ? '' : goTime(shape.endMs),
    status: shape.status,
    progress: shape.progress ?? (shape.status === 'success' ? 1 : 0),
    error: { message: shape.errorMessage ?? '', code: '' },
    connector_properties: {
      num_events_imported: events,
      num_events_processed: events + Math.floor(events / 100),
      num_events_dropped: Math.floor(events / 100),
      num_files_imported: Math.ceil(events / 25_000),
      size_imported: events * 412,
    },
  };
}

export function connectorRecord(id: string, label: string, index: number, storage: 'gcs' | 's3' = index % 2 === 1 ? 's3' : 'gcs'): JsonRecord {
  const s3 = storage === 's3';
  return {
    connector_id: id,
    label,
    connector_type: s3 ? 's3Import' : 'gcsImport',
    connector_properties: s3
      ? { s3_bucket: `acme-exports-${index}`, s3_prefix: `events/source-${index}`, s3_region: 'us-east-1', s3_role: 'arn:aws:iam::123456789012:role/mixpanel-import' }
      : { gcs_bucket: `acme-events-${index}`, gcs_prefix: `daily/source-${index}`, gcs_region: 'us' },
    category_properties: { data_format: 'mixpanel_event', compression: 'gzip' },
    status: 'active',
    created_at: '2024-01-15T09:30:00.000000Z',
    created_by: 'data-team@example.com',
  };
}

/**
 * A project of `connectors` connectors with `runsEach` finished runs each, an hour apart. The
 * first `active` connectors have a running run on top.
 */
export function addGeneratedProject(server: FakeMixpanel, id: number, connectors: number, runsEach: number, active = 0): FakeProject {
  const now = Date.now();
  const records: JsonRecord[] = [];
  const history = new Map<string, JsonRecord[]>();
  for (let index = 0; index < connectors; index++) {
    const connectorId = `00000000-0000-4000-8000-${String(id).padStart(4, '0')}${String(index).padStart(8, '0')}`;
    records.push(connectorRecord(connectorId, `Source ${index + 1}`, index));
    const runs: JsonRecord[] = [];
    if (index < active) {
      runs.push(runRecord({ status: 'running', startMs: now - 60_000, progress: 0.4 }));
    }
    for (let run = 0; run < runsEach; run++) {
      const startMs = now - (run + 1) * 3_600_000;
      runs.push(runRecord({ status: 'success', startMs, endMs: startMs + 300_000, events: 1000 + run }));
    }
    history.set(connectorId, runs);
  }
  return server.addProject({ id, name: `Generated ${id}`, connectors: records, history });
}

const DEMO_FAILURES = [
  'No compression specified but Gzip detected. Please submit a new request with correct compression as param',
  'Invalid permissions to access GCS bucket acme-marketing-raw: the service account needs roles/storage.objectViewer',
  'Malformed JSON on line 1042 of events-2026-11-25.json.gz: unexpected end of input',
];

interface Lane {
  connectorId: string;
  periodMs: number;
  offsetMs: number;
  queuedMs: number;
  runningMs: number;
  /** Which cycles fail. */
  fails: (cycle: number) => boolean;
  eventsPerRun: number;
}

/**
 * The demo: five connectors whose runs cycle through queued, running with rising progress, and
 * success or failure, on periods of one to three minutes (divided by `speed`), on top of a week
 * of daily history. The state is a pure function of the time since `startedAt`, so it needs no
 * timers. "Orders (S3)" fails first, about 70 s (divided by `speed`) after the start.
 */
interface ImportLane {
  importId: number;
  periodMs: number;
  offsetMs: number;
  runningMs: number;
  outcome: (cycle: number) => 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  eventsPerRun: number;
}

export class MovingScenario {
  private readonly lanes: Lane[] = [];
  private readonly importLanes: ImportLane[] = [];
  private readonly seeded = new Map<string, JsonRecord[]>();

  /** `manualRuns` gives the runs a Sync Now started, which the scenario keeps on top. */
  constructor(private readonly project: FakeProject, private readonly startedAt = Date.now(), speed = 1, private readonly manualRuns: (importId: number) => JsonRecord[] = () => []) {
    const definitions: Array<[string, 'gcs' | 's3', Partial<Lane>]> = [
      ['Web events', 'gcs', { periodMs: 90_000, offsetMs: 70_000, fails: () => false, eventsPerRun: 184_220 }],
      ['Orders (S3)', 's3', { periodMs: 120_000, offsetMs: 20_000, fails: (cycle) => cycle % 2 === 0, eventsPerRun: 52_310 }],
      ['', 'gcs', { periodMs: 150_000, offsetMs: 100_000, fails: () => false, eventsPerRun: 9_871 }],
      ['CRM people', 's3', { periodMs: 180_000, offsetMs: 150_000, fails: (cycle) => cycle % 3 === 2, eventsPerRun: 4_502 }],
      ['Marketing touchpoints', 'gcs', { periodMs: 60_000, offsetMs: 5_000, fails: () => false, eventsPerRun: 1_203_990 }],
    ];
    definitions.forEach(([label, storage, lane], index) => {
      const connectorId = `de300000-0000-4000-8000-00000000000${index + 1}`;
      const connector = connectorRecord(connectorId, label, index, storage);
      if (label === 'Orders (S3)') {
        // The connector whose files are gzip but whose setting says otherwise: the classic failure.
        connector.category_properties = { data_format: 'mixpanel_event', compression: 'none' };
      }
      project.connectors.push(connector);
      const periodMs = (lane.periodMs ?? 120_000) / speed;
      this.lanes.push({
        connectorId,
        periodMs,
        offsetMs: (lane.offsetMs ?? 0) / speed,
        queuedMs: periodMs * 0.15,
        runningMs: periodMs * 0.6,
        fails: lane.fails ?? (() => false),
        eventsPerRun: lane.eventsPerRun ?? 10_000,
      });
      const history: JsonRecord[] = [];
      for (let day = 1; day <= 7; day++) {
        const startMs = startedAt - (startedAt % 86_400_000) - day * 86_400_000 + 2 * 3_600_000 + index * 600_000;
        const failed = index === 1 && day === 3;
        history.push(runRecord({
          status: failed ? 'failed' : 'success',
          startMs,
          endMs: startMs + 420_000 + index * 30_000,
          progress: failed ? 0.35 : 1,
          events: failed ? 0 : lane.eventsPerRun ?? 10_000,
          errorMessage: failed ? DEMO_FAILURES[0] : undefined,
        }));
      }
      this.seeded.set(connectorId, history);
    });
    this.addImports(speed);
    addHealthDemo(this.project, this.startedAt);
    this.update();
  }

  /** Three warehouse imports whose runs go RUNNING, then SUCCEEDED, FAILED or CANCELLED. */
  private addImports(speed: number): void {
    const imports: Array<[number, Record<string, string>, string, string, number, Partial<ImportLane>]> = [
      [50001, { project_id: 'acme-analytics', dataset_name: 'events', table_name: 'web_events' }, 'event_stream', 'time_based', 3_600_000_000_000,
        { periodMs: 100_000, offsetMs: 40_000, outcome: () => 'SUCCEEDED', eventsPerRun: 84_120 }],
      [50002, { database: 'ANALYTICS', schema: 'CRM', table_name: 'ACCOUNTS' }, 'groups', 'mirror_mode', 86_400_000_000_000,
        { periodMs: 140_000, offsetMs: 10_000, outcome: (cycle) => (cycle % 2 === 0 ? 'FAILED' : 'SUCCEEDED'), eventsPerRun: 3_411 }],
      [50003, { catalog: 'main', schema: 'sales', table: 'orders' }, 'event_sync', 'full_sync', 0,
        { periodMs: 200_000, offsetMs: 120_000, outcome: (cycle) => (cycle % 3 === 1 ? 'CANCELLED' : 'SUCCEEDED'), eventsPerRun: 12_904 }],
    ];
    for (const [id, tableParams, importType, syncMode, runEvery, lane] of imports) {
      this.project.warehouseImports.push({
        id, import_type: importType, sync_mode: syncMode, created: '2026-03-02T10:15:00Z', creator_id: 101, creator_name: 'Data Team',
        creator_email: 'data-team@example.com', warehouse_source_id: 7000 + (id % 10), table_params: tableParams, paused: false,
        run_every: runEvery, last_dispatch: Math.floor(this.startedAt / 1000), is_deleted: false, ...detailFieldsOf(importType),
      });
      const periodMs = (lane.periodMs ?? 120_000) / speed;
      this.importLanes.push({ importId: id, periodMs, offsetMs: (lane.offsetMs ?? 0) / speed, runningMs: periodMs * 0.5, outcome: lane.outcome ?? (() => 'SUCCEEDED'), eventsPerRun: lane.eventsPerRun ?? 1000 });
    }
  }

  /** Rebuilds every connector's history for the time `now`. */
  update(now = Date.now()): void {
    const elapsed = now - this.startedAt;
    for (const lane of this.lanes) {
      const runs: JsonRecord[] = [];
      const position = elapsed + lane.offsetMs;
      const currentCycle = Math.floor(position / lane.periodMs);
      for (let cycle = currentCycle; cycle >= 0 && runs.length < 15; cycle--) {
        const cycleStart = this.startedAt - lane.offsetMs + cycle * lane.periodMs;
        const phase = now - cycleStart;
        const startMs = cycleStart + lane.queuedMs;
        const endMs = startMs + lane.runningMs;
        if (endMs < this.startedAt) {
          // A cycle that had ended before the demo began is covered by the seeded history.
          continue;
        }
        if (phase < lane.queuedMs) {
          runs.push(runRecord({ status: 'queued' }));
        } else if (phase < lane.queuedMs + lane.runningMs) {
          const progress = Math.round(((phase - lane.queuedMs) / lane.runningMs) * 100) / 100;
          runs.push(runRecord({ status: 'running', startMs, progress, events: Math.floor(lane.eventsPerRun * progress) }));
        } else if (lane.fails(cycle)) {
          runs.push(runRecord({ status: 'failed', startMs, endMs, progress: 0.35, errorMessage: DEMO_FAILURES[cycle % DEMO_FAILURES.length] }));
        } else {
          runs.push(runRecord({ status: 'success', startMs, endMs, events: lane.eventsPerRun }));
        }
      }
      this.project.history.set(lane.connectorId, [...runs, ...(this.seeded.get(lane.connectorId) ?? [])]);
    }
    for (const lane of this.importLanes) {
      const runs: JsonRecord[] = [];
      const currentCycle = Math.floor((elapsed + lane.offsetMs) / lane.periodMs);
      // A day of history before the demo began, then the cycles since.
      for (let cycle = currentCycle; cycle >= -24 && runs.length < 30; cycle--) {
        const startMs = this.startedAt - lane.offsetMs + cycle * lane.periodMs;
        if (startMs > now) {
          continue;
        }
        const endMs = startMs + lane.runningMs;
        const status = endMs > now ? 'RUNNING' : lane.outcome(cycle);
        runs.push({
          status,
          start_time: Math.floor(startMs / 1000),
          end_time: status === 'RUNNING' ? null : Math.floor(endMs / 1000),
          num_events_imported: status === 'SUCCEEDED' ? lane.eventsPerRun : status === 'FAILED' ? 0 : null,
        });
      }
      const manual = this.manualRuns(lane.importId);
      const merged = [...manual, ...runs].sort((a, b) => (b.start_time as number) - (a.start_time as number));
      this.project.warehouseHistory.set(lane.importId, merged.slice(0, 30));
    }
  }
}

/** The warehouse connections the health demo's imports name (and the moving imports' 7001–7003). */
export const DEMO_WAREHOUSE_SOURCES = [
  { id: 7001, source_name: 'bq-prod', warehouse_type: 'bigquery', created: '2026-01-10T09:00:00Z' },
  { id: 7002, source_name: 'snowflake-analytics', warehouse_type: 'snowflake', created: '2026-01-10T09:00:00Z' },
  { id: 7003, source_name: 'databricks-lakehouse', warehouse_type: 'databricks', created: '2026-01-10T09:00:00Z' },
];

const HOUR_MS = 3_600_000;

/**
 * One import for each health finding, so that a first Health page has something in it: one that
 * stopped running (late, then stale), one whose run hangs, a success with no events, a drop to
 * 30 %, a triple spike, and a paused Mirror import on BigQuery two days from its 21-day limit.
 * Their histories are fixed relative to `now`.
 */
export function addHealthDemo(project: FakeProject, now: number): void {
  project.warehouseSources = DEMO_WAREHOUSE_SOURCES;
  const hourly = 3_600_000_000_000;
  const daily = 86_400_000_000_000;
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const history = (count: number, newestStart: number, everyMs: number, durationMs: number, events: (index: number) => number) =>
    Array.from({ length: count }, (_, index) => {
      const start = newestStart - index * everyMs;
      return { status: 'SUCCEEDED', start_time: seconds(start), end_time: seconds(start + durationMs), num_events_imported: events(index) };
    });
  const demo: Array<{ id: number; table: Record<string, string>; syncMode: string; runEvery: number; paused?: boolean; lastDispatch: number; runs: JsonRecord[] }> = [
    { id: 50101, table: { project_id: 'acme-analytics', dataset_name: 'events', table_name: 'orders_events' }, syncMode: 'time_based', runEvery: hourly,
      lastDispatch: now - 3 * HOUR_MS, runs: history(30, now - 3 * HOUR_MS, HOUR_MS, 6 * 60_000, () => 52_000) },
    { id: 50102, table: { database: 'ANALYTICS', schema: 'BILLING', table_name: 'INVOICES' }, syncMode: 'time_based', runEvery: daily,
      lastDispatch: now - 4 * HOUR_MS, runs: [
        { status: 'RUNNING', start_time: seconds(now - 4 * HOUR_MS), end_time: null, num_events_imported: null },
        ...history(12, now - 28 * HOUR_MS, 24 * HOUR_MS, 5 * 60_000, () => 8_400),
      ] },
    { id: 50103, table: { project_id: 'acme-analytics', dataset_name: 'app', table_name: 'signups' }, syncMode: 'time_based', runEvery: hourly,
      lastDispatch: now - 20 * 60_000, runs: history(30, now - 20 * 60_000, HOUR_MS, 4 * 60_000, (index) => index === 0 ? 0 : 1_900 + (index % 5) * 40) },
    { id: 50104, table: { catalog: 'main', schema: 'web', table: 'page_views' }, syncMode: 'time_based', runEvery: hourly,
      lastDispatch: now - 25 * 60_000, runs: history(30, now - 25 * 60_000, HOUR_MS, 7 * 60_000, (index) => index === 0 ? 36_000 : 120_000 + (index % 4) * 1_500) },
    { id: 50105, table: { database: 'ANALYTICS', schema: 'CRM', table_name: 'CONTACTS_HISTORY' }, syncMode: 'mirror_mode', runEvery: hourly,
      lastDispatch: now - 30 * 60_000, runs: history(30, now - 30 * 60_000, HOUR_MS, 9 * 60_000, (index) => index === 0 ? 31_000 : 9_100 + (index % 3) * 100) },
    { id: 50106, table: { project_id: 'acme-analytics', dataset_name: 'crm', table_name: 'accounts_mirror' }, syncMode: 'mirror_mode', runEvery: daily, paused: true,
      lastDispatch: now - 19 * 24 * HOUR_MS, runs: history(10, now - 19 * 24 * HOUR_MS, 24 * HOUR_MS, 12 * 60_000, () => 4_200) },
  ];
  const sourceOf: Record<number, number> = { 50101: 7001, 50102: 7002, 50103: 7001, 50104: 7003, 50105: 7002, 50106: 7001 };
  for (const { id, table, syncMode, runEvery, paused, lastDispatch, runs } of demo) {
    project.warehouseImports.push({
      id, import_type: 'event_stream', sync_mode: syncMode, created: '2026-02-01T08:00:00Z', creator_id: 101, creator_name: 'Data Team',
      creator_email: 'data-team@example.com', warehouse_source_id: sourceOf[id], table_params: table, paused: paused === true,
      run_every: runEvery, last_dispatch: seconds(lastDispatch), is_deleted: false, ...detailFieldsOf('event_stream'),
    });
    project.warehouseHistory.set(id, runs);
  }
}
