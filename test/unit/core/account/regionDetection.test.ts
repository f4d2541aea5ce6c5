import * as assert from 'assert';
import { AskMode, detectRegion } from '../../../../src/core/account/regionDetection';
import { MixpanelApiError } from '../../../../src/mixpanel/errors';
import { AccountInfo, Region } from '../../../../src/mixpanel/types';

const account: AccountInfo = { projects: [{ id: 1, name: 'Web' }], organizations: new Map() };
const refused = () => new MixpanelApiError('authentication', { status: 401 });

type Answer = 'ok' | 'never' | MixpanelApiError;

function hosts(answers: Partial<Record<Region, Answer>>): { asked: Array<[Region, AskMode]>; me: (region: Region, mode: AskMode) => Promise<AccountInfo> } {
  const asked: Array<[Region, AskMode]> = [];
  return {
    asked,
    me: (region, mode) => {
      asked.push([region, mode]);
      const answer = answers[region] ?? refused();
      if (answer === 'ok') {
        return Promise.resolve(account);
      }
      // A blackholed host: no answer at all.
      return answer === 'never' ? new Promise(() => undefined) : Promise.reject(answer);
    },
  };
}

describe('finding the data residency region at sign-in', () => {
  it('asks the home region alone when it accepts the account', async () => {
    const { asked, me } = hosts({ us: 'ok', eu: 'ok' });
    assert.deepStrictEqual(await detectRegion('us', me), { kind: 'found', region: 'us', account });
    assert.deepStrictEqual(asked, [['us', 'full']], 'no other region hears of the secret');
  });

  it('asks the others briefly only after a 401 at home, and takes the first that accepts while another never answers', async () => {
    const { asked, me } = hosts({ eu: 'never', in: 'ok' });
    assert.deepStrictEqual(await detectRegion('us', me), { kind: 'found', region: 'in', account });
    assert.deepStrictEqual(asked, [['us', 'full'], ['eu', 'probe'], ['in', 'probe']]);
  });

  it('starts from the region set: an EU account is asked in the EU first', async () => {
    const { asked, me } = hosts({ eu: 'ok' });
    assert.deepStrictEqual(await detectRegion('eu', me), { kind: 'found', region: 'eu', account });
    assert.deepStrictEqual(asked, [['eu', 'full']]);
  });

  it('says the home region could not be reached, not that the credentials are wrong, and asks nowhere else', async () => {
    const outage = new MixpanelApiError('server', { status: 503 });
    const { asked, me } = hosts({ us: outage, eu: 'ok' });
    assert.deepStrictEqual(await detectRegion('us', me), { kind: 'unreachable', region: 'us', error: outage });
    assert.deepStrictEqual(asked, [['us', 'full']]);
  });

  it('reports the home region\'s refusal when no region accepts the account', async () => {
    const home = refused();
    const found = await detectRegion('us', hosts({ us: home, eu: new MixpanelApiError('network', { code: 'ENOTFOUND' }) }).me);
    assert.deepStrictEqual(found, { kind: 'rejected', error: home });
  });
});
