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
