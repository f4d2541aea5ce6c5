import * as assert from 'assert';
import { signOutMessage } from '../../../../src/core/account/accountMessages';
import { plainTranslate as t } from '../../../../src/shared/l10n';

describe('Sign Out\'s message', () => {
  it('says plainly which account is in use when the environment provides one', () => {
    const message = signOutMessage('stored.1a2b.mp-service-account', { source: 'environment', username: 'ci.9z8y.mp-service-account' }, t);
    assert.match(message, /^Signed out of stored\.1a2b\.mp-service-account;/);
    assert.match(message, /Now using ci\.9z8y\.mp-service-account, the service account from the environment variables/);
  });

  it('says the account is gone when nothing else is in use', () => {
    assert.strictEqual(signOutMessage('stored.1a2b.mp-service-account', {}, t), 'Signed out of stored.1a2b.mp-service-account. The service account secret was removed from secret storage.');
  });
});
