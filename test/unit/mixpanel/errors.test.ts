import * as assert from 'assert';
import { isApiError, MixpanelApiError } from '../../../src/mixpanel/errors';

describe('API errors', () => {
  it('are known by their mark, also when another bundle\'s copy of the class made them', () => {
    assert.ok(isApiError(new MixpanelApiError('notFound', { status: 404 })));
    // What a bundle loaded on first use sees of an error thrown by the client of the extension's own bundle.
    const fromAnotherBundle = Object.assign(new Error('Mixpanel API notFound 404'), { [Symbol.for('mixpanelConnectors.apiError')]: true, kind: 'notFound' });
    assert.ok(isApiError(fromAnotherBundle));
    assert.ok(!isApiError(Object.assign(new Error('x'), { kind: 'notFound' })), 'a look-alike without the mark is not one');
    assert.ok(!isApiError({ [Symbol.for('mixpanelConnectors.apiError')]: true }), 'nor a mark on something that is no error');
  });
});
