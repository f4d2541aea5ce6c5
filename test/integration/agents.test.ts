import * as assert from 'assert';
import * as vscode from 'vscode';
import { AGENT_TOOLS } from '../../src/core/agents/catalogue';
import { addWarehouseSample, DEMO_WAREHOUSE_SOURCES, SAMPLE_FAILED_CONNECTOR_ID, SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { extensionSuite, peopleFile, signedInToSample, waitFor } from './helpers';

/** The language-model tool API as VS Code 1.95 and later have it; the engine's types (1.90) do not. */
interface LanguageModelToolsApi {
  readonly tools: ReadonlyArray<{ readonly name: string; readonly tags: readonly string[]; readonly inputSchema?: object }>;
  invokeTool(name: string, options: { input: object; toolInvocationToken: undefined }): Thenable<{ readonly content: ReadonlyArray<{ readonly value?: unknown }> }>;
}

/** MCP server definitions from extensions: VS Code 1.101 and later. */
interface McpApi {
  registerMcpServerDefinitionProvider: unknown;
}

const lm = (vscode as unknown as { lm?: Partial<LanguageModelToolsApi & McpApi> }).lm;
const IMPORT = `${SAMPLE_PROJECT_ID}/warehouse/${SAMPLE_IMPORT_ID}`;
const FAILED_CONNECTOR = `${SAMPLE_PROJECT_ID}/cloudImport/${SAMPLE_FAILED_CONNECTOR_ID}`;

async function invoked(name: string, input: object): Promise<Record<string, unknown>> {
  const result = await lm!.invokeTool!(name, { input, toolInvocationToken: undefined });
  assert.strictEqual(result.content.length, 1);
  return JSON.parse(String(result.content[0].value)) as Record<string, unknown>;
}

describe('the agent tools in VS Code', () => {
  const suite = extensionSuite();

  beforeEach(async () => {
    // Nothing polls on its own during a test: every request counted is a tool's.
    suite.server = await signedInToSample(suite.api, { activeRunPollInterval: 3600, refreshInterval: 3600 }, (server) => {
      addWarehouseSample(server.project(SAMPLE_PROJECT_ID));
      server.project(SAMPLE_PROJECT_ID).warehouseSources = DEMO_WAREHOUSE_SOURCES;
    });
  });

  it('registers every tool of the catalogue with VS Code', async () => {
    assert.ok(typeof lm?.invokeTool === 'function', 'this VS Code has language-model tools');
    const ours = await waitFor('the tools to be registered', () => {
      const found = lm!.tools!.filter((tool) => tool.name.startsWith('mixpanel_'));
      return found.length === AGENT_TOOLS.length && found;
    });
    assert.deepStrictEqual(ours.map((tool) => tool.name).sort(), AGENT_TOOLS.map((tool) => tool.name).sort());
    assert.ok(ours.every((tool) => tool.tags.includes('mixpanel')));
  });

  it('answers every read from what the view holds, sending no request', async () => {
    const before = suite.server!.requests.length;
    const health = await invoked('mixpanel_health', {});
    const sources = health.sources as Array<{ ref: string; severity: string }>;
    assert.strictEqual((health.summary as { sources: number }).sources, suite.api.store.project(SAMPLE_PROJECT_ID)!.sources.length);
    assert.strictEqual(sources[0].severity, 'error');
    const runs = await invoked('mixpanel_source_runs', { source: IMPORT });
    assert.deepStrictEqual((runs.runs as Array<{ state: string }>).map((run) => run.state), ['running', 'failed', 'success', 'cancelled']);
    const failedRun = (runs.runs as Array<{ run: string }>)[1].run;
    const warehouseFailure = await invoked('mixpanel_run_details', { source: IMPORT, run: failedRun });
    assert.strictEqual(warehouseFailure.error, null);
    assert.strictEqual(warehouseFailure.syncHistory, `https://mixpanel.com/settings/project/${SAMPLE_PROJECT_ID}`);
    const connectorFailure = await invoked('mixpanel_run_details', { source: FAILED_CONNECTOR });
    assert.match(String((connectorFailure.error as { message: string }).message), /^No compression specified but Gzip detected/);
    assert.strictEqual(suite.server!.requests.length, before, 'no request of their own');
  });

  it('plans an import file of the trusted workspace for an agent, and applies nothing', async () => {
    const outside = await invoked('mixpanel_plan_import_file', { path: '../outside.mixpanel-import.json' });
    assert.match(String(outside.error), /without "\.\."/);
    const name = `agent-${Date.now()}.mixpanel-import.json`;
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(peopleFile({ run_every: 604_800_000_000_000 })));
    try {
      const plan = await invoked('mixpanel_plan_import_file', { path: name });
      assert.strictEqual(plan.action, 'update', JSON.stringify(plan));
      assert.deepStrictEqual((plan.changes as Array<{ field: string }>).map((change) => change.field), ['run_every']);
      assert.match(String(plan.applying), /Nothing was applied/);
      assert.deepStrictEqual(suite.server!.requests.filter((request) => request.method !== 'GET'), []);
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('asks before a write, naming the project and the import; a write that would be refused asks nothing and says why', async () => {
    const pause = suite.api.agentTools.get('mixpanel_pause_import')!;
    const prepared = pause.prepareInvocation!({ input: { source: IMPORT } }, new vscode.CancellationTokenSource().token);
    const question = prepared?.confirmationMessages;
    assert.ok(question, 'a question before pausing');
    assert.strictEqual(question.title, 'Pause a Mixpanel warehouse import');
    assert.match(typeof question.message === 'string' ? question.message : question.message.value, /events\\\.app\\_events.* in project .*Sample Project/);

    const sync = suite.api.agentTools.get('mixpanel_sync_now')!.prepareInvocation!({ input: { source: FAILED_CONNECTOR } }, new vscode.CancellationTokenSource().token);
    assert.strictEqual(sync?.confirmationMessages, undefined, 'nothing to ask about');
    const refused = await invoked('mixpanel_sync_now', { source: FAILED_CONNECTOR });
    assert.match(String(refused.error), /cannot be synced on demand/);
    assert.deepStrictEqual(suite.server!.requests.filter((request) => request.method !== 'GET'), []);
  });

  it('offers its MCP server where VS Code has them, which starts with the account and serves the tools', async function () {
    if (Number(vscode.version.split('.')[1]) < 101) {
      // Before 1.101 the API is a proposal that throws when called: nothing is offered, and the
      // extension activated all the same (the other tests of this run show it).
      return;
    }
    assert.strictEqual(typeof lm?.registerMcpServerDefinitionProvider, 'function');
    this.timeout(90_000);
    const before = suite.server!.requests.length;
    // VS Code starts the servers it is offered: this one is resolved (given the account) and launched.
    await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true, autoTrustChanges: true, promptType: 'never' });
    const served = await waitFor('the MCP server\'s tools', () => {
      const found = lm!.tools!.filter((tool) => /mixpanel_health$/.test(tool.name) && tool.name !== 'mixpanel_health');
      return found.length > 0 && found;
    }, 60_000);
    const answer = await invoked(served[0].name, {});
    assert.strictEqual((answer.summary as { sources: number }).sources, suite.api.store.project(SAMPLE_PROJECT_ID)!.sources.length);
    assert.ok(suite.server!.requests.length > before, 'the server process read Mixpanel with the account it was handed');
    // VS Code stops the process with the window.
  });
});
