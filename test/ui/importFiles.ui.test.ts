import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { addWarehouseSample, DEMO_WAREHOUSE_SOURCES, SAMPLE_PAUSED_IMPORT_ID, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { answerInput, contextMenu, openActivity, runCommand, screenshot, treeRow, userSuite } from './workbench';

const IMPORT = 'ANALYTICS.CRM.USERS';
const DAILY = '86400000000000';
const EVERY_FIVE_MINUTES = '300000000000';
const WEEKLY = '604800000000000';

/** Replaces the first match in the active editor through its own Find and Replace. */
async function replaceInEditor(page: Page, find: string, replacement: string): Promise<void> {
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+H');
  const widget = page.locator('.editor-group-container.active .find-widget');
  await widget.locator('.find-part textarea, .find-part input').first().fill(find);
  await widget.locator('.replace-part textarea, .replace-part input').first().fill(replacement);
  await widget.locator('.replace-part textarea, .replace-part input').first().press('Enter');
  await widget.locator('.codicon-widget-close').first().click();
  await page.locator('.editor-group-container.active .find-widget.visible').waitFor({ state: 'detached' });
}

/** Imports as code, as a data engineer reviews a change to a production import. */
describe('a user who keeps an import in a file (code-server in Chromium, the packaged .vsix installed)', function () {
  this.timeout(240_000);
  const suite = userSuite({
    seed: (server) => {
      const project = server.addProject({ id: SAMPLE_PROJECT_ID, name: 'Acme Analytics', cloudImport: false });
      addWarehouseSample(project);
      project.warehouseSources = DEMO_WAREHOUSE_SOURCES;
    },
    settings: () => ({
      'mixpanelConnectors.projectIds': [SAMPLE_PROJECT_ID],
      'workbench.colorTheme': 'Default Light Modern',
      'workbench.startupEditor': 'none',
    }),
    signedIn: true,
    colorScheme: 'light',
  });

  it('exports an import, sees a wrong schedule squiggled, fixes it, reads the plan in the diff editor, applies it, and the tree says weekly', async () => {
    const page = suite.page;
    await openActivity(page, 'Mixpanel');
    await treeRow(page, IMPORT).waitFor({ state: 'visible', timeout: 30_000 });

    // Export to File, from the row's menu; the save dialog proposes the workspace and the table's name.
    await contextMenu(page, IMPORT, 'Export to File…');
    const fileName = `${IMPORT}.mixpanel-import.json`;
    const dialog = page.locator('.quick-input-widget');
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    const pathInput = dialog.locator('.quick-input-box input');
    // The simple dialog fills in the proposed path a moment after it shows.
    for (let waited = 0; waited < 10_000 && !(await pathInput.inputValue()).endsWith(fileName); waited += 100) {
      await page.waitForTimeout(100);
    }
    assert.strictEqual(await pathInput.inputValue(), path.join(suite.session.folder, fileName));
    await pathInput.press('Enter');
    const tab = page.locator('.tabs-container .tab', { hasText: fileName });
    await tab.waitFor({ state: 'visible', timeout: 15_000 });
    const written = fs.readFileSync(path.join(suite.session.folder, fileName), 'utf8');
    assert.match(written, new RegExp(`"import_id": ${SAMPLE_PAUSED_IMPORT_ID}`));
    assert.match(written, /"warehouse_source_name": "snowflake-analytics"/);
    await screenshot(page, '50-import-exported');

    // Every five minutes, as the web app offers: the schema and Mixpanel's rule squiggle it.
    await replaceInEditor(page, DAILY, EVERY_FIVE_MINUTES);
    const squiggle = page.locator('.editor-group-container.active .squiggly-error');
    await squiggle.first().waitFor({ state: 'visible', timeout: 20_000 });
    // The squiggle's layer is redrawn as the cursor blinks: the mouse goes to where it is.
    const box = (await squiggle.first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover', { hasText: /four schedules/ });
    await hover.first().waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, '51-import-squiggle');
    await page.keyboard.press('Escape');

    // Weekly is one of the four: the squiggle goes; the file is saved.
    await replaceInEditor(page, EVERY_FIVE_MINUTES, WEEKLY);
    await squiggle.first().waitFor({ state: 'detached', timeout: 20_000 });
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.dirty', { hasText: fileName }).waitFor({ state: 'detached', timeout: 10_000 });

    // Show Plan, from the editor's title: the diff of Mixpanel and the file, with the change in its title.
    await page.locator('.editor-group-container.active .editor-actions .action-label[aria-label="Show Plan"]').click();
    const diff = page.locator('.editor-group-container.active .monaco-diff-editor');
    await diff.waitFor({ state: 'visible', timeout: 20_000 });
    const planTab = page.locator('.tabs-container .tab.active');
    await planTab.locator('.label-name', { hasText: /1 to change: schedule: daily → weekly/ }).waitFor({ timeout: 10_000 });
    await page.locator('.notification-toast', { hasText: '1 to change: schedule: daily → weekly' }).waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, '52-import-plan');
    assert.deepStrictEqual(suite.server.requests.filter((request) => request.method !== 'GET'), [], 'a plan sends nothing');

    // Apply: one modal that names the project, the import and the change.
    await page.locator('.notification-toast .monaco-button', { hasText: 'Apply…' }).click();
    const modal = page.locator('.monaco-dialog-box');
    await modal.waitFor({ state: 'visible', timeout: 20_000 });
    const modalText = (await modal.textContent()) ?? '';
    assert.match(modalText, new RegExp(`Change import ${SAMPLE_PAUSED_IMPORT_ID} in Mixpanel project "Acme Analytics" \\(${SAMPLE_PROJECT_ID}\\)\\?`));
    assert.match(modalText, /schedule: daily → weekly/);
    await screenshot(page, '53-import-apply-modal');
    await modal.locator('.monaco-button', { hasText: 'Apply Changes' }).click();

    // Mixpanel took the new schedule, the pause kept; the tree says so.
    await page.locator(`.pane-body .monaco-list-row[aria-label^="Import ${IMPORT},"][aria-label$="weekly, paused"]`).waitFor({ state: 'visible', timeout: 20_000 });
    const patches = suite.server.requests.filter((request) => request.method === 'PATCH');
    assert.deepStrictEqual(patches.map((request) => request.body), [{ paused: true, run_every: Number(WEEKLY) }]);
    // The diff still open now shows Mixpanel as it is: no difference left.
    await diff.locator('.char-insert, .line-insert').first().waitFor({ state: 'detached', timeout: 20_000 });
    await screenshot(page, '54-import-applied');
  });

  it('creates an import from a new file: Mixpanel\'s 400 on the field first, then the id written back and the import in the tree', async () => {
    const page = suite.page;
    const fileName = 'orders.mixpanel-import.json';
    fs.writeFileSync(path.join(suite.session.folder, fileName), `${JSON.stringify({
      project_id: SAMPLE_PROJECT_ID,
      import_type: 'event_stream',
      warehouse_source_id: 9999,
      table_params: { project_id: 'acme-analytics', dataset_name: 'shop', table_name: 'orders' },
      event_name: 'Order Completed',
      time_column_name: 'ordered_at',
      user_column_name: 'customer_id',
      sync_mode: 'time_based',
      run_every: 3_600_000_000_000,
    }, null, 2)}\n`);
    await runCommand(page, 'Go to File');
    await page.locator('.quick-input-widget .quick-input-box input').fill(fileName);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ state: 'visible', timeout: 15_000 });

    const importsBefore = suite.server.project(SAMPLE_PROJECT_ID).warehouseImports.length;
    const applyFromTitle = async () => {
      await page.locator('.editor-group-container.active .editor-actions .action-label[aria-label="Apply to Mixpanel…"]').click();
      const modal = page.locator('.monaco-dialog-box');
      await modal.waitFor({ state: 'visible', timeout: 20_000 });
      assert.match((await modal.textContent()) ?? '', new RegExp(`Create a new import in Mixpanel project "Acme Analytics" \\(${SAMPLE_PROJECT_ID}\\) from orders\\.mixpanel-import\\.json\\?`));
      await modal.locator('.monaco-button', { hasText: 'Create Import' }).click();
    };

    // No source 9999 in the project: Mixpanel says so, and the file shows it on that field.
    await applyFromTitle();
    await page.locator('.notification-toast', { hasText: /Mixpanel refused orders\.mixpanel-import\.json: warehouse_source_id/ }).waitFor({ state: 'visible', timeout: 20_000 });
    const line = page.locator('.editor-group-container.active .view-line', { hasText: '"warehouse_source_id": 9999' });
    const squiggle = page.locator('.editor-group-container.active .squiggly-error');
    await squiggle.first().waitFor({ state: 'visible', timeout: 10_000 });
    const [lineBox, squiggleBox] = [(await line.boundingBox())!, (await squiggle.first().boundingBox())!];
    assert.ok(Math.abs(lineBox.y - squiggleBox.y) < lineBox.height, 'the squiggle is on the warehouse_source_id line');
    await screenshot(page, '56-import-rejected');
    assert.strictEqual(suite.server.project(SAMPLE_PROJECT_ID).warehouseImports.length, importsBefore, 'nothing was made');

    await replaceInEditor(page, '9999', '7001');
    await applyFromTitle();
    await page.locator('.notification-toast', { hasText: /Created import 60001 in project "Acme Analytics"/ }).waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 });
    const saved = JSON.parse(fs.readFileSync(path.join(suite.session.folder, fileName), 'utf8')) as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(saved).slice(0, 2), ['project_id', 'import_id'], 'the id is written after the project, and saved');
    assert.strictEqual(saved.import_id, 60001);
    await treeRow(page, 'shop.orders').waitFor({ state: 'visible', timeout: 20_000 });
    await screenshot(page, '57-import-created');
    const created = suite.server.requests.filter((request) => request.method === 'POST').map((request) => request.body as Record<string, unknown>);
    assert.strictEqual(created.length, 2);
    assert.ok(created.every((body) => !('project_id' in body) && !('import_id' in body)), 'the file\'s own fields are not sent');
  });

  it('deletes an import only once its name is typed, and keeps its data', async () => {
    const page = suite.page;
    await contextMenu(page, 'events.app_events', 'Delete Import…');
    await answerInput(page, /Delete the import "events\.app_events" from project "Acme Analytics"\?/, 'events.app_event');
    await page.locator('.quick-input-message', { hasText: 'Type "events.app_events" exactly.' }).waitFor({ state: 'visible' });
    assert.deepStrictEqual(suite.server.requests.filter((request) => request.method === 'DELETE'), [], 'a wrong name deletes nothing');
    await screenshot(page, '55-import-delete-typed');
    await answerInput(page, /Delete the import/, 'events.app_events');
    await page.locator('.notification-toast', { hasText: 'The data it imported stays in Mixpanel.' }).waitFor({ state: 'visible', timeout: 20_000 });
    await treeRow(page, 'events.app_events').waitFor({ state: 'detached', timeout: 20_000 });
    assert.deepStrictEqual(suite.server.deleteBodies, [undefined], 'delete_data was not sent');
  });
});
