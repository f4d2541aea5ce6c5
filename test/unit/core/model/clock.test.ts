import * as assert from 'assert';
import * as FakeTimers from '@sinonjs/fake-timers';
import { MAX_TIMER_DELAY_MS, TimerSlot } from '../../../../src/core/model/clock';
import { schedulerClockOf } from '../harness';

describe('TimerSlot', () => {
  let clock: FakeTimers.Clock;
  let slot: TimerSlot;
  let fired: number[];
  let armed: number;

  beforeEach(() => {
    // The fake clock fires a timeout past 2^31−1 ms after 1 ms, as Node does.
    clock = FakeTimers.createClock(Date.UTC(2026, 11, 1));
    const fake = schedulerClockOf(clock);
    armed = 0;
    slot = new TimerSlot({ ...fake, setTimeout: (callback, ms) => { armed++; return fake.setTimeout(callback, ms); } }, 1_000);
    fired = [];
  });

  it('waits a delay longer than a timer may hold, in steps, and fires once at its end', () => {
    const start = clock.now;
    slot.arm(3e9, () => fired.push(clock.now));
    clock.tick(2_000);
    assert.deepStrictEqual(fired, [], 'not after 1 ms, as a bare setTimeout(…, 3e9) would');
    assert.strictEqual(armed, 1, 'one timer, not one a millisecond');
    clock.tick(3e9);
    assert.deepStrictEqual(fired, [start + 3e9]);
    assert.strictEqual(armed, Math.ceil(3e9 / MAX_TIMER_DELAY_MS), 'in steps of a day at most');
    assert.ok(clock.countTimers() === 0);
  });

  it('never fires sooner than its minimum, and waits the longest for a delay that is not a number', () => {
    slot.arm(-5, () => fired.push(clock.now));
    clock.tick(999);
    assert.deepStrictEqual(fired, []);
    clock.tick(1);
    assert.strictEqual(fired.length, 1);
    slot.arm(Number.NaN, () => fired.push(clock.now));
    clock.tick(MAX_TIMER_DELAY_MS - 1);
    assert.strictEqual(fired.length, 1);
    clock.tick(1);
    assert.strictEqual(fired.length, 2);
  });

  it('holds one timer: arming again replaces it, clearing stops it', () => {
    slot.arm(5_000, () => fired.push(1));
    slot.arm(10_000, () => fired.push(2));
    assert.ok(slot.armed);
    clock.tick(20_000);
    assert.deepStrictEqual(fired, [2]);
    slot.arm(5_000, () => fired.push(3));
    slot.clear();
    clock.tick(20_000);
    assert.deepStrictEqual(fired, [2]);
    assert.ok(!slot.armed);
  });
});
