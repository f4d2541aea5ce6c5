import * as assert from 'assert';
import { Problem } from '../../../src/core/model/entries';
import { Refresher } from '../../../src/core/engine/refresher';
import { describeProblem } from '../../../src/core/text/errorMessages';
import { SourceStore } from '../../../src/core/engine/store';
import { plainTranslate } from '../../../src/shared/l10n';
import { MixpanelClient } from '../../../src/mixpanel/client';
import { ConcurrencyLimiter } from '../../../src/mixpanel/limiter';
import { FakeMixpanel, JsonRecord } from '../../fake-mixpanel/fakeMixpanel';
import { addGeneratedProject, addSampleProject, SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID, SAMPLE_RUNNING_CONNECTOR_ID } from '../../fake-mixpanel/scenarios';
import { connectorRef } from '../builders';
import { SOURCE_READERS } from '../../../src/core/sources';

/**
 * Every fault the brief names, against the fake Mixpanel over HTTP, through the client and the
 * domain wired as the extension wires them (retries on, waits recorded instead of spent). For
 * each: no unhandled rejection, the last good data kept, the sentence the user reads, recovery
 * once the fault clears, and a bound on the requests made. The README's "When something goes
 * wrong" table is this one.
 */

const OTHER_PROJECT_ID = 2002;
const CONNECTORS_ROUTE = new RegExp(`/projects/${SAMPLE_PROJECT_ID}/connectors$`);
const ONE_HISTORY_ROUTE = new RegExp(`${SAMPLE_FAILED_CONNECTOR_ID}/history$`);

interface Context {
  readonly server: FakeMixpanel;
  /** Another server on this machine, for redirects. */
  readonly elsewhere: FakeMixpanel;
  readonly refresher: Refresher;
  /** Work a fault started that the check waits for. */
  pending?: Promise<unknown>;
}

interface FaultCase {
  readonly fault: string;
  readonly arrange: (context: Context) => void | Promise<void>;
  /** What the user reads: the project's problem, or the one connector's. */
  readonly says: RegExp;
  readonly where?: 'project' | 'connector' | 'otherProject';
  /**
   * The most requests the refresh may make while the fault lasts. A good refresh makes 10: the
   * sample project's two lists (Cloud Import, warehouse) and 4 histories, the other project's two
   * lists and 2 histories.
   */
  readonly maxRequests: number;
  readonly clear?: (context: Context) => void | Promise<void>;
  readonly check?: (context: Context, refresher: Refresher, store: SourceStore) => void | Promise<void>;
}

const nullEverything = {
  connector_id: null, connectorId: 42, label: null, connector_type: null, connector_properties: null, category_properties: 'gzip',
  status: 7, failure_message: false, created_at: null, created_by: null,
};

