import { createHash } from 'crypto';
import fetch, { Response } from 'node-fetch';
import { apiBaseUrlFor, unsafeBaseUrl } from './endpoints';
import { ClientWarning, isApiError, MAX_RESPONSE_BYTES, MixpanelApiError } from './errors';
import { ConcurrencyLimiter } from './limiter';
import { errorTextOf, parseListPage } from './payload';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, MIN_RETRY_DELAY_MS, parseRetryAfterMs, RetryPolicy } from './retry';
import { Parsed, Region, ServiceAccount } from './types';

/** One HTTP exchange, as the log shows it: never a header, never a body. */
export interface RequestLogEntry {
  readonly method: string;
  /** Path and query below the host. */
  readonly path: string;
  readonly status?: number;
  readonly durationMs: number;
  readonly attempt: number;
  readonly error?: MixpanelApiError;
}

export interface TransportOptions {
  readonly credentials: ServiceAccount;
  readonly region: Region;
  /** Replaces the region's `https://…/api/app` entirely, for proxies, tests and the demo. */
  readonly baseUrl?: string;
  /** Names the caller in the `User-Agent`, e.g. `mixpanel-connectors-vscode/0.1.0`. */
  readonly userAgent: string;
  /** Per attempt, body included. */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Shared by every client of the extension so that all requests together respect one bound. */
  readonly limiter?: ConcurrencyLimiter;
  /** A list longer than this many pages is cut off: a broken server cannot make us loop. */
  readonly maxPages?: number;
  readonly onRequest?: (entry: RequestLogEntry) => void;
  /** Records the parser had to drop, paging that had to be stopped. */
  readonly onWarning?: (warning: ClientWarning) => void;
  /** Injected by tests to observe waits without spending them. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

export interface RequestOptions {
  /** Aborts the call (and any wait between retries) when the caller no longer needs it. */
  readonly signal?: AbortSignal;
  /** A paged list is read to its first page only: a poll for what is new needs no more. */
  readonly firstPageOnly?: boolean;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_PAGES = 50;
/**
 * One list, all its pages together, holds at most this many records and this much text: the size
 * cap is per answer, and fifty answers just under it would be hundreds of megabytes of runs.
 */
export const MAX_LIST_RECORDS = 20_000;
export const MAX_LIST_BYTES = 4 * MAX_RESPONSE_BYTES;
const MAX_SERVER_MESSAGE_LENGTH = 300;

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new MixpanelApiError('cancelled'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new MixpanelApiError('cancelled'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The host a redirect points to, resolved against the request; never its path or query. */
function redirectHost(location: string | null, from: URL): string {
  if (!location) {
    return from.host;
  }
  try {
    return new URL(location, from).host;
  } catch {
    return '?';
  }
}

/** Every encoding of the secret that a server's echo could hold, longest first, none shorter than 4. */
function secretForms(secret: string, token: string): string[] {
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const base64Url = (text: string) => base64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const forms = [
    secret, token, token.replace(/=+$/, ''), base64Url(Buffer.from(token, 'base64').toString('utf8')),
    encodeURIComponent(secret), encodeURI(secret), encodeURIComponent(encodeURIComponent(secret)),
    base64(secret), base64(secret).replace(/=+$/, ''), base64Url(secret), JSON.stringify(secret).slice(1, -1),
  ];
  return [...new Set(forms)].filter((form) => form.length >= 4).sort((a, b) => b.length - a.length);
}

/** `text` with every occurrence of `secret` replaced, in any case (percent-encoding has two). */
function replaceAllIgnoringCase(text: string, secret: string): string {
  const lower = text.toLowerCase();
  const needle = secret.toLowerCase();
  let result = '';
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
    result += `${text.slice(from, at)}***`;
    from = at + needle.length;
  }
  return result + text.slice(from);
}

function looksLikeHtml(contentType: string, body: string): boolean {
  return contentType.includes('html') || /^\s*<(!doctype|html|head|body|\?xml)/i.test(body);
}

/** A server's message fit to show: none of these forms of the secret in it, on one short line. */
export function cleanServerMessage(message: string | undefined, secretForms: readonly string[] = []): string | undefined {
  if (!message) {
    return undefined;
  }
  let result = message;
  for (const form of secretForms) {
    result = replaceAllIgnoringCase(result, form);
  }
  result = result.replace(/\s+/g, ' ').trim();
  return result.length > MAX_SERVER_MESSAGE_LENGTH ? `${result.slice(0, MAX_SERVER_MESSAGE_LENGTH - 1)}…` : result;
}

/** One answer as it arrived: what {@link interpretAnswer} reads. */
export interface ArrivedAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly url: URL;
  readonly location?: string | null;
  readonly retryAfter?: string | null;
}

/**
 * What an answer means: its JSON, or the typed error its status and body call for. The one reading
 * of Mixpanel's answers, for the transport and for any other door to the same routes (the tests'
 * in-memory Mixpanel). `clean` makes a server's message fit to show (no secret, one short line).
 */
export function interpretAnswer(answer: ArrivedAnswer, clean: (message: string | undefined) => string | undefined): unknown {
  const { status, contentType, text, url } = answer;
  let json: unknown;
  let isJson = false;
  try {
    json = JSON.parse(text);
    isJson = true;
  } catch {
    isJson = false;
  }
  const serverMessage = isJson ? clean(errorTextOf(json)) : undefined;
  const path = url.pathname;
  if (status >= 300 && status < 400) {
    throw new MixpanelApiError('configuration', { reason: 'redirect', status, path, host: redirectHost(answer.location ?? null, url) });
  }
  if (status >= 200 && status < 300) {
    if (!isJson) {
      throw new MixpanelApiError('invalidResponse', { status, path, reason: looksLikeHtml(contentType, text) ? 'html' : 'notJson' });
    }
    if (typeof json === 'object' && json !== null && (json as { status?: unknown }).status === 'error') {
      throw new MixpanelApiError('badRequest', { status, path, serverMessage });
    }
    return json;
  }
  if (status === 401) {
    throw new MixpanelApiError('authentication', { status, path, serverMessage });
  }
  if (status === 403) {
    throw new MixpanelApiError('permission', { status, path, serverMessage });
  }
  if (status === 404) {
    // Only Mixpanel's own JSON says "not here"; a web page means the URL is not Mixpanel's API.
    if (!isJson) {
      throw new MixpanelApiError('configuration', { reason: 'notFoundPage', status, path, url: `${url.origin}${url.pathname}` });
    }
    throw new MixpanelApiError('notFound', { status, path, serverMessage });
  }
  if (status === 429) {
    throw new MixpanelApiError('rateLimited', { status, path, serverMessage, retryAfterMs: parseRetryAfterMs(answer.retryAfter) });
  }
  if (status >= 500) {
    // A load balancer's HTML error page says nothing a user can use: keep only the status.
    throw new MixpanelApiError('server', { status, path, serverMessage });
  }
  throw new MixpanelApiError('badRequest', { status, path, serverMessage });
}

/**
 * HTTP to the Mixpanel App API with a service account: Basic auth, timeouts, retries of GETs on
 * transient faults, redaction, a size cap, no redirects, and paging that cannot loop. Every call
 * resolves to parsed JSON or rejects with a {@link MixpanelApiError}. The API families build on it.
 */
export class Transport {
  private readonly baseUrl: URL;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly limiter: ConcurrencyLimiter;
  private readonly maxPages: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  /** The ways a server may echo the secret back: as typed, in the header, URL- or base64-encoded. */
  private readonly secretForms: readonly string[];

