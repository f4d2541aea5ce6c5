import * as assert from 'assert';
import { connectorRef } from '../unit/builders';
import * as vscode from 'vscode';
import {
  addGeneratedProject, SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID, SAMPLE_QUEUED_CONNECTOR_ID, SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_SUCCESS_CONNECTOR_ID,
} from '../fake-mixpanel/scenarios';
import { rowId } from '../../src/core/presentation/rows';
import { sourceIdOf, extensionSuite, iconOf, isSourceRow, isRunRow, labelOf, renderTree, setSettings, signedInToSample, waitFor } from './helpers';

describe('the Connectors view against the fake Mixpanel', () => {
  const suite = extensionSuite();

  it('shows the sample connectors and their runs with icons, descriptions and words for screen readers', async () => {
    suite.server = await signedInToSample(suite.api);
    const rows = await renderTree(suite.api);
    const connectors = rows.filter((row) => isSourceRow(row));
    const byId = new Map(connectors.map((row) => [sourceIdOf(row), row.item]));
    assert.strictEqual(connectors.length, 4);

    const failed = byId.get(SAMPLE_FAILED_CONNECTOR_ID)!;
    assert.strictEqual(labelOf(failed), 'gs://sample-dataset/cloudimport/event');
    assert.deepStrictEqual(iconOf(failed), { id: 'error', color: 'testing.iconFailed' });
    assert.match(String(failed.description), /^failed · \d+ y ago$/);
    assert.match(failed.accessibilityInformation!.label, /failed, No compression specified but Gzip detected/);

    const running = byId.get(SAMPLE_RUNNING_CONNECTOR_ID)!;
    assert.strictEqual(labelOf(running), 'Nightly orders');
    // The sample's run started in 2020: health calls it stuck, first, in words and by its icon.
    assert.deepStrictEqual(iconOf(running), { id: 'pulse', color: 'list.warningForeground' });
    assert.match(String(running.description), /^running \d+ d( \d+ h)? · running 25%$/);
    assert.match(running.accessibilityInformation!.label, /^Connector Nightly orders, running \d+ d.*, running, 25 percent/);

    assert.deepStrictEqual(iconOf(byId.get(SAMPLE_SUCCESS_CONNECTOR_ID)!), { id: 'pass', color: 'charts.green' });
    assert.deepStrictEqual(iconOf(byId.get(SAMPLE_QUEUED_CONNECTOR_ID)!), { id: 'clock', color: 'descriptionForeground' });
    assert.strictEqual(byId.get(SAMPLE_QUEUED_CONNECTOR_ID)!.description, 'queued');

    const runs = rows.filter((row) => isRunRow(row));
    assert.strictEqual(runs.length, 4);
    const successRun = runs.find((row) => sourceIdOf(row) === SAMPLE_SUCCESS_CONNECTOR_ID)!;
    assert.match(String(successRun.item.description), /^succeeded · 19 h 17 min · 13 events$/);
    assert.strictEqual(successRun.item.command?.command, 'mixpanelConnectors.openRun');
    const queuedRun = runs.find((row) => sourceIdOf(row) === SAMPLE_QUEUED_CONNECTOR_ID)!;
    assert.strictEqual(labelOf(queuedRun.item), 'Not started yet');
    assert.strictEqual(suite.api.view.treeView.badge?.value, 2, 'the failed source and the stuck one need attention');
  });

  it('opens one panel per run with the run\'s data, and reveals it when opened again', async () => {
    suite.server = await signedInToSample(suite.api);
    const runKey = suite.api.store.source(connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID))!.runs[0].key;
    const row = rowId.run(connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID), runKey);
    await vscode.commands.executeCommand('mixpanelConnectors.openRun', row);
    await vscode.commands.executeCommand('mixpanelConnectors.openRun', row);
    const message = await waitFor('the page to be sent the run', () => suite.api.panelMessage({ source: connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID), runKey }));
    await waitFor('the panel\'s tab', () => suite.api.openPanels() > 0);
    assert.strictEqual(suite.api.openPanels(), 1, 'opened twice, shown once');
    assert.ok(message.type === 'render');
    const { model } = message;
    assert.strictEqual(model.stateText, 'Failed');
    assert.strictEqual(model.error?.message, 'No compression specified but Gzip detected. Please submit a new request with correct compression as param');
    assert.match(model.error?.hint ?? '', /compression setting is "none"/);
    assert.deepStrictEqual(model.source.find((row) => row.label === 'Compression'), { label: 'Compression', value: 'none' });
    assert.match(model.rawJson, /"run_id": ""/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel to close', () => suite.api.openPanels() === 0);
  });

  it('copies a failed run\'s error message', async () => {
    suite.server = await signedInToSample(suite.api);
    const runKey = suite.api.store.source(connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID))!.runs[0].key;
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('mixpanelConnectors.copyError', rowId.run(connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID), runKey));
    assert.match(await vscode.env.clipboard.readText(), /^No compression specified but Gzip detected/);
  });

  it('keeps the secret in SecretStorage only, and signing out removes it', async () => {
    suite.server = await signedInToSample(suite.api);
    assert.strictEqual(await suite.api.credentials.source(), 'secretStorage');
    assert.strictEqual(suite.api.session.state.kind === 'active' && suite.api.session.state.username, suite.server.username);
    const settings = JSON.stringify(vscode.workspace.getConfiguration('mixpanelConnectors'));
    assert.ok(!settings.includes(suite.server.secret), 'no secret in settings');
    await vscode.commands.executeCommand('mixpanelConnectors.signOut');
    await suite.api.session.reload();
    assert.strictEqual(await suite.api.credentials.source(), undefined);
    assert.strictEqual(suite.api.session.state.kind, 'signedOut');
    assert.deepStrictEqual(suite.api.store.allProjects, []);
    assert.strictEqual(suite.api.statusBar().text, '$(key) Mixpanel: Sign in');
  });

  it('the status bar follows the state', async () => {
    assert.strictEqual(suite.api.statusBar().text, '$(key) Mixpanel: Sign in');
    assert.strictEqual(suite.api.statusBar().command, 'mixpanelConnectors.signIn');
    suite.server = await signedInToSample(suite.api);
    const failed = suite.api.statusBar();
    assert.strictEqual(failed.text, '$(error) 1 failed · 1 stuck');
    assert.strictEqual(failed.backgroundColor, 'statusBarItem.errorBackground');
    assert.match(failed.tooltip, /failed/i, 'the tooltip lists the failure');
    assert.strictEqual(failed.command, 'workbench.view.extension.mixpanelConnectors', 'a click opens the view');
    // The failed connector's next run succeeds: the running one is what is left to report.
    suite.server.project(SAMPLE_PROJECT_ID).history.get(SAMPLE_FAILED_CONNECTOR_ID)!.unshift({ id: '', start_time: '2020-09-17 07:00:00 +0000 UTC', end_time: '2020-09-17 07:10:00 +0000 UTC', status: 'success', progress: 1, error: { message: '', code: '' }, connector_properties: {} });
    await vscode.commands.executeCommand('mixpanelConnectors.refresh');
    assert.strictEqual(suite.api.statusBar().text, '$(warning) 1 stuck');
    assert.strictEqual(suite.api.statusBar().backgroundColor, 'statusBarItem.warningBackground', 'a warning, no longer an error, once nothing failed');
    assert.match(suite.api.statusBar().tooltip, /Needs attention[\s\S]*Nightly orders: running \d+ d/);
    suite.server.addFault({ kind: 'status', status: 503, path: /connectors$/ });
    await vscode.commands.executeCommand('mixpanelConnectors.refresh');
    assert.match(suite.api.statusBar().text, /^\$\(warning\) Mixpanel: last updated /);
    assert.strictEqual(suite.api.statusBar().backgroundColor, 'statusBarItem.warningBackground');
  });

  it('a run going from running to failed on the server updates the tree, badge, status bar and notifies within one poll', async () => {
    suite.server = await signedInToSample(suite.api, { activeRunPollInterval: 2 });
    const before = suite.api.notifications.length;
    const run = suite.server.project(SAMPLE_PROJECT_ID).history.get(SAMPLE_RUNNING_CONNECTOR_ID)![0];
    Object.assign(run, { status: 'failed', end_time: '2020-09-16 08:00:00 +0000 UTC', error: { message: 'Access Denied: s3://acme-exports/orders/daily', code: 'AccessDenied' } });
    const connector = rowId.source(connectorRef(SAMPLE_RUNNING_CONNECTOR_ID, SAMPLE_PROJECT_ID));
    // Generous deadlines: a loaded machine may be slow, and the poll's own pace is a unit test's.
    await waitFor('the tree icon to turn to failed', async () => iconOf(await suite.api.view.provider.getTreeItem(connector)).id === 'error', 30_000);
    await waitFor('the notification', () => suite.api.notifications.length > before, 30_000);
    assert.strictEqual(suite.api.view.treeView.badge?.value, 2);
    assert.strictEqual(suite.api.statusBar().text, '$(error) 2 failed');
    const note = suite.api.notifications[suite.api.notifications.length - 1];
    assert.strictEqual(note.severity, 'warning');
    assert.strictEqual(note.message, 'Mixpanel import "Nightly orders" failed: Access Denied: s3://acme-exports/orders/daily');
  });

  it('the needs-attention filter and the text filter hide and show rows', async () => {
    suite.server = await signedInToSample(suite.api);
    const connectorLabels = async () => (await renderTree(suite.api)).filter((row) => isSourceRow(row)).map((row) => labelOf(row.item));
    assert.strictEqual((await connectorLabels()).length, 4);
    await vscode.commands.executeCommand('mixpanelConnectors.showNeedsAttention');
    assert.deepStrictEqual(await connectorLabels(), ['gs://sample-dataset/cloudimport/event', 'Nightly orders'], 'the failed one and the stuck one');
    assert.strictEqual(suite.api.view.treeView.message, 'Sources needing attention: 2 of 4.');
    await vscode.commands.executeCommand('mixpanelConnectors.showAll');
    assert.strictEqual((await connectorLabels()).length, 4);
    suite.api.view.setFilter({ needsAttention: false, text: 'orders' });
    assert.deepStrictEqual(await connectorLabels(), ['Nightly orders']);
    await vscode.commands.executeCommand('mixpanelConnectors.clearFilter');
    assert.strictEqual((await connectorLabels()).length, 4);
    assert.strictEqual(suite.api.view.treeView.message, undefined);
  });

  it('shows the last known state at once when a session starts, before any request returns', async () => {
    suite.server = await signedInToSample(suite.api);
    // Let the snapshot be written, then start a new session with a slow suite.server.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    suite.server.baseLatencyMs = 3_000;
    const account = { username: suite.server.username, secret: suite.server.secret };
    await suite.api.credentials.delete();
    await suite.api.session.reload();
    assert.deepStrictEqual(suite.api.store.allProjects, []);
    const startedAt = Date.now();
    await suite.api.credentials.store(account);
    await suite.api.session.reload();
    const project = suite.api.store.project(SAMPLE_PROJECT_ID)!;
    assert.strictEqual(project.fromCache, true);
    assert.strictEqual(project.sources.length, 4);
    const rows = await renderTree(suite.api);
    assert.strictEqual(rows.filter((row) => isSourceRow(row)).length, 4);
    assert.ok(Date.now() - startedAt < suite.server.baseLatencyMs, 'shown before the server could answer');
    suite.server.baseLatencyMs = 0;
    await waitFor('the refresh to land', () => suite.api.store.project(SAMPLE_PROJECT_ID)?.fromCache === false, 10_000);
  });

  it('shows one row per project, names from /me, and a calm row for a project without Cloud Import', async () => {
    suite.server = await signedInToSample(suite.api);
    addGeneratedProject(suite.server, 2002, 3, 2);
    suite.server.addProject({ id: 3003, name: 'Warehouse only', cloudImport: false });
    await setSettings({ projectIds: [SAMPLE_PROJECT_ID, 2002, 3003] });
    await suite.api.session.reload();
    await vscode.commands.executeCommand('mixpanelConnectors.refresh');
    const rows = await renderTree(suite.api);
    const roots = rows.filter((row) => row.depth === 0).map((row) => labelOf(row.item));
    assert.deepStrictEqual(roots, ['Sample Project', 'Generated 2002', 'Warehouse only']);
    const info = rows.find((row) => row.item.id === 'info/3003');
    assert.ok(info, 'an information row for the project without Cloud Import');
    assert.strictEqual(iconOf(info.item).id, 'info');
  });

  it('a failed refresh keeps the last good data on screen, and says why in a row', async () => {
    suite.server = await signedInToSample(suite.api);
    suite.server.addFault({ kind: 'html', status: 502, path: /connectors$/ });
    await vscode.commands.executeCommand('mixpanelConnectors.refresh');
    const rows = await renderTree(suite.api);
    assert.strictEqual(rows.filter((row) => isSourceRow(row)).length, 4);
    const problem = rows.find((row) => row.item.id === `problem/${SAMPLE_PROJECT_ID}`);
    assert.ok(problem);
    assert.match(labelOf(problem.item), /^Not updated since just now: Mixpanel had a server error \(502\)/);
    assert.doesNotMatch(labelOf(problem.item), /<html/i);
  });

  it('when nothing can be loaded, the view is empty for its welcome content and says why', async () => {
    suite.server = await signedInToSample(suite.api);
    const account = { username: suite.server.username, secret: suite.server.secret };
    const port = suite.server.port;
    await suite.server.stop();
    suite.server = undefined;
    // A new session with nothing cached (Sign Out forgets the cache) and Mixpanel out of reach.
    await vscode.commands.executeCommand('mixpanelConnectors.signOut');
    await suite.api.credentials.store(account);
    await suite.api.session.reload();
    await waitFor('the refresh to fail', () => suite.api.store.project(SAMPLE_PROJECT_ID)?.state === 'failed', 20_000);
    assert.deepStrictEqual(await renderTree(suite.api), []);
    assert.match(suite.api.view.treeView.message ?? '', new RegExp(`Could not reach Mixpanel at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
    assert.match(suite.api.statusBar().text ?? '', /refresh failed/);
  });
});
