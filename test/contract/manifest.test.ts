import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Command, ContextKey, ContextValue, CONNECTORS_VIEW_ID, RUN_PANEL_VIEW_TYPE, VIEW_CONTAINER_ID, withError } from '../../src/shared/contextValues';
import { PROJECT_ROOT } from '../harness/codeServer';

/** package.json checked against the code: what one side names, the other must have. */

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string; icon?: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    viewsWelcome: Array<{ view: string; contents: string; when: string }>;
    viewsContainers: { activitybar: Array<{ id: string; title: string; icon: string }> };
    views: Record<string, Array<{ id: string; name: string }>>;
    configuration: { properties: Record<string, { markdownDescription?: string; description?: string; default?: unknown }> };
  };
  main: string;
  engines: { vscode: string };
}

const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const sources = ['src/vscode', 'src'].flatMap((folder) => fs.readdirSync(path.join(PROJECT_ROOT, folder))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => fs.readFileSync(path.join(PROJECT_ROOT, folder, file), 'utf8'))).join('\n');

function contextKeysIn(when: string): string[] {
  return when.replace(/view == [\w.]+/g, '').match(/mixpanelConnectors\.[A-Za-z]+/g) ?? [];
}

describe('package.json against the code', () => {
  it('contributes exactly the commands the code registers, each with a title in the category', () => {
    const contributed = manifest.contributes.commands.map((command) => command.command).sort();
    assert.deepStrictEqual(contributed, Object.values(Command).sort());
    for (const command of manifest.contributes.commands) {
      assert.strictEqual(command.category, '%category%');
      assert.ok(nls[command.title.replace(/%/g, '')], `${command.command} has a title`);
    }
  });

  it('keeps the names other tools rely on', () => {
    assert.deepStrictEqual(manifest.contributes.viewsContainers.activitybar.map((c) => c.id), [VIEW_CONTAINER_ID]);
    assert.deepStrictEqual(manifest.contributes.views[VIEW_CONTAINER_ID].map((view) => view.id), [CONNECTORS_VIEW_ID]);
    assert.strictEqual(nls['command.signIn'], 'Sign In');
    assert.strictEqual(nls['command.openRun'], 'Show Run Details');
    assert.strictEqual(nls['view.connectors'], 'Connectors');
    assert.strictEqual(nls['container.title'], 'Mixpanel');
    for (const key of ['region', 'projectIds', 'apiBaseUrl', 'runsPerConnector', 'maxConcurrentRequests', 'activeRunPollInterval', 'refreshInterval', 'notifications.onFailure', 'notifications.onSuccess']) {
      const setting = manifest.contributes.configuration.properties[`mixpanelConnectors.${key}`];
      assert.ok(setting, `setting ${key}`);
      assert.ok(nls[(setting.markdownDescription ?? '').replace(/%/g, '')], `setting ${key} has a description`);
    }
    assert.strictEqual(manifest.contributes.configuration.properties['mixpanelConnectors.runsPerConnector'].default, 20);
    assert.strictEqual(manifest.contributes.configuration.properties['mixpanelConnectors.activeRunPollInterval'].default, 10);
  });

  it('resolves every %key% to package.nls.json', () => {
    const text = JSON.stringify(manifest);
    for (const [, key] of text.matchAll(/"%([^%"]+)%"/g)) {
      assert.ok(nls[key] !== undefined, `${key} is in package.nls.json`);
    }
  });

  it('uses in when clauses only the context keys the code sets', () => {
    const known = new Set<string>(Object.values(ContextKey));
    const clauses = [
      ...Object.values(manifest.contributes.menus).flat().map((item) => item.when ?? ''),
      ...manifest.contributes.viewsWelcome.map((welcome) => welcome.when),
    ];
    for (const when of clauses) {
      for (const key of contextKeysIn(when)) {
        assert.ok(known.has(key), `${key} in "${when}" is set by the code`);
      }
    }
    for (const key of Object.keys(ContextKey) as Array<keyof typeof ContextKey>) {
      assert.ok(sources.includes(`ContextKey.${key}`), `ContextKey.${key} is set somewhere`);
    }
  });

  it('matches every viewItem clause with a context value the tree emits', () => {
    // What rows can carry: each kind of row, with and without an error to copy.
    const emitted = Object.values(ContextValue).flatMap((value) => [withError(value, false), withError(value, true)]);
    for (const item of manifest.contributes.menus['view/item/context']) {
      const pattern = /viewItem =~ \/(.+?)\//.exec(item.when ?? '');
      assert.ok(pattern, `${item.command} is scoped to an item kind`);
      const regex = new RegExp(pattern[1]);
      assert.ok(emitted.some((value) => regex.test(value)), `${pattern[1]} matches a context value`);
    }
    const commandsFor = (value: string) => manifest.contributes.menus['view/item/context']
      .filter((item) => new RegExp(/viewItem =~ \/(.+?)\//.exec(item.when ?? '')![1]).test(value))
      .map((item) => item.command);
    assert.ok(commandsFor(ContextValue.run).includes(Command.openRun), 'a run row opens its run');
    assert.ok(commandsFor(withError(ContextValue.run, true)).includes(Command.copyError), 'a failed run row copies its error');
    assert.ok(commandsFor(withError(ContextValue.connector, true)).includes(Command.copyError), 'a failed connector row copies its error');
    assert.ok(!commandsFor(ContextValue.run).includes(Command.copyError), 'no copy without an error');
    assert.ok(commandsFor(ContextValue.project).includes(Command.refresh), 'a project row refreshes');
  });

  it('takes where credentials go from the user\'s settings only, never from a workspace', () => {
    const restricted = (manifest as unknown as { capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } } }).capabilities.untrustedWorkspaces;
    for (const key of ['mixpanelConnectors.apiBaseUrl', 'mixpanelConnectors.region']) {
      const setting = manifest.contributes.configuration.properties[key] as { scope?: string };
      assert.strictEqual(setting.scope, 'application', `${key} is application-scoped`);
      assert.ok(restricted.restrictedConfigurations.includes(key), `${key} is restricted in untrusted workspaces`);
    }
  });

  it('hides from the palette the commands that need a tree item', () => {
    const hidden = manifest.contributes.menus.commandPalette.filter((item) => item.when === 'false').map((item) => item.command).sort();
    assert.deepStrictEqual(hidden, [Command.copyError, Command.loadMoreRuns, Command.openInMixpanel, Command.openRun].sort());
  });

  it('activates lazily: on the view, a command or a restored panel, never on *', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
    assert.deepStrictEqual(manifest.activationEvents.sort(), [`onView:${CONNECTORS_VIEW_ID}`, `onWebviewPanel:${RUN_PANEL_VIEW_TYPE}`].sort());
    assert.strictEqual(manifest.main, './dist/extension.js');
    assert.strictEqual(manifest.engines.vscode, '^1.90.0');
  });
});

describe('layers', () => {
  const forbidden = /from ['"]vscode['"]|require\(['"]vscode['"]\)/;
  for (const layer of ['src/mixpanel', 'src/core', 'src/shared', 'src/webview']) {
    it(`${layer} imports nothing from vscode`, () => {
      for (const file of fs.readdirSync(path.join(PROJECT_ROOT, layer)).filter((name) => name.endsWith('.ts'))) {
        const text = fs.readFileSync(path.join(PROJECT_ROOT, layer, file), 'utf8');
        assert.ok(!forbidden.test(text), `${layer}/${file} imports vscode`);
      }
    });
  }
});
