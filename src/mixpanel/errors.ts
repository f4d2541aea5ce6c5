import { plainTranslate, Translate } from '../shared/l10n';

/**
 * Typed failures of the Mixpanel client. Each carries what a UI needs to act (the kind, the HTTP
 * status, the server's own words, how long to wait) and never the credentials: the client redacts
 * the secret from every text it puts in here.
 */
export type ApiErrorKind =
  | 'authentication'
  | 'permission'
  | 'notFound'
  | 'rateLimited'
  | 'server'
  | 'badRequest'
  | 'network'
  | 'timeout'
  | 'invalidResponse'
  | 'configuration'
  | 'cancelled';

export interface ApiErrorDetails {
  readonly status?: number;
  /** What Mixpanel said, already redacted and shortened. */
  readonly serverMessage?: string;
  /** The request path (no host, no query), for the log. */
  readonly path?: string;
  /** For 429: how long the server asked us to wait. */
  readonly retryAfterMs?: number;
  /** For network faults: the system error code such as ECONNREFUSED. */
  readonly code?: string;
  /** For timeouts: the limit that was hit. */
  readonly timeoutMs?: number;
  /** For invalid responses and configuration problems: what was wrong. */
  readonly reason?: ApiErrorReason;
  /** For network faults and configuration problems: the host involved (for a redirect, its target). */
  readonly host?: string;
  /** For a page that should have been there (an HTML 404, a broken next-page link): the URL, no query. */
  readonly url?: string;
}

/**
 * - `html`, `notJson`, `shape`, `tooLarge`: an answer that cannot be used (`invalidResponse`);
 * - `truncated`: the connection broke off in the middle of the answer (`network`);
 * - `unsafeUrl`: a base URL that would send credentials in clear (`configuration`);
 * - `redirect`: the server sent us elsewhere, which is never followed with credentials (`configuration`);
 * - `notFoundPage`: a 404 that is a web page rather than Mixpanel's JSON, so the URL is wrong (`configuration`);
 * - `brokenPageLink`: a list's next page does not exist (`configuration`);
 * - `declinedHost`: the user said no to sending credentials to a host that is not Mixpanel's (`configuration`).
 */
export type ApiErrorReason = 'truncated' | 'html' | 'notJson' | 'shape' | 'tooLarge' | 'unsafeUrl' | 'redirect' | 'notFoundPage' | 'brokenPageLink' | 'declinedHost';

/** A larger answer is cut off: no list of connectors or runs comes near it. */
export const MAX_RESPONSE_BYTES = 8 * 1_048_576;

export class MixpanelApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly serverMessage?: string;
  readonly path?: string;
  readonly retryAfterMs?: number;
  readonly code?: string;
  readonly timeoutMs?: number;
  readonly reason?: ApiErrorReason;
  readonly host?: string;
  readonly url?: string;

  constructor(kind: ApiErrorKind, details: ApiErrorDetails = {}) {
    super('');
    this.name = 'MixpanelApiError';
    this.kind = kind;
    Object.assign(this, details);
    this.message = describeApiError(this, plainTranslate);
  }

  /** Worth trying again later without the user changing anything. */
  get transient(): boolean {
    return this.kind === 'rateLimited' || this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout';
  }
}

export function isApiError(error: unknown): error is MixpanelApiError {
  return error instanceof MixpanelApiError;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * The sentence a person reads for an error, with what to do about it. Localizable: the VS Code
 * side passes `vscode.l10n.t`.
 */
export function describeApiError(error: MixpanelApiError, t: Translate): string {
  const said = error.serverMessage ? ` ${t('Mixpanel says: "{0}"', error.serverMessage)}` : '';
  switch (error.kind) {
    case 'authentication':
      return t('Mixpanel rejected the service account (401). Check its username and secret, or whether it has expired, then sign in again.') + said;
    case 'permission':
      return t('The service account has no access to this (403). Give it a role in the project, or choose another project.') + said;
    case 'notFound':
      return t('Not found (404): {0}.', error.path ?? '') + said;
    case 'rateLimited':
      return error.retryAfterMs !== undefined
        ? t('Mixpanel is limiting the rate of requests (429). Trying again in {0} s.', seconds(error.retryAfterMs))
        : t('Mixpanel is limiting the rate of requests (429). Trying again later.');
    case 'server':
      return t('Mixpanel had a server error ({0}). This is usually temporary; try again in a minute.', error.status ?? 500) + said;
    case 'badRequest':
      return t('Mixpanel refused the request ({0}).', error.status ?? 400) + said;
    case 'network':
      if (error.reason === 'truncated') {
        return t('The connection to Mixpanel at {0} broke off before the answer was complete. Try again; if it keeps happening, check the network or proxy.', error.host ?? '?');
      }
      return t('Could not reach Mixpanel at {0} ({1}). Check the network, proxy, region and API base URL settings.', error.host ?? '?', error.code ?? 'network error');
    case 'timeout':
      return t('Mixpanel did not answer within {0} s. Check the network, or try again.', seconds(error.timeoutMs ?? 0));
    case 'invalidResponse':
      if (error.reason === 'html') {
        return t('Mixpanel answered with a web page instead of data (HTTP {0}). It may be down or behind a proxy; try again later.', error.status ?? 0);
      }
      if (error.reason === 'notJson') {
        return t('Mixpanel answered with something that is not JSON (HTTP {0}).', error.status ?? 0);
      }
      if (error.reason === 'tooLarge') {
        return t('Mixpanel\'s answer was too large (over {0} MB) and was not read: {1}.', Math.round(MAX_RESPONSE_BYTES / 1_048_576), error.path ?? '');
      }
      return t('Mixpanel answered in an unexpected form: {0}', error.serverMessage ?? '');
    case 'configuration':
      switch (error.reason) {
        case 'redirect':
          return t('Mixpanel redirected the request to {0}; credentials are never sent on. Check the region and the API base URL setting.', error.host ?? '?');
        case 'notFoundPage':
          return t('{0} answered 404 with a web page, not Mixpanel\'s API. Check the region and the API base URL setting.', error.url ?? '?');
        case 'declinedHost':
          return t('The service account is not sent to {0}, which is not a Mixpanel host: you declined it. Clear the API base URL setting, or sign in again to be asked again.', error.host ?? '?');
        case 'brokenPageLink':
          return t('Mixpanel pointed to a next page that does not exist (404): {0}. The list shown may be incomplete.', error.url ?? '?');
        default:
          return t('Refusing to send credentials to {0}: only https, or http to this machine, is allowed.', error.host ?? '?');
      }
    case 'cancelled':
      return t('The request was cancelled.');
  }
}
