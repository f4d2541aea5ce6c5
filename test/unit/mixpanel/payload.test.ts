import * as assert from 'assert';
import { errorTextOf, parseListPage } from '../../../src/mixpanel/payload';
import { fixture } from '../../fake-mixpanel/scenarios';

describe('payload readers shared by the API families', () => {
  it('reads the 403 sample as error text', () => {
    assert.strictEqual(errorTextOf(fixture('error-403.json')), 'User 6535281 is not a member of project 4040293.');
  });

  it('rejects a page without data as an invalid response', () => {
    assert.throws(() => parseListPage({ status: 'ok', results: { data: 'nope' } }), { name: 'MixpanelApiError', kind: 'invalidResponse' });
    assert.throws(() => parseListPage([]), { kind: 'invalidResponse' });
  });

  it('reads a list page bare, as the schema shows it, and wrapped, as the samples do', () => {
    const bare = parseListPage({ url: '/next', has_more: true, data: [1] });
    const wrapped = parseListPage({ status: 'ok', results: { url: '/next', has_more: true, data: [1] } });
    assert.deepStrictEqual(bare, wrapped);
    assert.deepStrictEqual(bare, { data: [1], hasMore: true, nextUrl: '/next' });
  });
});
