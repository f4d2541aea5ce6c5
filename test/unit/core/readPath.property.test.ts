import * as assert from 'assert';
import fc from 'fast-check';
import { onListenerError } from '../../../src/core/model/events';
import { SourceEntry, FinishedRun } from '../../../src/core/model/entries';
import { notificationFor } from '../../../src/core/presentation/notifications';
import { overviewModel } from '../../../src/core/presentation/overview';
import { nextLookAt } from '../../../src/core/engine/pollPlan';
import { PresentOptions } from '../../../src/core/presentation/presenters';
import { runDetailsModel } from '../../../src/core/presentation/runDetails';
import { runJson, runSummaryMarkdown } from '../../../src/core/presentation/runSummary';
import { fromCache, toCache } from '../../../src/core/engine/snapshotCache';
import { statusSummary } from '../../../src/core/presentation/statusSummary';
import { SourceStore } from '../../../src/core/engine/store';
import { TreeModel } from '../../../src/core/presentation/treeModel';
import { runFromWarehouseRun } from '../../../src/core/sources/warehouse/warehouseKind';
import { cloudImportSource, refOf, sameSource, Source, warehouseSource } from '../../../src/core/model/source';
import { SOURCE_READERS } from '../../../src/core/sources';
import { parseConnectors, parseRuns } from '../../../src/mixpanel/cloudImport';
import { isApiError } from '../../../src/mixpanel/errors';
import { isPlausibleTime } from '../../../src/mixpanel/time';
import { Run } from '../../../src/mixpanel/types';
import { parseWarehouseImports, parseWarehouseRuns } from '../../../src/mixpanel/warehouse';
import { plainTranslate as t } from '../../../src/shared/l10n';
import { connectorRef } from '../builders';

/**
 * The whole read path under hostile payloads: every numeric field at values no one documented
 * (negative, zero, fractional, 1e18, NaN-like strings, every unit of time), every string field
 * hostile, pushed through the parsers, the store, the poll planner, every presenter, the overview,
 * the run panel, the status bar, the notifications, the snapshot and Copy Summary. Nothing may
 * throw (but the parsers' typed shape errors), loop, or show a date or number no one can read.
 */

const NOW = Date.UTC(2026, 11, 1, 12);
/** No step may take longer than this: a loop that counts to a hostile number would. */
const STEP_BOUND_MS = 1_000;

const hostileNumber = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1, 244, 3600, 1e9, 1e12, 1e15, 8.64e15 + 1, 1e17, 1e18, -1e18, 1e30, 2 ** 53 + 1, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.integer(),
  fc.double({ noNaN: false }),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '0x10', ' 12 ', '', '-1', '3600', '1774954800123456789', '9e15'),
);

/** Times as the API might send them: every epoch unit, Go and RFC 3339 layouts at odd years, and nonsense. */
const hostileTime = fc.oneof(
  hostileNumber,
  fc.integer({ min: 1, max: 9_999 }).map((year) => `${String(year).padStart(4, '0')}-01-01 00:00:00 +0000 UTC`),
  fc.integer({ min: 1, max: 275_761 }).map((year) => `${String(year).padStart(4, '0')}-12-31T23:59:59.999999999Z`),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map((value) => value.toString()),
  fc.constantFrom(null, undefined, true, {}, [], '0001-01-01 00:00:00 +0000 UTC'),
);

/** Text that would read as a broken number or date is left out: the outputs are searched for those words. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('[x](command:workbench.action.terminal.new) $(warning)', '\r', '\u2028', '`'.repeat(40), '<img src=x onerror=alert(1)>', 'a'.repeat(5_000), '__proto__', 'constructor'),
).filter((text) => !/NaN|Infinity|Invalid/i.test(text));

/** Numbers where the API sends text (ids, labels, messages): their text is shown as sent. */
const numberAsText = fc.oneof(fc.integer(), fc.constantFrom(-1, 0, 0.5, 1e18, 1e30));
const anything = fc.oneof(hostileText, numberAsText, fc.constant(null), fc.boolean(), fc.constant({}), fc.constant([]));
const status = fc.oneof(fc.constantFrom('queued', 'running', 'success', 'failed', 'paused', 'cancelled', 'SUCCEEDED', 'RUNNING', 'FAILED', 'CANCELLED', ''), hostileText);

const cloudRunRecord = fc.record({
  status, start_time: hostileTime, end_time: hostileTime, progress: hostileNumber, run_id: anything,
  error: fc.oneof(fc.record({ message: anything, code: anything }), hostileText, fc.constant(null)),
  connector_properties: fc.dictionary(hostileText, hostileNumber, { maxKeys: 4 }),
}, { requiredKeys: [] });

const connectorRecord = fc.record({
  connector_id: fc.oneof(hostileText, numberAsText), label: anything, status: anything, connector_type: fc.oneof(fc.constantFrom('gcsImport', 's3Import'), hostileText),
  connector_properties: fc.record({ gcs_bucket: anything, gcs_prefix: anything, s3_bucket: anything, s3_region: anything }, { requiredKeys: [] }),
  created_at: hostileTime, failure_message: anything,
}, { requiredKeys: [] });

