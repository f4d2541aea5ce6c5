import * as assert from 'assert';
import { importActionFailure, roleNeededText } from '../../../../../src/core/sources/warehouse/importMessages';
import { MixpanelApiError } from '../../../../../src/mixpanel/errors';
import { plainTranslate as t } from '../../../../../src/shared/l10n';

describe('what the import actions say', () => {
  it('names the role an action takes when Mixpanel refuses it (403)', () => {
    assert.strictEqual(roleNeededText('sync', 'events.app_events', t), 'The service account may not start a sync of "events.app_events": it needs the Admin or Owner role in the project (Project Settings → Users & Teams).');
    assert.match(roleNeededText('schedule', 'x', t), /^The service account may not change the schedule of "x"/);
  });

  it('says the role for a 403, and what happened otherwise', () => {
    assert.match(importActionFailure(new MixpanelApiError('permission', { status: 403 }), 'pause', 'x', t), /^The service account may not pause "x": it needs the Admin or Owner role/);
    assert.match(importActionFailure(new MixpanelApiError('badRequest', { status: 400, serverMessage: 'run_every is required' }), 'pause', 'x', t), /^Mixpanel refused the request \(400\)\. Mixpanel says: "run_every is required"$/);
  });
});
