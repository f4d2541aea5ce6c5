import * as assert from 'assert';
import { findWebviewFrame } from '../harness/browser';
import { DEMO_PROJECT_ID, seedScenario } from '../fake-mixpanel/cli';
import { assertTreeReadable } from './accessibility';
import { frameText, openActivity, screenshot, setColorTheme, statusBarItem, treeRow, userSuite } from './workbench';

/** The demo at six times its speed: "Orders (S3)" fails about 12 s after the start. */
const SPEED = 6;

describe('the demo, watched by a user who does nothing', function () {
  this.timeout(240_000);
  const suite = userSuite({
    serverOptions: { baseLatencyMs: 50 },
    seed: (server) => seedScenario(server, 'demo', SPEED),
    settings: () => ({
      'mixpanelConnectors.projectIds': [DEMO_PROJECT_ID],
      'mixpanelConnectors.activeRunPollInterval': 2,
      'workbench.colorTheme': 'Default Light Modern',
    }),
    signedIn: true,
    colorScheme: 'light',
  });
  it('sees runs move on, is notified of the failure, and the status bar follows, without pressing Refresh', async () => {
    await openActivity(suite.page, 'Mixpanel');
    await treeRow(suite.page, 'Orders (S3)').waitFor({ state: 'visible', timeout: 30_000 });
    await suite.page.locator('.pane-body .monaco-list-row', { hasText: /running \d+%/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const historyRequestsBefore = suite.server.requestsTo(/history$/).length;
    const toast = suite.page.locator('.notification-toast', { hasText: 'Mixpanel import "Orders (S3)" failed' });
    await toast.waitFor({ state: 'visible', timeout: 90_000 });
    assert.ok(suite.server.requestsTo(/history$/).length > historyRequestsBefore, 'the extension polled on its own');
    assert.ok(await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Show Details' }).first().isVisible());
    await statusBarItem(suite.page, /\d+ failed/);
    assert.match((await treeRow(suite.page, 'Orders (S3)').getAttribute('aria-label')) ?? '', /failed/);
    await screenshot(suite.page, '10-demo-notified');

    await toast.locator('.monaco-button', { hasText: 'Show Details' }).first().click();
    const frame = await findWebviewFrame(suite.page, '#error-message');
    assert.match(await frameText(frame, '#error-message'), /No compression specified|Invalid permissions|Malformed JSON/);
    await treeRow(suite.page, 'Orders (S3)').click();
    await suite.page.keyboard.press('ArrowRight');
    await suite.page.waitForTimeout(800);
    await screenshot(suite.page, 'readme-light');
  });

  it('reads well in the dark and high-contrast themes too: labels at 4.5:1, status icons at 3:1', async () => {
    await assertTreeReadable(suite.page, 'Light Modern');
    await setColorTheme(suite.page, 'Dark Modern', 'vs-dark');
    await suite.page.waitForTimeout(1_000);
    await screenshot(suite.page, 'readme-dark');
    await assertTreeReadable(suite.page, 'Dark Modern');
    await setColorTheme(suite.page, 'Dark High Contrast', 'hc-black');
    await suite.page.waitForTimeout(1_000);
    await screenshot(suite.page, '11-high-contrast');
    await assertTreeReadable(suite.page, 'Dark High Contrast');
  });
});
