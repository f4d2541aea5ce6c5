import * as assert from 'assert';
import { describeApiError, describeProblem, describeWarning } from '../../../../src/core/text/errorMessages';
import { problemFrom } from '../../../../src/core/model/entries';
import { MixpanelApiError } from '../../../../src/mixpanel/errors';
import { plainTranslate as t } from '../../../../src/shared/l10n';

describe('the sentences people read', () => {
  it('says what happened and what to do for each kind of error, with Mixpanel\'s own words', () => {
    const cases: Array<[MixpanelApiError, RegExp]> = [
      [new MixpanelApiError('authentication', { status: 401 }), /^Mixpanel rejected the service account \(401\)\. .*sign in again\.$/],
      [new MixpanelApiError('permission', { status: 403, serverMessage: 'User 1 is not a member of project 2.' }), /no access to this \(403\)\. .* Mixpanel says: "User 1 is not a member of project 2\."$/],
      [new MixpanelApiError('rateLimited', { status: 429, retryAfterMs: 7_400 }), /Trying again in 8 s\.$/],
      [new MixpanelApiError('invalidResponse', { reason: 'shape', shape: 'runsNotAList' }), /^Mixpanel answered in an unexpected form: "results\.runs" of the import history is not a list\.$/],
      [new MixpanelApiError('configuration', { reason: 'unsafeUrl', unsafe: 'notHttps', host: 'http://proxy.example.com' }), /^Refusing to send credentials to http:\/\/proxy\.example\.com: only https/],
      [new MixpanelApiError('configuration', { reason: 'unsafeUrl', unsafe: 'notAUrl' }), /^The API base URL setting is not a URL\./],
    ];
    for (const [error, sentence] of cases) {
      assert.match(describeApiError(error, t), sentence);
    }
  });

  it('keeps an error\'s data, not its sentence, in the store', () => {
    const problem = problemFrom(new MixpanelApiError('server', { status: 503, path: '/api/app/me' }), 5);
    assert.deepStrictEqual(problem, { kind: 'server', details: { status: 503, path: '/api/app/me' }, at: 5 });
    assert.match(describeProblem(problem, t), /^Mixpanel had a server error \(503\)\./);
    assert.strictEqual(describeProblem(problemFrom(new Error('boom'), 5), t), 'boom');
  });

  it('writes a line for the log about what was skipped or stopped', () => {
    assert.strictEqual(describeWarning({ kind: 'skippedRecord', record: 'connector', index: 2, owner: '7', why: 'noId' }), 'Skipped connector 2 of 7: it has no id.');
    assert.strictEqual(describeWarning({ kind: 'pagingStopped', path: 'projects/7/connectors', page: 50, why: 'maxPages' }), 'Stopped paging projects/7/connectors: 50 pages read; the list may be incomplete.');
  });
});
