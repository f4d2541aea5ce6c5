import * as assert from 'assert';
import { DIRECTORY_REFRESH_MS, WarehouseDirectory } from '../../../../src/core/engine/warehouseDirectory';
import { WarehouseSourceInfo } from '../../../../src/mixpanel/types';

describe('the warehouse directory', () => {
  it('asks once for callers that come while the answer is on its way, and all of them see it', async () => {
    let now = 0;
    let asked = 0;
    let answer: (sources: WarehouseSourceInfo[]) => void = () => undefined;
    const api = { listWarehouseSources: () => { asked++; return new Promise<WarehouseSourceInfo[]>((resolve) => { answer = resolve; }); } };
    const directory = new WarehouseDirectory(() => now);
    const first = directory.refresh(api, 1, {});
    const second = directory.refresh(api, 1, {});
    let secondSaw: readonly WarehouseSourceInfo[] | undefined;
    const waiting = second.then(() => { secondSaw = directory.sources(1); });
    answer([{ id: 7, name: 'bq-prod', warehouseType: 'bigquery' }]);
    await Promise.all([first, waiting]);
    assert.strictEqual(asked, 1);
    assert.deepStrictEqual(secondSaw, [{ id: 7, name: 'bq-prod', warehouseType: 'bigquery' }], 'the second caller waited for the answer');
    await directory.refresh(api, 1, {});
    assert.strictEqual(asked, 1, 'not again within the hour');
    now += DIRECTORY_REFRESH_MS;
    const third = directory.refresh(api, 1, {});
    answer([]);
    await third;
    assert.strictEqual(asked, 2);
    assert.deepStrictEqual(directory.sources(2), undefined, 'a project never asked about is unknown');
  });

  it('drops an answer asked for by a session that has ended: the old account\'s connections never land in the new session', async () => {
    let answer: (sources: WarehouseSourceInfo[]) => void = () => undefined;
    const api = { listWarehouseSources: () => new Promise<WarehouseSourceInfo[]>((resolve) => { answer = resolve; }) };
    const directory = new WarehouseDirectory(() => 0);
    const old = directory.refresh(api, 1, {});
    directory.clear();
    answer([{ id: 7, name: 'old-account-warehouse', warehouseType: 'bigquery' }]);
    await old;
    assert.strictEqual(directory.sources(1), undefined);
    assert.ok(directory.due(1), 'the new session asks for itself');
  });
});
