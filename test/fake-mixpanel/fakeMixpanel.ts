import * as http from 'http';
import { AddressInfo } from 'net';
import { findOperation, loadContract, requestBodyProblems, WAREHOUSE_DOCUMENT } from './openapiContract';
import { FaultBook } from './faultBook';

/**
 * A small Mixpanel App API on 127.0.0.1 that the project owns: every endpoint the extension calls,
 * HTTP Basic checks, paging, and faults that tests switch on per route. Records are kept as raw
 * JSON, exactly as Mixpanel would send them, so the client's parser meets real payload shapes.
 */

export type JsonRecord = Record<string, unknown>;

export interface FakeProject {
  id: number;
  name: string;
  /** False answers the Cloud Import routes with 404, as projects without Cloud Import do. */
  cloudImport: boolean;
  connectors: JsonRecord[];
  /** Runs per connector id, in the order the API returns them. */
  history: Map<string, JsonRecord[]>;
  warehouseImports: JsonRecord[];
  warehouseHistory: Map<number, JsonRecord[]>;
  /**
   * What the undocumented `warehouse-sources/sources` endpoint answers with; undefined answers 404,
   * as Mixpanel may (it is in no public document).
   */
  warehouseSources?: JsonRecord[];
}

export type FaultKind =
  | 'status'            // answer with `status`, `body`, `headers` (after `delayMs` when given)
  | 'html'              // a load balancer's HTML page with `status` (default 502)
  | 'malformedJson'     // 200 with a body that is not JSON
  | 'hang'              // headers and half a body, then nothing, ever
  | 'truncated'         // part of a chunked body, then the connection closes
  | 'hugeBody'          // 200 with a JSON body of `sizeBytes` (default 64 MB), streamed
  | 'endlessPaging'     // every page says has_more with a new url
  | 'repeatPaging'      // every page says has_more with the same url
  | 'alternatingPaging' // new urls, but the pages' data go A, B, A, B…
  | 'crowdedPaging'     // endless pages of `records` small runs each (default 150,000)
  | 'heavyPaging'       // endless pages just under the size cap (`sizeBytes`, default 7.8 MB), one run each
  | 'latency';          // wait `delayMs`, then answer normally

export interface Fault {
  kind: FaultKind;
  /** Matched against the path (query excluded). */
  path?: RegExp;
  method?: string;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** For `hugeBody` and `heavyPaging`. */
  sizeBytes?: number;
  /** For `crowdedPaging`. */
  records?: number;
  /** How many matching requests it applies to; unlimited when absent. */
  times?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorized: boolean;
  readonly userAgent?: string;
  readonly accept?: string;
  readonly authorization?: string;
  readonly at: number;
  /** The JSON body of a PUT, PATCH, POST or DELETE. */
  body?: unknown;
  /** What the server answered, when it answered in one piece. */
  response?: { readonly status: number; readonly text: string };
}

export interface FakeMixpanelOptions {
  username?: string;
  secret?: string;
  userId?: number;
  /** Runs per history page; longer histories are paged with results.url. */
  pageSize?: number;
  /** Added to every answer, to make the fake feel like a network. */
  baseLatencyMs?: number;
  /** How long a manual sync runs before it ends. */
  syncDurationMs?: number;
}

/** The schedules the official schema accepts for `run_every`, in nanoseconds. */
export const RUN_EVERY_VALUES = [0, 3_600_000_000_000, 86_400_000_000_000, 604_800_000_000_000];

/** Mixpanel's limit on manual syncs, per import and hour. */
export const MANUAL_SYNCS_PER_HOUR = 5;

export const FAKE_USERNAME = 'demo.4f2a91.mp-service-account';
export const FAKE_SECRET = 'fake-secret-7Qx2pLm9';

const API_PREFIX = '/api/app';