const importRecord = fc.record({
  id: hostileNumber, run_every: hostileNumber, last_dispatch: hostileTime, created: hostileTime, paused: anything,
  import_type: anything, sync_mode: anything, creator_name: anything, warehouse_source_id: hostileNumber,
  table_params: fc.record({ table_name: anything, dataset_name: anything, schema: anything }, { requiredKeys: [] }),
}, { requiredKeys: [] });

const warehouseRunRecord = fc.record({ status, start_time: hostileTime, end_time: hostileTime, num_events_imported: hostileNumber }, { requiredKeys: [] });

const payloads = fc.record({
  connectors: fc.array(fc.tuple(connectorRecord, fc.array(cloudRunRecord, { maxLength: 6 }), fc.array(cloudRunRecord, { maxLength: 6 })), { maxLength: 3 }),
  imports: fc.array(fc.tuple(importRecord, fc.array(warehouseRunRecord, { maxLength: 6 }), fc.array(warehouseRunRecord, { maxLength: 6 })), { maxLength: 3 }),
  now: fc.oneof(fc.constant(NOW), fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2200, 0, 1) })),
});

/** Every string in a value, however deep. */
function strings(value: unknown, into: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {
    into.push(value);
  } else if (typeof value === 'object' && value !== null && depth < 12) {
    for (const child of Object.values(value)) {
      strings(child, into, depth + 1);
    }
  }
  return into;
}

function timed<T>(step: string, work: () => T): T {
  const started = process.hrtime.bigint();
  const result = work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(ms < STEP_BOUND_MS, `${step} took ${ms.toFixed(0)} ms`);
  return result;
}

/** A parser may refuse a shape with its own typed error; anything else thrown is a bug. */
function parsed<T>(step: string, work: () => T, fallback: T): T {
  try {
    return timed(step, work);
  } catch (error) {
    if (isApiError(error) && error.kind === 'invalidResponse') {
      return fallback;
    }
    throw error;
  }
}

function assertReadable(step: string, output: unknown): void {
  for (const text of strings(output)) {
    assert.ok(!/NaN|Infinity|Invalid Date|undefined/.test(text), `${step} shows: ${text.slice(0, 200)}`);
  }
}

