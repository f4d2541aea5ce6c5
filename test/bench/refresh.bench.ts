import * as FakeTimers from '@sinonjs/fake-timers';
import { MixpanelClient } from '../../src/mixpanel/client';
import { ConcurrencyLimiter } from '../../src/mixpanel/limiter';
import { ConnectorsApi, Refresher } from '../../src/core/refresher';
import { PollingScheduler } from '../../src/core/scheduler';
import { ConnectorStore } from '../../src/core/store';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { addGeneratedProject } from '../fake-mixpanel/scenarios';
import { schedulerClockOf } from '../unit/core/harness';

/**
 * Measured against the fake Mixpanel over real HTTP on 127.0.0.1:
 *  1. a full refresh of one project for several connector counts and parallelism bounds, with
 *     50 ms of server latency per request;
 *  2. the requests per hour the polling policy makes in steady state with the default settings
 *     (active runs every 10 s, everything every 300 s while focused), simulated over an hour of
 *     fake time.
 */

const PROJECT = 2002;

function clientFor(server: FakeMixpanel, bound: number): MixpanelClient {
  return new MixpanelClient({
    credentials: { username: server.username, secret: server.secret },
    region: 'us',
    baseUrl: server.baseUrl,
    userAgent: 'bench',
    limiter: new ConcurrencyLimiter(bound),
  });
}

async function refreshTimes(): Promise<void> {
  console.log('Full refresh of one project, 50 ms server latency per request (median of 3):');
  console.log('connectors | bound | requests | ms | ideal ms = 50 x (1 + ceil(n / bound))');
  for (const connectors of [10, 40, 100]) {
    for (const bound of [1, 4, 8]) {
      const server = new FakeMixpanel({ baseLatencyMs: 50 });
      addGeneratedProject(server, PROJECT, connectors, 5);
      await server.start();
      const times: number[] = [];
      for (let round = 0; round < 3; round++) {
        const store = new ConnectorStore();
        store.setProjects([PROJECT]);
        const refresher = new Refresher(store);
        refresher.setApi(clientFor(server, bound));
        server.clearRequests();
        const started = process.hrtime.bigint();
        await refresher.refreshProject(PROJECT);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        refresher.dispose();
      }
      times.sort((a, b) => a - b);
      const ideal = 50 * (1 + Math.ceil(connectors / bound));
      console.log(`${String(connectors).padStart(10)} | ${String(bound).padStart(5)} | ${String(server.requests.length).padStart(8)} | ${times[1].toFixed(0).padStart(5)} | ${ideal}`);
      await server.stop();
    }
  }
}

/** The API, counting the calls still waiting for an answer, so the bench knows when all have landed. */
function counted(api: ConnectorsApi): { api: ConnectorsApi; settled(): Promise<void> } {
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
    },
    settled: async () => {
      do {
        await new Promise((resolve) => setImmediate(resolve));
      } while (pending > 0 || (await new Promise((resolve) => setTimeout(resolve, 1)), pending > 0));
    },
  };
}

async function requestsPerHour(active: number, focused: boolean): Promise<number> {
  const server = new FakeMixpanel();
  addGeneratedProject(server, PROJECT, 50, 5, active);
  await server.start();
  const clock = FakeTimers.createClock(Date.now());
  const schedulerClock = schedulerClockOf(clock);
  const store = new ConnectorStore(() => clock.now);
  store.setProjects([PROJECT]);
  const refresher = new Refresher(store, { now: () => clock.now });
  const { api, settled } = counted(clientFor(server, 4));
  refresher.setApi(api);
  const scheduler = new PollingScheduler(store, refresher, { activeIntervalMs: 10_000, refreshIntervalMs: 300_000 }, schedulerClock);
  await refresher.refreshAll();
  scheduler.setFocused(focused);
  scheduler.setEnabled(true);
  server.clearRequests();
  const end = clock.now + 3_600_000;
  while (clock.now < end && clock.countTimers() > 0) {
    clock.next();
    await settled();
  }
  const count = server.requests.length;
  scheduler.dispose();
  refresher.dispose();
  await server.stop();
  return count;
}

async function pollingLoad(): Promise<void> {
  console.log('\nSteady state, 50 connectors, default settings, one simulated hour:');
  console.log('active connectors | window | requests per hour');
  for (const focused of [true, false]) {
    for (const active of [0, 1, 5]) {
      const count = await requestsPerHour(active, focused);
      console.log(`${String(active).padStart(17)} | ${focused ? 'focused  ' : 'unfocused'} | ${count}`);
    }
  }
}

async function main(): Promise<void> {
  await refreshTimes();
  await pollingLoad();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
