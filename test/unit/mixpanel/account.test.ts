import * as assert from 'assert';
import { parseAccount } from '../../../src/mixpanel/account';

describe('/me payload', () => {
  it('reads /me with projects keyed by id', () => {
    const account = parseAccount({
      status: 'ok',
      results: {
        user_id: 9, user_email: 'x.mp-service-account@mixpanel.org',
        organizations: { 1: { name: 'Acme' } },
        projects: { 3: { name: 'Web', organization_id: 1, timezone: 'UTC', domain: 'mixpanel.com' }, 2: { name: 'App' }, bad: {}, 4: null },
      },
    });
    assert.strictEqual(account.email, 'x.mp-service-account@mixpanel.org');
    assert.deepStrictEqual(account.projects.map((project) => [project.id, project.name]), [[2, 'App'], [4, 'Project 4'], [3, 'Web']]);
    assert.strictEqual(account.organizations.get(1), 'Acme');
  });
});
