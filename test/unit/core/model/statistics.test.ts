import * as assert from 'assert';
import { median } from '../../../../src/core/model/statistics';

describe('statistics', () => {
  it('has one median for every caller: the middle, the mean of the two middle ones, none of nothing', () => {
    assert.deepStrictEqual([median([3, 1, 2]), median([4, 1, 3, 2]), median([])], [2, 2.5, undefined]);
  });
});
