import * as assert from 'assert';
import { deletedNotice, importActionFailure, roleNeededText, syncOutcomeNotice } from '../../../../../src/core/sources/warehouse/importMessages';
import { anImport } from '../../../builders';
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

  it('words each outcome of Sync Now and of a delete, for whichever door tells it', () => {
    const target = anImport({ id: 7, projectId: 1 });
    const quota = { left: 2, nextAt: undefined };
    const left = () => '2 of 5 syncs left this hour.';
    assert.deepStrictEqual(syncOutcomeNotice({ kind: 'started', quota }, target, 'orders', t, left), {
      level: 'passing', message: 'Sync of "orders" started. 2 of 5 syncs left this hour.', logLine: 'Started a sync of warehouse import 7 in project 1.',
    });
    assert.strictEqual(syncOutcomeNotice({ kind: 'noQuota', quota }, target, 'orders', t, left)?.level, 'warning');
    assert.match(syncOutcomeNotice({ kind: 'refused', quota }, target, 'orders', t, left)?.message ?? '', /^Mixpanel refused to start another sync of "orders"\./);
    assert.strictEqual(syncOutcomeNotice({ kind: 'busy' }, target, 'orders', t, left)?.level, 'info');
    assert.strictEqual(syncOutcomeNotice({ kind: 'cancelled' }, target, 'orders', t, left), undefined, 'a no says nothing');
    assert.strictEqual(deletedNotice(target, 'orders', t).message, 'Deleted the import "orders". The data it imported stays in Mixpanel.');
  });
});
