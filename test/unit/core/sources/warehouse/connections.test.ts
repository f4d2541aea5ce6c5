import * as assert from 'assert';
import { CONNECTIONS_REFRESH_MS, WarehouseConnections } from '../../../../../src/core/sources/warehouse/connections';
import { WarehouseSourceInfo } from '../../../../../src/mixpanel/types';

describe('a project\'s warehouse connections', () => {
  it('asks once for callers that come while the answer is on its way, and all of them see it', async () => {
    let now = 0;
    let asked = 0;
    let answer: (sources: WarehouseSourceInfo[]) => void = () => undefined;
    const api = { listWarehouseSources: () => { asked++; return new Promise<WarehouseSourceInfo[]>((resolve) => { answer = resolve; }); } };
    const connections = new WarehouseConnections(() => now);
    const first = connections.refresh(api, 1, {});
    const second = connections.refresh(api, 1, {});
    let secondSaw: readonly WarehouseSourceInfo[] | undefined;
    const waiting = second.then(() => { secondSaw = connections.connections(1); });
    answer([{ id: 7, name: 'bq-prod', warehouseType: 'bigquery' }]);
    await Promise.all([first, waiting]);
    assert.strictEqual(asked, 1);
    assert.deepStrictEqual(secondSaw, [{ id: 7, name: 'bq-prod', warehouseType: 'bigquery' }], 'the second caller waited for the answer');
    await connections.refresh(api, 1, {});
    assert.strictEqual(asked, 1, 'not again within the hour');
    now += CONNECTIONS_REFRESH_MS;
    const third = connections.refresh(api, 1, {});
    answer([]);
    await third;
    assert.strictEqual(asked, 2);
    assert.deepStrictEqual(connections.connections(2), undefined, 'a project never asked about is unknown');
  });

  it('drops an answer asked for by a session that has ended: the old account\'s connections never land in the new session', async () => {
    let answer: (sources: WarehouseSourceInfo[]) => void = () => undefined;
    const api = { listWarehouseSources: () => new Promise<WarehouseSourceInfo[]>((resolve) => { answer = resolve; }) };
    const connections = new WarehouseConnections(() => 0);
    const old = connections.refresh(api, 1, {});
    connections.clear();
    answer([{ id: 7, name: 'old-account-warehouse', warehouseType: 'bigquery' }]);
    await old;
    assert.strictEqual(connections.connections(1), undefined);
    assert.ok(connections.due(1), 'the new session asks for itself');
  });
});
