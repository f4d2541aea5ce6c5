import { spawn } from 'child_process';
import * as path from 'path';
import { Refresher } from '../../src/core/engine/refresher';
import { SourceStore } from '../../src/core/engine/store';
import { SOURCE_READERS } from '../../src/core/sources';
import { WarehouseConnections } from '../../src/core/sources/warehouse/connections';
import { MixpanelClient } from '../../src/mixpanel/client';
import { ConcurrencyLimiter } from '../../src/mixpanel/limiter';
import { median } from '../../src/core/model/statistics';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { addGeneratedProject } from '../fake-mixpanel/scenarios';
import { Figure, printFigures, runBench } from './report';

/**
 * The command line's figures, from the built bundle run as a process:
 * - cli_cold_start_ms: from the process's spawn to its first request, median of 9;
 * - cli_health_floor_ratio: `health` over 10 projects of 50 sources at 50 ms a request, from the
 *   first request to the process's end, against the network's floor at the same concurrency
 *   (every request it made, 4 at a time, 50 ms each);
 * - cli_health_requests and extension_refresh_requests: what that health asked, and what one
 *   refresh of the extension's engine asks of the same projects.
 */

const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const LATENCY_MS = 50;
const CONCURRENCY = 4;
const PROJECTS = 10;
const SOURCES = 50;

function runCli(server: FakeMixpanel, args: readonly string[]): Promise<{ spawnedAt: number; endedAt: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const spawnedAt = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, MIXPANEL_SERVICE_ACCOUNT_USERNAME: server.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: server.secret, MIXPANEL_API_BASE_URL: server.baseUrl },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ spawnedAt, endedAt: Date.now(), code }));
  });
}

async function coldStart(): Promise<number> {
  const server = new FakeMixpanel();
  server.addProject({ id: 1, name: 'One', cloudImport: false });
  await server.start();
  const samples: number[] = [];
  for (let round = 0; round < 9; round++) {
    server.clearRequests();
    const { spawnedAt } = await runCli(server, ['health', '--project', '1']);
    samples.push(server.requests[0].at - spawnedAt);
  }
  await server.stop();
  return median(samples) ?? Number.NaN;
}

async function extensionRefreshRequests(server: FakeMixpanel, ids: readonly number[]): Promise<number> {
  server.clearRequests();
  const store = new SourceStore();
  const refresher = new Refresher(store, SOURCE_READERS, { companions: [new WarehouseConnections(Date.now)] });
  refresher.setApi(new MixpanelClient({ credentials: { username: server.username, secret: server.secret }, region: 'us', baseUrl: server.baseUrl, userAgent: 'bench', limiter: new ConcurrencyLimiter(CONCURRENCY) }));
  store.setProjects(ids);
  await refresher.refreshAll();
  refresher.dispose();
  return server.requests.length;
}

async function healthAtScale(): Promise<{ ratio: number; requests: number; extension: number; ms: number; floor: number }> {
  const server = new FakeMixpanel({ baseLatencyMs: LATENCY_MS });
  const ids = Array.from({ length: PROJECTS }, (_, index) => 3001 + index);
  for (const id of ids) {
    addGeneratedProject(server, id, SOURCES, 30);
  }
  await server.start();
  const ratios: Array<{ ratio: number; requests: number; ms: number; floor: number }> = [];
  for (let round = 0; round < 3; round++) {
    server.clearRequests();
    const ran = await runCli(server, ['health', '--concurrency', String(CONCURRENCY)]);
    const requests = server.requests.length;
    const ms = ran.endedAt - server.requests[0].at;
    const floor = Math.ceil(requests / CONCURRENCY) * LATENCY_MS;
    ratios.push({ ratio: ms / floor, requests, ms, floor });
  }
  const extension = await extensionRefreshRequests(server, ids);
  await server.stop();
  const best = ratios.sort((a, b) => a.ratio - b.ratio)[1];
  return { ...best, extension };
}

runBench(async () => {
  const start = await coldStart();
  const scale = await healthAtScale();
  const figures: Figure[] = [
    ['cli_cold_start_ms', Math.round(start), 'process spawn to the first request, median of 9 (goal ≤ 250)'],
    ['cli_health_ms', scale.ms, `health over ${PROJECTS} projects of ${SOURCES} sources at ${LATENCY_MS} ms, first request to exit (median of 3)`],
    ['cli_health_floor_ms', scale.floor, `the network floor: every request, ${CONCURRENCY} at a time, ${LATENCY_MS} ms each`],
    ['cli_health_floor_ratio', Math.round(scale.ratio * 100) / 100, 'health over the floor (goal ≤ 1.2)'],
    ['cli_health_requests', scale.requests, 'requests of that health'],
    ['extension_refresh_requests', scale.extension, 'requests of one refresh of the extension\'s engine (plus its /me at sign-in)'],
  ];
  printFigures(figures);
});
