import Ajv from 'ajv';
import * as assert from 'assert';
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { cli, CLI, startedWithTwoImports, temporaryFolder } from './harness';


interface TextResult {
  readonly content: Array<{ type: string; text?: string }>;
  readonly isError?: boolean;
}

function answerOf(result: unknown): Record<string, unknown> {
  const { content } = result as TextResult;
  assert.strictEqual(content.length, 1);
  assert.strictEqual(content[0].type, 'text');
  return JSON.parse(content[0].text!) as Record<string, unknown>;
}

describe('mixpanel-imports mcp, through the SDK\'s own client over stdio', function () {
  this.timeout(60_000);
  let server: FakeMixpanel;
  let folder: string;
  let clients: Client[];
  let stderr: string[];

  async function connected(args: readonly string[] = [], secret = server.secret): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', ...args],
      cwd: folder,
      stderr: 'pipe',
      env: { PATH: process.env.PATH ?? '', MIXPANEL_SERVICE_ACCOUNT_USERNAME: server.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: secret, MIXPANEL_API_BASE_URL: server.baseUrl, TZ: 'UTC' },
    });
    transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    const client = new Client({ name: 'mcp-test', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  beforeEach(async () => {
    server = (await startedWithTwoImports()).server;
    folder = await temporaryFolder();
    clients = [];
    stderr = [];
  });

  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server.stop();
    await fs.rm(folder, { recursive: true, force: true });
    assert.ok(stderr.every((text) => !text.includes(server.secret)), 'the secret never reaches stderr');
  });

  it('lists the read tools only, with valid schemas and the hints a client asks by', async () => {
    const client = await connected();
    const { tools } = await client.listTools();
    assert.deepStrictEqual(tools.map((tool) => tool.name), ['mixpanel_health', 'mixpanel_source_runs', 'mixpanel_run_details', 'mixpanel_plan_import_file']);
    const ajv = new Ajv({ strict: true });
    for (const tool of tools) {
      ajv.compile(tool.inputSchema);
      assert.deepStrictEqual(tool.annotations, { title: tool.title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    }
    assert.match(String(client.getInstructions()), /only reads/);
  });

  it('answers each read tool from Mixpanel, late import first, and never writes', async () => {
    const client = await connected();
    const health = answerOf(await client.callTool({ name: 'mixpanel_health', arguments: { finding: 'attention' } }));
    const sources = health.sources as Array<{ ref: string; name: string; finding: string }>;
    assert.deepStrictEqual(sources.map((source) => source.ref), ['2001/warehouse/61002']);
    assert.match(sources[0].finding, /no success for 8 h/);
    const runs = answerOf(await client.callTool({ name: 'mixpanel_source_runs', arguments: { source: '2001/warehouse/61002', limit: 3 } }));
    assert.strictEqual((runs.runs as unknown[]).length, 3);
    assert.strictEqual(runs.more, 27);
    assert.deepStrictEqual((runs.baseline as { eventsPerRun: { usual: number } }).eventsPerRun.usual, 50_100);
    const details = answerOf(await client.callTool({ name: 'mixpanel_run_details', arguments: { source: sources[0].name } }));
    assert.strictEqual(details.ref, '2001/warehouse/61002');
    assert.strictEqual(details.state, 'success');
    assert.deepStrictEqual(server.requests.filter((request) => request.method !== 'GET'), []);
  });

  it('plans an import file inside the working directory, and nothing outside it', async () => {
    assert.strictEqual((await cli(server, ['export', '2001', '61001', '--out', folder])).code, 0);
    const [file] = await fs.readdir(folder);
    const client = await connected();
    const plan = answerOf(await client.callTool({ name: 'mixpanel_plan_import_file', arguments: { path: file } }));
    assert.strictEqual(plan.action, 'none');
    assert.match(String(plan.applying), /Nothing was applied/);
    for (const outside of ['../x.mixpanel-import.json', path.join(folder, file), 'package.json']) {
      const refused = await client.callTool({ name: 'mixpanel_plan_import_file', arguments: { path: outside } });
      assert.strictEqual((refused as TextResult).isError, true, outside);
    }
    assert.deepStrictEqual(server.requests.filter((request) => request.method !== 'GET'), []);
  });

  it('refuses a write without --allow-writes, sending nothing; with it, lists and runs the writes', async () => {
    const readOnly = await connected();
    const refused = await readOnly.callTool({ name: 'mixpanel_sync_now', arguments: { source: '2001/warehouse/61001' } });
    assert.strictEqual((refused as TextResult).isError, true);
    assert.match(String(answerOf(refused).error), /--allow-writes/);
    assert.deepStrictEqual(server.requests.filter((request) => request.method !== 'GET'), []);

    const writing = await connected(['--allow-writes']);
    const { tools } = await writing.listTools();
    assert.deepStrictEqual(tools.filter((tool) => !tool.annotations?.readOnlyHint).map((tool) => [tool.name, tool.annotations?.destructiveHint]),
      [['mixpanel_sync_now', false], ['mixpanel_pause_import', true], ['mixpanel_resume_import', false]]);
    const synced = await writing.callTool({ name: 'mixpanel_sync_now', arguments: { source: '2001/warehouse/61001' } });
    assert.ok(!(synced as TextResult).isError, JSON.stringify(synced));
    assert.match(String(answerOf(synced).message), /4 of 5 syncs left/);
    assert.strictEqual(server.requests.filter((request) => request.method === 'PUT' && /manual-sync$/.test(request.path)).length, 1);
  });

  it('says why when Mixpanel refuses the account, and keeps serving', async () => {
    const client = await connected([], 'not-the-secret');
    const result = await client.callTool({ name: 'mixpanel_health', arguments: {} });
    assert.strictEqual((result as TextResult).isError, true);
    assert.match(String(answerOf(result).error), /did not accept the service account/);
    assert.ok((await client.listTools()).tools.length > 0);
  });

  it('exits with 0 when its input closes, even while Mixpanel keeps a request hanging, and writes nothing but protocol to stdout', async () => {
    // The imports' runs never come: the health call is still waiting when the client goes.
    server.addFault({ kind: 'hang', path: /history/ });
    const child = spawn(process.execPath, [CLI, 'mcp'], {
      env: { PATH: process.env.PATH ?? '', MIXPANEL_SERVICE_ACCOUNT_USERNAME: server.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: server.secret, MIXPANEL_API_BASE_URL: server.baseUrl },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'mixpanel_health', arguments: {} } })}\n`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const started = Date.now();
    child.stdin.end();
    const code = await new Promise<number | null | 'running'>((resolve) => {
      const timer = setTimeout(() => { child.kill(); resolve('running'); }, 10_000);
      child.on('exit', (exitCode) => { clearTimeout(timer); resolve(exitCode); });
    });
    assert.strictEqual(code, 0);
    assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms to exit`);
    const lines = out.trim().split('\n');
    assert.deepStrictEqual(lines.map((line) => (JSON.parse(line) as { id: number }).id), [1]);
    assert.ok(!out.includes(server.secret));
  });
});
