import * as assert from 'assert';
import { problemFrom } from '../../../../src/core/model/entries';
import { NO_FILTER } from '../../../../src/core/presentation/filter';
import { SessionState } from '../../../../src/core/engine/session';
import { viewState, ViewInput } from '../../../../src/core/presentation/viewState';
import { MixpanelApiError } from '../../../../src/mixpanel/errors';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import { aProject } from '../../builders';

const NOW = Date.UTC(2026, 10, 26, 12);
const active: SessionState = { kind: 'active', source: 'secretStorage', username: 'u', owner: 'us|u', stoppedByAuthentication: false, region: 'us', projectIds: [1] };

function input(overrides: Partial<ViewInput>): ViewInput {
  return { session: active, projects: [aProject()], filter: NO_FILTER, attentionSources: 0, now: NOW, t, ...overrides };
}

describe('the view around the rows', () => {
  it('says why no session could start, inert', () => {
    const problem = problemFrom(new MixpanelApiError('configuration', { reason: 'declinedHost', host: 'proxy.example.com' }), NOW);
    const state = viewState(input({ session: { kind: 'misconfigured', source: 'secretStorage', username: 'u', problem, region: 'us', projectIds: [1] }, projects: [] }));
    assert.match(state.message!, /^The service account is not sent to proxy\.example\.com/);
    assert.strictEqual(state.signedIn, false);
  });

  it('marks cached rows, then a lone failing project\'s reason, then the filter, then the environment account', () => {
    assert.strictEqual(viewState(input({ projects: [aProject({ fromCache: true, lastSuccessAt: NOW - 120_000 })] })).message, 'Last known state, updated 2 min ago. Refreshing…');
    const failing = aProject({ sources: [], state: 'failed', problem: problemFrom(new MixpanelApiError('network', { host: 'mixpanel.com', code: 'ENOTFOUND' }), NOW) });
    const state = viewState(input({ projects: [failing] }));
    assert.strictEqual(state.message, 'Could not reach Mixpanel at mixpanel.com (ENOTFOUND). Check the network, proxy, region and API base URL settings.');
    assert.strictEqual(state.refreshFailed, true);
    assert.strictEqual(viewState(input({ filter: { needsAttention: true, text: '' }, filterMessage: 'Failed connectors only: 0 of 1.' })).message, 'Failed connectors only: 0 of 1.');
    assert.strictEqual(viewState(input({ session: { ...active, source: 'environment' } })).message, 'Using the service account from environment variables.');
    assert.strictEqual(viewState(input({})).message, undefined);
  });

  it('counts failed connectors on the badge and sets the welcome keys', () => {
    const state = viewState(input({ attentionSources: 2, projects: [aProject({ state: 'loading', sources: [] })] }));
    assert.deepStrictEqual(state.badge, { value: 2, tooltip: '2 sources need attention' });
    assert.deepStrictEqual([state.signedIn, state.hasProjects, state.loading, state.refreshFailed, state.needsAttention, state.filtering], [true, true, true, false, false, false]);
  });
});
