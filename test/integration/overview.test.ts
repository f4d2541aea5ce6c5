import * as assert from 'assert';
import * as vscode from 'vscode';
import { rowId } from '../../src/core/presentation/rows';
import { OVERVIEW_VIEW_TYPE } from '../../src/shared/ids';
import { addWarehouseSample, SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { extensionSuite, signedInToSample, waitFor } from './helpers';
import { connectorRef, importRef } from '../unit/builders';

const IMPORT = { source: importRef(SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID) };

function openOverviews(): number {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(OVERVIEW_VIEW_TYPE)).length;
}

describe('a source\'s overview and copying runs', () => {
  const suite = extensionSuite();

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows an import\'s recent runs, figures and table, once per source', async () => {
    suite.server = await signedInToSample(suite.api, {}, (fake) => addWarehouseSample(fake.project(SAMPLE_PROJECT_ID)));
    await waitFor('the import', () => suite.api.store.source(IMPORT.source)?.runs.length === 4);
    const row = rowId.source(IMPORT.source);
    await vscode.commands.executeCommand('mixpanelConnectors.showOverview', row);
    await vscode.commands.executeCommand('mixpanelConnectors.showOverview', row);
    const message = await waitFor('the page to be sent the overview', () => suite.api.overviewMessage(IMPORT));
    await waitFor('the overview\'s tab', () => openOverviews() > 0);
    assert.strictEqual(openOverviews(), 1, 'opened twice, shown once');
    assert.ok(message.type === 'overview');
    const { model } = message;
    assert.strictEqual(model.heading, 'events.app_events');
    assert.deepStrictEqual(model.bars.map((bar) => bar.state), ['cancelled', 'success', 'failed', 'running']);
    const figures = Object.fromEntries(model.figures.map((figure) => [figure.id, figure.value]));
    assert.strictEqual(figures.successRate, '33%', 'one success among three finished runs');
    assert.strictEqual(figures.medianEvents, '91,170', 'the median of 0 and 182,340 events');
    assert.deepStrictEqual(model.rows.map((entry) => entry.stateText), ['Running', 'Failed', 'Succeeded', 'Cancelled']);
  });

  it('copies a run as a Markdown summary and as JSON', async () => {
    suite.server = await signedInToSample(suite.api);
    const runKey = suite.api.store.source(connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID))!.runs[0].key;
    const row = rowId.run(connectorRef(SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_PROJECT_ID), runKey);
    await vscode.commands.executeCommand('mixpanelConnectors.copyRunSummary', row);
    const summary = await vscode.env.clipboard.readText();
    assert.match(summary, /^\*\*`gs:\/\/sample-dataset\/cloudimport\/event`\*\*: failed$/m);
    assert.match(summary, /^- Project: `Sample Project` \(1001\)$/m);
    assert.match(summary, /^```text\nNo compression specified but Gzip detected/m);
    await vscode.commands.executeCommand('mixpanelConnectors.copyRunJson', row);
    const json = JSON.parse(await vscode.env.clipboard.readText()) as { source: { id: string }; run: { status: string } };
    assert.deepStrictEqual([json.source.id, json.run.status], [SAMPLE_FAILED_CONNECTOR_ID, 'failed']);
  });
});
