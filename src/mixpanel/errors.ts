/**
 * Typed failures of the Mixpanel client, as data: the kind, the HTTP status, the server's own
 * words, how long to wait. Never the credentials: the transport redacts the secret from every text
 * it puts in here. The sentence a person reads is written by the presenter in `core/`.
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

/**
 * - `truncated`: the connection broke off in the middle of the answer (`network`);
 * - `html`, `notJson`, `shape`, `tooLarge`: an answer that cannot be used (`invalidResponse`);
 * - `unsafeUrl`: a base URL that would send credentials in clear (`configuration`);
 * - `redirect`: the server sent us elsewhere, which is never followed with credentials (`configuration`);
 * - `notFoundPage`: a 404 that is a web page rather than Mixpanel's JSON, so the URL is wrong (`configuration`);
 * - `brokenPageLink`: a list's next page does not exist (`configuration`);
 * - `declinedHost`: the user said no to sending credentials to a host that is not Mixpanel's (`configuration`).
 */
export type ApiErrorReason = 'truncated' | 'html' | 'notJson' | 'shape' | 'tooLarge' | 'unsafeUrl' | 'redirect' | 'notFoundPage' | 'brokenPageLink' | 'declinedHost';

/** What was wrong with the shape of an answer (`reason: 'shape'`). */
export type ShapeProblem =
  | 'notAnObject'
  | 'noResults'
  | 'notAListOrPage'
  | 'dataNotAList'
  | 'accountNotAnObject'
  | 'importsNotAList'
  | 'sourcesNotAList'
  | 'runsNotAList'
  | 'connectorUnreadable'
  | 'importUnreadable';

/** Why a base URL may not receive credentials (`reason: 'unsafeUrl'`). */
export type UnsafeUrlProblem = 'notAUrl' | 'credentialsInUrl' | 'notHttps';

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
  readonly reason?: ApiErrorReason;
  readonly shape?: ShapeProblem;
  readonly unsafe?: UnsafeUrlProblem;
  /** For network faults and configuration problems: the host involved (for a redirect, its target). */
  readonly host?: string;
  /** For a page that should have been there (an HTML 404, a broken next-page link): the URL, no query. */
  readonly url?: string;
}

/** A larger answer is cut off: no list of connectors or runs comes near it. */
export const MAX_RESPONSE_BYTES = 8 * 1_048_576;

/** `Error` with the details' fields on it, typed from {@link ApiErrorDetails} rather than listed again. */
const ErrorWithDetails = Error as new (message?: string) => Error & ApiErrorDetails;

/**
 * Marks an API error, for {@link isApiError}: a bundle loaded on first use (import files) has its own
 * copy of this class, so `instanceof` would not know an error thrown by the client of another. The
 * symbol is the same in every bundle of the process.
 */
const API_ERROR = Symbol.for('mixpanelConnectors.apiError');

export class MixpanelApiError extends ErrorWithDetails {
  readonly [API_ERROR] = true;
  readonly kind: ApiErrorKind;
  /** The details alone, as plain data to keep in the store. */
  readonly details: ApiErrorDetails;

  constructor(kind: ApiErrorKind, details: ApiErrorDetails = {}) {
    // A technical summary for stack traces; people read the presenter's sentence.
    super(`Mixpanel API ${kind}${details.status !== undefined ? ` ${details.status}` : ''}${details.reason ? ` (${details.reason})` : ''}`);
    this.name = 'MixpanelApiError';
    this.kind = kind;
    this.details = Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined)) as ApiErrorDetails;
    Object.assign(this, this.details);
  }

  /** Worth trying again later without the user changing anything. */
  get transient(): boolean {
    return this.kind === 'rateLimited' || this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout';
  }
}

export function isApiError(error: unknown): error is MixpanelApiError {
  return error instanceof Error && (error as Partial<Record<typeof API_ERROR, boolean>>)[API_ERROR] === true;
}

/** What the client could not use and skipped or stopped, as data for the log. */
export type ClientWarning =
  | {
    readonly kind: 'skippedRecord';
    readonly record: 'connector' | 'run' | 'warehouseImport' | 'warehouseRun' | 'warehouseSource';
    readonly index: number;
    /** The project or connector the record belongs to. */
    readonly owner: string;
    readonly why: 'notAnObject' | 'noId' | 'duplicate';
  }
  | {
    /** A field whose value the extension will not act on: it is read as absent. */
    readonly kind: 'droppedValue';
    readonly record: 'warehouseImport';
    readonly owner: string;
    readonly field: 'run_every';
    /** The value as sent, cut short: never more than a line in the log. */
    readonly value: string;
  }
  | {
    readonly kind: 'pagingStopped';
    readonly path: string;
    readonly page: number;
    readonly why: 'repeatedPage' | 'notAPath' | 'otherOrigin' | 'pointsBack' | 'maxPages' | 'tooManyRecords' | 'tooManyBytes';
  };
