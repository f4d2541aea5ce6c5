import * as assert from 'assert';
import { CONSENT_KEY, ConsentMemory, HostConsent } from '../../../../src/core/account/hostConsent';

function memory(): ConsentMemory & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key: string, value: unknown) => { values.set(key, value); },
  };
}

describe('HostConsent', () => {
  it('asks once per host, remembers the answer, and asks again after a "no" only when told to', async () => {
    const asked: string[] = [];
    let answer = true;
    const kept = memory();
    const consent = new HostConsent(kept, async (host) => { asked.push(host); return answer; });
    assert.strictEqual(await consent.allows('proxy.example.com'), true);
    assert.strictEqual(await consent.allows('proxy.example.com'), true);
    answer = false;
    assert.strictEqual(await consent.allows('other.example.com:8443'), false);
    assert.strictEqual(await consent.allows('other.example.com:8443'), false);
    assert.deepStrictEqual(asked, ['proxy.example.com', 'other.example.com:8443']);
    assert.deepStrictEqual(kept.values.get(CONSENT_KEY), { 'proxy.example.com': 'allowed', 'other.example.com:8443': 'declined' });

    await consent.forgetDeclined('proxy.example.com');
    await consent.forgetDeclined('other.example.com:8443');
    answer = true;
    assert.strictEqual(await consent.allows('other.example.com:8443'), true);
    assert.deepStrictEqual(asked, ['proxy.example.com', 'other.example.com:8443', 'other.example.com:8443'], 'an allowed host is not asked again');
  });

  it('asks about hosts named like Object.prototype\'s members, and remembers them as any other', async () => {
    const asked: string[] = [];
    const kept = memory();
    const consent = new HostConsent(kept, async (host) => { asked.push(host); return true; });
    for (const host of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      assert.strictEqual(await consent.allows(host), true, host);
      assert.strictEqual(await consent.allows(host), true, host);
    }
    assert.deepStrictEqual(asked, ['constructor', '__proto__', 'toString', 'hasOwnProperty']);
    assert.deepStrictEqual(Object.keys(kept.values.get(CONSENT_KEY) as object).sort(), ['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
  });

  it('asks one question however many callers wait for it', async () => {
    let release: (allowed: boolean) => void = () => undefined;
    let questions = 0;
    const consent = new HostConsent(memory(), () => { questions++; return new Promise((resolve) => { release = resolve; }); });
    const answers = Promise.all([consent.allows('proxy.example.com'), consent.allows('proxy.example.com')]);
    release(true);
    assert.deepStrictEqual(await answers, [true, true]);
    assert.strictEqual(questions, 1);
  });

  it('reads garbage in its memory as no answer', async () => {
    const kept = memory();
    kept.values.set(CONSENT_KEY, ['not', 'a', 'map']);
    const consent = new HostConsent(kept, async () => false);
    assert.strictEqual(await consent.allows('proxy.example.com'), false);
  });
});
