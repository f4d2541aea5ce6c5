import * as assert from 'assert';
import { Frame, Page } from 'playwright-core';
import { findWebviewFrame } from '../harness/browser';
import { addImportDay, addSampleProject, addWarehouseSample, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { accessibilityViolations } from './accessibility';
import { clickRowAction, frameText, openActivity, reloadWindow, screenshot, setColorTheme, treeRow, userSuite } from './workbench';

const IMPORT = 'events.app_events';

/** The frame of the page whose root holds `selector`, found again after a theme change. */
async function pageWith(page: Page, selector: string): Promise<Frame> {
  return findWebviewFrame(page, selector, { timeoutMs: 30_000 });
}

/** A user who wants to know how an import has been doing lately. */
describe('a source\'s overview (code-server in Chromium, the packaged .vsix installed)', function () {
  this.timeout(240_000);
  const suite = userSuite({
    seed: (server) => {
      const project = addSampleProject(server);
      addWarehouseSample(project);
      addImportDay(project, Date.now());
    },
    settings: () => ({ 'mixpanelConnectors.projectIds': [SAMPLE_PROJECT_ID], 'workbench.colorTheme': 'Default Light Modern' }),
    signedIn: true,
    colorScheme: 'light',
  });
  const overviewTab = () => suite.page.locator('.tabs-container .tab', { hasText: `${IMPORT} · overview` });

  it('opens the overview from the row, reads its figures and table, and opens a run from a bar', async () => {
    await openActivity(suite.page, 'Mixpanel');
    const row = treeRow(suite.page, IMPORT);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await clickRowAction(suite.page, IMPORT, 'Show Source Overview');

    const overview = await pageWith(suite.page, '.figures');
    assert.strictEqual(await frameText(overview, 'h1'), IMPORT);
    const figure = (id: string) => frameText(overview, `[data-figure="${id}"] .figure-value`);
    assert.strictEqual(await figure('successRate'), '87%', '13 of the 15 finished runs succeeded');
    assert.strictEqual(await figure('medianDuration'), '6 min');
    assert.strictEqual(await figure('slowest'), '9 min');
    assert.match(await frameText(overview, '[data-figure="lastFailure"] .figure-detail'), /No reason given/);
    const bars = overview.locator('.chart .bar');
    assert.strictEqual(await bars.count(), 16);
    assert.strictEqual(await overview.locator('.chart .bar.state-failed').count(), 1);
    assert.strictEqual(await overview.locator('.chart .bar.live .live-marker').count(), 1, 'the running run is marked, not only coloured');
    assert.strictEqual(await overview.locator('.runs tbody tr').count(), 16);
    assert.strictEqual(await frameText(overview, '.runs tbody tr:first-child .state-cell'), 'Running');

    // Hovering a bar tells its run.
    await overview.locator('.chart .bar.state-failed').hover();
    await overview.locator('#chart-tooltip:not([hidden])').waitFor({ state: 'visible' });
    assert.match(await frameText(overview, '#chart-tooltip'), /Failed · 1 min · 0 events/);
    await screenshot(suite.page, '30-overview-light');

    await overview.locator('.chart .bar.state-failed').click();
    const run = await pageWith(suite.page, '#run-note');
    assert.strictEqual(await frameText(run, '.status-text'), 'Failed');
  });

  it('is usable from the keyboard alone: bars and rows take focus visibly and open their run', async () => {
    await overviewTab().click();
    const overview = await pageWith(suite.page, '.figures');
    await overview.locator('h1').click();
    let focusedBar = false;
    for (let press = 0; press < 10 && !focusedBar; press++) {
      await suite.page.keyboard.press('Tab');
      focusedBar = await overview.evaluate('document.activeElement?.classList.contains("bar") ?? false') === true;
    }
    assert.ok(focusedBar, 'Tab reaches the chart\'s bars');
    const stroke = await overview.evaluate('getComputedStyle(document.activeElement.querySelector("rect")).strokeWidth');
    assert.strictEqual(stroke, '3px', 'the focused bar is drawn with the focus border');
    assert.strictEqual(await overview.locator('#chart-tooltip').getAttribute('hidden'), null, 'focus shows the bar\'s tooltip as hover does');
    // The second row of the table, newest first, is a run that succeeded.
    await overview.locator('.runs tbody tr:nth-child(2) button').focus();
    await suite.page.keyboard.press('Enter');
    await findWebviewFrame(suite.page, '.status-text', { hasText: 'Succeeded', timeoutMs: 30_000 });
  });

  it('opens a Cloud Import run that failed with a message, for the checks below', async () => {
    const connector = suite.page.locator('.pane-body .monaco-list-row[aria-level="1"][aria-label*=", failed, No compression"]').first();
    if (await connector.getAttribute('aria-expanded') !== 'true') {
      await connector.locator('.monaco-tl-twistie').click();
    }
    await suite.page.locator('.pane-body .monaco-list-row[aria-level="2"]', { hasText: 'failed' }).first().click();
    const run = await pageWith(suite.page, '#error-message');
    assert.match(await frameText(run, '#error-message'), /^No compression specified/);
  });

  for (const [theme, workbenchClass, name] of [
    ['Light Modern', 'vs', 'light'],
    ['Dark Modern', 'vs-dark', 'dark'],
    ['Dark High Contrast', 'hc-black', 'high-contrast'],
  ] as const) {
    it(`passes axe's WCAG checks in both panels, in the ${name} theme`, async () => {
      await setColorTheme(suite.page, theme, workbenchClass);
      await suite.page.waitForTimeout(1_000);
      await overviewTab().click();
      const overview = await pageWith(suite.page, '.figures');
      assert.deepStrictEqual(await accessibilityViolations(overview), [], `the overview in ${name}`);
      await screenshot(suite.page, `31-overview-${name}`);
      await suite.page.locator('.tabs-container .tab', { hasText: 'gs://sample-dataset/cloudimport/event' }).first().click();
      const run = await pageWith(suite.page, '#error-message');
      assert.deepStrictEqual(await accessibilityViolations(run), [], `the run panel in ${name}`);
      await screenshot(suite.page, `32-run-${name}`);
    });
  }

  it('comes back after a window reload, drawn from the last known runs', async () => {
    await overviewTab().click();
    await pageWith(suite.page, '.figures');
    // The workbench saves which editors are open every few seconds; the snapshot of runs, 2 s after a change.
    await suite.page.waitForTimeout(3_000);
    await reloadWindow(suite.page);
    await suite.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    // The tab is restored; which tab is active is the workbench's own state, saved on its own
    // schedule (once, the run panel came back in front), so the overview is brought forward.
    await overviewTab().waitFor({ state: 'visible', timeout: 60_000 });
    await overviewTab().click();
    const overview = await findWebviewFrame(suite.page, '.figures', { timeoutMs: 60_000 });
    assert.strictEqual(await frameText(overview, 'h1'), IMPORT);
    assert.strictEqual(await overview.locator('.chart .bar').count(), 16);
  });
});
