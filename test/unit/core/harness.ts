import * as FakeTimers from '@sinonjs/fake-timers';
import { EngineLogRecord } from '../../../src/core/model/logRecords';
import { Refresher } from '../../../src/core/engine/refresher';
import { SOURCE_READERS } from '../../../src/core/sources';
import { Clock } from '../../../src/core/model/clock';
import { SourceStore } from '../../../src/core/engine/store';
import { InMemoryMixpanel } from './inMemoryMixpanel';

/**
 * The domain wired as the extension wires it, against Mixpanel in memory, on a fake clock: no
 * socket, no real time.
 */
export interface DomainHarness {
  api: InMemoryMixpanel;
  clock: FakeTimers.Clock;
  schedulerClock: Clock;
  store: SourceStore;
  refresher: Refresher;
  logs: EngineLogRecord[];
}

/** The scheduler's view of a fake clock. */
export function schedulerClockOf(clock: FakeTimers.Clock): Clock {
  return {
    now: () => clock.now,
    setTimeout: (callback, ms) => clock.setTimeout(callback, ms),
    clearTimeout: (handle) => clock.clearTimeout(handle as FakeTimers.TimerId),
  };
}

export function createHarness(api = new InMemoryMixpanel()): DomainHarness {
  const clock = FakeTimers.createClock(Date.UTC(2026, 10, 26, 12));
  // Mixpanel's clock is the test's: its hourly sync limit and the runs it starts follow the fake time.
  api.data.now = () => clock.now;
  const store = new SourceStore(() => clock.now);
  const logs: EngineLogRecord[] = [];
  const refresher = new Refresher(store, SOURCE_READERS, { now: () => clock.now, random: () => 0.5, log: (record) => logs.push(record) });
  refresher.setApi(api);
  return { api, clock, schedulerClock: schedulerClockOf(clock), store, refresher, logs };
}

/** Lets the promise callbacks that answers and timers started run to their end. */
export async function drain(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Moves the fake clock on, firing its timers, and lets what they started finish. */
export async function advance(harness: DomainHarness, ms: number): Promise<void> {
  await harness.clock.tickAsync(ms);
  await drain();
}
