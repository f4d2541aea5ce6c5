import * as FakeTimers from '@sinonjs/fake-timers';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { Refresher } from '../../src/core/engine/refresher';
import { SourcesApi } from '../../src/core/model/source';
import { PollingScheduler } from '../../src/core/engine/scheduler';
import { SnapshotStorage } from '../../src/core/engine/snapshotStorage';
import { SourceStore } from '../../src/core/engine/store';
import { WarehouseConnections } from '../../src/core/sources/warehouse/connections';
import { MixpanelClient } from '../../src/mixpanel/client';
import { ConcurrencyLimiter } from '../../src/mixpanel/limiter';
import { FakeMixpanel, JsonRecord } from '../fake-mixpanel/fakeMixpanel';
import { connectorRecord, goTime } from '../fake-mixpanel/scenarios';
import { schedulerClockOf } from '../unit/core/harness';
import { connectorRef } from '../unit/builders';
import { SOURCE_READERS } from '../../src/core/sources';
import { Figure, percentile, printFigures, random, runBench } from './report';

/**
 * A simulated day against the fake Mixpanel over HTTP, on a fake clock: 50 sources (25 Cloud
 * Import connectors, 25 warehouse imports; hourly and daily), runs of 2 to 120 minutes, some
 * failing early, some stalling, progress with noise, all from a fixed seed. Prints a table for
 * people and one `bench <name> <number>` line per figure.
 */

const PROJECT = 4242;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY_START = Date.UTC(2026, 10, 26, 0);

interface PlannedRun {
  readonly startMs: number;
  readonly endMs: number;
  readonly outcome: 'success' | 'failed';
  /** Progress stops moving from this time on, until the end (a stall). */
  readonly stallFromMs?: number;
}

interface Source {
  readonly id: string;
  readonly warehouse: boolean;
  readonly importId?: number;
  readonly periodMs: number;
  readonly runs: PlannedRun[];
}