function json(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** What the fake answers, whichever door asked: the HTTP server writes it, the in-memory door reads it. */
export interface FakeAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

function answer(status: number, body: unknown, headers?: Record<string, string>): FakeAnswer {
  return { status, body, headers };
}

function errorBody(message: string): JsonRecord {
  return { status: 'error', error: message };
}

export class FakeMixpanel {
  readonly username: string;
  readonly secret: string;
  readonly userId: number;
  readonly projects = new Map<number, FakeProject>();
  /** Projects that `/me` lists; defaults to all of them. */
  memberOf?: Set<number>;
  pageSize: number;
  baseLatencyMs: number;
  readonly requests: RecordedRequest[] = [];
  /** Called before each request is answered, e.g. to move a scenario on to the current time. */
  beforeAnswer?: () => void;
  private readonly faults = new FaultBook<Fault>();
  private server?: http.Server;
  private inFlight = 0;
  private peakInFlight = 0;
  private readonly hanging = new Set<http.ServerResponse>();
  private nextWarehouseRunId = 1;
  private nextImportId = 60_001;
  /** Every DELETE body Mixpanel was sent, to show that `delete_data` never was. */
  readonly deleteBodies: unknown[] = [];
  /** Manual syncs accepted per import, as times, for the hourly limit. */
  private readonly manualSyncs = new Map<number, number[]>();
  /** Runs started by a manual sync, per import, newest first: a moving scenario keeps them. */
  readonly manualRuns = new Map<number, JsonRecord[]>();
  /** Runs started by a manual sync, with when and how they end. */
  private readonly startedRuns = new Map<JsonRecord, { endAt: number; status: 'SUCCEEDED' | 'FAILED' | 'CANCELLED'; events: number }>();
  /** How the next manual syncs end; SUCCEEDED when empty. */
  readonly syncOutcomes: Array<'SUCCEEDED' | 'FAILED' | 'CANCELLED'> = [];
  syncDurationMs: number;
  /** The server's time; tests and the demo may move it. */
  now: () => number = Date.now;

  constructor(options: FakeMixpanelOptions = {}) {
    this.username = options.username ?? FAKE_USERNAME;
    this.secret = options.secret ?? FAKE_SECRET;
    this.userId = options.userId ?? 6535281;
    this.pageSize = options.pageSize ?? 100;
    this.baseLatencyMs = options.baseLatencyMs ?? 0;
    this.syncDurationMs = options.syncDurationMs ?? 20_000;
  }

  /** Starts on 127.0.0.1; a random free port unless one is given. */
  async start(port = 0): Promise<string> {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          json(response, 500, errorBody(`fake server bug: ${String(error)}`));
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    return this.baseUrl;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The value for the `apiBaseUrl` setting. */
  get baseUrl(): string {
    return `${this.origin}${API_PREFIX}`;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) {
      response.destroy();
    }
    this.hanging.clear();
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  addProject(project: Partial<FakeProject> & { id: number }): FakeProject {
    const full: FakeProject = {
      name: `Project ${project.id}`,
      cloudImport: true,
      connectors: [],
      history: new Map(),
      warehouseImports: [],
      warehouseHistory: new Map(),
      ...project,
    };
    this.projects.set(full.id, full);
    return full;
  }

  project(id: number): FakeProject {
    const project = this.projects.get(id);
    if (!project) {
      throw new Error(`no fake project ${id}`);
    }
    return project;
  }

  addFault(fault: Fault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  clearRequests(): void {
    this.requests.length = 0;
    this.peakInFlight = 0;
  }

  /** The most requests the server was answering at once since the last clear. */
  get maxInFlight(): number {
    return this.peakInFlight;
  }

  requestsTo(pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => pattern.test(request.path));
  }



  private isAuthorized(header: string | undefined): boolean {
    const expected = `Basic ${Buffer.from(`${this.username}:${this.secret}`).toString('base64')}`;
    return header === expected;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    const method = request.method ?? 'GET';
    const authorized = this.isAuthorized(request.headers.authorization);
    const record: RecordedRequest = {
      method,
      path: url.pathname + url.search,
      authorized,
      userAgent: request.headers['user-agent'],
      accept: request.headers.accept,
      authorization: request.headers.authorization,
      at: Date.now(),
    };
    this.requests.push(record);
    // Kept for the contract test, which checks every answer against the official documents.
    const end = response.end.bind(response) as (chunk?: unknown) => http.ServerResponse;
    response.end = ((chunk?: unknown) => {
      if (typeof chunk === 'string') {
        record.response = { status: response.statusCode, text: chunk };
      }
      return end(chunk);
    }) as typeof response.end;
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    response.on('close', () => { this.inFlight--; });

    const body = method === 'GET' ? undefined : await readBody(request);
    record.body = body;
    if (this.baseLatencyMs > 0) {
      await delay(this.baseLatencyMs);
    }
    const fault = this.faults.take(method, url.pathname);
    if (fault && fault.kind === 'latency') {
      await delay(fault.delayMs ?? 1000);
    } else if (fault) {
      if (fault.kind === 'status' && fault.delayMs !== undefined) {
        await delay(fault.delayMs);
      }
      if (this.answerWithFault(fault, url, response)) {
        return;
      }
    }
    const { status, body: answered, headers } = this.answer(method, url, body, authorized);
    json(response, status, answered, headers);
  }

  /**
   * The fake's one behaviour, behind both doors: the routes, who may see which project, the
   * Warehouse API's five syncs an hour, runs that end when their time comes. No fault is taken
   * here: the HTTP door takes its own, and the in-memory door {@link answerInMemory}.
   */
  answer(method: string, url: URL, body: unknown, authorized = true): FakeAnswer {
    if (!authorized) {
      return answer(401, errorBody('Invalid credentials. Please check your service account username and secret.'));
    }
    this.beforeAnswer?.();
    this.endStartedRuns();
    return this.route(method, url, body);
  }

  /**
   * The in-memory door: the same answer as over HTTP, for a path below the API's base, with the
   * status faults that would apply to it (a socket's faults, such as a hang or HTML, have no
   * meaning here and are refused).
   */
  answerInMemory(method: string, pathAndQuery: string, body?: unknown): FakeAnswer {
    const url = new URL(`${API_PREFIX}${pathAndQuery}`, 'http://in-memory.invalid');
    this.requests.push({ method, path: url.pathname + url.search, authorized: true, at: Date.now(), body });
    const fault = this.faults.take(method, url.pathname);
    if (fault && fault.kind !== 'status' && fault.kind !== 'latency') {
      throw new Error(`The fault "${fault.kind}" needs a socket: serve this test over HTTP.`);
    }
    if (fault?.kind === 'status') {
      return answer(fault.status ?? 500, fault.body ?? errorBody('Injected fault'), fault.headers);
    }
    return this.answer(method, url, body);
  }

  /** True when the fault answered the request. */
  private answerWithFault(fault: Fault, url: URL, response: http.ServerResponse): boolean {
    switch (fault.kind) {
      case 'status':
        json(response, fault.status ?? 500, fault.body ?? errorBody('Injected fault'), fault.headers);
        return true;
      case 'html': {
        const page = '<!DOCTYPE html><html><head><title>502 Server Error</title></head><body><h1>Error: Server Error</h1><p>The server encountered a temporary error and could not complete your request.</p></body></html>';
        response.writeHead(fault.status ?? 502, { 'Content-Type': 'text/html; charset=UTF-8', ...fault.headers });
        response.end(page);
        return true;
      }
      case 'malformedJson':
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"status": "ok", "results": {"data": [');
        return true;
      case 'hang':
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.write('{"status": "ok", "res');
        this.hanging.add(response);
        response.on('close', () => this.hanging.delete(response));
        return true;
      case 'truncated':
        // Chunked, as a proxy streams it; node-fetch reports a chunked body cut short at once.
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.write('{"status": "ok", "results": {"url": null, "has_more": false, "data": [{"connector_id": "', () => response.socket?.destroy());
        return true;
      case 'hugeBody':
        this.streamHugeBody(response, fault.sizeBytes ?? 64 * 1_048_576);
        return true;
      case 'endlessPaging':
      case 'repeatPaging':
      case 'alternatingPaging': {
        const page = Number(url.searchParams.get('page') ?? '1');
        const next = fault.kind === 'repeatPaging' ? page : page + 1;
        const shown = fault.kind === 'alternatingPaging' ? 1 + ((page - 1) % 2) : page;
        json(response, 200, {
          status: 'ok',
          results: {
            url: `${url.pathname}?page=${next}`,
            has_more: true,
            data: [{ ...(fault.body as JsonRecord ?? {}), id: '', start_time: new Date(Date.UTC(2024, 0, 1) + shown * 3_600_000).toISOString(), status: 'success', progress: 1 }],
          },
        });
        return true;
      }
      case 'crowdedPaging':
      case 'heavyPaging': {
        const page = Number(url.searchParams.get('page') ?? '1');
        const run = (index: number) => ({ status: 'success', start_time: Math.floor(Date.UTC(2024, 0, 1) / 1000) - page * 1_000_000 - index });
        const data = fault.kind === 'crowdedPaging'
          ? Array.from({ length: fault.records ?? 150_000 }, (_, index) => run(index))
          : [{ ...run(0), error: { message: 'x'.repeat(fault.sizeBytes ?? 7.8 * 1_048_576), code: '' } }];
        json(response, 200, { status: 'ok', results: { url: `${url.pathname}?page=${page + 1}`, has_more: true, data } });
        return true;
      }
      default:
        return false;
    }
  }

  /** A list page that goes on and on: valid JSON until `sizeBytes`, written as the client reads. */
  private streamHugeBody(response: http.ServerResponse, sizeBytes: number): void {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    const record = JSON.stringify({ connector_id: 'x'.repeat(36), label: 'y'.repeat(900) });
    let written = 0;
    response.write('{"status": "ok", "results": {"url": null, "has_more": false, "data": [');
    const writeMore = () => {
      while (written < sizeBytes) {
        const chunk = `${written === 0 ? '' : ','}${record}`;
        written += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', writeMore);
          return;
        }
      }
      response.end(']}}');
    };
    response.on('close', () => response.removeAllListeners('drain'));
    writeMore();
  }

  private route(method: string, url: URL, body: unknown): FakeAnswer {
    const path = url.pathname.replace(/\/+$/, '');
    if (!path.startsWith(API_PREFIX)) {
      return answer(404, errorBody('Not found'));
    }
    const parts = path.slice(API_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
    if (method === 'GET' && parts.length === 1 && parts[0] === 'me') {
      return answer(200, this.meBody());
    }
    if (parts[0] !== 'projects' || parts.length < 3) {
      return answer(404, errorBody('Not found'));
    }
    const projectId = Number(parts[1]);
    const project = this.projects.get(projectId);
    if (!project || (this.memberOf && !this.memberOf.has(projectId))) {
      return answer(403, errorBody(`User ${this.userId} is not a member of project ${parts[1]}.`));
    }
    const rest = parts.slice(2);
    if (rest[0] === 'connectors') {
      return this.routeConnectors(method, project, rest.slice(1), url);
    }
    if (rest[0] === 'warehouse-sources' && rest[1] === 'sources' && rest.length === 2 && method === 'GET') {
      // The shape Mixpanel's own Terraform provider reads; connection credentials are never in it.
      return project.warehouseSources ? answer(200, { status: 'ok', results: project.warehouseSources }) : answer(404, errorBody('Not found'));
    }
    if (rest[0] === 'warehouse-sources' && rest[1] === 'imports') {
      return this.routeWarehouse(method, project, rest.slice(2), body);
    }
    return answer(404, errorBody('Not found'));
  }

  private routeConnectors(method: string, project: FakeProject, rest: string[], url: URL): FakeAnswer {
    if (!project.cloudImport) {
      return answer(404, errorBody('Not found'));
    }
    if (method !== 'GET') {
      return answer(405, errorBody('Method not allowed'));
    }
    if (rest.length === 0) {
      return answer(200, { status: 'ok', results: { url: null, has_more: false, data: project.connectors } });
    }
    const connector = project.connectors.find((record) => (record.connector_id ?? record.connectorId) === rest[0]);
    if (!connector) {
      return answer(404, errorBody(`Connector ${rest[0]} not found`));
    }
    if (rest.length === 1) {
      return answer(200, connector);
    }
    if (rest.length === 2 && rest[1] === 'history') {
      const runs = project.history.get(rest[0]) ?? [];
      const page = Math.max(1, Number(url.searchParams.get('page') ?? '1'));
      const start = (page - 1) * this.pageSize;
      const hasMore = start + this.pageSize < runs.length;
      return answer(200, {
        status: 'ok',
        results: {
          url: hasMore ? `${url.pathname}?page=${page + 1}` : null,
          has_more: hasMore,
          data: runs.slice(start, start + this.pageSize),
        },
      });
    }
    return answer(404, errorBody('Not found'));
  }

  /**
   * The Warehouse imports API as the official OpenAPI document describes it. Every body is
   * checked against its operation's request schema in the document first, and refused with
   * Mixpanel's 400 when it does not fit.
   */
  private routeWarehouse(method: string, project: FakeProject, rest: string[], body: unknown): FakeAnswer {
    const contract = loadContract(WAREHOUSE_DOCUMENT);
    const found = findOperation(contract, method, `/projects/${project.id}/warehouse-sources/imports${rest.map((part) => `/${encodeURIComponent(part)}`).join('')}`);
    const problems = found && requestBodyProblems(contract, found.operation, body);
    if (problems) {
      return answer(400, errorBody(`Invalid request: ${problems}`));
    }
    if (rest.length === 0 && method === 'GET') {
      return answer(200, { status: 'ok', results: project.warehouseImports });
    }
    if (rest.length === 1 && method === 'POST' && found) {
      return this.createImport(project, body as JsonRecord);
    }
    const importId = Number(rest[0]);
    const record = project.warehouseImports.find((candidate) => candidate.id === importId);
    if (!record) {
      return answer(404, errorBody(`Import ${rest[0]} not found`));
    }
    if (rest.length === 1 && method === 'GET') {
      return answer(200, { status: 'ok', results: record });
    } else if (rest.length === 1 && method === 'PATCH') {
      const patch = body as JsonRecord;
      record.paused = patch.paused;
      record.run_every = patch.run_every;
      if (patch.databricks_params !== undefined) {
        record.databricks_params = patch.databricks_params;
      }
      return answer(200, { status: 'ok', results: record });
    } else if (rest.length === 1 && method === 'DELETE') {
      this.deleteBodies.push(body);
      project.warehouseImports.splice(project.warehouseImports.indexOf(record), 1);
      project.warehouseHistory.delete(importId);
      return answer(200, { status: 'ok' });
    } else if (rest[1] === 'history' && method === 'GET') {
      this.endStartedRuns();
      return answer(200, { status: 'ok', results: { runs: (project.warehouseHistory.get(importId) ?? []).slice(0, 30) } });
    } else if (rest[1] === 'manual-sync' && method === 'PUT') {
      const now = this.now();
      const recent = (this.manualSyncs.get(importId) ?? []).filter((at) => at > now - 3_600_000);
      if (recent.length >= MANUAL_SYNCS_PER_HOUR) {
        const retryAfterS = Math.ceil((recent[0] + 3_600_000 - now) / 1000);
        return answer(429, errorBody('Rate limit exceeded: 5 manual syncs per hour.'), { 'Retry-After': String(retryAfterS) });
      }
      this.manualSyncs.set(importId, [...recent, now]);
      const run: JsonRecord = { status: 'RUNNING', start_time: Math.floor(now / 1000), end_time: null, num_events_imported: null };
      this.startedRuns.set(run, { endAt: now + this.syncDurationMs, status: this.syncOutcomes.shift() ?? 'SUCCEEDED', events: 12_480 });
      this.manualRuns.set(importId, [run, ...(this.manualRuns.get(importId) ?? [])]);
      project.warehouseHistory.set(importId, [run, ...(project.warehouseHistory.get(importId) ?? [])]);
      return answer(200, { status: 'ok', results: { run_id: `fake-run-${this.nextWarehouseRunId++}` } });
    } else {
      return answer(405, errorBody('Method not allowed'));
    }
  }

  /**
   * A create request that fits its schema: refused as Mixpanel would where the warehouse says no
   * (an unknown source, Mirror on PostgreSQL), else made into an import that is listed at once.
   */
  private createImport(project: FakeProject, request: JsonRecord): FakeAnswer {
    const source = project.warehouseSources?.find((candidate) => candidate.id === request.warehouse_source_id);
    if (project.warehouseSources && !source) {
      return answer(400, errorBody(`warehouse_source_id: no warehouse source ${String(request.warehouse_source_id)} in project ${project.id}.`));
    }
    if (request.sync_mode === 'mirror_mode' && source?.warehouse_type === 'postgres') {
      return answer(400, errorBody('sync_mode: mirror_mode is not supported for postgres sources.'));
    }
    const record: JsonRecord = {
      id: this.nextImportId++,
      ...request,
      created: new Date(this.now()).toISOString(),
      creator_id: this.userId,
      creator_name: 'Service account',
      creator_email: `${this.username}@mixpanel.org`,
      paused: false,
      run_every: request.run_every ?? RUN_EVERY_VALUES[2],
      last_dispatch: null,
      is_deleted: false,
    };
    project.warehouseImports.push(record);
    project.warehouseHistory.set(record.id as number, []);
    return answer(200, { status: 'ok', results: record });
  }

  /** Runs started by a manual sync end when their time comes. */
  private endStartedRuns(): void {
    const now = this.now();
    for (const [run, plan] of this.startedRuns) {
      if (plan.endAt <= now) {
        Object.assign(run, { status: plan.status, end_time: Math.floor(plan.endAt / 1000), num_events_imported: plan.status === 'SUCCEEDED' ? plan.events : 0 });
        this.startedRuns.delete(run);
      }
    }
  }

  private meBody(): JsonRecord {
    const projects: Record<string, JsonRecord> = {};
    for (const project of this.projects.values()) {
      if (!this.memberOf || this.memberOf.has(project.id)) {
        projects[String(project.id)] = { name: project.name, organization_id: 1, timezone: 'US/Pacific', domain: 'mixpanel.com' };
      }
    }
    return {
      status: 'ok',
      results: {
        user_id: this.userId,
        user_email: `${this.username}@mixpanel.org`,
        organizations: { 1: { id: 1, name: 'Acme Analytics', role: 'admin' } },
        projects,
        workspaces: {},
      },
    };
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(request: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}
