import * as assert from 'assert';
import { detectRegion } from '../../../src/core/regionDetection';
import { MixpanelApiError } from '../../../src/mixpanel/errors';
import { AccountInfo, Region } from '../../../src/mixpanel/types';

const account: AccountInfo = { projects: [{ id: 1, name: 'Web' }], organizations: new Map() };

function hosts(answers: Partial<Record<Region, 'ok' | MixpanelApiError>>): { asked: Region[]; me: (region: Region) => Promise<AccountInfo> } {
  const asked: Region[] = [];
  return {
    asked,
    me: async (region) => {
      asked.push(region);
      const answer = answers[region] ?? new MixpanelApiError('authentication', { status: 401 });
      if (answer === 'ok') {
        return account;
      }
      throw answer;
    },
  };
}

describe('finding the data residency region at sign-in', () => {
  it('asks the three hosts at once and takes the one that accepts the account', async () => {
    const { asked, me } = hosts({ eu: 'ok' });
    assert.deepStrictEqual(await detectRegion(me), { kind: 'found', region: 'eu', account });
    assert.deepStrictEqual(asked, ['us', 'eu', 'in']);
  });

  it('asks the user only when several accept it', async () => {
    const found = await detectRegion(hosts({ us: 'ok', in: 'ok' }).me);
    assert.strictEqual(found.kind, 'several');
    assert.deepStrictEqual(found.kind === 'several' && [...found.accounts.keys()], ['us', 'in']);
  });

  it('reports the refusal of the credentials rather than a network fault when none accepts', async () => {
    const network = new MixpanelApiError('network', { code: 'ENOTFOUND' });
    const refused = new MixpanelApiError('authentication', { status: 401 });
    const found = await detectRegion(hosts({ us: network, eu: refused, in: network }).me);
    assert.deepStrictEqual(found, { kind: 'none', error: refused });
  });
});
