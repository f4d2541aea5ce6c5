import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { addSampleProject, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { extensionSuite, signedInToSample, waitFor } from './helpers';

/** What a cloned repository (its .vscode/settings.json) and other extensions can get at. */
describe('trust boundaries', () => {
  const suite = extensionSuite();

  it('a workspace\'s settings cannot send the secret elsewhere nor use it more often: its API base URL, region, projects and request settings are ignored', async () => {
    suite.server = await signedInToSample(suite.api);
    const elsewhere = new FakeMixpanel();
    addSampleProject(elsewhere);
    await elsewhere.start();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const settingsFile = path.join(folder, '.vscode', 'settings.json');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    try {
      // runsPerConnector is a setting a workspace may set: when it shows, the file has been read.
      fs.writeFileSync(settingsFile, JSON.stringify({
        'mixpanelConnectors.apiBaseUrl': elsewhere.baseUrl,
        'mixpanelConnectors.region': 'eu',
        'mixpanelConnectors.projectIds': [666],
        'mixpanelConnectors.refreshInterval': 1,
        'mixpanelConnectors.maxConcurrentRequests': 16,
        'mixpanelConnectors.runsPerConnector': 7,
      }));
      await waitFor('the workspace settings to be read', () => vscode.workspace.getConfiguration('mixpanelConnectors').get('runsPerConnector') === 7, 20_000);
      suite.server.clearRequests();
      await suite.api.session.reload();
      await vscode.commands.executeCommand('mixpanelConnectors.refresh');
      assert.deepStrictEqual(elsewhere.requests, [], 'nothing was sent to the workspace\'s address');
      assert.ok(suite.server.requests.length > 0, 'the user\'s address is still the one used');
      assert.strictEqual(suite.api.session.state.region, 'us');
      assert.deepStrictEqual(suite.api.session.state.projectIds, [SAMPLE_PROJECT_ID], 'the folder does not choose the projects');
      // The folder's refresh interval of 1 s would have refreshed by now; the user's 300 s has not.
      suite.server.clearRequests();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      assert.deepStrictEqual(suite.server.requestsTo(/\/connectors$/), [], 'no refresh at the folder\'s pace');
    } finally {
      fs.rmSync(path.join(folder, '.vscode'), { recursive: true, force: true });
      await waitFor('the workspace settings to go', () => vscode.workspace.getConfiguration('mixpanelConnectors').get('runsPerConnector') === 20, 20_000);
      await elsewhere.stop();
    }
  });

  it('hands other extensions nothing that leads to the secret', async () => {
    suite.server = await signedInToSample(suite.api);
    // Everything reachable from what activate returns (it returns nothing outside test runs).
    // The tree view is VS Code's own object, a door to the whole extension host: not ours to walk.
    const seen = new Set<unknown>([suite.api.view.treeView]);
    const queue: unknown[] = [suite.api];
    let visited = 0;
    while (queue.length > 0 && visited < 20_000) {
      const value = queue.shift();
      if (typeof value === 'string') {
        assert.ok(!value.includes(suite.server.secret), 'a string holds the secret');
        continue;
      }
      if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) {
        continue;
      }
      seen.add(value);
      visited++;
      const names = Object.getOwnPropertyNames(value);
      assert.ok(!names.includes('secrets'), 'SecretStorage is reachable');
      assert.ok(!names.includes('authorization'), 'a client is reachable');
      for (const name of names) {
        try {
          queue.push((value as Record<string, unknown>)[name]);
        } catch {
          // A getter that throws outside its context holds nothing.
        }
      }
      if (value instanceof Map || value instanceof Set) {
        queue.push(...value.values());
      }
    }
    assert.ok(visited > 10, `walked ${visited} objects`);
    assert.ok(suite.api.store.project(SAMPLE_PROJECT_ID), 'the surface still shows what the user sees');
  });
});
