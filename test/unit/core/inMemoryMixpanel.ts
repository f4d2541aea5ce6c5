import { WarehouseSessionApi } from '../../../src/core/sources/warehouse/warehouseApi';
import { RequestOptions } from '../../../src/mixpanel/transport';
import { parseAccount } from '../../../src/mixpanel/account';
import { parseConnectors, parseRuns } from '../../../src/mixpanel/cloudImport';
import { MixpanelApiError } from '../../../src/mixpanel/errors';
import { parseListPage } from '../../../src/mixpanel/payload';
import { cleanServerMessage, interpretAnswer } from '../../../src/mixpanel/transport';
import { AccountInfo, CloudImportConnector, Run, WarehouseImport, WarehouseRun, WarehouseSourceInfo } from '../../../src/mixpanel/types';
import { CREATE_PATHS, ImportUpdate, parseManualSync, patchBody, parseWarehouseImport, parseWarehouseImports, parseWarehouseRuns, parseWarehouseSources } from '../../../src/mixpanel/warehouse';
import { BookedFault, FaultBook } from '../../fake-mixpanel/faultBook';
import { FakeMixpanel } from '../../fake-mixpanel/fakeMixpanel';

/** What a socket would do to an answer: fail it with the client's typed error, or hold it until the test says. */
interface Fault extends BookedFault {
  readonly path: RegExp;
  readonly error?: () => MixpanelApiError;
  /** The answer is made when asked, and given when the test releases it. */
  readonly hold?: boolean;
  /** With `error`: Mixpanel does what was asked, and its answer is lost (a timeout after the write). */
  readonly afterActing?: boolean;
  times?: number;
}

/** A list has at most this many pages here, as the client bounds it. */
const MAX_PAGES = 50;

/**
 * The fake Mixpanel's second door, for core's tests: no socket, and the same Mixpanel. Each call
 * is answered by the fake's own routes (`FakeMixpanel.answerInMemory`: who may see which project,
 * 404 without Cloud Import, five syncs an hour, runs that end, its status faults), read as the
 * client reads an answer (`interpretAnswer`) and parsed by the client's parsers. What only a
 * socket can do (a timeout, a cut connection, an answer that arrives after its session ended) is
 * a fault of this door: a typed error, or an answer held until the test releases it.
 */
export class InMemoryMixpanel implements WarehouseSessionApi {
  /** The fake's data and behaviour; its HTTP door is never opened here. */
  readonly data = new FakeMixpanel();
  readonly requests: Array<{ readonly path: string; readonly method: string }> = [];
  private readonly faults = new FaultBook<Fault>();
  private readonly held: Array<() => void> = [];

