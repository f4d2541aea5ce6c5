import { stub } from './stub';
import * as assert from 'assert';
import { HealthAnnouncement, HealthAnnouncer } from '../../../src/core/health/announcer';
import { Emitter } from '../../../src/core/model/events';
import { HealthNotifier } from '../../../src/vscode/healthNotifier';

describe('the health notifier (behind the stand-in)', () => {
  const announcement: HealthAnnouncement = {
    severity: 'warning', message: 'orders: late 3 h.', episodes: [], kinds: ['late', 'lowVolume'],
    showHealth: 'Show Health', dontShowAgain: 'Don\'t Show Again', silences: ['notifications.late', 'notifications.volume'],
  };
  const log = { error: () => undefined, warn: () => undefined, info: () => undefined } as never;

  beforeEach(() => stub.reset());

  async function shown(answer: string | undefined): Promise<{ healthShown: number }> {
    const announced = new Emitter<HealthAnnouncement>();
    const opened = { healthShown: 0 };
    const notifier = new HealthNotifier({ onDidAnnounce: announced.event } as unknown as HealthAnnouncer, { showHealth: () => { opened.healthShown++; } }, log);
    stub.answerMessage = () => answer;
    announced.fire(announcement);
    await new Promise((resolve) => setTimeout(resolve, 10));
    notifier.dispose();
    return opened;
  }

  it('shows what core announced with its two choices, and opens Health on the first', async () => {
    assert.strictEqual((await shown('Show Health')).healthShown, 1);
    assert.deepStrictEqual(stub.shown.map((message) => [message.kind, message.text]), [['warning', 'orders: late 3 h.']]);
  });

  it('turns off in the user\'s settings what "Don\'t Show Again" names', async () => {
    await shown('Don\'t Show Again');
    assert.deepStrictEqual(['notifications.late', 'notifications.volume'].map((key) => stub.configuration.get(key)?.globalValue), [false, false]);
  });
});
