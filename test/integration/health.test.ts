import * as assert from 'assert';
import * as vscode from 'vscode';
import { rowId } from '../../src/core/presentation/rows';
import { addHealthDemo, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { importRef } from '../unit/builders';
import { extensionSuite, iconOf, renderTree, runAndPick, signedInToSample, waitFor } from './helpers';

describe('import health in VS Code', () => {
  const suite = extensionSuite();

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function signedInWithHealthDemo(): Promise<void> {
    suite.server = await signedInToSample(suite.api, {}, (fake) => addHealthDemo(fake.project(SAMPLE_PROJECT_ID), Date.now()));
    await waitFor('the health demo\'s findings', () => suite.api.health.monitor.findings(importRef(50106, SAMPLE_PROJECT_ID)).length > 0);
  }

  it('leads the rows with the worst finding, counts in the status bar and announces once', async () => {
    await signedInWithHealthDemo();
    const late = await suite.api.view.provider.getTreeItem(rowId.source(importRef(50101, SAMPLE_PROJECT_ID)));
    assert.match(String(late.description), /^no success for 2 h 5\d min · succeeded · /, 'its last run ended 2 h 54 min ago');
    assert.deepStrictEqual(iconOf(late), { id: 'history', color: 'list.errorForeground' });
    const empty = await suite.api.view.provider.getTreeItem(rowId.source(importRef(50103, SAMPLE_PROJECT_ID)));
    assert.match(String(empty.description), /^0 events · /);
    assert.deepStrictEqual(iconOf(empty), { id: 'graph-line', color: 'list.warningForeground' });
    const mirror = await suite.api.view.provider.getTreeItem(rowId.source(importRef(50106, SAMPLE_PROJECT_ID)));
    assert.match(String(mirror.description), /^Mirror: 2 days left · /);

    const bar = suite.api.statusBar();
    assert.strictEqual(bar.text, '$(error) 1 failed · 1 stale · 6 more');
    assert.strictEqual(bar.accessibilityLabel, 'Mixpanel: 1 failed, 1 stale, 1 Mirror deadline, 2 stuck, 1 no events, 1 low volume, 1 high volume');
    assert.match(bar.tooltip, /\*\*Needs attention\*\*\n\n- events\\.orders\\_events: no success for /, 'the worst first, the names escaped');

    await waitFor('a health notification', () => suite.api.health.notifications.length > 0, 10_000);
    const [note] = suite.api.health.notifications;
    assert.match(note.message, /^\d+ sources need attention: /);
    const told = suite.api.health.notifications.length;
    await vscode.commands.executeCommand('mixpanelConnectors.refresh');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.strictEqual(suite.api.health.notifications.length, told, 'nothing announced twice');
  });

  it('snoozes a flagged row until its next success: shown as snoozed, counted nowhere, and ended from its menu', async () => {
    await signedInWithHealthDemo();
    const row = rowId.source(importRef(50101, SAMPLE_PROJECT_ID));
    const before = await suite.api.view.provider.getTreeItem(row);
    assert.match(String(before.contextValue), /\bflagged\b/);
    assert.match(suite.api.statusBar().text, /1 stale/);
    await runAndPick('mixpanelConnectors.snoozeFindings', row);
    const snoozed = await waitFor('the row to show its snooze', async () => {
      const item = await suite.api.view.provider.getTreeItem(row);
      return /snoozed/.test(String(item.description)) ? item : undefined;
    });
    assert.match(String(snoozed.description), /^no success for .* snoozed · succeeded · /);
    assert.deepStrictEqual(iconOf(snoozed), { id: 'bell-slash', color: undefined }, 'its only finding is snoozed');
    assert.match(String(snoozed.contextValue), /\bsnoozed\b/);
    assert.doesNotMatch(String(snoozed.contextValue), /\bflagged\b/);
    assert.doesNotMatch(suite.api.statusBar().text, /stale/, 'the status bar no longer counts it');
    await vscode.commands.executeCommand('mixpanelConnectors.unsnoozeFindings', row);
    await waitFor('the snooze to end', async () => /\bflagged\b/.test(String((await suite.api.view.provider.getTreeItem(row)).contextValue)));
  });

  it('filters the tree to the sources needing attention', async () => {
    await signedInWithHealthDemo();
    await vscode.commands.executeCommand('mixpanelConnectors.showNeedsAttention');
    const rows = (await renderTree(suite.api)).filter((row) => rowId.parse(row.id)?.kind === 'source');
    assert.strictEqual(rows.length, 8, 'six flagged imports, the failed connector and the stuck one');
    await vscode.commands.executeCommand('mixpanelConnectors.showAll');
  });

  it('opens the Health page, the worst first, and copies the report as Markdown', async () => {
    await signedInWithHealthDemo();
    await vscode.commands.executeCommand('mixpanelConnectors.showHealth');
    const message = await waitFor('the Health page', () => suite.api.health.pageMessage());
    assert.strictEqual(message.type, 'health');
    if (message.type !== 'health') {
      return;
    }
    const { rows } = message.model;
    assert.strictEqual(rows.length, 10);
    assert.deepStrictEqual(rows.map((row) => row.severity), [...rows.map((row) => row.severity)].sort((a, b) => ['error', 'warning', 'ok'].indexOf(a) - ['error', 'warning', 'ok'].indexOf(b)));
    const late = rows.find((row) => row.name === 'events.orders_events')!;
    assert.strictEqual(late.severity, 'error');
    assert.match(late.nextExpected, /\d/);
    assert.ok(late.strip.length > 0);
    assert.match(message.model.summary, /^8 of 10 sources need attention\.$/);
    await vscode.commands.executeCommand('mixpanelConnectors.copyHealthReport');
    const report = await vscode.env.clipboard.readText();
    assert.match(report, /^## Mixpanel import health/);
    assert.match(report, /\| events\.orders\\_events \| Sample Project \| no success for 2 h 5\d min \|/);
  });
});
