import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MixpanelApiError } from '../../src/mixpanel/errors';
import { problemFrom } from '../../src/core/model/entries';
import { Row } from '../../src/core/presentation/rows';
import { SourceStore } from '../../src/core/engine/store';
import { TreeModel } from '../../src/core/presentation/treeModel';
import { Finding } from '../../src/core/health/judgement';
import { HealthReader } from '../../src/core/health/monitor';
import { NUMERIC_SETTINGS, USER_ONLY_SETTINGS } from '../../src/core/settings/settingsPolicy';
import { warehouseSource } from '../../src/core/model/source';
import { IMPORT_FILE_SUFFIX, SCHEMA_PATH } from '../../src/core/sources/warehouse/importFiles/schema';
import { plainTranslate as t } from '../../src/shared/l10n';
import { CAN_PREFIX, Command, MCP_PROVIDER_ID, ContextKey, CONNECTORS_VIEW_ID, FLAGGED, HAS_ERROR, SNOOZED, HEALTH_VIEW_TYPE, OVERVIEW_VIEW_TYPE, RUN_PANEL_VIEW_TYPE, SOURCE_CONTEXT_PREFIX, VIEW_CONTAINER_ID } from '../../src/shared/ids';
import { SOURCE_KINDS } from '../../src/core/sources';
import { SourceAction } from '../../src/core/sources/kind';
import { aConnector, aRun } from '../unit/builders';
import { PROJECT_ROOT } from '../harness/codeServer';
import { AGENT_TOOLS, toolReferenceName } from '../../src/core/agents/catalogue';

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
    walkthroughs: Array<{ id: string; steps: Array<{ id: string; media: { markdown?: string }; completionEvents?: string[] }> }>;
  };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  main: string;
  extensionKind?: string[];
  engines: { vscode: string };
}

