import * as assert from 'assert';
import { syncQuotaText } from '../../../../../src/core/sources/warehouse/importMessages';
import { QUOTA_KEY, SyncQuota } from '../../../../../src/core/sources/warehouse/syncQuota';
import { plainTranslate as t } from '../../../../../src/shared/l10n';

describe('the manual sync quota (5 per import and rolling hour)', () => {
  const kept = new Map<string, unknown>();
  const memory = { get: <T>(key: string) => kept.get(key) as T | undefined, update: async (key: string, value: unknown) => { kept.set(key, value); } };
  let now: number;
  let quota: SyncQuota;
  const time = { locale: 'en-US', timeZone: 'UTC' };

  beforeEach(() => {
    kept.clear();
    now = Date.UTC(2026, 10, 26, 12);
    quota = new SyncQuota(memory, () => now);
  });

  it('counts down per import, and says when the next sync is possible once none is left', async () => {
    for (let sync = 0; sync < 5; sync++) {
      assert.strictEqual(quota.state('1/40123').left, 5 - sync);
      await quota.record('1/40123');
      now += 60_000;
    }
    assert.deepStrictEqual(quota.state('1/40123'), { left: 0, nextAt: Date.UTC(2026, 10, 26, 13) });
    assert.strictEqual(syncQuotaText(quota.state('1/40123'), t, now, time), 'No syncs left this hour: Mixpanel allows 5 per import and hour. The next one is possible at 1:00 PM.');
    assert.strictEqual(quota.state('1/40124').left, 5, 'another import has its own');
    assert.strictEqual(syncQuotaText(quota.state('1/40124'), t, now, time), '5 of 5 syncs left this hour.');
  });

  it('forgets syncs older than an hour', async () => {
    await quota.record('1/40123');
    now += 3_600_001;
    assert.strictEqual(quota.state('1/40123').left, 5);
  });

  it('is empty for an hour, or as long as Mixpanel said, after a 429', async () => {
    await quota.exhaust('1/40123', 600_000);
    assert.deepStrictEqual(quota.state('1/40123'), { left: 0, nextAt: now + 600_000 });
    await quota.exhaust('1/40124');
    assert.deepStrictEqual(quota.state('1/40124'), { left: 0, nextAt: now + 3_600_000 });
  });

  it('survives garbage in its memory', () => {
    kept.set(QUOTA_KEY, { '1/40123': 'x', other: [null, 'y'] });
    assert.strictEqual(quota.state('1/40123').left, 5);
  });
});
