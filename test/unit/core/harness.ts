import * as FakeTimers from '@sinonjs/fake-timers';
import { MixpanelClient } from '../../../src/mixpanel/client';
import { ConcurrencyLimiter } from '../../../src/mixpanel/limiter';
import { Refresher } from '../../../src/core/refresher';
import { Clock } from '../../../src/core/scheduler';
import { ConnectorStore } from '../../../src/core/store';
import { FakeMixpanel } from '../../fake-mixpanel/fakeMixpanel';

/**
 * The domain wired as the extension wires it, against the fake server over real HTTP, with a
 * fake clock for the schedule (HTTP itself runs on real time).
 */
export interface DomainHarness {
  server: FakeMixpanel;
  clock: FakeTimers.Clock;
  schedulerClock: Clock;
  store: ConnectorStore;
  refresher: Refresher;
  client: MixpanelClient;
  logs: string[];
}

export function createClient(server: FakeMixpanel, limiter = new ConcurrencyLimiter(4)): MixpanelClient {
  return new MixpanelClient({
    credentials: { username: server.username, secret: server.secret },
    region: 'us',
    baseUrl: server.baseUrl,
    userAgent: 'test',
    limiter,
    timeoutMs: 2_000,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxTotalWaitMs: 1 },
  });
}

/** The scheduler's view of a fake clock. */
export function schedulerClockOf(clock: FakeTimers.Clock): Clock {
  return {
    now: () => clock.now,
    setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
    clearTimeout: (handle) => clock.clearTimeout(handle as FakeTimers.TimerId),
  };
}

export async function createHarness(server: FakeMixpanel): Promise<DomainHarness> {
  await server.start();
  const clock = FakeTimers.createClock(Date.now());
  const schedulerClock = schedulerClockOf(clock);
  const store = new ConnectorStore(() => clock.now);
  const logs: string[] = [];
  const refresher = new Refresher(store, { now: () => clock.now, random: () => 0.5, log: (message) => logs.push(message) });
  const client = createClient(server);
  refresher.setApi(client);
  return { server, clock, schedulerClock, store, refresher, client, logs };
}

/** Waits (in real time) until the refresher has nothing in flight. */
export async function settled(refresher: Refresher): Promise<void> {
  for (let i = 0; i < 500; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!refresher.busy) {
      // One more turn so that `.finally` handlers re-arm their timers.
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (!refresher.busy) {
        return;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the refresher never settled');
}

/** Advances the fake clock and lets the HTTP work it started finish. */
export async function advance(harness: DomainHarness, ms: number): Promise<void> {
  harness.clock.tick(ms);
  await settled(harness.refresher);
}
