import * as assert from 'assert';
import { Frame, Page } from 'playwright-core';
import { findWebviewFrame } from '../harness/browser';
import { addHealthDemo, addSampleProject, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { accessibilityViolations } from './accessibility';
import { CODE_SERVER_VERSION, CODE_SERVERS } from '../harness/codeServer';
import { contextMenu, frameText, openActivity, screenshot, setColorTheme, treeRow, userSuite } from './workbench';

async function healthPage(page: Page): Promise<Frame> {
  return findWebviewFrame(page, 'table.health', { timeoutMs: 30_000 });
}

async function rowNames(frame: Frame): Promise<string[]> {
  return frame.locator('table.health tbody th button').allTextContents();
}

/** A data engineer who wants to know, before the stand-up, which imports need a look. */
describe('the Health page (code-server in Chromium, the packaged .vsix installed)', function () {
  this.timeout(240_000);
  const suite = userSuite({
    seed: (server) => {
      addHealthDemo(addSampleProject(server), Date.now());
    },
    settings: () => ({ 'mixpanelConnectors.projectIds': [SAMPLE_PROJECT_ID], 'workbench.colorTheme': 'Default Light Modern' }),
    signedIn: true,
    colorScheme: 'light',
  });
  const healthTab = () => suite.page.locator('.tabs-container .tab', { hasText: 'Import Health' });

  it('shows the flagged imports in the tree, then opens the Health page from the view\'s title bar, the worst first', async () => {
    await openActivity(suite.page, 'Mixpanel');
    const late = treeRow(suite.page, 'events.orders_events');
    await late.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await late.getAttribute('aria-label') ?? '', /^Import events\.orders_events, no success for 2 h 5\d min, late /);
    assert.strictEqual(await late.locator('.codicon-history').count(), 1, 'its icon is the stale one');
    await screenshot(suite.page, '40-tree-health-light');

    await suite.page.getByRole('button', { name: 'Show Import Health' }).first().click();
    const health = await healthPage(suite.page);
    assert.strictEqual(await frameText(health, 'h1'), 'Import health');
    assert.strictEqual(await frameText(health, '.summary'), '8 of 10 sources need attention.');
    const names = await rowNames(health);
    assert.deepStrictEqual(names.slice(0, 2), ['events.orders_events', 'gs://sample-dataset/cloudimport/event'], 'the errors first');
    assert.deepStrictEqual(names.slice(-2).sort(), ['People backfill', 'gs://sample-dataset/cloudimport/event'].sort(), 'the well ones last');
    assert.strictEqual(await health.locator('tbody tr.severity-error').count(), 2);
    assert.match(await frameText(health, 'tbody tr:first-child .badge'), /^Error: no success for 2 h 5\d min$/, 'the severity is said, not only coloured');
    assert.ok(await health.locator('tbody tr:first-child .strip rect').count() > 0, 'a strip of its last runs');
    await screenshot(suite.page, '41-health-light');
  });

  it('filters by finding and by kind, from the keyboard', async () => {
    const health = await healthPage(suite.page);
    await health.locator('#filter-finding').focus();
    await health.locator('#filter-finding').selectOption('stuck');
    assert.deepStrictEqual((await rowNames(health)).sort(), ['ANALYTICS.BILLING.INVOICES', 'Nightly orders']);
    await health.locator('#filter-kind').selectOption('warehouse');
    assert.deepStrictEqual(await rowNames(health), ['ANALYTICS.BILLING.INVOICES']);
    await health.locator('#filter-kind').selectOption('');
    await health.locator('#filter-finding').selectOption('attention');
    assert.strictEqual((await rowNames(health)).length, 8);
    await health.locator('#filter-finding').selectOption('');
    assert.strictEqual((await rowNames(health)).length, 10);
  });

  it('opens a source\'s overview from its row', async () => {
    const health = await healthPage(suite.page);
    await health.locator('tbody th button', { hasText: 'main.web.page_views' }).focus();
    await suite.page.keyboard.press('Enter');
    const overview = await findWebviewFrame(suite.page, '.figures', { timeoutMs: 30_000 });
    assert.strictEqual(await frameText(overview, 'h1'), 'main.web.page_views');
    assert.strictEqual(await overview.locator('.chart .events-band').count(), 1, 'the usual events band is drawn');
    assert.strictEqual(await overview.locator('.chart .bar.flagged .flag-marker').count(), 1, 'the run at 30 % is marked');
    await screenshot(suite.page, '43-overview-band-light');
  });

  it('snoozes a flagged import from its menu: the row and the page show it as snoozed, and it is counted no more', async () => {
    await openActivity(suite.page, 'Mixpanel');
    await contextMenu(suite.page, 'app.signups', 'Snooze Findings…');
    await suite.page.locator('.quick-input-list .monaco-list-row', { hasText: 'For 1 day' }).click();
    const row = treeRow(suite.page, 'app.signups');
    await suite.page.locator('.monaco-list-row[aria-label*="0 events snoozed"]').waitFor({ timeout: 10_000 });
    assert.match(await row.getAttribute('aria-label') ?? '', /· 0 events snoozed$/);
    assert.strictEqual(await row.locator('.codicon-graph-line').count(), 0, 'no longer flagged');
    assert.strictEqual(await row.locator('.codicon-bell-slash').count(), 1, 'a snoozed bell instead');
    await screenshot(suite.page, '44-tree-snoozed-light');
    await healthTab().click();
    const health = await healthPage(suite.page);
    await health.locator('.summary', { hasText: '7 of 10 sources need attention.' }).waitFor({ timeout: 10_000 });
    const snoozed = health.locator('tbody tr', { hasText: 'app.signups' }).locator('.snoozed');
    assert.match(await snoozed.textContent() ?? '', /^0 events: snoozed until .+\.$/);
  });

  for (const [theme, workbenchClass, name] of [
    ['Light Modern', 'vs', 'light'],
    ['Dark Modern', 'vs-dark', 'dark'],
    ['Dark High Contrast', 'hc-black', 'high-contrast'],
  ] as const) {
    it(`passes axe's WCAG checks in the ${name} theme`, async () => {
      await setColorTheme(suite.page, theme, workbenchClass);
      await suite.page.waitForTimeout(1_000);
      await healthTab().click();
      const health = await healthPage(suite.page);
      assert.deepStrictEqual(await accessibilityViolations(health), [], `the Health page in ${name}`);
      await screenshot(suite.page, `42-health-${name}`);
    });
  }

  it('offers Ask about This in Chat on a flagged import where VS Code has a chat, and puts the question in the chat\'s input, unsent', async () => {
    await openActivity(suite.page, 'Mixpanel');
    const late = treeRow(suite.page, 'events.orders_events');
    await late.waitFor({ state: 'visible', timeout: 30_000 });
    if (CODE_SERVER_VERSION === CODE_SERVERS.floor.version) {
      // VS Code 1.100's web build without a chat extension has no chat: the menu does not offer it.
      await late.click({ button: 'right' });
      await suite.page.locator('.monaco-menu .action-item', { hasText: 'Snooze Findings…' }).waitFor({ state: 'visible' });
      assert.strictEqual(await suite.page.locator('.monaco-menu .action-item', { hasText: 'Ask about This in Chat' }).count(), 0);
      await suite.page.keyboard.press('Escape');
      return;
    }
    await contextMenu(suite.page, 'events.orders_events', 'Ask about This in Chat');
    const input = suite.page.locator('.interactive-input-part .monaco-editor .view-lines');
    await input.filter({ hasText: 'What needs attention in the Mixpanel import' }).waitFor({ state: 'visible', timeout: 20_000 });
    const asked = (await input.innerText()).replace(/\s+/g, ' ');
    assert.match(asked, /"1001\/warehouse\/50101"/);
    assert.match(asked, /#mixpanelHealth/);
    assert.doesNotMatch(asked, /orders_events/, 'the source is named by its ref, not by Mixpanel\'s text');
    await screenshot(suite.page, '50-ask-about-this');
  });
});
