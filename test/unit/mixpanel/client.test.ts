import * as assert from 'assert';
import { MixpanelClient, MixpanelClientOptions, RequestLogEntry } from '../../../src/mixpanel/client';
import { describeApiError, describeWarning } from '../../../src/core/text/errorMessages';
import { ClientWarning, MixpanelApiError } from '../../../src/mixpanel/errors';
import { plainTranslate } from '../../../src/shared/l10n';
import { ConcurrencyLimiter } from '../../../src/mixpanel/limiter';
import { MAX_LIST_BYTES, MAX_LIST_RECORDS } from '../../../src/mixpanel/transport';
import { FakeMixpanel } from '../../fake-mixpanel/fakeMixpanel';
import { addGeneratedProject, addSampleProject, addWarehouseSample, SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID, SAMPLE_SUCCESS_CONNECTOR_ID } from '../../fake-mixpanel/scenarios';

describe('MixpanelClient over HTTP against the fake server', function () {
  this.timeout(10_000);
  let server: FakeMixpanel;
  let waits: number[];
  let log: RequestLogEntry[];
  let warnings: ClientWarning[];
  /** The sentence a person reads for an error, and the log's lines for the warnings. */
  const said = (error: MixpanelApiError) => describeApiError(error, plainTranslate);
  const logged = () => warnings.map(describeWarning).join('\n');

  function client(overrides: Partial<MixpanelClientOptions> = {}): MixpanelClient {
    return new MixpanelClient({
      credentials: { username: server.username, secret: server.secret },
      region: 'us',
      baseUrl: server.baseUrl,
      userAgent: 'mixpanel-connectors-vscode/9.9.9',
      sleep: async (ms) => { waits.push(ms); },
      random: () => 0.5,
      onRequest: (entry) => log.push(entry),
      onWarning: (message) => warnings.push(message),
      ...overrides,
    });
  }

  async function rejection(promise: Promise<unknown>): Promise<MixpanelApiError> {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof MixpanelApiError, `expected a MixpanelApiError, got ${String(error)}`);
      return error;
    }
    assert.fail('expected the call to fail');
  }

  beforeEach(async () => {
    server = new FakeMixpanel();
    addSampleProject(server);
    await server.start();
    waits = [];
    log = [];
    warnings = [];
  });

  afterEach(() => server.stop());

  describe('endpoints', () => {
    it('asks /me with Basic auth, a User-Agent and Accept: application/json', async () => {
      const account = await client().me();
      assert.deepStrictEqual(account.projects.map((project) => [project.id, project.name]), [[SAMPLE_PROJECT_ID, 'Sample Project']]);
      const [request] = server.requests;
      assert.strictEqual(request.path, '/api/app/me');
      assert.ok(request.authorized);
      assert.strictEqual(request.userAgent, 'mixpanel-connectors-vscode/9.9.9');
      assert.strictEqual(request.accept, 'application/json');
    });

    it('lists connectors and gets one', async () => {
      const connectors = await client().listConnectors(SAMPLE_PROJECT_ID);
      assert.strictEqual(connectors.length, 4);
      const one = await client().getConnector(SAMPLE_PROJECT_ID, SAMPLE_SUCCESS_CONNECTOR_ID);
      assert.strictEqual(one.compression, 'gzip');
    });

    it('lists the runs of a connector', async () => {
      const [run] = await client().listRuns(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID);
      assert.strictEqual(run.status, 'failed');
      assert.match(run.error!.message, /^No compression specified but Gzip detected/);
    });

    it('covers the warehouse imports calls', async () => {
      addWarehouseSample(server.project(SAMPLE_PROJECT_ID));
      const c = client();
      const imports = await c.listWarehouseImports(SAMPLE_PROJECT_ID);
      assert.deepStrictEqual(imports.map((item) => item.id), [40123, 40124]);
      assert.strictEqual((await c.getWarehouseImport(SAMPLE_PROJECT_ID, 40124)).paused, true);
      assert.strictEqual((await c.listWarehouseRuns(SAMPLE_PROJECT_ID, 40123)).length, 4);
      const runId = await c.startWarehouseSync(SAMPLE_PROJECT_ID, 40123);
      assert.match(runId!, /^fake-run-/);
      assert.strictEqual((await c.listWarehouseRuns(SAMPLE_PROJECT_ID, 40123)).length, 5);
      await c.updateWarehouseImport(SAMPLE_PROJECT_ID, 40124, { paused: false, runEveryNs: 86_400_000_000_000 });
      assert.strictEqual((await c.getWarehouseImport(SAMPLE_PROJECT_ID, 40124)).paused, false);
      assert.deepStrictEqual(server.requests.filter((r) => r.method !== 'GET').map((r) => r.method), ['PUT', 'PATCH']);
    });

    it('says in the log what it dropped from one import read alone, as it does for a list', async () => {
      addWarehouseSample(server.project(SAMPLE_PROJECT_ID));
      server.project(SAMPLE_PROJECT_ID).warehouseImports[0].run_every = 3600;
      const read = await client().getWarehouseImport(SAMPLE_PROJECT_ID, 40123);
      assert.strictEqual(read.runEveryNs, undefined);
      assert.match(logged(), /Ignored run_every 3600 of warehouseImport 40123: not one of the documented values/);
    });

    it('logs each request with method, path, status and duration', async () => {
      await client().me();
      assert.strictEqual(log.length, 1);
      assert.strictEqual(log[0].method, 'GET');
      assert.strictEqual(log[0].path, '/api/app/me');
      assert.strictEqual(log[0].status, 200);
      assert.ok(log[0].durationMs >= 0);
    });
  });

  describe('paging', () => {
    it('follows results.url until has_more is false', async () => {
      addGeneratedProject(server, 7, 1, 25);
      server.pageSize = 10;
      const connectorId = server.project(7).connectors[0].connector_id as string;
      const runs = await client().listRuns(7, connectorId);
      assert.strictEqual(runs.length, 25);
      assert.strictEqual(new Set(runs.map((run) => run.key)).size, 25);
      assert.strictEqual(server.requestsTo(/history/).length, 3);
    });

    it('reads the first page alone when asked to (a poll for what is new), and says nothing of it', async () => {
      addGeneratedProject(server, 7, 1, 25);
      server.pageSize = 10;
      const connectorId = server.project(7).connectors[0].connector_id as string;
      const runs = await client().listRuns(7, connectorId, { firstPageOnly: true });
      assert.strictEqual(runs.length, 10);
      assert.strictEqual(server.requestsTo(/history/).length, 1);
      assert.strictEqual(logged(), '');
    });

    it('stops when a server never says has_more: false', async () => {
      server.addFault({ kind: 'endlessPaging', path: /history$/ });
      const runs = await client({ maxPages: 5 }).listRuns(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID);
      assert.strictEqual(runs.length, 5);
      assert.strictEqual(server.requestsTo(/history/).length, 5);
      assert.match(logged(), /5 pages read; the list may be incomplete/);
    });

    it('holds a list to its record budget across pages, even when one page brings 150,000 records', async () => {
      server.addFault({ kind: 'crowdedPaging', path: /history$/ });
      const runs = await client().listRuns(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID);
      assert.strictEqual(runs.length, MAX_LIST_RECORDS);
      assert.strictEqual(server.requestsTo(/history/).length, 1, 'no second page once the budget is spent');
      assert.match(logged(), /held more records than a list may/);
    });

    it('holds a list to its byte budget across pages, however many pages just under the size cap follow', async function () {
      this.timeout(30_000);
      server.addFault({ kind: 'heavyPaging', path: /history$/ });
      const runs = await client().listRuns(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID);
      const pages = server.requestsTo(/history/).length;
      assert.strictEqual(pages, Math.ceil(MAX_LIST_BYTES / (7.8 * 1_048_576)), `${pages} pages of 7.8 MB, not 50`);
      assert.strictEqual(runs.length, pages);
      assert.match(logged(), /held more data than a list may/);
    });

    it('stops when a server points back to the same page', async () => {
      server.addFault({ kind: 'repeatPaging', path: /history$/ });
      const runs = await client().listRuns(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID);
      assert.ok(server.requestsTo(/history/).length <= 2);
      assert.strictEqual(runs.length, 1);
      assert.match(logged(), /Stopped paging/);
    });

    it('never follows a next page to another host', async () => {
      server.addFault({ kind: 'status', status: 200, path: /history$/, body: { status: 'ok', results: { url: 'https://evil.example.com/steal', has_more: true, data: [{ status: 'success' }] } } });
      const runs = await client().listRuns(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID);
      assert.strictEqual(runs.length, 1);
      assert.strictEqual(server.requestsTo(/history/).length, 1);
      assert.match(logged(), /not on the API host/);
    });
  });

  describe('faults', () => {
    it('401: authentication error, not retried', async () => {
      const error = await rejection(new MixpanelClient({ ...clientOptions(), credentials: { username: server.username, secret: 'wrong-secret' } }).me());
      assert.strictEqual(error.kind, 'authentication');
      assert.strictEqual(error.status, 401);
      assert.match(said(error), /sign in again/);
      assert.strictEqual(server.requests.length, 1);
    });

    it('403: permission error with Mixpanel\'s own text', async () => {
      const error = await rejection(client().listConnectors(4040293));
      assert.strictEqual(error.kind, 'permission');
      assert.strictEqual(error.serverMessage, 'User 6535281 is not a member of project 4040293.');
      assert.match(said(error), /User 6535281 is not a member of project 4040293\./);
      assert.strictEqual(server.requests.length, 1);
    });

    it('404: not found, not retried', async () => {
      server.project(SAMPLE_PROJECT_ID).cloudImport = false;
      const error = await rejection(client().listConnectors(SAMPLE_PROJECT_ID));
      assert.strictEqual(error.kind, 'notFound');
      assert.strictEqual(error.status, 404);
      assert.strictEqual(server.requests.length, 1);
    });

    it('429 with Retry-After in seconds: waits as asked, then succeeds', async () => {
      server.addFault({ kind: 'status', status: 429, path: /\/me$/, headers: { 'Retry-After': '7' }, times: 1 });
      await client().me();
      assert.deepStrictEqual(waits, [7000]);
      assert.strictEqual(server.requests.length, 2);
    });

    it('429 with Retry-After as an HTTP date', async () => {
      const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString();
      server.addFault({ kind: 'status', status: 429, path: /\/me$/, headers: { 'Retry-After': inFiveSeconds }, times: 1 });
      await client().me();
      assert.strictEqual(waits.length, 1);
      assert.ok(waits[0] > 3_000 && waits[0] <= 5_000, `waited ${waits[0]}`);
    });

    it('429 without Retry-After: exponential backoff with jitter, then a rate-limit error', async () => {
      server.addFault({ kind: 'status', status: 429, path: /\/me$/ });
      const error = await rejection(client({ retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000, maxTotalWaitMs: 90_000 } }).me());
      assert.strictEqual(error.kind, 'rateLimited');
      assert.deepStrictEqual(waits, [750, 1500, 3000]);
      assert.strictEqual(server.requests.length, 4);
    });

    it('429 with a Retry-After longer than the policy allows: fails at once and reports the wait', async () => {
      server.addFault({ kind: 'status', status: 429, path: /\/me$/, headers: { 'Retry-After': '3600' } });
      const error = await rejection(client().me());
      assert.strictEqual(error.retryAfterMs, 3_600_000);
      assert.deepStrictEqual(waits, []);
      assert.match(said(error), /3600 s/);
    });

    it('500: retried, then a server error', async () => {
      server.addFault({ kind: 'status', status: 500, path: /\/me$/ });
      const error = await rejection(client().me());
      assert.strictEqual(error.kind, 'server');
      assert.strictEqual(error.status, 500);
      assert.strictEqual(server.requests.length, 3);
      assert.strictEqual(waits.length, 2);
    });

    it('500 once: the retry succeeds', async () => {
      server.addFault({ kind: 'status', status: 500, path: /\/me$/, times: 1 });
      const account = await client().me();
      assert.strictEqual(account.projects.length, 1);
      assert.strictEqual(server.requests.length, 2);
    });

    it('502 with an HTML body: a server error that shows no HTML', async () => {
      server.addFault({ kind: 'html', status: 502, path: /connectors$/ });
      const error = await rejection(client().listConnectors(SAMPLE_PROJECT_ID));
      assert.strictEqual(error.kind, 'server');
      assert.strictEqual(error.status, 502);
      assert.doesNotMatch(said(error), /<|html/i);
    });

    it('200 with an HTML page: invalid response', async () => {
      server.addFault({ kind: 'html', status: 200, path: /\/me$/ });
      const error = await rejection(client().me());
      assert.strictEqual(error.kind, 'invalidResponse');
      assert.strictEqual(error.reason, 'html');
      assert.doesNotMatch(said(error), /<!DOCTYPE/);
    });

    it('malformed JSON: invalid response, not retried', async () => {
      server.addFault({ kind: 'malformedJson', path: /connectors$/ });
      const error = await rejection(client().listConnectors(SAMPLE_PROJECT_ID));
      assert.strictEqual(error.kind, 'invalidResponse');
      assert.strictEqual(error.reason, 'notJson');
      assert.strictEqual(server.requests.length, 1);
    });

    it('a response that never ends: a timeout, retried', async () => {
      server.addFault({ kind: 'hang', path: /\/me$/ });
      const started = Date.now();
      const error = await rejection(client({ timeoutMs: 150, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100, maxTotalWaitMs: 100 } }).me());
      assert.strictEqual(error.kind, 'timeout');
      assert.strictEqual(server.requests.length, 2);
      assert.ok(Date.now() - started < 3_000);
    });

    it('latency below the timeout is just slow', async () => {
      server.addFault({ kind: 'latency', delayMs: 100, path: /\/me$/ });
      await client({ timeoutMs: 2_000 }).me();
      assert.ok(log[0].durationMs >= 90);
    });

    it('a closed port: a network error naming the host, retried', async () => {
      const port = server.port;
      const unreachable = client();
      await server.stop();
      const error = await rejection(unreachable.me());
      assert.strictEqual(error.kind, 'network');
      assert.strictEqual(error.code, 'ECONNREFUSED');
      assert.strictEqual(error.host, `127.0.0.1:${port}`);
      assert.strictEqual(waits.length, 2);
      server = new FakeMixpanel();
    });

    it('never retries a PUT', async () => {
      server.addFault({ kind: 'status', status: 503, path: /manual-sync$/ });
      const error = await rejection(client().startWarehouseSync(SAMPLE_PROJECT_ID, 40123));
      assert.strictEqual(error.kind, 'server');
      assert.strictEqual(server.requests.length, 1);
    });

    it('does not retry other 4xx', async () => {
      server.addFault({ kind: 'status', status: 400, path: /\/me$/, body: { status: 'error', type: 'missing_required_property', message: 'The property `frequency` is missing from the payload' } });
      const error = await rejection(client().me());
      assert.strictEqual(error.kind, 'badRequest');
      assert.match(said(error), /frequency/);
      assert.strictEqual(server.requests.length, 1);
    });

    it('a cancelled call stops waiting', async () => {
      server.addFault({ kind: 'hang', path: /\/me$/ });
      const controller = new AbortController();
      const pending = client({ timeoutMs: 10_000 }).me({ signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(pending);
      assert.strictEqual(error.kind, 'cancelled');
    });
  });

  describe('hostile servers', () => {
    it('follows no redirect: a 3xx is a configuration problem naming the target, and the target hears nothing', async () => {
      const elsewhere = new FakeMixpanel();
      await elsewhere.start();
      try {
        server.addFault({ kind: 'status', status: 302, path: /\/me$/, headers: { Location: `${elsewhere.baseUrl}/me` } });
        const error = await rejection(client().me());
        assert.strictEqual(error.kind, 'configuration');
        assert.strictEqual(error.reason, 'redirect');
        assert.strictEqual(error.host, `127.0.0.1:${elsewhere.port}`);
        assert.match(said(error), new RegExp(`redirected the request to 127\\.0\\.0\\.1:${elsewhere.port}`));
        assert.deepStrictEqual(elsewhere.requests, [], 'the credentials went nowhere else');
        assert.strictEqual(server.requests.length, 1, 'not retried');
      } finally {
        await elsewhere.stop();
      }
    });

    it('stops reading an answer past the size cap, and says the answer was too large', async () => {
      server.addFault({ kind: 'hugeBody', path: /connectors$/, sizeBytes: 64 * 1_048_576 });
      const started = Date.now();
      const error = await rejection(client().listConnectors(SAMPLE_PROJECT_ID));
      assert.strictEqual(error.kind, 'invalidResponse');
      assert.strictEqual(error.reason, 'tooLarge');
      assert.match(said(error), /too large \(over 8 MB\)/);
      assert.strictEqual(server.requests.length, 1, 'not retried');
      assert.ok(Date.now() - started < 5_000, 'the 64 MB were not read to the end');
    });

    it('bounds Retry-After to an hour: a server asking for a year is asked again in an hour', async () => {
      server.addFault({ kind: 'status', status: 429, path: /\/me$/, headers: { 'Retry-After': String(365 * 24 * 3600) } });
      const error = await rejection(client().me());
      assert.strictEqual(error.retryAfterMs, 3_600_000);
      assert.deepStrictEqual(waits, [], 'an hour is left to the caller\'s schedule');
    });

    it('waits at least a second however small Retry-After is', async () => {
      server.addFault({ kind: 'status', status: 429, path: /\/me$/, headers: { 'Retry-After': '0' }, times: 2 });
      await client().me();
      assert.deepStrictEqual(waits, [1000, 1000]);
    });

    it('404 as Mixpanel\'s JSON: not found (no Cloud Import here)', async () => {
      server.project(SAMPLE_PROJECT_ID).cloudImport = false;
      const error = await rejection(client().listConnectors(SAMPLE_PROJECT_ID));
      assert.strictEqual(error.kind, 'notFound');
    });

    it('404 as a web page: a configuration problem that names the URL', async () => {
      server.addFault({ kind: 'html', status: 404, path: /connectors$/ });
      const error = await rejection(client().listConnectors(SAMPLE_PROJECT_ID));
      assert.strictEqual(error.kind, 'configuration');
      assert.strictEqual(error.reason, 'notFoundPage');
      assert.strictEqual(error.url, `${server.baseUrl}/projects/${SAMPLE_PROJECT_ID}/connectors`);
      assert.ok(said(error).includes(`${server.baseUrl}/projects/${SAMPLE_PROJECT_ID}/connectors answered 404 with a web page`), said(error));
    });

    it('a next-page link that answers 404: a configuration problem that names it, not "no Cloud Import"', async () => {
      server.addFault({ kind: 'status', status: 200, path: /history$/, times: 1, body: { status: 'ok', results: { url: `/api/app/projects/${SAMPLE_PROJECT_ID}/nowhere`, has_more: true, data: [{ status: 'success' }] } } });
      const error = await rejection(client().listRuns(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID));
      assert.strictEqual(error.kind, 'configuration');
      assert.strictEqual(error.reason, 'brokenPageLink');
      assert.strictEqual(error.url, `${server.origin}/api/app/projects/${SAMPLE_PROJECT_ID}/nowhere`);
    });
  });

  describe('list pages', () => {
    it('accepts the schema\'s bare page {url, has_more, data} as well as the samples\' {status, results}', async () => {
      const record = server.project(SAMPLE_PROJECT_ID).connectors[0];
      server.addFault({ kind: 'status', status: 200, path: /connectors$/, times: 1, body: { url: null, has_more: false, data: [record] } });
      const bare = await client().listConnectors(SAMPLE_PROJECT_ID);
      const wrapped = await client().listConnectors(SAMPLE_PROJECT_ID);
      assert.strictEqual(bare.length, 1);
      assert.strictEqual(bare[0].id, wrapped[0].id);
    });

    it('stops at the first repeated page when pages alternate A, B, A, B', async () => {
      server.addFault({ kind: 'alternatingPaging', path: /history$/ });
      const runs = await client().listRuns(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID);
      assert.strictEqual(server.requestsTo(/history/).length, 3);
      assert.strictEqual(runs.length, 2);
      assert.match(logged(), /page 3 repeats an earlier page/);
    });

    it('ends quietly, with a log line, on a next-page reference that is not a path (a UUID)', async () => {
      server.addFault({ kind: 'status', status: 200, path: /history$/, body: { status: 'ok', results: { url: '4b1f9a8e-1c2d-4e5f-9a8b-7c6d5e4f3a2b', has_more: true, data: [{ status: 'success' }] } } });
      const runs = await client().listRuns(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID);
      assert.strictEqual(runs.length, 1);
      assert.strictEqual(server.requestsTo(/history/).length, 1);
      assert.deepStrictEqual(warnings, [{ kind: 'pagingStopped', path: `projects/${SAMPLE_PROJECT_ID}/connectors/${SAMPLE_FAILED_CONNECTOR_ID}/history`, page: 1, why: 'notAPath' }]);
    });
  });

  describe('secrets', () => {
    it('never puts the secret or the Authorization header in an error, a log entry or a warning', async () => {
      const secret = server.secret;
      const token = Buffer.from(`${server.username}:${secret}`).toString('base64');
      // A hostile server echoing the credentials back in its error text.
      server.addFault({ kind: 'status', status: 403, path: /connectors$/, body: { status: 'error', error: `denied for ${secret} (Basic ${token})` } });
      server.addFault({ kind: 'status', status: 500, path: /\/me$/, body: { error: `oops ${secret}` } });
      server.addFault({ kind: 'html', status: 502, path: /history$/ });
      const errors: unknown[] = [];
      const c = client();
      for (const call of [c.listConnectors(SAMPLE_PROJECT_ID), c.me(), c.listRuns(SAMPLE_PROJECT_ID, SAMPLE_FAILED_CONNECTOR_ID)]) {
        errors.push(await rejection(call));
      }
      const everything = JSON.stringify({ errors: errors.map((e) => ({ ...(e as object), message: (e as Error).message, said: said(e as MixpanelApiError), stack: (e as Error).stack })), log, warnings });
      assert.ok(!everything.includes(secret), 'the secret leaked');
      assert.ok(!everything.includes(token), 'the Authorization token leaked');
      assert.match(everything, /denied for \*\*\*/);
    });

    it('redacts the secret however the server encoded it in its echo: URL-encoded, base64, base64url, in another case', async () => {
      const secret = 'p@ss/w+rd=&ünï';
      await server.stop();
      server = new FakeMixpanel({ secret });
      addSampleProject(server);
      await server.start();
      const token = Buffer.from(`${server.username}:${secret}`).toString('base64');
      const forms = [
        encodeURIComponent(secret), encodeURIComponent(secret).toLowerCase(), Buffer.from(secret).toString('base64'),
        Buffer.from(secret).toString('base64url'), token.replace(/=+$/, ''), Buffer.from(`${server.username}:${secret}`).toString('base64url'),
      ];
      server.addFault({ kind: 'status', status: 400, path: /connectors$/, body: { status: 'error', error: `echo ${forms.join(' | ')}` } });
      const error = await rejection(client({ credentials: { username: server.username, secret }, baseUrl: server.baseUrl }).listConnectors(SAMPLE_PROJECT_ID));
      const text = JSON.stringify({ ...error, said: said(error) });
      for (const form of forms) {
        assert.ok(!text.includes(form), `leaked as ${form}`);
      }
      assert.match(error.serverMessage ?? '', /^echo \*\*\* \| \*\*\*/);
    });

    it('refuses to send credentials over plain http to another machine', () => {
      assert.throws(() => client({ baseUrl: 'http://mixpanel.example.com/api/app' }), { kind: 'configuration' });
      assert.throws(() => client({ baseUrl: 'https://user:pw@mixpanel.com/api/app' }), { kind: 'configuration' });
      assert.doesNotThrow(() => client({ baseUrl: 'http://localhost:9/api/app' }));
    });

    it('uses the region\'s host when no base URL is set', () => {
      assert.strictEqual(client({ baseUrl: undefined, region: 'eu' }).apiBaseUrl, 'https://eu.mixpanel.com/api/app');
      assert.strictEqual(client({ baseUrl: '', region: 'in' }).apiBaseUrl, 'https://in.mixpanel.com/api/app');
      assert.strictEqual(client({ baseUrl: undefined, region: 'us' }).apiBaseUrl, 'https://mixpanel.com/api/app');
    });
  });

  describe('bounded parallelism', () => {
    it('never has more requests in flight than the shared bound', async () => {
      addGeneratedProject(server, 8, 20, 2);
      server.baseLatencyMs = 40;
      const limiter = new ConcurrencyLimiter(4);
      const c = client({ limiter });
      const connectors = await c.listConnectors(8);
      server.clearRequests();
      const started = Date.now();
      await Promise.all(connectors.map((connector) => c.listRuns(8, connector.id)));
      const elapsed = Date.now() - started;
      assert.strictEqual(server.requests.length, 20);
      assert.strictEqual(server.maxInFlight, 4);
      // 20 requests of 40 ms four at a time take about 5 rounds, not 20.
      assert.ok(elapsed < 20 * 40, `took ${elapsed} ms`);
    });
  });

  function clientOptions(): MixpanelClientOptions {
    return {
      credentials: { username: server.username, secret: server.secret },
      region: 'us',
      baseUrl: server.baseUrl,
      userAgent: 'test',
      sleep: async (ms) => { waits.push(ms); },
    };
  }
});
