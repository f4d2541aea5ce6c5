import fetch from 'node-fetch';
import { AlertOptions, alertBody, slackMessage } from '../core/health/alertMessages';
import { FindingChange } from '../core/health/watchState';
import { plainTranslate as t } from '../shared/l10n';
import { unsafeBaseUrl } from '../mixpanel/endpoints';

/**
 * Where alerts go: a Slack incoming webhook (Block Kit) or any webhook (a documented JSON body).
 * A webhook's URL is a secret (whoever holds it can post): it is never printed, and a failure is
 * told by the target's kind and position alone.
 */

export interface NotifyTarget {
  readonly kind: 'slack' | 'webhook';
  readonly url: string;
}

/** `slack:https://hooks.slack.com/…` or `webhook:https://…`; undefined with a reason when it is neither. */
export function parseTarget(text: string): NotifyTarget | { readonly problem: string } {
  const match = /^(slack|webhook):(.+)$/.exec(text.trim());
  if (!match) {
    return { problem: t('A --notify target is slack:URL or webhook:URL.') };
  }
  const url = match[2];
  // https anywhere, plain http only to this machine, never credentials in the URL.
  if (unsafeBaseUrl(url)) {
    return { problem: t('A --notify URL must be https (or http on this machine) without a user or password in it.') };
  }
  return { kind: match[1] as NotifyTarget['kind'], url };
}

export interface DeliveryOptions {
  /** Tries per message, the first included. */
  readonly attempts?: number;
  readonly timeoutMs?: number;
  /** The longest a run waits between tries (Retry-After included). */
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_ATTEMPTS = 4;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_DELAY_MS = 10_000;
const BASE_DELAY_MS = 500;

/** Why a delivery failed, without the URL. */
export class DeliveryError extends Error {}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds * 1000;
  }
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** Posts one JSON body; 429 and 5xx (and a network failure) are tried again with backoff, within a bound. */
export async function post(target: NotifyTarget, body: unknown, options: DeliveryOptions = {}): Promise<void> {
  const attempts = Math.min(Math.max(options.attempts ?? DEFAULT_ATTEMPTS, 1), 10);
  const maxDelay = Math.min(Math.max(options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, 0), 60_000);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let retryable: boolean;
    let wait: number | undefined;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'mixpanel-imports-cli' },
        body: JSON.stringify(body),
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        // A redirect would carry the body elsewhere.
        redirect: 'manual',
      });
      await response.text().catch(() => '');
      if (response.ok) {
        return;
      }
      last = t('HTTP {0}', response.status);
      retryable = response.status === 429 || response.status >= 500;
      wait = retryAfterMs(response.headers.get('retry-after'));
    } catch (error) {
      // The error's own text may hold the URL: only its code is told.
      const code = (error as { code?: unknown; type?: unknown }).code ?? (error as { type?: unknown }).type;
      last = typeof code === 'string' ? code : t('no answer');
      retryable = true;
    }
    if (!retryable || attempt === attempts) {
      break;
    }
    await sleep(Math.min(wait ?? BASE_DELAY_MS * 2 ** (attempt - 1), maxDelay));
  }
  throw new DeliveryError(last);
}

/** What a notification came to, per target, by its kind and position only. */
export interface Delivery {
  readonly target: string;
  readonly error?: string;
}

/** One message per target for a change; every target is tried, whatever the others did. */
export async function notifyAll(targets: readonly NotifyTarget[], change: Pick<FindingChange, 'started' | 'ended'>, options: AlertOptions, delivery: DeliveryOptions = {}): Promise<Delivery[]> {
  return Promise.all(targets.map(async (target, index) => {
    const name = `${target.kind} #${index + 1}`;
    try {
      await post(target, target.kind === 'slack' ? slackMessage(change, options) : alertBody(change, options), delivery);
      return { target: name };
    } catch (error) {
      return { target: name, error: error instanceof DeliveryError ? error.message : t('failed') };
    }
  }));
}