const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
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

  it('states the ranges the code holds the numbers to, and keeps the request-steering settings out of a workspace\'s reach', () => {
    const properties = manifest.contributes.configuration.properties as Record<string, { minimum?: number; maximum?: number; default?: unknown; scope?: string }>;
    for (const [name, bounds] of Object.entries(NUMERIC_SETTINGS)) {
      const setting = properties[`mixpanelConnectors.${name}`];
      assert.deepStrictEqual([setting.minimum, setting.maximum, setting.default], [bounds.minimum, bounds.maximum, bounds.default], name);
    }
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const name of USER_ONLY_SETTINGS) {
      assert.strictEqual(properties[`mixpanelConnectors.${name}`].scope, 'application', `${name} is a user setting`);
      assert.ok(restricted.includes(`mixpanelConnectors.${name}`), `${name} is restricted in untrusted workspaces`);
    }
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
    // That each key is really set, both ways, is test/unit/vscode/connectorsView.test.ts's.
  });

  it('offers on each row exactly the actions its context value calls for, and no clause matches nothing', () => {
    const emitted = new Set(rowsForEveryState().map((row) => row.contextValue));
    const items = manifest.contributes.menus['view/item/context'];
    const clauses = items.map((item) => {
      const pattern = /viewItem =~ \/(.+?)\//.exec(item.when ?? '');
      assert.ok(pattern, `${item.command} is scoped to an item kind`);
      return { command: item.command, regex: new RegExp(pattern[1]) };
    });
    for (const { command, regex } of clauses) {
      assert.ok([...emitted].some((value) => regex.test(value)), `${regex} (${command}) matches a context value the rows carry: ${[...emitted].join(', ')}`);
    }
    // A source row offers the menus every source has, one per action its `can:` words name, and
    // Copy Error with an error: worked out from the value, so that a new kind or action needs no row here.
    const sourceCommands = (value: string): string[] => {
      const words = value.split(' ');
      const actions = words.filter((word) => word.startsWith(CAN_PREFIX)).map((word) => ACTION_COMMANDS[word.slice(CAN_PREFIX.length) as SourceAction]);
      assert.ok(actions.every((command) => command !== undefined), `every action of "${value}" has a command`);
      return [
        Command.exportHistory, Command.openInMixpanel, Command.refresh, Command.showOverview, ...actions, ...(words.includes(HAS_ERROR) ? [Command.copyError] : []),
        ...(words.includes(FLAGGED) ? [Command.snoozeFindings, Command.askAboutThis] : []), ...(words.includes(SNOOZED) ? [Command.unsnoozeFindings] : []),
      ];
    };
    const expected: Record<string, string[]> = {
      project: [Command.openInMixpanel, Command.refresh],
      run: [Command.copyRunJson, Command.copyRunSummary, Command.openInMixpanel, Command.openRun],
      'run failed': [Command.askAboutThis, Command.copyRunJson, Command.copyRunSummary, Command.openInMixpanel, Command.openRun],
      'run failed hasError': [Command.askAboutThis, Command.copyError, Command.copyRunJson, Command.copyRunSummary, Command.openInMixpanel, Command.openRun],
      loadMore: [],
      message: [],
    };
    const kindsShown = new Set([...emitted].filter((value) => value.startsWith(SOURCE_CONTEXT_PREFIX)).map((value) => value.split(' ')[0].slice(SOURCE_CONTEXT_PREFIX.length)));
    assert.deepStrictEqual([...kindsShown].sort(), Object.keys(SOURCE_KINDS).sort(), 'the rows show a source of every kind (a new kind needs one in rowsForEveryState)');
    assert.deepStrictEqual([...emitted].filter((value) => !value.startsWith(SOURCE_CONTEXT_PREFIX)).sort(), Object.keys(expected).sort(), 'the other rows carry exactly these context values');
    for (const value of emitted) {
      const offered = [...new Set(clauses.filter(({ regex }) => regex.test(value)).map(({ command }) => command))].sort();
      const wanted = value.startsWith(SOURCE_CONTEXT_PREFIX) ? sourceCommands(value) : expected[value];
      assert.deepStrictEqual(offered, [...new Set(wanted)].sort(), `actions on a "${value}" row`);
    }
    const paused = [...emitted].find((value) => value.includes(`${CAN_PREFIX}resume`));
    assert.ok(paused && !paused.includes(`${CAN_PREFIX}pause `), 'a paused import offers Resume, not Pause');
  });

  it('contributes each agent tool of the catalogue as a language-model tool, with its words and schema', () => {
    const contributed = (manifest.contributes as unknown as { languageModelTools: Array<Record<string, unknown>> }).languageModelTools;
    assert.deepStrictEqual(contributed.map((tool) => tool.name), AGENT_TOOLS.map((tool) => tool.name));
    for (const tool of AGENT_TOOLS) {
      const entry = contributed.find((candidate) => candidate.name === tool.name)!;
      assert.strictEqual(entry.modelDescription, tool.description, tool.name);
      assert.deepStrictEqual(entry.inputSchema, JSON.parse(JSON.stringify(tool.inputSchema)), tool.name);
      assert.strictEqual(entry.toolReferenceName, toolReferenceName(tool.name));
      assert.strictEqual(entry.canBeReferencedInPrompt, true);
      assert.strictEqual(nls[String(entry.displayName).slice(1, -1)], tool.title);
      assert.ok((entry.tags as string[]).includes(tool.readOnly ? 'read' : 'write'));
    }
  });

  it('offers the MCP server under the id the code registers, and ships what it runs', () => {
    const providers = (manifest.contributes as unknown as { mcpServerDefinitionProviders: Array<{ id: string; label: string }> }).mcpServerDefinitionProviders;
    assert.deepStrictEqual(providers.map((provider) => provider.id), [MCP_PROVIDER_ID]);
    assert.ok(nls[providers[0].label.slice(1, -1)]);
    const shipped = fs.readFileSync(path.join(PROJECT_ROOT, '.vscodeignore'), 'utf8').split('\n');
    for (const file of ['dist/cli.js', 'dist/mcp.js', 'dist/schemas/mixpanel-import.schema.json']) {
      assert.ok(shipped.includes(`!${file}`), `${file} is in the .vsix`);
    }
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
    assert.deepStrictEqual(hidden, [Command.askAboutThis, Command.copyError, Command.copyRunJson, Command.copyRunSummary, Command.loadMoreRuns, Command.openInMixpanel, Command.openRun, Command.unsnoozeFindings].sort());
  });

  it('activates lazily: on the view, a command, a restored panel or a workspace with import files, never on *', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
    assert.deepStrictEqual(manifest.activationEvents.sort(), [
      `onView:${CONNECTORS_VIEW_ID}`, `onWebviewPanel:${RUN_PANEL_VIEW_TYPE}`, `onWebviewPanel:${OVERVIEW_VIEW_TYPE}`, `onWebviewPanel:${HEALTH_VIEW_TYPE}`,
      // Each kind kept as files activates the extension where such a file is.
      ...Object.values(SOURCE_KINDS).flatMap((kind) => kind.files ? [`workspaceContains:**/*${kind.files.suffix}`] : []),
      // An agent calling a tool activates it (the tools are registered on hosts that have them).
      ...AGENT_TOOLS.map((tool) => `onLanguageModelTool:${tool.name}`),
      // VS Code asking for its MCP server (1.101 and later).
      `onMcpCollection:${MCP_PROVIDER_ID}`,
    ].sort());
    assert.strictEqual(manifest.main, './dist/extension.js');
    assert.strictEqual(manifest.engines.vscode, '^1.90.0');
  });

  it('gives import files the schema the build writes, which ships, and applies them only in a trusted workspace', () => {
    const contributes = manifest.contributes as unknown as { jsonValidation: Array<{ fileMatch: string; url: string }>; commands: Array<{ command: string; enablement?: string }>; menus: Record<string, Array<{ command: string; when?: string }>> };
    assert.deepStrictEqual(contributes.jsonValidation, [{ fileMatch: `*${IMPORT_FILE_SUFFIX}`, url: `./${SCHEMA_PATH.join('/')}` }]);
    assert.deepStrictEqual(Object.values(SOURCE_KINDS).flatMap((kind) => kind.files ? [`*${kind.files.suffix}`] : []), contributes.jsonValidation.map((entry) => entry.fileMatch),
      'every kind kept as files has its schema, and only those');
    const shipped = fs.readFileSync(path.join(PROJECT_ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(shipped.includes(`!${SCHEMA_PATH.join('/')}`), 'the schema is in the .vsix');
    assert.strictEqual(contributes.commands.find((command) => command.command === Command.applyImport)?.enablement, 'isWorkspaceTrusted');
    for (const menu of Object.values(contributes.menus)) {
      for (const item of menu.filter((entry) => entry.command === Command.applyImport)) {
        assert.match(item.when ?? '', /isWorkspaceTrusted/, 'Apply shows only in a trusted workspace');
      }
    }
  });

  it('walks through sign-in, projects, the view, the overview and the demo, with media that ships', () => {
    const [walkthrough] = manifest.contributes.walkthroughs;
    assert.deepStrictEqual(walkthrough.steps.map((step) => step.id), ['signIn', 'chooseProjects', 'readTheView', 'overview', 'demo']);
    const shipped = fs.readFileSync(path.join(PROJECT_ROOT, '.vscodeignore'), 'utf8');
    for (const step of walkthrough.steps) {
      const media = step.media.markdown!;
      assert.ok(fs.existsSync(path.join(PROJECT_ROOT, media)), `${media} exists`);
      assert.ok(shipped.includes(`!${path.posix.dirname(media)}/*.md`), `${media} goes into the .vsix`);
    }
    const completions = walkthrough.steps.flatMap((step) => step.completionEvents ?? []);
    assert.ok(completions.includes(`onContext:${ContextKey.signedIn}`) && completions.includes(`onContext:${ContextKey.hasProjects}`), 'steps complete from the keys the view sets');
  });

  it('runs on the user\'s side where it can, and on the remote side where it must', () => {
    assert.deepStrictEqual(manifest.extensionKind, ['ui', 'workspace']);
  });
});