const CASES: FaultCase[] = [
  {
    fault: '401 mid-session',
    arrange: ({ server }) => server.addFault({ kind: 'status', status: 401, body: { status: 'error', error: 'Invalid credentials.' } }),
    says: /^Mixpanel rejected the service account \(401\)\. Check its username and secret, or whether it has expired, then sign in again\./,
    maxRequests: 4,
    check: (_context, _refresher, store) => assert.strictEqual(store.project(SAMPLE_PROJECT_ID)!.retryAt, undefined, 'no automatic retry after a 401'),
  },
  {
    fault: '403 for one of two projects',
    arrange: ({ server }) => { server.memberOf = new Set([SAMPLE_PROJECT_ID]); },
    says: /^The service account has no access to this \(403\)\. .* Mixpanel says: "User 6535281 is not a member of project 2002\."/,
    where: 'otherProject',
    maxRequests: 8,
    clear: ({ server }) => { server.memberOf = undefined; },
    check: (_context, _refresher, store) => assert.strictEqual(store.project(SAMPLE_PROJECT_ID)!.problem, undefined, 'the other project is untouched'),
  },
  {
    fault: '404 as JSON (no Cloud Import)',
    arrange: ({ server }) => { server.project(SAMPLE_PROJECT_ID).cloudImport = false; },
    says: /^$/,
    maxRequests: 6,
    clear: ({ server }) => { server.project(SAMPLE_PROJECT_ID).cloudImport = true; },
    check: (_context, _refresher, store) => assert.strictEqual(store.project(SAMPLE_PROJECT_ID)!.state, 'unavailable'),
  },
  {
    fault: '404 as a web page',
    arrange: ({ server }) => server.addFault({ kind: 'html', status: 404, path: CONNECTORS_ROUTE }),
    says: /^http:\/\/127\.0\.0\.1:\d+\/api\/app\/projects\/1001\/connectors answered 404 with a web page, not Mixpanel's API\. Check the region and the API base URL setting\.$/,
    maxRequests: 6,
  },
  {
    fault: '429 with Retry-After: 7',
    arrange: ({ server }) => server.addFault({ kind: 'status', status: 429, path: CONNECTORS_ROUTE, headers: { 'Retry-After': '7' } }),
    says: /^Mixpanel is limiting the rate of requests \(429\)\. Trying again in 7 s\.$/,
    maxRequests: 8,
    check: (_context, _refresher, store) => assert.strictEqual(store.project(SAMPLE_PROJECT_ID)!.retryAt! - NOW, 7_000),
  },
  {
    fault: '429 without Retry-After',
    arrange: ({ server }) => server.addFault({ kind: 'status', status: 429, path: CONNECTORS_ROUTE }),
    says: /^Mixpanel is limiting the rate of requests \(429\)\. Trying again later\.$/,
    maxRequests: 8,
  },
  {
    fault: '429 with a Retry-After of a year',
    arrange: ({ server }) => server.addFault({ kind: 'status', status: 429, path: CONNECTORS_ROUTE, headers: { 'Retry-After': String(365 * 86_400) } }),
    says: /^Mixpanel is limiting the rate of requests \(429\)\. Trying again in 3600 s\.$/,
    maxRequests: 6,
    check: (_context, _refresher, store) => assert.strictEqual(store.project(SAMPLE_PROJECT_ID)!.retryAt! - NOW, 3_600_000),
  },
  {
    fault: '500',
    arrange: ({ server }) => server.addFault({ kind: 'status', status: 500, path: CONNECTORS_ROUTE }),
    says: /^Mixpanel had a server error \(500\)\. This is usually temporary; try again in a minute\./,
    maxRequests: 8,
  },
  {
    fault: '502 with an HTML page',
    arrange: ({ server }) => server.addFault({ kind: 'html', status: 502, path: CONNECTORS_ROUTE }),
    says: /^Mixpanel had a server error \(502\)\. This is usually temporary; try again in a minute\.$/,
    maxRequests: 8,
  },
  {
    fault: 'a hang',
    arrange: ({ server }) => server.addFault({ kind: 'hang', path: CONNECTORS_ROUTE }),
    says: /^Mixpanel did not answer within 1 s\. Check the network, or try again\.$/,
    maxRequests: 8,
  },
  {
    fault: 'malformed JSON',
    arrange: ({ server }) => server.addFault({ kind: 'malformedJson', path: CONNECTORS_ROUTE }),
    says: /^Mixpanel answered with something that is not JSON \(HTTP 200\)\.$/,
    maxRequests: 6,
  },
  {
    fault: 'a truncated body',
    arrange: ({ server }) => server.addFault({ kind: 'truncated', path: CONNECTORS_ROUTE }),
    says: /^The connection to Mixpanel at 127\.0\.0\.1:\d+ broke off before the answer was complete\. Try again; if it keeps happening, check the network or proxy\.$/,
    maxRequests: 8,
  },
  {
    fault: 'a refused connection',
    arrange: async ({ server }) => server.stop(),
    says: /^Could not reach Mixpanel at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the network, proxy, region and API base URL settings\.$/,
    maxRequests: 0,
    clear: async ({ server }) => { await server.start(port); },
  },
  {
    fault: 'a 64 MB body for one connector',
    arrange: ({ server }) => server.addFault({ kind: 'hugeBody', path: ONE_HISTORY_ROUTE }),
    says: /^Mixpanel's answer was too large \(over 8 MB\) and was not read: \/api\/app\/projects\/1001\/connectors\/232f40cc-7ccc-4da3-b9c3-d8c1d14142c6\/history\.$/,
    where: 'connector',
    maxRequests: 10,
    check: (_context, _refresher, store) => {
      const project = store.project(SAMPLE_PROJECT_ID)!;
      assert.strictEqual(project.problem, undefined, 'the rest of the project stays');
      assert.strictEqual(project.sources.filter((entry) => entry.runsProblem).length, 1);
    },
  },
  {
    fault: 'a redirect to another host',
    arrange: ({ server, elsewhere }) => server.addFault({ kind: 'status', status: 307, path: CONNECTORS_ROUTE, headers: { Location: `${elsewhere.baseUrl}/projects/${SAMPLE_PROJECT_ID}/connectors` } }),
    says: /^Mixpanel redirected the request to 127\.0\.0\.1:\d+; credentials are never sent on\. Check the region and the API base URL setting\.$/,
    maxRequests: 6,
    check: ({ elsewhere }) => assert.deepStrictEqual(elsewhere.requests, [], 'the other host heard nothing'),
  },
  {
    fault: 'endless paging',
    arrange: ({ server }) => server.addFault({ kind: 'endlessPaging', path: ONE_HISTORY_ROUTE }),
    says: /^$/,
    maxRequests: 1 + 3 + 50 + 3 + 2,
    check: (_context, _refresher, store) => assert.strictEqual(store.source(connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID))!.runs.length, 50),
  },
  {
    fault: 'repeating paging',
    arrange: ({ server }) => server.addFault({ kind: 'repeatPaging', path: ONE_HISTORY_ROUTE }),
    says: /^$/,
    maxRequests: 1 + 3 + 2 + 3 + 2,
  },
  {
    fault: 'answers out of order',
    arrange: async (context) => {
      const history = context.server.project(SAMPLE_PROJECT_ID).history.get(SAMPLE_RUNNING_CONNECTOR_ID)!;
      // A poll asked while the run was running is answered after the refresh that sees it failed.
      const stale = { status: 'ok', results: { url: null, has_more: false, data: JSON.parse(JSON.stringify(history)) as unknown[] } };
      context.server.addFault({ kind: 'status', status: 200, body: stale, delayMs: 300, times: 1, path: new RegExp(`${SAMPLE_RUNNING_CONNECTOR_ID}/history$`) });
      context.pending = context.refresher.refreshSources(SAMPLE_PROJECT_ID, [connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID)]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      Object.assign(history[0], { status: 'failed', end_time: '2020-09-16 08:00:00 +0000 UTC', error: { message: 'Access denied', code: '' } });
    },
    says: /^$/,
    maxRequests: 10,
    check: async (context, _refresher, store) => {
      await context.pending;
      assert.strictEqual(store.source(connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID))!.runs[0].status, 'failed', 'the late answer did not bring the run back');
    },
  },
  {
    fault: 'every field null or of the wrong type',
    arrange: ({ server }) => {
      const project = server.project(SAMPLE_PROJECT_ID);
      project.connectors = [...project.connectors, nullEverything, { ...nullEverything, connector_id: 'odd-one' }];
      project.history.set('odd-one', [{ id: null, start_time: {}, end_time: [], status: 12, progress: 'lots', error: 5, connector_properties: 'none' }, null, 'text'] as unknown as JsonRecord[]);
    },
    says: /^$/,
    maxRequests: 1 + 6 + 3 + 2,
    clear: ({ server }) => {
      const project = server.project(SAMPLE_PROJECT_ID);
      project.connectors = project.connectors.slice(0, 4);
    },
    check: (_context, _refresher, store) => {
      const odd = store.source(connectorRef('odd-one', SAMPLE_PROJECT_ID));
      assert.ok(odd, 'the readable part of an odd connector is shown');
      assert.deepStrictEqual(odd.runs.map((run) => run.status), ['unknown']);
    },
  },
];

