import * as assert from 'assert';
import { hostNeedingConsent } from '../../../src/mixpanel/endpoints';

describe('hosts that need the user\'s word before credentials go there', () => {
  it('none for Mixpanel\'s three API hosts and this machine', () => {
    for (const url of ['https://mixpanel.com/api/app', 'https://eu.mixpanel.com/api/app', 'https://in.mixpanel.com/api/app', 'http://127.0.0.1:8123/api/app', 'http://localhost:9/x', 'http://[::1]:80/api', 'http://127.4.5.6/api']) {
      assert.strictEqual(hostNeedingConsent(url), undefined, url);
    }
  });

  it('every other host, look-alikes included, by host and port', () => {
    assert.strictEqual(hostNeedingConsent('https://proxy.example.com/api/app'), 'proxy.example.com');
    assert.strictEqual(hostNeedingConsent('https://mixpanel.com.evil.example/api/app'), 'mixpanel.com.evil.example');
    assert.strictEqual(hostNeedingConsent('https://api.mixpanel.com/api/app'), 'api.mixpanel.com');
    assert.strictEqual(hostNeedingConsent('https://mixpanel.com:8443/api/app'), 'mixpanel.com:8443');
  });
});