/** The day's plan: when each run starts and ends, and how. */
function planDay(seed: number, sources = 50, activeAtStart = -1): Source[] {
  const next = random(seed);
  const plan: Source[] = [];
  for (let index = 0; index < sources; index++) {
    const warehouse = index % 2 === 1;
    const hourly = index % 4 < 2;
    const periodMs = hourly ? HOUR : 24 * HOUR;
    const typical = hourly ? (2 + next() * 48) * MIN : (2 + next() * 118) * MIN;
    const offset = Math.floor(next() * periodMs / 1000) * 1000;
    const runs: PlannedRun[] = [];
    for (let start = DAY_START - periodMs + offset; start < DAY_START + 24 * HOUR; start += periodMs) {
      const roll = next();
      const duration = typical * (0.9 + next() * 0.2);
      if (roll < 0.1) {
        runs.push({ startMs: start, endMs: Math.round(start + duration * (0.1 + next() * 0.3)), outcome: 'failed' });
      } else if (roll < 0.15) {
        const stall = start + duration * 0.5;
        runs.push({ startMs: start, endMs: Math.round(start + duration * 1.5), outcome: 'success', stallFromMs: stall });
      } else {
        runs.push({ startMs: start, endMs: Math.round(start + duration), outcome: 'success' });
      }
    }
    plan.push({ id: warehouse ? `warehouse-${5000 + index}` : `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, warehouse, importId: warehouse ? 5000 + index : undefined, periodMs, runs });
  }
  if (activeAtStart >= 0) {
    // For the steady-state hours: exactly this many runs going on, long, and nothing else starting.
    plan.forEach((source, index) => {
      const active = index < activeAtStart;
      source.runs.splice(0, source.runs.length, ...[1, 2, 3].map((back) => ({ startMs: DAY_START - back * 24 * HOUR, endMs: DAY_START - back * 24 * HOUR + 4 * HOUR, outcome: 'success' as const })));
      if (active) {
        source.runs.unshift({ startMs: DAY_START - 10 * MIN, endMs: DAY_START + 4 * HOUR, outcome: 'success' });
      }
    });
  }
  return plan;
}

/** The fake server's records for the plan at time `now`. */
function project(server: FakeMixpanel, plan: Source[]): (now: number) => void {
  const fake = server.addProject({ id: PROJECT, name: 'A day of imports' });
  plan.forEach((source, index) => {
    if (source.warehouse) {
      fake.warehouseImports.push({
        id: source.importId, import_type: 'event_stream', sync_mode: 'time_based', created: '2026-01-01T00:00:00Z',
        table_params: { dataset_name: 'events', table_name: `table_${index}` }, paused: false,
        run_every: source.periodMs * 1_000_000, last_dispatch: null, is_deleted: false,
      });
    } else {
      fake.connectors.push(connectorRecord(source.id, `Connector ${index}`, index));
    }
  });
  const noise = random(7);
  return (now) => {
    for (const source of plan) {
      const started = source.runs.filter((run) => run.startMs <= now).reverse().slice(0, 30);
      if (source.warehouse) {
        const record = fake.warehouseImports.find((candidate) => candidate.id === source.importId)!;
        record.last_dispatch = started.length > 0 ? Math.floor(started[0].startMs / 1000) : null;
        fake.warehouseHistory.set(source.importId!, started.map((run) => run.endMs > now
          ? { status: 'RUNNING', start_time: Math.floor(run.startMs / 1000), end_time: null, num_events_imported: null }
          : { status: run.outcome === 'success' ? 'SUCCEEDED' : 'FAILED', start_time: Math.floor(run.startMs / 1000), end_time: Math.floor(run.endMs / 1000), num_events_imported: run.outcome === 'success' ? 1000 : 0 }));
      } else {
        fake.history.set(source.id, started.map((run): JsonRecord => {
          if (run.endMs > now) {
            const until = run.stallFromMs !== undefined ? Math.min(now, run.stallFromMs) : now;
            const planned = run.stallFromMs !== undefined ? (run.endMs - run.startMs) / 1.5 : run.endMs - run.startMs;
            const progress = Math.min(0.99, Math.max(0, (until - run.startMs) / planned + (noise() - 0.5) * 0.04));
            return { id: '', start_time: goTime(run.startMs), end_time: '', status: 'running', progress: Math.round(progress * 100) / 100, error: { message: '', code: '' }, connector_properties: {} };
          }
          return {
            id: '', start_time: goTime(run.startMs), end_time: goTime(run.endMs), status: run.outcome, progress: run.outcome === 'success' ? 1 : 0.3,
            error: { message: run.outcome === 'failed' ? 'Bad file' : '', code: '' }, connector_properties: { num_events_imported: 1000 },
          };
        }));
      }
    }
  };
}

/** The API, counting the calls still waiting for an answer, so that the bench knows when all landed. */
function counted(api: MixpanelClient): { api: SourcesApi; settled(): Promise<void> } {
  let pending = 0;
  const track = <T>(call: Promise<T>): Promise<T> => {
    pending++;
    return call.finally(() => { pending--; });
  };
  return {
    api: {
      me: (options) => track(api.me(options)),
      listConnectors: (projectId, options) => track(api.listConnectors(projectId, options)),
      listRuns: (projectId, connectorId, options) => track(api.listRuns(projectId, connectorId, options)),
      listWarehouseImports: (projectId, options) => track(api.listWarehouseImports(projectId, options)),
      listWarehouseRuns: (projectId, importId, options) => track(api.listWarehouseRuns(projectId, importId, options)),
      listWarehouseSources: (projectId, options) => track(api.listWarehouseSources(projectId, options)),
    },
    settled: async () => {
      do {
        await new Promise((resolve) => setImmediate(resolve));
      } while (pending > 0 || (await new Promise((resolve) => setTimeout(resolve, 1)), pending > 0));
    },
  };
}

interface Simulation {
  readonly requests: number;
  readonly hours: number;
  /** Seconds from each run's real end to its announcement. */
  readonly detections: number[];
  /** Runs that ended during the simulation, were seen running, and were never announced. */
  readonly missed: number;
  /** Runs that ended during the simulation without ever being seen running. */
  readonly unseen: number;
  /** Snapshots written to global state, and their JSON in all. */
  readonly snapshotWrites: number;
  readonly snapshotBytes: number;
}

async function simulate(plan: Source[], hours: number, focused: boolean): Promise<Simulation> {
  const clock = FakeTimers.createClock(DAY_START);
  const server = new FakeMixpanel();
  server.now = () => clock.now;
  const update = project(server, plan);
  server.beforeAnswer = () => update(clock.now);
  await server.start();
  const store = new SourceStore(() => clock.now);
  store.setProjects([PROJECT]);
  // As the extension wires it: the warehouse sources are asked for once a session and hour.
  const refresher = new Refresher(store, SOURCE_READERS, { now: () => clock.now, companions: [new WarehouseConnections(() => clock.now)] });
  const { api, settled } = counted(new MixpanelClient({
    credentials: { username: server.username, secret: server.secret }, region: 'us', baseUrl: server.baseUrl, userAgent: 'bench', limiter: new ConcurrencyLimiter(4),
  }));
  refresher.setApi(api);
  const scheduler = new PollingScheduler(store, refresher, SOURCE_READERS, { activeIntervalMs: 10_000, refreshIntervalMs: 300_000 }, schedulerClockOf(clock));
  let snapshotWrites = 0;
  let snapshotBytes = 0;
  const snapshots = new SnapshotStorage({
    get: () => undefined,
    update: (_key, value) => {
      snapshotWrites++;
      snapshotBytes += JSON.stringify(value).length;
      return Promise.resolve();
    },
  }, store, () => undefined, schedulerClockOf(clock));
  snapshots.setOwner('bench');
  const announced = new Map<string, number>();
  const seenRunning = new Set<string>();
  store.onDidFinishRuns((runs) => {
    for (const { source: connector, run } of runs) {
      announced.set(`${connector.kind}/${connector.id}@${Math.floor((run.startTime ?? 0) / 1000)}`, clock.now);
    }
  });
  store.onDidChange(() => {
    for (const entry of store.project(PROJECT)?.sources ?? []) {
      for (const run of entry.runs) {
        if (run.status === 'running') {
          seenRunning.add(`${entry.source.kind}/${entry.source.id}@${Math.floor((run.startTime ?? 0) / 1000)}`);
        }
      }
    }
  });
  await refresher.refreshAll();
  scheduler.setFocused(focused);
  scheduler.setEnabled(true);
  server.clearRequests();
  const end = clock.now + hours * HOUR;
  while (clock.now < end && clock.countTimers() > 0) {
    clock.next();
    await settled();
  }
  const requests = server.requests.length;
  const detections: number[] = [];
  let missed = 0;
  let unseen = 0;
  for (const source of plan) {
    for (const run of source.runs) {
      if (run.endMs <= DAY_START || run.endMs > end) {
        continue;
      }
      // As the store names a source: its kind and the API's id.
      const key = `${source.warehouse ? `warehouse/${source.importId}` : `cloudImport/${source.id}`}@${Math.floor(run.startMs / 1000)}`;
      const at = announced.get(key);
      if (at !== undefined) {
        detections.push((at - run.endMs) / 1000);
      } else if (seenRunning.has(key)) {
        missed++;
      } else {
        unseen++;
      }
    }
  }
  snapshots.dispose();
  scheduler.dispose();
  refresher.dispose();
  await server.stop();
  return { requests, hours, detections, missed, unseen, snapshotWrites, snapshotBytes };
}

async function refreshTime(sources: number, bound: number): Promise<number> {
  const server = new FakeMixpanel({ baseLatencyMs: 50 });
  const plan = planDay(11, sources);
  const update = project(server, plan);
  update(DAY_START);
  await server.start();
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    const store = new SourceStore();
    store.setProjects([PROJECT]);
    const refresher = new Refresher(store, SOURCE_READERS);
    refresher.setApi(new MixpanelClient({ credentials: { username: server.username, secret: server.secret }, region: 'us', baseUrl: server.baseUrl, userAgent: 'bench', limiter: new ConcurrencyLimiter(bound) }));
    const started = process.hrtime.bigint();
    await refresher.refreshProject(PROJECT);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    refresher.dispose();
  }
  await server.stop();
  return times.sort((a, b) => a - b)[1];
}

async function heapGrowthMb(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    return Number.NaN;
  }
  const store = new SourceStore();
  store.setProjects([1]);
  const refresher = new Refresher(store, SOURCE_READERS);
  let poll = 0;
  const run = (status: string, start: number) => ({ key: `c/${start}/0`, status, rawStatus: status, startTime: start, counters: {}, raw: {} });
  refresher.setApi({
    me: async () => ({ projects: [], organizations: new Map() }),
    listConnectors: async () => [{ id: 'c', projectId: 1, label: 'C', type: 'gcsImport', raw: {} }],
    // Every poll a new run starts and the previous one ends: the worst case for what is remembered.
    listRuns: async () => [run('running', poll + 1), run('success', poll)] as never,
    listWarehouseImports: async () => [],
    listWarehouseRuns: async () => [],
    listWarehouseSources: async () => [],
  });
  await refresher.refreshAll();
  const polls = async (count: number) => {
    for (let index = 0; index < count; index++, poll++) {
      await refresher.refreshSources(1, [connectorRef('c')]);
    }
  };
  await polls(100);
  gc();
  const before = process.memoryUsage().heapUsed;
  await polls(9_900);
  gc();
  const after = process.memoryUsage().heapUsed;
  refresher.dispose();
  return (after - before) / 1_048_576;
}

/** The first rows' CPU cost in fresh processes (see firstRowsBuild.ts), median of 5. */
function firstRowsBuildMs(): number {
  const script = path.join(__dirname, 'firstRowsBuild.js');
  const times = Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, [script], { encoding: 'utf8' }).trim()));
  return times.sort((a, b) => a - b)[2];
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const add = (name: string, value: number, meaning: string) => {
    figures.push([name, value, meaning]);
  };

  for (const [active, focused] of [[5, true], [0, true], [0, false]] as const) {
    const hour = await simulate(planDay(3, 50, active), 1, focused);
    add(`requests_per_hour_active${active}_${focused ? 'focused' : 'unfocused'}`, hour.requests, `50 sources, ${active} runs active, ${focused ? 'focused' : 'not focused'}`);
    if (active === 5) {
      add('snapshot_writes_per_hour_active5', hour.snapshotWrites, 'snapshots written to global state in that hour');
      add('snapshot_mb_per_hour_active5', Math.round(hour.snapshotBytes / 1_048_576 * 10) / 10, 'their JSON, in MB');
    }
  }

  const day = await simulate(planDay(42), 24, true);
  add('requests_per_hour_day', Math.round(day.requests / day.hours), 'the simulated day, on average');
  add('end_detection_p50_s', percentile(day.detections, 0.5), `seconds from a run's end to its announcement (${day.detections.length} runs)`);
  add('end_detection_p95_s', percentile(day.detections, 0.95), 'same, 95th percentile');
  add('end_detection_max_s', Math.max(...day.detections), 'same, worst');
  add('ends_seen_but_not_announced', day.missed, 'runs seen running whose end was never announced');
  add('ends_never_seen_running', day.unseen, 'runs that started and ended between two looks');

  const n100c4 = await refreshTime(100, 4);
  const n100c1 = await refreshTime(100, 1);
  const n500c4 = await refreshTime(500, 4);
  // Both lists go at once, then the histories, bound at a time.
  const floor = (sources: number, bound: number) => 50 * (1 + Math.ceil(sources / bound));
  add('refresh_floor_ratio_n100_c4', Math.round(n100c4 / floor(100, 4) * 100) / 100, `${Math.round(n100c4)} ms for 100 sources at 4 at a time, over the floor of ${floor(100, 4)} ms`);
  add('refresh_floor_ratio_n500_c4', Math.round(n500c4 / floor(500, 4) * 100) / 100, `${Math.round(n500c4)} ms for 500 sources, over ${floor(500, 4)} ms`);
  add('refresh_speedup_vs_sequential_n100', Math.round(n100c1 / n100c4 * 100) / 100, `${Math.round(n100c1)} ms one at a time`);
  add('first_rows_build_ms', firstRowsBuildMs(), 'CPU time to build the top rows of 50 cached sources in a fresh process (median of 5)');
  add('heap_growth_mb_10k_polls', Math.round(await heapGrowthMb() * 100) / 100, 'heap after 10,000 polls minus after 100 (needs --expose-gc)');

  printFigures(figures);
}

runBench(main);