describe('the read path under hostile payloads (property)', function () {
  this.timeout(120_000);
  const listenerErrors: unknown[] = [];
  before(() => onListenerError((error) => listenerErrors.push(error)));
  after(() => onListenerError(() => undefined));

  it('parses, stores, plans and presents anything without a throw, a loop, or an unreadable date or number', () => {
    fc.assert(fc.property(payloads, ({ connectors, imports, now }) => {
      const options: PresentOptions = { t, now, locale: 'en-US' };
      const store = new SourceStore(() => now);
      store.setProjects([1]);
      const model = new TreeModel(store, () => options, () => 20);
      const finished: FinishedRun[] = [];
      store.onDidFinishRuns((runs) => finished.push(...runs));

      const sources: Array<{ source: Source; first: Run[]; second: Run[] }> = [];
      const cloud = parsed('parseConnectors', () => parseConnectors(connectors.map(([record]) => record), 1).items, []);
      cloud.forEach((connector, index) => {
        const [, first, second] = connectors.find(([record]) => String(record.connector_id ?? '').trim() === connector.id) ?? connectors[index];
        sources.push({
          source: cloudImportSource(connector),
          first: parsed('parseRuns', () => parseRuns(first, connector.id).items, []),
          second: parsed('parseRuns', () => parseRuns(second, connector.id).items, []),
        });
      });
      const warehouse = parsed('parseWarehouseImports', () => parseWarehouseImports({ status: 'ok', results: imports.map(([record]) => record) }, 1).items, []);
      warehouse.forEach((item, index) => {
        const [, first, second] = imports[index] ?? [undefined, [], []];
        const runsOf = (records: unknown[]) => parsed('parseWarehouseRuns', () => parseWarehouseRuns({ status: 'ok', results: { runs: records } }, item.id).items.map(runFromWarehouseRun), []);
        sources.push({ source: warehouseSource(item), first: runsOf(first), second: runsOf(second) });
      });

      const unique = sources.filter((entry, index) => sources.findIndex((other) => sameSource(other.source, entry.source)) === index);
      timed('applyProject', () => store.applyProject(1, unique.map(({ source, first }) => ({ source, runs: first }))));
      for (const { source, second } of unique) {
        timed('applyRuns', () => store.applyRuns(refOf(source), second));
      }
      const entries: readonly SourceEntry[] = store.project(1)!.sources;
      const times = entries.flatMap((entry) => [
        ...(entry.source.kind === 'warehouse' ? [entry.source.warehouseImport.lastDispatch, entry.source.warehouseImport.createdAt] : [entry.source.connector.createdAt]),
        ...entry.runs.flatMap((run) => [run.startTime, run.endTime]),
      ]);
      for (const time of times) {
        assert.ok(time === undefined || isPlausibleTime(time), `a time of ${time} was believed`);
      }

      for (const entry of entries) {
        const at = timed('nextLookAt', () => nextLookAt(entry, now, { fastestMs: 10_000 }, SOURCE_READERS));
        assert.ok(at === undefined || Number.isFinite(at), `nextLookAt gave ${at}`);
        const overview = timed('overviewModel', () => overviewModel(entry.source, entry.runs, options));
        assertReadable('the overview', { ...overview, labels: undefined });
        for (const run of entry.runs) {
          // The raw JSON view shows the record as sent: its text is the API's, not a formatter's.
          assertReadable('the run panel', { ...timed('runDetailsModel', () => runDetailsModel(run, entry.source, options)), rawJson: undefined });
          assertReadable('Copy Summary', timed('runSummaryMarkdown', () => runSummaryMarkdown(run, entry.source, { projectId: 1, projectName: 'P' }, options)));
          timed('runJson', () => JSON.parse(runJson(run, entry.source, { projectId: 1 }, t)) as unknown);
        }
      }
      const rows = timed('tree rows', () => {
        const all: unknown[] = [];
        const walk = (id?: string) => {
          for (const row of model.children(id)) {
            all.push({ ...row, tooltip: row.tooltip?.() });
            if (row.collapsible !== 'none') {
              walk(row.id);
            }
          }
        };
        walk();
        return all;
      });
      assertReadable('the tree', rows);
      assertReadable('the status bar', timed('statusSummary', () => statusSummary({ signedIn: true, projects: store.allProjects }, options)));
      if (finished.length > 0) {
        assertReadable('a notification', timed('notificationFor', () => notificationFor(finished, { onFailure: true, onSuccess: true }, t, 'en-US'))?.message);
      }
      const restored = timed('snapshot', () => fromCache(JSON.parse(JSON.stringify(toCache(store.allProjects, 'o', now))), 'o'));
      assert.strictEqual(restored.length, 1);
      assert.deepStrictEqual(listenerErrors, []);
      model.dispose();
      store.dispose();
    }), { numRuns: 1_000, seed: 20261201 });
  });

  it('presents runs from an old snapshot, whose numbers no parser checked, without a throw or an unreadable date', () => {
    const cachedRun = fc.record({
      startTime: hostileNumber.filter((value): value is number => typeof value === 'number'),
      endTime: hostileNumber.filter((value): value is number => typeof value === 'number'),
      progress: hostileNumber.filter((value): value is number => typeof value === 'number'),
      events: hostileNumber.filter((value): value is number => typeof value === 'number'),
      status: fc.constantFrom('queued', 'running', 'success', 'failed', 'cancelled', 'unknown'),
    });
    fc.assert(fc.property(fc.array(cachedRun, { minLength: 1, maxLength: 8 }), (cached) => {
      const connector = cloudImportSource({ id: 'c', projectId: 1, label: 'Orders', type: 'gcsImport', raw: {} });
      const runs = cached.map((value, index): Run => ({
        key: `c/${index}`, status: value.status as Run['status'], rawStatus: value.status, startTime: value.startTime, endTime: value.endTime,
        progress: value.progress, counters: { num_events_imported: value.events }, raw: {},
      }));
      const options: PresentOptions = { t, now: NOW, locale: 'en-US' };
      const restored = fromCache({ version: 3, owner: 'o', savedAt: NOW, projects: [{ id: 1, name: 'P', state: 'ready', lastSuccessAt: NOW, failures: 0, fromCache: true, sources: [{ source: connector, runs }] }] }, 'o');
      const store = new SourceStore(() => NOW);
      store.setProjects([1]);
      store.restore(restored);
      const entry = store.source(connectorRef('c'))!;
      timed('nextLookAt', () => nextLookAt(entry, NOW, { fastestMs: 10_000 }, SOURCE_READERS));
      assertReadable('the overview', { ...timed('overviewModel', () => overviewModel(connector, entry.runs, options)), labels: undefined });
      for (const run of entry.runs) {
        assertReadable('the run panel', { ...timed('runDetailsModel', () => runDetailsModel(run, connector, options)), rawJson: undefined });
        assertReadable('Copy Summary', timed('runSummaryMarkdown', () => runSummaryMarkdown(run, connector, { projectId: 1 }, options)));
      }
      const model = new TreeModel(store, () => options, () => 20);
      const walk = (id?: string): unknown[] => model.children(id).flatMap((row) => [{ ...row, tooltip: row.tooltip?.() }, ...(row.collapsible === 'none' ? [] : walk(row.id))]);
      assertReadable('the tree', timed('tree rows', () => walk()));
      model.dispose();
    }), { numRuns: 1_000, seed: 20261201 });
  });
});