  constructor(private readonly options: TransportOptions) {
    const base = options.baseUrl?.trim() || apiBaseUrlFor(options.region);
    const unsafe = unsafeBaseUrl(base);
    if (unsafe) {
      throw new MixpanelApiError('configuration', { reason: 'unsafeUrl', unsafe: unsafe.problem, host: unsafe.host });
    }
    // A trailing slash makes relative resolution keep the whole base path.
    this.baseUrl = new URL(base.endsWith('/') ? base : `${base}/`);
    this.authorization = `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.secret}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.limiter = options.limiter ?? new ConcurrencyLimiter(4);
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.secretForms = secretForms(options.credentials.secret, this.authorization.slice('Basic '.length));
  }

  /** The API base URL requests go to (no credentials in it). */
  get apiBaseUrl(): string {
    return this.baseUrl.href.replace(/\/$/, '');
  }

  /** The items of a parsed list, its warnings handed to the log. */
  reported<T>(parsed: Parsed<T>): T[] {
    for (const warning of parsed.warnings) {
      this.options.onWarning?.(warning);
    }
    return parsed.items;
  }

  get(path: string, options?: RequestOptions): Promise<unknown> {
    return this.withRetries(this.resolve(path), options?.signal);
  }

  /**
   * A write: never retried (a manual sync counts against an hourly limit, and a create sent twice
   * makes two imports). Without a body, none is sent.
   */
  send(method: 'PUT' | 'PATCH' | 'POST' | 'DELETE', path: string, body: unknown, options?: RequestOptions): Promise<unknown> {
    return this.limiter.run(() => this.attempt(method, this.resolve(path), 1, options?.signal, body === undefined ? undefined : JSON.stringify(body)));
  }

  private resolve(path: string): URL {
    return new URL(path, this.baseUrl);
  }

  /**
   * Where `url` points. The API documents no paging, so the reference is read as opaque: a path
   * under the API base or the host, or an absolute URL on the same origin. Anything else (another
   * host would get the credentials; the schema's example is a bare UUID) ends paging.
   */
  private resolvePageUrl(reference: string): URL | 'notAPath' | 'otherOrigin' {
    let url: URL;
    try {
      if (reference.startsWith('/')) {
        const basePath = this.baseUrl.pathname.replace(/\/$/, '');
        url = reference.startsWith(`${basePath}/`) ? new URL(reference, this.baseUrl.origin) : new URL(`.${reference}`, this.baseUrl);
      } else {
        url = new URL(reference);
      }
    } catch {
      return 'notAPath';
    }
    return url.origin === this.baseUrl.origin ? url : 'otherOrigin';
  }

  /** Every record of a paged list, however the server pages it, within the guards. */
  async getAllPages(path: string, options?: RequestOptions): Promise<unknown[]> {
    const records: unknown[] = [];
    let url = this.resolve(path);
    const seenUrls = new Set<string>([url.href]);
    // Digests, not pages: a server that repeats any earlier page (A, B, A…) is caught at once.
    const seenPages = new Set<string>();
    let bytes = 0;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = parseListPage(await this.readPage(url, pageNumber, options?.signal, (size) => { bytes += size; }));
      const signature = createHash('sha256').update(JSON.stringify(page.data)).digest('base64');
      if (seenPages.has(signature)) {
        this.options.onWarning?.({ kind: 'pagingStopped', path, page: pageNumber, why: 'repeatedPage' });
        break;
      }
      seenPages.add(signature);
      // One at a time: spreading a page of 100,000 records into push() overflows the stack.
      let taken = 0;
      for (const record of page.data) {
        if (records.length >= MAX_LIST_RECORDS) {
          break;
        }
        records.push(record);
        taken++;
      }
      if (records.length >= MAX_LIST_RECORDS && (page.hasMore || taken < page.data.length)) {
        this.options.onWarning?.({ kind: 'pagingStopped', path, page: pageNumber, why: 'tooManyRecords' });
        break;
      }
      if (bytes >= MAX_LIST_BYTES && page.hasMore) {
        this.options.onWarning?.({ kind: 'pagingStopped', path, page: pageNumber, why: 'tooManyBytes' });
        break;
      }
      if (!page.hasMore || !page.nextUrl || options?.firstPageOnly) {
        break;
      }
      const next = this.resolvePageUrl(page.nextUrl);
      if (next === 'notAPath' || next === 'otherOrigin') {
        this.options.onWarning?.({ kind: 'pagingStopped', path, page: pageNumber, why: next });
        break;
      }
      if (seenUrls.has(next.href)) {
        this.options.onWarning?.({ kind: 'pagingStopped', path, page: pageNumber, why: 'pointsBack' });
        break;
      }
      if (pageNumber >= this.maxPages) {
        this.options.onWarning?.({ kind: 'pagingStopped', path, page: pageNumber, why: 'maxPages' });
        break;
      }
      seenUrls.add(next.href);
      url = next;
    }
    return records;
  }

  /** A page after the first that is not there is a broken link, not a project without the API. */
  private async readPage(url: URL, pageNumber: number, signal: AbortSignal | undefined, onSize: (bytes: number) => void): Promise<unknown> {
    try {
      return await this.withRetries(url, signal, onSize);
    } catch (error) {
      if (pageNumber > 1 && isApiError(error) && (error.kind === 'notFound' || error.reason === 'notFoundPage')) {
        throw new MixpanelApiError('configuration', { reason: 'brokenPageLink', status: 404, path: url.pathname, url: `${url.origin}${url.pathname}` });
      }
      throw error;
    }
  }

  private async withRetries(url: URL, signal?: AbortSignal, onSize?: (bytes: number) => void): Promise<unknown> {
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.limiter.run(() => this.attempt('GET', url, attempt, signal, undefined, onSize));
      } catch (error) {
        if (!isApiError(error) || !error.transient || attempt >= this.retry.maxAttempts) {
          throw error;
        }
        const delay = error.retryAfterMs !== undefined ? Math.max(MIN_RETRY_DELAY_MS, error.retryAfterMs) : backoffDelayMs(attempt, this.retry, this.random);
        // A long Retry-After is better honoured by the caller's schedule than by holding a call open.
        if (delay > this.retry.maxDelayMs || waitedMs + delay > this.retry.maxTotalWaitMs) {
          throw error;
        }
        await this.sleep(delay, signal);
        waitedMs += delay;
      }
    }
  }

  private async attempt(method: string, url: URL, attempt: number, signal?: AbortSignal, body?: string, onSize?: (bytes: number) => void): Promise<unknown> {
    const path = url.pathname + url.search;
    const started = Date.now();
    let status: number | undefined;
    try {
      const result = await this.exchange(method, url, signal, body, (code) => { status = code; }, onSize);
      this.options.onRequest?.({ method, path, status, durationMs: Date.now() - started, attempt });
      return result;
    } catch (error) {
      const apiError = this.toApiError(error, url, path);
      this.options.onRequest?.({ method, path, status: apiError.status ?? status, durationMs: Date.now() - started, attempt, error: apiError });
      throw apiError;
    }
  }

  private async exchange(
    method: string, url: URL, signal: AbortSignal | undefined, body: string | undefined, onStatus: (status: number) => void, onSize?: (bytes: number) => void,
  ): Promise<unknown> {
    if (signal?.aborted) {
      throw new MixpanelApiError('cancelled');
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const forwardAbort = () => controller.abort();
    signal?.addEventListener('abort', forwardAbort, { once: true });
    try {
      let response: Response;
      let text: string;
      try {
        response = await fetch(url.href, {
          method,
          headers: {
            Authorization: this.authorization,
            Accept: 'application/json',
            'User-Agent': this.options.userAgent,
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          body,
          // node-fetch would follow a redirect with the Authorization header, to any host.
          redirect: 'manual',
          // Counted after decompression, so a small gzip bomb is caught as well.
          size: MAX_RESPONSE_BYTES,
          // node-fetch's AbortSignal type predates the DOM one that Node now ships.
          signal: controller.signal as never,
        });
        onStatus(response.status);
        // The body is read under the same timer: a response that never ends is a timeout too.
        text = await response.text();
        onSize?.(text.length);
      } catch (error) {
        if (timedOut) {
          throw new MixpanelApiError('timeout', { timeoutMs: this.timeoutMs, path: url.pathname });
        }
        if (signal?.aborted) {
          throw new MixpanelApiError('cancelled');
        }
        if ((error as { type?: unknown } | null)?.type === 'max-size') {
          // node-fetch stops reading but leaves the socket open: aborting closes it.
          controller.abort();
          throw new MixpanelApiError('invalidResponse', { reason: 'tooLarge', path: url.pathname });
        }
        throw error;
      }
      return this.interpret(response, text, url);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
  }

  private interpret(response: Response, text: string, url: URL): unknown {
    return interpretAnswer({
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
      url,
      location: response.headers.get('location'),
      retryAfter: response.headers.get('retry-after'),
    }, (message) => this.clean(message));
  }

  private toApiError(error: unknown, url: URL, path: string): MixpanelApiError {
    if (isApiError(error)) {
      return error;
    }
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE') {
      return new MixpanelApiError('network', { host: url.host, path, code, reason: 'truncated' });
    }
    return new MixpanelApiError('network', { host: url.host, path, code: code ?? this.clean((error as Error)?.message) });
  }

  /** Shortens a server's text and removes anything that could be the credentials. */
  private clean(message: string | undefined): string | undefined {
    return cleanServerMessage(message, this.secretForms);
  }
}
