import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { findWebviewFrame } from '../harness/browser';
import { addSampleProject, connectorRecord, runRecord, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { answerInput, frameText, openActivity, pickItem, reloadWindow, runCommand, screenshot, statusBarItem, treeRow, userSuite } from './workbench';

const FAILED_CONNECTOR = 'gs://sample-dataset/cloudimport/event';
const COMPRESSION_ERROR = 'No compression specified but Gzip detected';
const HOSTILE_MESSAGE = 'Bad file <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> in events.json';

describe('a user in VS Code (code-server in Chromium, the packaged .vsix installed)', function () {
  this.timeout(240_000);
  const suite = userSuite({
    seed: (server) => {
      addSampleProject(server);
    },
    // The proxy setting a user behind a gateway would set (the suite sets it): here it points at
    // the fake server. The user signs in through the palette.
    settings: () => ({ 'workbench.colorTheme': 'Default Dark Modern' }),
  });
  it('signs in through the command palette, sees connectors and runs, reads why a run failed', async () => {
    await openActivity(suite.page, 'Mixpanel');
    await suite.page.locator('.welcome-view-content', { hasText: 'Sign In' }).first().waitFor({ state: 'visible' });
    await statusBarItem(suite.page, 'Mixpanel: Sign in');
    await screenshot(suite.page, '01-signed-out');

    await runCommand(suite.page, 'Mixpanel Connectors: Sign In');
    await answerInput(suite.page, /Service Account/, suite.server.username);
    await answerInput(suite.page, /Secret/, 'not-the-secret');
    // Wrong credentials: a clear message, a second chance, and nothing stored meanwhile.
    const refused = suite.page.locator('.notification-toast', { hasText: 'Signing in failed. Mixpanel rejected the service account (401)' });
    await refused.waitFor({ state: 'visible', timeout: 20_000 });
    await statusBarItem(suite.page, 'Mixpanel: Sign in');
    await screenshot(suite.page, '01b-wrong-secret');
    await refused.locator('.monaco-button', { hasText: 'Try Again' }).click();
    await answerInput(suite.page, /Service Account/, suite.server.username);
    await answerInput(suite.page, /Secret/, suite.server.secret);
    await pickItem(suite.page, /Projects to Watch/, 'Sample Project', { check: true });

    await treeRow(suite.page, FAILED_CONNECTOR).waitFor({ state: 'visible', timeout: 30_000 });
    for (const label of ['Nightly orders', 'People backfill', 'gs://sample-dataset/cloudimport/event']) {
      assert.ok(await treeRow(suite.page, label).isVisible(), `${label} is in the tree`);
    }
    const failedRow = treeRow(suite.page, FAILED_CONNECTOR);
    assert.match((await failedRow.getAttribute('aria-label')) ?? '', /failed, No compression specified/);
    await failedRow.click();
    await suite.page.keyboard.press('ArrowRight');
    const runRow = suite.page.locator('.pane-body .monaco-list-row[aria-level="2"]', { hasText: 'failed' }).first();
    await runRow.waitFor({ state: 'visible' });
    await statusBarItem(suite.page, '1 failed');
    await screenshot(suite.page, '02-connectors');

    await runRow.click();
    const frame = await findWebviewFrame(suite.page, '#error-message', { hasText: COMPRESSION_ERROR });
    assert.match(await frameText(frame, '#error-message'), new RegExp(`^${COMPRESSION_ERROR}`));
    assert.match(await frameText(frame, '.hint'), /compression setting is "none"/);
    assert.strictEqual(await frameText(frame, '.status-text'), 'Failed');
    await suite.page.waitForTimeout(500);
    await screenshot(suite.page, '03-failed-run-details');

    // The keyboard reaches the Copy button.
    await frame.locator('#copy-error').focus();
    await suite.page.keyboard.press('Enter');
    await frame.locator('#copy-error', { hasText: 'Copied' }).waitFor({ state: 'visible' });

    // Secrets stay out of the settings file.
    const settingsFile = fs.readFileSync(path.join(suite.session.codeServer.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.ok(!settingsFile.includes(suite.server.secret), 'the secret is not in settings.json');
    assert.match(settingsFile, /"mixpanelConnectors.projectIds": \[\s*1001\s*\]/);
  });

  it('shows an error message that contains HTML as text, and runs nothing', async () => {
    const project = suite.server.project(SAMPLE_PROJECT_ID);
    project.connectors.push(connectorRecord('6f0e0c1d-0000-4000-8000-00000000bad1', '<b>Hostile</b> label', 0));
    project.history.set('6f0e0c1d-0000-4000-8000-00000000bad1', [
      runRecord({ status: 'failed', startMs: Date.UTC(2024, 4, 1, 6), endMs: Date.UTC(2024, 4, 1, 6, 5), errorMessage: HOSTILE_MESSAGE }),
    ]);
    await runCommand(suite.page, 'Mixpanel Connectors: Refresh');
    const row = treeRow(suite.page, '<b>Hostile</b> label');
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.click();
    await suite.page.keyboard.press('ArrowRight');
    const runRow = suite.page.locator('.pane-body .monaco-list-row[aria-level="2"]', { hasText: 'May 1, 2024' }).first();
    await runRow.waitFor({ state: 'visible' });
    await runRow.click();
    const frame = await findWebviewFrame(suite.page, '#error-message', { hasText: 'Bad file' });
    assert.strictEqual(await frameText(frame, '#error-message'), HOSTILE_MESSAGE);
    assert.strictEqual(await frame.locator('#root img').count(), 0, 'no <img> was made');
    assert.strictEqual(await frame.locator('#root script').count(), 0, 'no <script> was made');
    assert.strictEqual(await frameText(frame, 'h1'), '<b>Hostile</b> label');
    await suite.page.waitForTimeout(500);
    const ran = await frame.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss);
    assert.strictEqual(ran, undefined, 'nothing ran');
    await statusBarItem(suite.page, '2 failed');
    await screenshot(suite.page, '04-hostile-error-as-text');
  });

  it('after a reload, shows the last known connectors before the server answers', async () => {
    // Wait for the snapshot to be saved, then make the server slow.
    await suite.page.waitForTimeout(2_500);
    // Slow enough that nothing the server says can arrive during this test.
    suite.server.baseLatencyMs = 25_000;
    const requestsBeforeReload = suite.server.requests.length;
    await reloadWindow(suite.page);
    await suite.page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await openActivity(suite.page, 'Mixpanel');
    // The server takes 25 s to answer: rows within 15 s can only come from the cache.
    await treeRow(suite.page, FAILED_CONNECTOR).waitFor({ state: 'visible', timeout: 15_000 });
    // The session starts once VS Code has the cached rows: the refresh's first request follows them.
    for (let waited = 0; waited < 5_000 && suite.server.requests.length <= requestsBeforeReload; waited += 100) {
      await suite.page.waitForTimeout(100);
    }
    assert.ok(suite.server.requests.length > requestsBeforeReload, 'a refresh is under way, not answered yet');
    // The view says the rows are the last known state, not what Mixpanel says now.
    await suite.page.locator('.pane-body .message', { hasText: 'Last known state' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    // Run panels open before the reload come back with their run. Which tabs the workbench kept
    // depends on when it last saved its layout, so either of the two may be the one restored.
    const frame = await findWebviewFrame(suite.page, '#error-message', { timeoutMs: 20_000 });
    assert.match(await frameText(frame, '#error-message'), /^(No compression specified but Gzip detected|Bad file <img)/);
    assert.match(await frameText(frame, '.notice'), /Shown from an earlier session/);
    await screenshot(suite.page, '05-cached-after-reload');
    suite.server.baseLatencyMs = 0;
  });
});
