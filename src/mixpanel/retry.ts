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
 * Reads a `Retry-After` header: delay-seconds or an HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(header: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!header) {
    return undefined;
  }
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) {
    return Math.round(Number(value) * 1000);
  }
  const date = Date.parse(value);
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - now);
}
