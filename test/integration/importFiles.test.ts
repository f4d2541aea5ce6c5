import * as assert from 'assert';
import * as vscode from 'vscode';
import { addWarehouseSample, DEMO_WAREHOUSE_SOURCES, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { extensionSuite, peopleFile, signedInToSample, waitFor } from './helpers';

const WEEKLY = 604_800_000_000_000;


describe('import files in the editor', () => {
  const suite = extensionSuite();
  let uri: vscode.Uri;

  beforeEach(async () => {
    suite.server = await signedInToSample(suite.api, {}, (server) => {
      addWarehouseSample(server.project(SAMPLE_PROJECT_ID));
      server.project(SAMPLE_PROJECT_ID).warehouseSources = DEMO_WAREHOUSE_SOURCES;
    });
    uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, `people-${Date.now()}.mixpanel-import.json`);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  it('gets the generated schema\'s squiggles and Mixpanel\'s rules in the Problems panel', async () => {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(peopleFile({ run_every: 300_000_000_000, user_colum_name: 'x' })));
    await vscode.window.showTextDocument(uri);
    const diagnostics = await waitFor('the schema and the rules to have looked', () => {
      const found = vscode.languages.getDiagnostics(uri);
      return found.some((diagnostic) => diagnostic.source === 'Mixpanel') && found.some((diagnostic) => diagnostic.source !== 'Mixpanel') && found;
    });
    const text = (diagnostic: vscode.Diagnostic) => vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString())!.getText(diagnostic.range);
    const schema = diagnostics.filter((diagnostic) => diagnostic.source !== 'Mixpanel');
    assert.ok(schema.some((diagnostic) => text(diagnostic).includes('300000000000')), `the schema squiggles the schedule: ${JSON.stringify(schema.map((diagnostic) => diagnostic.message))}`);
    assert.ok(schema.some((diagnostic) => text(diagnostic).includes('user_colum_name')), 'and the misspelt field');
    const rules = diagnostics.filter((diagnostic) => diagnostic.source === 'Mixpanel');
    const codes = rules.map((diagnostic) => diagnostic.code).sort();
    assert.deepStrictEqual(codes, ['mirrorNeedsChangeTracking', 'runEveryDocumented']);
    const tracking = rules.find((diagnostic) => diagnostic.code === 'mirrorNeedsChangeTracking')!;
    assert.strictEqual(tracking.severity, vscode.DiagnosticSeverity.Warning, 'Snowflake is known from the sources endpoint');
    assert.match(text(tracking), /"sync_mode"/);
    assert.match(tracking.message, /CHANGE_TRACKING/);
  });

  it('asks Mixpanel nothing about a project the user does not watch, whatever a file names', async () => {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(peopleFile({ project_id: 4242, run_every: 300_000_000_000 })));
    await vscode.window.showTextDocument(uri);
    // The rules look once they know what they may of the warehouse: their finding shows they have.
    await waitFor('the rules to have looked', () => vscode.languages.getDiagnostics(uri).some((diagnostic) => diagnostic.code === 'runEveryDocumented'));
    assert.deepStrictEqual(suite.server!.requestsTo(/projects\/4242/), []);
    assert.ok(!vscode.languages.getDiagnostics(uri).some((diagnostic) => diagnostic.code === 'mirrorNeedsChangeTracking'), 'the warehouse stays unknown');
  });

  it('Show Plan opens the diff: Mixpanel\'s import on the left, the file on the right, the change in the title', async () => {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(peopleFile({ run_every: WEEKLY })));
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('mixpanelConnectors.showPlan', uri);
    const tab = await waitFor('the plan\'s diff editor', () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.input instanceof vscode.TabInputTextDiff));
    const input = tab.input as vscode.TabInputTextDiff;
    assert.strictEqual(input.modified.toString(), uri.toString());
    assert.strictEqual(input.original.scheme, 'mixpanel-import-plan');
    assert.match(tab.label, /1 to change: schedule: daily → weekly/);
    const live = await vscode.workspace.openTextDocument(input.original);
    assert.deepStrictEqual(JSON.parse(live.getText()), JSON.parse(peopleFile()), 'the left side is the import as Mixpanel has it, in the file\'s layout');
    assert.deepStrictEqual(suite.server!.requests.filter((request) => request.method !== 'GET'), [], 'a plan sends nothing');
  });

  it('Show Plan marks a field that cannot change in place in the file', async () => {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(peopleFile({ table_params: { database: 'ANALYTICS', schema: 'CRM', table_name: 'USERS_V2' } })));
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('mixpanelConnectors.showPlan', uri);
    const marked = await waitFor('the plan\'s mark', () => vscode.languages.getDiagnostics(uri).find((diagnostic) => diagnostic.code === 'notInPlace'));
    assert.match(marked.message, /cannot change "table_params"/);
    assert.match(marked.message, /billed/);
  });
});
