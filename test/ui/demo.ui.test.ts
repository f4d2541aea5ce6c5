import * as assert from 'assert';
import { Page } from 'playwright-core';
import { findWebviewFrame } from '../harness/browser';
import { DEMO_PROJECT_ID, startScenario } from '../fake-mixpanel/cli';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { frameText, openActivity, screenshot, setColorTheme, statusBarItem, treeRow, userSuite } from './workbench';

/** The demo at six times its speed: "Orders (S3)" fails about 12 s after the start. */
const SPEED = 6;

describe('the demo, watched by a user who does nothing', function () {
  this.timeout(240_000);
  const suite = userSuite({
    server: () => startScenario('demo', 0, 50, SPEED),
    settings: () => ({
      'mixpanelConnectors.projectIds': [DEMO_PROJECT_ID],
      'mixpanelConnectors.activeRunPollInterval': 2,
      'workbench.colorTheme': 'Default Light Modern',
    }),
    signedIn: true,
    colorScheme: 'light',
  });
  let page: Page;
  let server: FakeMixpanel;

  before(() => {
    ({ page, server } = suite);
  });

  it('sees runs move on, is notified of the failure, and the status bar follows, without pressing Refresh', async () => {
    await openActivity(page, 'Mixpanel');
    await treeRow(page, 'Orders (S3)').waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.pane-body .monaco-list-row', { hasText: /running \d+%/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const historyRequestsBefore = server.requestsTo(/history$/).length;
    const toast = page.locator('.notification-toast', { hasText: 'Mixpanel import "Orders (S3)" failed' });
    await toast.waitFor({ state: 'visible', timeout: 90_000 });
    assert.ok(server.requestsTo(/history$/).length > historyRequestsBefore, 'the extension polled on its own');
    assert.ok(await toast.locator('a.monaco-button, .monaco-button', { hasText: 'Show Details' }).first().isVisible());
    await statusBarItem(page, /\d+ failed/);
    assert.match((await treeRow(page, 'Orders (S3)').getAttribute('aria-label')) ?? '', /failed/);
    await screenshot(page, '10-demo-notified');

    await toast.locator('.monaco-button', { hasText: 'Show Details' }).first().click();
    const frame = await findWebviewFrame(page, '#error-message');
    assert.match(await frameText(frame, '#error-message'), /No compression specified|Invalid permissions|Malformed JSON/);
    await treeRow(page, 'Orders (S3)').click();
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(800);
    await screenshot(page, 'readme-light');
  });

  it('reads well in the dark and high-contrast themes too', async () => {
    await setColorTheme(page, 'Dark Modern', 'vs-dark');
    await page.waitForTimeout(1_000);
    await screenshot(page, 'readme-dark');
    await setColorTheme(page, 'Dark High Contrast', 'hc-black');
    await page.waitForTimeout(1_000);
    await screenshot(page, '11-high-contrast');
  });
});
