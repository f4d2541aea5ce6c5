/** When and how long the client waits before trying a failed GET again. */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  /** The first backoff; each later one doubles, up to {@link maxDelayMs}. */
  readonly baseDelayMs: number;
  /** No single wait is longer; a `Retry-After` above it is left to the caller's schedule. */
  readonly maxDelayMs: number;
  /** The waits of one call add up to no more than this. */
  readonly maxTotalWaitMs: number;
}

/** The longest `Retry-After` honoured: a server asking for a year is asked again in an hour. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** No retry comes sooner, so that `Retry-After: 0` or a date in the past cannot make a tight loop. */
export const MIN_RETRY_DELAY_MS = 1_000;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  maxTotalWaitMs: 90_000,
};

/**
 * Exponential backoff with "equal jitter": half the delay is fixed so retries never bunch up at
 * zero, the other half random so that many clients do not retry in step.
 */
export function backoffDelayMs(retryNumber: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP date, at most {@link MAX_RETRY_AFTER_MS}.
 * Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) {
    return undefined;
  }
  const value = header.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(value)) {
    ms = Math.round(Number(value) * 1000);
  } else {
    const date = Date.parse(value);
    if (Number.isNaN(date)) {
      return undefined;
    }
    ms = Math.max(0, date - now);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}