  addFault(fault: Fault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  requestsTo(pattern: RegExp, method?: string): Array<{ readonly path: string; readonly method: string }> {
    return this.requests.filter((request) => pattern.test(request.path) && (method === undefined || request.method === method));
  }

  /** Gives every held answer. */
  release(): void {
    for (const give of this.held.splice(0)) {
      give();
    }
  }

  me(): Promise<AccountInfo> {
    return this.call('GET', '/me', parseAccount);
  }

  listConnectors(projectId: number): Promise<CloudImportConnector[]> {
    return this.call('GET', `/projects/${projectId}/connectors`, (body, read) => parseConnectors(this.allPages(body, read), projectId).items);
  }

  listRuns(projectId: number, connectorId: string, options?: RequestOptions): Promise<Run[]> {
    return this.call('GET', `/projects/${projectId}/connectors/${encodeURIComponent(connectorId)}/history`,
      (body, read) => parseRuns(options?.firstPageOnly ? parseListPage(body).data : this.allPages(body, read), connectorId).items);
  }

  listWarehouseImports(projectId: number): Promise<WarehouseImport[]> {
    return this.call('GET', `/projects/${projectId}/warehouse-sources/imports`, (body) => parseWarehouseImports(body, projectId).items);
  }

  listWarehouseRuns(projectId: number, importId: number): Promise<WarehouseRun[]> {
    return this.call('GET', `/projects/${projectId}/warehouse-sources/imports/${importId}/history`, (body) => parseWarehouseRuns(body, importId).items);
  }

  listWarehouseSources(projectId: number): Promise<WarehouseSourceInfo[]> {
    return this.call('GET', `/projects/${projectId}/warehouse-sources/sources`, (body) => parseWarehouseSources(body, projectId).items);
  }

  startWarehouseSync(projectId: number, importId: number): Promise<string | undefined> {
    return this.call('PUT', `/projects/${projectId}/warehouse-sources/imports/${importId}/manual-sync`, parseManualSync, {});
  }

  getWarehouseImport(projectId: number, importId: number): Promise<WarehouseImport> {
    return this.call('GET', `/projects/${projectId}/warehouse-sources/imports/${importId}`, (body) => parseWarehouseImport(body, projectId));
  }

  updateWarehouseImport(projectId: number, importId: number, update: ImportUpdate): Promise<WarehouseImport> {
    return this.call('PATCH', `/projects/${projectId}/warehouse-sources/imports/${importId}`, (body) => parseWarehouseImport(body, projectId),
      patchBody(update));
  }

  createWarehouseImport(projectId: number, request: Readonly<Record<string, unknown>>): Promise<WarehouseImport> {
    const segment = CREATE_PATHS[String(request.import_type)];
    return this.call('POST', `/projects/${projectId}/warehouse-sources/imports/${segment}`, (body) => parseWarehouseImport(body, projectId), request);
  }

  deleteWarehouseImport(projectId: number, importId: number): Promise<void> {
    return this.call('DELETE', `/projects/${projectId}/warehouse-sources/imports/${importId}`, () => undefined);
  }

  /** The fake's answer to one request, as the client would read it: its JSON, or the client's typed error. */
  private read(method: string, pathAndQuery: string, body?: unknown): unknown {
    const answer = this.data.answerInMemory(method, pathAndQuery, body);
    return interpretAnswer({
      status: answer.status,
      contentType: 'application/json',
      text: JSON.stringify(answer.body),
      url: new URL(`http://in-memory.invalid/api/app${pathAndQuery}`),
      retryAfter: answer.headers?.['Retry-After'],
    }, (message) => cleanServerMessage(message));
  }

  /** Every page of a list, from its first, following the pages' own links as the client does. */
  private allPages(first: unknown, read: (pathAndQuery: string) => unknown): unknown[] {
    const records: unknown[] = [];
    let page = parseListPage(first);
    for (let pages = 1; ; pages++) {
      records.push(...page.data);
      if (!page.hasMore || !page.nextUrl || pages >= MAX_PAGES) {
        return records;
      }
      const next = page.nextUrl.replace(/^\/api\/app/, '');
      // Each page is a request of its own, as over a socket.
      this.requests.push({ path: `/api/app${next.split('?')[0]}`, method: 'GET' });
      page = parseListPage(read(next));
    }
  }

  private call<T>(method: string, pathAndQuery: string, parse: (body: unknown, read: (pathAndQuery: string) => unknown) => T, body?: unknown): Promise<T> {
    const path = `/api/app${pathAndQuery}`;
    this.requests.push({ path, method });
    const fault = this.faults.take(method, path);
    let outcome: () => T;
    try {
      if (fault?.error) {
        if (fault.afterActing) {
          this.read(method, pathAndQuery, body);
        }
        const error = fault.error();
        outcome = () => { throw error; };
      } else {
        const result = parse(this.read(method, pathAndQuery, body), (next) => this.read('GET', next));
        outcome = () => result;
      }
    } catch (error) {
      outcome = () => { throw error; };
    }
    if (fault?.hold) {
      return new Promise<T>((resolve, reject) => this.held.push(() => {
        try {
          resolve(outcome());
        } catch (error) {
          reject(error);
        }
      }));
    }
    return Promise.resolve().then(outcome);
  }
}