let port = 0;

function describeIfAny(problem: Problem | undefined): string {
  return problem ? describeProblem(problem, plainTranslate) : '';
}
const NOW = Date.UTC(2026, 10, 26, 12);

describe('fault matrix: each fault against the fake Mixpanel, end to end through the domain', function () {
  this.timeout(30_000);
  let context: Context;
  let store: SourceStore;
  let refresher: Refresher;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => process.off('unhandledRejection', onUnhandled));

  beforeEach(async () => {
    const server = new FakeMixpanel();
    addSampleProject(server);
    addGeneratedProject(server, OTHER_PROJECT_ID, 2, 2);
    await server.start();
    port = server.port;
    const elsewhere = new FakeMixpanel();
    await elsewhere.start();
    store = new SourceStore(() => NOW);
    refresher = new Refresher(store, SOURCE_READERS, { now: () => NOW, random: () => 0.5 });
    context = { server, elsewhere, refresher };
    refresher.setApi(new MixpanelClient({
      credentials: { username: server.username, secret: server.secret },
      region: 'us',
      baseUrl: server.baseUrl,
      userAgent: 'fault-matrix',
      limiter: new ConcurrencyLimiter(4),
      timeoutMs: 1_000,
      // The extension's retry policy, with the waits recorded rather than spent.
      sleep: async () => undefined,
      random: () => 0.5,
    }));
    store.setProjects([SAMPLE_PROJECT_ID, OTHER_PROJECT_ID]);
    const first = await refresher.refreshAll();
    assert.ok(first.ok, 'the last good data');
    unhandled.length = 0;
  });

  afterEach(async () => {
    refresher.dispose();
    await context.server.stop();
    await context.elsewhere.stop();
  });

  for (const testCase of CASES) {
    it(testCase.fault, async () => {
      const where = testCase.where ?? 'project';
      const watched = where === 'otherProject' ? OTHER_PROJECT_ID : SAMPLE_PROJECT_ID;
      const before = store.project(watched)!;
      await testCase.arrange(context);
      context.server.clearRequests();

      await refresher.refreshAll();

      const project = store.project(watched)!;
      const said = where === 'connector'
        ? describeIfAny(store.source(connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID))!.runsProblem)
        : describeIfAny(project.problem);
      assert.match(said, testCase.says);
      if (project.state !== 'unavailable') {
        for (const shown of before.sources) {
          const now = project.sources.find((entry) => entry.source.id === shown.source.id);
          assert.ok(now, `${shown.source.id} is still shown`);
          assert.ok(now.runs.length >= shown.runs.length, `${shown.source.id} keeps its runs`);
        }
      }
      assert.ok(context.server.requests.length <= testCase.maxRequests, `${context.server.requests.length} requests, at most ${testCase.maxRequests}`);
      await testCase.check?.(context, refresher, store);
      assert.deepStrictEqual(unhandled, [], 'no unhandled rejection');

      context.server.clearFaults();
      await testCase.clear?.(context);
      const recovered = await refresher.refreshAll();
      assert.ok(recovered.ok, `recovers: ${JSON.stringify(recovered.problems.map((entry) => describeProblem(entry.problem, plainTranslate)))}`);
      assert.strictEqual(store.project(watched)!.problem, undefined);
      assert.strictEqual(store.project(watched)!.state, 'ready');
      assert.deepStrictEqual(unhandled, [], 'no unhandled rejection');
    });
  }
});