describe('layers', () => {
  const forbidden = /from ['"]vscode['"]|require\(['"]vscode['"]\)/;
  for (const layer of ['src/mixpanel', 'src/core', 'src/shared', 'src/webview']) {
    it(`${layer} imports nothing from vscode`, () => {
      const files = (fs.readdirSync(path.join(PROJECT_ROOT, layer), { recursive: true }) as string[]).filter((name) => name.endsWith('.ts'));
      assert.ok(files.length > 0, `${layer} has sources`);
      for (const file of files) {
        const text = fs.readFileSync(path.join(PROJECT_ROOT, layer, file), 'utf8');
        assert.ok(!forbidden.test(text), `${layer}/${file} imports vscode`);
      }
    });
  }
});

/** Rows for a table of states: every run state, with and without an error, every kind of row. */
/** The command that carries out each action a source can offer: a new action fails to compile here. */
const ACTION_COMMANDS: Record<SourceAction, string> = {
  syncNow: Command.syncNow,
  pause: Command.pauseImport,
  resume: Command.resumeImport,
  changeSchedule: Command.changeSchedule,
  exportImport: Command.exportImport,
  deleteImport: Command.deleteImport,
};

function rowsForEveryState(): Row[] {
  const now = Date.UTC(2026, 10, 26, 12);
  const store = new SourceStore(() => now);
  store.setProjects([1, 2, 3, 4]);
  const statuses = ['queued', 'running', 'success', 'failed', 'paused', 'cancelled', 'unknown'] as const;
  store.applyProject(1, [
    ...statuses.map((status, index) => ({ source: aConnector({ id: `c-${status}` }), runs: [aRun({ owner: `c-${status}`, status, startTime: now - index * 3_600_000 })] })),
    { source: aConnector({ id: 'c-error' }), runs: [aRun({ owner: 'c-error', status: 'failed', error: { message: 'Bad file' } })] },
    { source: aConnector({ id: 'c-paused', status: 'paused' }), runs: [] },
    { source: aConnector({ id: 'c-many' }), runs: Array.from({ length: 30 }, (_, index) => aRun({ owner: 'c-many', startTime: now - index * 60_000 })) },
    ...[false, true].map((paused, index) => {
      const source = warehouseSource({ id: 400 + index, projectId: 1, tableParams: { table_name: 'events' }, paused, runEveryNs: 3_600_000_000_000, raw: {} });
      return { source: source, runs: [aRun({ owner: source.id, status: 'failed' })] };
    }),
  ]);
  store.applyUnavailable(2);
  store.applyProject(3, [{ source: aConnector({ id: 'c-kept' }), runs: [aRun({ owner: 'c-kept' })] }]);
  store.applyFailure(3, problemFrom(new MixpanelApiError('server', { status: 502 }), now), now + 60_000);
  // One source with a finding to snooze, one with a snoozed finding.
  const finding: Finding = { kind: 'late', severity: 'warning', since: now - 3_600_000, expected: now - 3_600_000, seen: now };
  const health: HealthReader = {
    findings: (ref) => (ref.id === 'c-success' ? [finding] : []),
    snoozed: (ref) => (ref.id === 'c-queued' ? [{ finding, snooze: { source: ref, until: { kind: 'nextSuccess' }, since: now } }] : []),
    onDidChange: () => ({ dispose: () => undefined }),
    settle: () => undefined,
  };
  const model = new TreeModel(store, () => ({ t, now, locale: 'en-US', timeZone: 'UTC' }), () => 20, health);
  const rows: Row[] = [];
  const walk = (id?: string) => {
    for (const row of model.children(id)) {
      rows.push(row);
      walk(row.id);
    }
  };
  walk();
  model.setFilter({ needsAttention: true, text: '' });
  walk();
  return rows;
}
