import * as assert from 'assert';
import { parseWarehouseImports, parseWarehouseRuns } from '../../../src/mixpanel/warehouse';
import { fixture } from '../../fake-mixpanel/scenarios';

describe('Warehouse payloads', () => {
  it('reads the warehouse samples', () => {
    const imports = parseWarehouseImports(fixture('warehouse-imports-list.json'), 7);
    assert.deepStrictEqual(imports.items.map((item) => [item.id, item.paused, item.runEveryNs]), [[40123, false, 3600000000000], [40124, true, 86400000000000]]);
    assert.strictEqual(imports.items[0].lastDispatch, 1774951200000);
    const runs = parseWarehouseRuns(fixture('warehouse-import-history.json'), 40123).items;
    assert.deepStrictEqual(runs.map((run) => run.status), ['running', 'failed', 'success', 'cancelled']);
    assert.strictEqual(runs[2].eventsImported, 182340);
    assert.strictEqual(runs[2].startTime, 1774947600000);
    assert.strictEqual(runs[0].endTime, undefined);
  });
});

describe('Warehouse payloads with numbers no one documented', () => {
  const listOf = (...records: unknown[]) => ({ status: 'ok', results: records });
  const anImport = (overrides: Record<string, unknown>) => ({ id: 1, table_params: { table_name: 't' }, paused: false, run_every: 3_600_000_000_000, ...overrides });

  it('reads run_every only as one of the four documented schedules, and says what it dropped', () => {
    for (const runEvery of [-1, 1, 3600, 244, 1.5e12, '3600', Number.MAX_VALUE]) {
      const parsed = parseWarehouseImports(listOf(anImport({ run_every: runEvery })), 7);
      assert.strictEqual(parsed.items[0].runEveryNs, undefined, `run_every ${runEvery}`);
      assert.deepStrictEqual(parsed.warnings.map((warning) => warning.kind), ['droppedValue'], `run_every ${runEvery}`);
    }
    for (const runEvery of [0, 3_600_000_000_000, 86_400_000_000_000, 604_800_000_000_000, '86400000000000']) {
      const parsed = parseWarehouseImports(listOf(anImport({ run_every: runEvery })), 7);
      assert.strictEqual(parsed.items[0].runEveryNs, Number(runEvery));
      assert.deepStrictEqual(parsed.warnings, []);
    }
    assert.deepStrictEqual(parseWarehouseImports(listOf(anImport({ run_every: null })), 7).warnings, [], 'absent is not a warning');
  });

  it('takes as import ids only positive integers a double holds exactly, and each id once', () => {
    const parsed = parseWarehouseImports(listOf(anImport({ id: 5 }), anImport({ id: 5 }), anImport({ id: -3 }), anImport({ id: 2 ** 60 }), anImport({ id: 0 })), 7);
    assert.deepStrictEqual(parsed.items.map((item) => item.id), [5]);
    assert.deepStrictEqual(parsed.warnings.map((warning) => warning.kind === 'skippedRecord' && warning.why), ['duplicate', 'noId', 'noId', 'noId']);
  });
});
