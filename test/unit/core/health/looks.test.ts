import * as assert from 'assert';
import { nextLateLook, nextLearnedLook } from '../../../../src/core/health/looks';
import { aRun } from '../../builders';

const NOW = Date.UTC(2026, 10, 26, 12);
const MIN = 60_000;
const HOUR = 60 * MIN;
/** Runs started every `everyMs`, the newest at `newest`, newest first as the API lists them. */
const runs = (count: number, everyMs: number, newest = NOW - 10 * MIN) => Array.from({ length: count }, (_, index) => aRun({ startTime: newest - index * everyMs }));

describe('the looks planned for lateness', () => {
  it('looks once the last start, the period and the grace have passed, and a period after each later one', () => {
    const hourly = runs(6, HOUR);
    // Last start 10 min ago; late could first be claimed after 1 h + 30 min (half the period beats the 15 min grace), plus 5 s.
    const first = NOW - 10 * MIN + HOUR + 30 * MIN + 5_000;
    assert.strictEqual(nextLateLook(hourly, HOUR, NOW, NOW), first);
    assert.strictEqual(nextLateLook(hourly, HOUR, first, first), first + HOUR, 'looked at that moment: the next period');
    assert.strictEqual(nextLateLook(hourly, HOUR, first, first, { once: true }), undefined, 'only the first, for a source with looks of its own');
  });

  it('plans nothing by a period under a minute, with no start, or from a start more than a period ahead', () => {
    assert.strictEqual(nextLateLook(runs(6, 1_000), 1_000, NOW, NOW), undefined, 'a wrong unit must not poll every second');
    assert.strictEqual(nextLateLook([aRun({ startTime: undefined })], HOUR, NOW, NOW), undefined);
    assert.strictEqual(nextLateLook(runs(2, HOUR, NOW + 2 * HOUR), HOUR, NOW, NOW), undefined);
  });

  it('looks by the cadence the runs show, and not at all without one', () => {
    const every3h = runs(11, 3 * HOUR);
    assert.strictEqual(nextLearnedLook(every3h, NOW, NOW), nextLateLook(every3h, 3 * HOUR, NOW, NOW));
    assert.strictEqual(nextLearnedLook(runs(3, 3 * HOUR), NOW, NOW), undefined, 'too few runs to learn from');
  });
});
