import * as assert from 'assert';
import { signOut, SignOutPorts } from '../../../../src/core/account/signOut';
import { SessionState } from '../../../../src/core/engine/session';
import { plainTranslate as t } from '../../../../src/shared/l10n';

describe('Sign Out', () => {
  const where = { region: 'us' as const, projectIds: [1] };
  const active = (source: 'secretStorage' | 'environment', username: string): SessionState => ({ ...where, kind: 'active', source, username, owner: `us|${username}`, stoppedByAuthentication: false });

  function ports(states: SessionState[]): SignOutPorts & { done: string[] } {
    const done: string[] = [];
    const step = (name: string) => async () => { done.push(name); };
    return {
      done,
      state: () => states[done.includes('reload') ? 1 : 0],
      snapshots: { forget: step('snapshots') },
      history: { clear: step('history') },
      ledger: { clear: step('ledger') },
      snoozes: { clear: step('snoozes') },
      credentials: { delete: step('credentials') },
      reload: step('reload'),
    };
  }

  it('forgets the cached rows first, then the history, the announcements and the snoozes, then the secret, and starts again', async () => {
    const asked = ports([active('secretStorage', 'sa.one'), { ...where, kind: 'signedOut' }]);
    const result = await signOut(asked, t);
    assert.deepStrictEqual(asked.done.slice(0, 1), ['snapshots']);
    assert.deepStrictEqual(asked.done.slice(1, 4).sort(), ['history', 'ledger', 'snoozes']);
    assert.deepStrictEqual(asked.done.slice(4), ['credentials', 'reload']);
    assert.deepStrictEqual(result, { kind: 'signedOut', message: 'Signed out of sa.one. The service account secret was removed from secret storage.' });
  });

  it('says which account is in use when the environment\'s takes over', async () => {
    const result = await signOut(ports([active('secretStorage', 'sa.one'), active('environment', 'sa.env')]), t);
    assert.match(result.kind === 'signedOut' ? result.message : '', /Now using sa\.env/);
  });

  it('clears nothing when the account comes from the environment, or when no one is signed in', async () => {
    const fromEnvironment = ports([active('environment', 'sa.env')]);
    assert.strictEqual((await signOut(fromEnvironment, t)).kind, 'fromEnvironment');
    const signedOut = ports([{ ...where, kind: 'signedOut' }]);
    assert.deepStrictEqual(await signOut(signedOut, t), { kind: 'notSignedIn' });
    assert.deepStrictEqual([...fromEnvironment.done, ...signedOut.done], []);
  });
});
