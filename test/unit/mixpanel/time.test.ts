import * as assert from 'assert';
import { formatUtc, parseApiTime } from '../../../src/mixpanel/time';

describe('parseApiTime', () => {
  const utc = (...parts: [number, number, number, number, number, number, number?]) =>
    Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], parts[6] ?? 0);

  const cases: Array<[string, unknown, number | undefined]> = [
    ['Go layout without fraction', '2020-09-16 07:00:00 +0000 UTC', utc(2020, 9, 16, 7, 0, 0)],
    ['Go layout with microseconds', '2020-09-17 02:17:49.831793 +0000 UTC', utc(2020, 9, 17, 2, 17, 49, 831) + 0.793],
    ['Go layout with nanoseconds, kept to the microsecond', '2020-09-17 02:17:49.123456789 +0000 UTC', utc(2020, 9, 17, 2, 17, 49, 123) + 0.457],
    ['Go layout with a monotonic clock suffix', '2020-09-16 07:00:00.5 +0000 UTC m=+0.000123456', utc(2020, 9, 16, 7, 0, 0, 500)],
    ['Go layout with an offset and zone name', '2020-09-16 09:00:00 +0200 CEST', utc(2020, 9, 16, 7, 0, 0)],
    ['Go layout with a negative offset', '2020-09-16 00:00:00 -0700 PDT', utc(2020, 9, 16, 7, 0, 0)],
    ['Go zero time means not started', '0001-01-01 00:00:00 +0000 UTC', undefined],
    ['empty string means not finished', '', undefined],
    ['blank string', '   ', undefined],
    ['RFC 3339 with microseconds', '2020-09-17T02:10:33.799738Z', utc(2020, 9, 17, 2, 10, 33, 799) + 0.738],
    ['RFC 3339 with an offset', '2020-09-17T04:10:33+02:00', utc(2020, 9, 17, 2, 10, 33)],
    ['ISO without a zone is UTC', '2026-07-03T09:21:27', utc(2026, 7, 3, 9, 21, 27)],
    ['RFC 3339 zero time', '0001-01-01T00:00:00Z', undefined],
    ['epoch seconds as a string', '1588056062', 1588056062000],
    ['epoch seconds as an integer', 1774954800, 1774954800000],
    ['epoch milliseconds as an integer', 1774954800123, 1774954800123],
    ['zero', 0, undefined],
    ['null', null, undefined],
    ['undefined', undefined, undefined],
    ['an object', { seconds: 1 }, undefined],
    ['garbage', 'yesterday-ish', undefined],
    ['NaN', Number.NaN, undefined],
    ['epoch microseconds', 1774954800123456, 1774954800123.456],
    ['epoch nanoseconds, past the range of a Date', 1774954800123456789, 1774954800123.4568],
    ['epoch nanoseconds as a string', '1774954800123456789', 1774954800123.4568],
    ['a negative epoch', -1774954800, undefined],
    ['before 2000: a wrong unit, not a time', 86_400, undefined],
    ['after 2200, in seconds', 9_000_000_000, undefined],
    ['after 2200, in milliseconds', 9e12, undefined],
    ['a number no unit makes plausible', 1e30, undefined],
    ['Infinity', Number.POSITIVE_INFINITY, undefined],
    ['the year 58000 in Go\'s layout', '58000-01-01 00:00:00 +0000 UTC', undefined],
    ['the year 2300 in RFC 3339', '2300-01-01T00:00:00Z', undefined],
  ];

  for (const [name, input, expected] of cases) {
    it(name, () => {
      const actual = parseApiTime(input);
      if (expected === undefined) {
        assert.strictEqual(actual, undefined);
      } else {
        assert.ok(actual !== undefined, `expected a time for ${JSON.stringify(input)}`);
        // Epoch milliseconds in a double resolve about a quarter of a microsecond today: times are
        // equal to the microsecond, the finest unit the API's timestamps carry that we keep.
        assert.strictEqual(formatUtc(actual), formatUtc(expected));
        assert.ok(Math.abs(actual - expected) < 0.0005, `${actual} != ${expected}`);
      }
    });
  }
});

describe('formatUtc', () => {
  it('shows a dash for values no date can hold, instead of throwing', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, 1.7e18, -9e15]) {
      assert.strictEqual(formatUtc(value), '—', String(value));
    }
  });

  it('keeps the microseconds of a Go timestamp', () => {
    assert.strictEqual(formatUtc(parseApiTime('2020-09-17 02:17:49.831793 +0000 UTC')!), '2020-09-17T02:17:49.831793Z');
  });

  it('rounds nanoseconds to the nearest microsecond', () => {
    assert.strictEqual(formatUtc(parseApiTime('2020-09-17 02:17:49.123456789 +0000 UTC')!), '2020-09-17T02:17:49.123457Z');
    assert.strictEqual(formatUtc(parseApiTime('2020-09-17 02:17:49.000000001 +0000 UTC')!), '2020-09-17T02:17:49.000Z');
  });

  it('prints whole milliseconds plainly', () => {
    assert.strictEqual(formatUtc(Date.UTC(2020, 8, 16, 7)), '2020-09-16T07:00:00.000Z');
  });
});
