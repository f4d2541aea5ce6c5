/**
 * Reads the many timestamp forms the Mixpanel APIs send. All results are epoch milliseconds; a
 * fraction below the millisecond carries the microseconds that Go's layout prints.
 */

// Go's time.String(): "2006-01-02 15:04:05.999999999 -0700 MST", with an optional monotonic
// clock suffix (" m=+0.000123") when the server formatted a time.Now() value.
const GO_LAYOUT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-])(\d{2})(\d{2})(?: [A-Za-z0-9+-]+)?(?: m=[+-][\d.]+)?$/;

// RFC 3339 and its ISO 8601 relatives; a time without a zone is UTC (as `/me` sends it).
const ISO_LAYOUT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

const EPOCH_DIGITS = /^\d+(?:\.\d+)?$/;

/**
 * The earliest and latest times the extension believes: a run, an import or a dispatch outside
 * them is a wrong unit or a broken clock, and is shown as unknown rather than as the year 58000.
 */
export const EARLIEST_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);
export const LATEST_PLAUSIBLE_MS = Date.UTC(2200, 0, 1);

/** Whether an epoch value in milliseconds is a time worth showing and planning by. */
export function isPlausibleTime(epochMs: number): boolean {
  return Number.isFinite(epochMs) && epochMs >= EARLIEST_PLAUSIBLE_MS && epochMs <= LATEST_PLAUSIBLE_MS;
}

/**
 * Epoch values by magnitude: below 10^11 seconds (the year 5138), below 10^14 milliseconds,
 * below 10^17 microseconds, else nanoseconds. Between 2000 and 2200 the four ranges do not meet.
 */
const EPOCH_UNITS: ReadonlyArray<readonly [below: number, toMs: number]> = [
  [1e11, 1_000],
  [1e14, 1],
  [1e17, 1e-3],
  [Number.POSITIVE_INFINITY, 1e-6],
];

function plausibleOrUndefined(epochMs: number): number | undefined {
  return isPlausibleTime(epochMs) ? epochMs : undefined;
}

function fromParts(
  year: string, month: string, day: string, hour: string, minute: string, second: string | undefined,
  fraction: string | undefined, offsetSign: string | undefined, offsetHours: string | undefined, offsetMinutes: string | undefined,
): number | undefined {
  // Go's zero time (year 1) is how the API says "not started yet".
  if (Number(year) <= 1) {
    return undefined;
  }
  const wholeMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0));
  if (Number.isNaN(wholeMs)) {
    return undefined;
  }
  const fractionMs = fraction ? Number(`0.${fraction}`) * 1000 : 0;
  let offsetMs = 0;
  if (offsetSign) {
    const sign = offsetSign === '-' ? -1 : 1;
    offsetMs = sign * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  }
  return plausibleOrUndefined(wholeMs - offsetMs + fractionMs);
}

function fromEpoch(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) {
    return undefined;
  }
  const [, toMs] = EPOCH_UNITS.find(([below]) => value < below)!;
  return plausibleOrUndefined(value * toMs);
}

/**
 * Parses a timestamp from the API. Returns `undefined` for absent values: null, `""`, Go's zero
 * time, zero, anything that is not a recognisable time, and times outside 2000–2200.
 */
export function parseApiTime(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return fromEpoch(value);
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const text = value.trim();
  if (text === '') {
    return undefined;
  }
  if (EPOCH_DIGITS.test(text)) {
    return fromEpoch(Number(text));
  }
  const go = GO_LAYOUT.exec(text);
  if (go) {
    return fromParts(go[1], go[2], go[3], go[4], go[5], go[6], go[7], go[8], go[9], go[10]);
  }
  const iso = ISO_LAYOUT.exec(text);
  if (iso) {
    const zoned = iso[8] !== undefined || iso[9] !== undefined;
    return fromParts(iso[1], iso[2], iso[3], iso[4], iso[5], iso[6], iso[7],
      zoned ? (iso[9] ?? '+') : undefined, iso[10] ?? '00', iso[11] ?? '00');
  }
  return undefined;
}

/** ISO 8601 in UTC, with microseconds when the time has them; "—" for a value no date can hold. */
export function formatUtc(epochMs: number): string {
  if (!isRepresentableTime(epochMs)) {
    return '—';
  }
  const whole = Math.floor(epochMs);
  const iso = new Date(whole).toISOString();
  const micros = Math.min(999, Math.round((epochMs - whole) * 1000));
  if (micros === 0) {
    return iso;
  }
  return `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

/** The range of JavaScript's Date: outside it, formatting a date throws. */
const MAX_DATE_MS = 8.64e15;

/** Whether a `Date` can hold this value, so that formatting it cannot throw. */
export function isRepresentableTime(epochMs: number): boolean {
  return Number.isFinite(epochMs) && Math.abs(epochMs) <= MAX_DATE_MS;
}
