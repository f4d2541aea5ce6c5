import * as assert from 'assert';
import { addWarehouseSample, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { assertTreeReadable } from './accessibility';
import { clickRowAction, openActivity, pickItem, screenshot, setColorTheme, statusBarItem, treeRow, userSuite } from './workbench';

const IMPORT = 'ANALYTICS.CRM.USERS';

/** Warehouse imports as a data engineer with today's Mixpanel meets them. */
describe('a user with warehouse imports (code-server in Chromium, the packaged .vsix installed)', function () {
  this.timeout(240_000);
  const suite = userSuite({
    serverOptions: { syncDurationMs: 8_000 },
    seed: (server) => {
      // Today's Mixpanel: Cloud Import answers 404, warehouse imports are what there is.
      addWarehouseSample(server.addProject({ id: SAMPLE_PROJECT_ID, name: 'Acme Analytics', cloudImport: false }));
    },
    settings: () => ({
      'mixpanelConnectors.projectIds': [SAMPLE_PROJECT_ID],
      'mixpanelConnectors.activeRunPollInterval': 2,
      'mixpanelConnectors.notifications.onSuccess': true,
      'workbench.colorTheme': 'Default Light Modern',
    }),
    signedIn: true,
    colorScheme: 'light',
  });
  it('sees the imports, syncs one now, sees its run go from running to succeeded, and pauses another', async () => {
    await openActivity(suite.page, 'Mixpanel');
    const events = treeRow(suite.page, 'events.app_events');
    await events.waitFor({ state: 'visible', timeout: 30_000 });
    // The sample's runs are from months ago: what health makes of that is said first.
    assert.match((await events.getAttribute('aria-label')) ?? '', /^Import events\.app_events, no success for \d+ d( \d+ h)?, running \d+ d( \d+ h)?, running, hourly/);
    const paused = treeRow(suite.page, IMPORT);
    assert.match((await paused.getAttribute('aria-label')) ?? '', /daily, paused$/);
    assert.strictEqual(await suite.page.locator('.pane-body .monaco-list-row', { hasText: 'Cloud Import' }).count(), 0, 'no word about Cloud Import');
    await screenshot(suite.page, '20-imports-light');

    // Sync Now, from the row's inline action, as a user hovering the row would.
    await clickRowAction(suite.page, IMPORT, 'Sync Now');
    await pickItem(suite.page, /Sync "ANALYTICS\.CRM\.USERS" now\?/, 'Sync now');
    await suite.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    // The sync is counted against the hour, then sent: it reaches the server a moment after the pick closes.
    for (let waited = 0; waited < 10_000 && suite.server.requestsTo(/manual-sync$/).length === 0; waited += 100) {
      await suite.page.waitForTimeout(100);
    }
    assert.strictEqual(suite.server.requestsTo(/manual-sync$/).length, 1);
    await paused.locator('.monaco-icon-label', { hasText: IMPORT }).click();
    await suite.page.keyboard.press('ArrowRight');
    await suite.page.locator('.pane-body .monaco-list-row[aria-level="2"]', { hasText: 'running' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    const done = suite.page.locator('.notification-toast', { hasText: `Mixpanel import "${IMPORT}" succeeded: 12,480 events imported.` });
    await done.waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(suite.page, '21-import-synced');

    // Pause the other one from its context menu, with the keyboard: the row says paused.
    await events.click({ button: 'right' });
    const pause = suite.page.locator('.monaco-menu .action-item', { hasText: 'Pause Import' });
    await pause.waitFor({ state: 'visible' });
    for (let step = 0; step < 5 && !(await pause.evaluate((item) => item.classList.contains('focused'))); step++) {
      await suite.page.keyboard.press('ArrowDown');
    }
    await suite.page.keyboard.press('Enter');
    await suite.page.locator('.pane-body .monaco-list-row[aria-label^="Import events.app_events,"][aria-label$=", paused"]').waitFor({ state: 'visible', timeout: 20_000 });
    assert.deepStrictEqual(suite.server.requestsTo(/imports\/40123$/).filter((request) => request.method === 'PATCH').map((request) => request.body), [{ paused: true, run_every: 3_600_000_000_000 }]);
    await statusBarItem(suite.page, /failed|running|imports|stale|stuck|Mirror/);
  });

  it('reads well in the dark theme too: labels at 4.5:1, status icons at 3:1', async () => {
    await assertTreeReadable(suite.page, 'Light Modern');
    await setColorTheme(suite.page, 'Dark Modern', 'vs-dark');
    await suite.page.waitForTimeout(1_000);
    await screenshot(suite.page, '22-imports-dark');
    await assertTreeReadable(suite.page, 'Dark Modern');
  });
});
