import * as assert from 'assert';
import * as vscode from 'vscode';
import { rowId } from '../../src/core/presentation/rows';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { addWarehouseSample, SAMPLE_IMPORT_ID, SAMPLE_PAUSED_IMPORT_ID, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { extensionSuite, iconOf, isRunRow, isSourceRow, labelOf, renderTree, runAndPick, signedInToSample, sourceIdOf, waitFor } from './helpers';
import { importRef } from '../unit/builders';

const IMPORT_ROW = rowId.source(importRef(SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID));
const PAUSED_ROW = rowId.source(importRef(SAMPLE_PAUSED_IMPORT_ID, SAMPLE_PROJECT_ID));

describe('warehouse imports in the Connectors view', () => {
  const suite = extensionSuite();

  async function signedInWithImports(extra: Record<string, unknown> = {}): Promise<FakeMixpanel> {
    const started = await signedInToSample(suite.api, extra, (fake) => addWarehouseSample(fake.project(SAMPLE_PROJECT_ID)));
    await waitFor('the imports', () => suite.api.store.source(importRef(SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID)));
    return started;
  }

  it('shows imports beside connectors: named from their table, with state, schedule, sync mode and pause', async () => {
    suite.server = await signedInWithImports();
    const rows = await renderTree(suite.api);
    const byId = new Map(rows.map((row) => [row.id, row.item]));
    const running = byId.get(IMPORT_ROW)!;
    assert.strictEqual(labelOf(running), 'events.app_events');
    // The sample's runs are from months ago: health leads with what that means, in words and by the icon.
    assert.match(String(running.description), /^no success for \d+ d( \d+ h)? · running · .* · hourly · time-based$/);
    assert.strictEqual(running.contextValue, 'source:warehouse can:syncNow can:pause can:changeSchedule can:exportImport can:deleteImport flagged', 'the sample is years old: health flags it');
    assert.deepStrictEqual(iconOf(running), { id: 'history', color: 'list.errorForeground' });
    const paused = byId.get(PAUSED_ROW)!;
    assert.strictEqual(labelOf(paused), 'ANALYTICS.CRM.USERS');
    assert.match(String(paused.description), /^Mirror: .+ past its limit · .* · daily · mirror · paused$/);
    assert.strictEqual(paused.contextValue, 'source:warehouse can:syncNow can:resume can:changeSchedule can:exportImport can:deleteImport flagged');
    assert.deepStrictEqual(iconOf(paused), { id: 'calendar', color: 'list.errorForeground' });
    // The tooltip comes when VS Code is about to show it: Markdown with the API's text escaped,
    // read here without the escapes.
    assert.strictEqual(running.tooltip, undefined, 'not built for the first rows');
    const resolved = await suite.api.view.provider.resolveTreeItem!(running, IMPORT_ROW, new vscode.CancellationTokenSource().token);
    assert.match(((resolved ?? running).tooltip as vscode.MarkdownString).value.replace(/\\/g, ''), /Sync mode: time-based/);
    const runs = rows.filter((row) => isRunRow(row) && sourceIdOf(row) === String(SAMPLE_IMPORT_ID) && rowId.parse(row.id)?.ref.source?.kind === 'warehouse');
    assert.deepStrictEqual(runs.map((row) => iconOf(row.item).id), ['sync~spin', 'error', 'pass', 'circle-slash']);
    assert.strictEqual(rows.filter(isSourceRow).length, 6, 'four connectors and two imports');
  });

  it('Sync Now starts a run that shows as running and is announced when it ends; five an hour, then none is sent', async () => {
    suite.server = await signedInWithImports({ 'notifications.onSuccess': true, activeRunPollInterval: 1 });
    suite.server.syncDurationMs = 3_000;
    const before = suite.api.notifications.length;
    await runAndPick('mixpanelConnectors.syncNow', PAUSED_ROW);
    assert.strictEqual(suite.server.requestsTo(/manual-sync$/).length, 1);
    assert.deepStrictEqual(suite.server.requestsTo(/manual-sync$/)[0].body, {});
    await waitFor('the new run, running', () => suite.api.store.source(importRef(SAMPLE_PAUSED_IMPORT_ID, SAMPLE_PROJECT_ID))!.runs[0].status === 'running', 30_000);
    await waitFor('its end, announced', () => suite.api.notifications.slice(before).some((note) => note.message === 'Mixpanel import "ANALYTICS.CRM.USERS" succeeded: 12,480 events imported.'), 60_000);
    for (let sync = 2; sync <= 5; sync++) {
      await runAndPick('mixpanelConnectors.syncNow', PAUSED_ROW);
    }
    assert.strictEqual(suite.server.requestsTo(/manual-sync$/).length, 5);
    // The sixth: the extension knows none is left and sends nothing.
    await vscode.commands.executeCommand('mixpanelConnectors.syncNow', PAUSED_ROW);
    assert.strictEqual(suite.server.requestsTo(/manual-sync$/).length, 5);
  });

  it('a 429 on Sync Now is not retried, and no sync is sent until the limit lifts', async () => {
    suite.server = await signedInWithImports();
    suite.server.addFault({ kind: 'status', status: 429, path: /manual-sync$/, headers: { 'Retry-After': '600' }, body: { status: 'error', error: 'Rate limit exceeded' } });
    await runAndPick('mixpanelConnectors.syncNow', IMPORT_ROW);
    assert.strictEqual(suite.server.requestsTo(/manual-sync$/).length, 1, 'never retried');
    await vscode.commands.executeCommand('mixpanelConnectors.syncNow', IMPORT_ROW);
    assert.strictEqual(suite.server.requestsTo(/manual-sync$/).length, 1, 'nothing sent while none is left');
  });

  it('Pause and Resume send the import\'s schedule with them; Change Schedule sends the one picked', async () => {
    suite.server = await signedInWithImports();
    const description = async (row: string) => String((await suite.api.view.provider.getTreeItem(row)).description);
    // From the row's menu, as VS Code passes it: no question asked.
    const fromMenu = suite.api.view.elementOf(IMPORT_ROW);
    await vscode.commands.executeCommand('mixpanelConnectors.pauseImport', fromMenu);
    const sent = suite.server.requestsTo(/imports\/40123$/);
    assert.deepStrictEqual(sent.map((request) => request.method), ['GET', 'PATCH'], 'the import is read right before it is changed');
    assert.deepStrictEqual(sent.filter((request) => request.method === 'PATCH').map((request) => request.body), [{ paused: true, run_every: 3_600_000_000_000 }]);
    await waitFor('the row to say paused', async () => (await description(IMPORT_ROW)).endsWith(' · paused'));
    assert.strictEqual((await suite.api.view.provider.getTreeItem(IMPORT_ROW)).contextValue, 'source:warehouse can:syncNow can:resume can:changeSchedule can:exportImport can:deleteImport flagged');
    await vscode.commands.executeCommand('mixpanelConnectors.resumeImport', fromMenu);
    await waitFor('the row to say it runs again', async () => !(await description(IMPORT_ROW)).endsWith(' · paused'));
    // From the row's menu too (a bare row id would be confirmed in a modal first). The pick lists
    // the other schedules first: daily, weekly, on demand, then hourly (current).
    await runAndPick('mixpanelConnectors.changeSchedule', fromMenu);
    const patches = suite.server.requestsTo(/imports\/40123$/).filter((request) => request.method === 'PATCH').map((request) => request.body);
    assert.deepStrictEqual(patches[patches.length - 1], { paused: false, run_every: 86_400_000_000_000 });
    await waitFor('the row to say daily', async () => / · daily · /.test(await description(IMPORT_ROW)));
  });

  it('a project with neither kind of import says so in one calm row', async () => {
    suite.server = await signedInToSample(suite.api);
    suite.server.addProject({ id: 3003, name: 'Nothing here', cloudImport: false });
    await vscode.workspace.getConfiguration('mixpanelConnectors').update('projectIds', [SAMPLE_PROJECT_ID, 3003], vscode.ConfigurationTarget.Global);
    await suite.api.session.reload();
    await waitFor('the calm row', async () => (await renderTree(suite.api)).find((row) => row.id === 'info/3003'));
    const row = (await renderTree(suite.api)).find((candidate) => candidate.id === 'info/3003')!;
    assert.strictEqual(labelOf(row.item), 'No imports in this project');
  });
});
