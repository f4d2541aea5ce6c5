import * as assert from 'assert';
import { MAX_SNOOZE_MS, parseSnoozeUntil, Snooze, snoozeEnded, snoozeFrom, snoozeOf, snoozesInForce, withSnooze } from '../../../../src/core/health/snooze';
import { importRef } from '../../builders';

const NOW = Date.UTC(2026, 11, 5, 12);
const HOUR = 3_600_000;

describe('snoozes', () => {
  it('reads durations, dates and next-success, and refuses the past, the far future and anything else', () => {
    assert.deepStrictEqual(parseSnoozeUntil('30m', NOW), { kind: 'time', at: NOW + 30 * 60_000 });
    assert.deepStrictEqual(parseSnoozeUntil('4h', NOW), { kind: 'time', at: NOW + 4 * HOUR });
    assert.deepStrictEqual(parseSnoozeUntil(' 2D ', NOW), { kind: 'time', at: NOW + 48 * HOUR });
    assert.deepStrictEqual(parseSnoozeUntil('1w', NOW), { kind: 'time', at: NOW + 7 * 24 * HOUR });
    assert.deepStrictEqual(parseSnoozeUntil('2026-12-24', NOW), { kind: 'time', at: Date.UTC(2026, 11, 24) });
    assert.deepStrictEqual(parseSnoozeUntil('2026-12-05T15:00Z', NOW), { kind: 'time', at: NOW + 3 * HOUR });
    assert.deepStrictEqual(parseSnoozeUntil('next-success', NOW), { kind: 'nextSuccess' });
    for (const refused of ['2026-12-01', '91d', '0h', 'tomorrow', '', '4 hours', '2027-12-24']) {
      assert.strictEqual(parseSnoozeUntil(refused, NOW), undefined, refused);
    }
  });

  it('ends at its time, or at a success after it was set', () => {
    const timed: Snooze = { source: importRef(1), until: { kind: 'time', at: NOW + HOUR }, since: NOW };
    assert.strictEqual(snoozeEnded(timed, undefined, NOW), false);
    assert.strictEqual(snoozeEnded(timed, undefined, NOW + HOUR), true);
    const untilSuccess: Snooze = { source: importRef(1), until: { kind: 'nextSuccess' }, since: NOW };
    assert.strictEqual(snoozeEnded(untilSuccess, NOW - HOUR, NOW + 10 * HOUR), false, 'an older success does not end it');
    assert.strictEqual(snoozeEnded(untilSuccess, NOW + 1, NOW + 10 * HOUR), true);
    assert.deepStrictEqual(snoozesInForce([timed, untilSuccess], () => NOW + 1, NOW + 2 * HOUR), []);
  });

  it('covers its source, and one finding kind when it names one; a new snooze replaces the same one', () => {
    const whole: Snooze = { source: importRef(1), until: { kind: 'time', at: NOW + HOUR }, since: NOW };
    const lateOnly: Snooze = { source: importRef(2), finding: 'late', until: { kind: 'time', at: NOW + HOUR }, since: NOW };
    assert.strictEqual(snoozeOf([whole, lateOnly], importRef(1), { kind: 'stuck' }), whole);
    assert.strictEqual(snoozeOf([whole, lateOnly], importRef(2), { kind: 'late' }), lateOnly);
    assert.strictEqual(snoozeOf([whole, lateOnly], importRef(2), { kind: 'stale' }), undefined);
    assert.strictEqual(snoozeOf([whole], importRef(3), { kind: 'late' }), undefined);
    const longer = { ...whole, until: { kind: 'time' as const, at: NOW + 5 * HOUR } };
    assert.deepStrictEqual(withSnooze([whole, lateOnly], longer), [lateOnly, longer]);
  });

  it('reads back only well-formed snoozes, and none longer than the bound', () => {
    const stored = { source: { projectId: 1, kind: 'warehouse', id: '7' }, until: { kind: 'time', at: NOW + 10 * MAX_SNOOZE_MS }, since: NOW };
    assert.deepStrictEqual(snoozeFrom(stored)?.until, { kind: 'time', at: NOW + MAX_SNOOZE_MS });
    for (const broken of [null, 'x', { ...stored, source: { projectId: '1', kind: 'warehouse', id: '7' } }, { ...stored, until: { kind: 'forever' } },
      { ...stored, finding: 'bored' }, { ...stored, since: 'now' }, { ...stored, source: { projectId: 1, kind: 'ftp', id: '7' } }]) {
      assert.strictEqual(snoozeFrom(broken), undefined, JSON.stringify(broken));
    }
  });
});
