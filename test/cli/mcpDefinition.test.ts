import { installVscodeStub, stub, vscodeStub } from '../unit/vscode/stub';
import * as assert from 'assert';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type * as vscode from 'vscode';
import { DEFAULT_SETTINGS } from '../../src/core/engine/session';
import { MCP_PROVIDER_ID } from '../../src/shared/ids';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { ROOT, startedWithTwoImports } from './harness';

installVscodeStub();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { registerMcpServer } = require('../../src/vscode/mcpServer') as typeof import('../../src/vscode/mcpServer');

interface Definition {
  readonly label: string;
  readonly command: string;
  readonly args: string[];
  env: Record<string, string | number | null>;
}

interface Provider {
  provideMcpServerDefinitions(token: unknown): Definition[];
  resolveMcpServerDefinition(server: Definition, token: unknown): Promise<Definition | undefined>;
}

const log = { info: () => undefined } as unknown as vscode.LogOutputChannel;

describe('the MCP server VS Code 1.101 and later are offered', function () {
  this.timeout(60_000);
  let server: FakeMixpanel;
  let signedIn: boolean;
  let disposables: vscode.Disposable[];

  beforeEach(async () => {
    server = (await startedWithTwoImports()).server;
    signedIn = true;
    stub.shown.length = 0;
    disposables = registerMcpServer({
      extensionPath: ROOT, version: '0.1.0', log,
      account: async () => signedIn ? { source: 'secretStorage', username: server.username, secret: server.secret } : undefined,
      settings: () => ({ ...DEFAULT_SETTINGS, apiBaseUrl: server.baseUrl, projectIds: [2001] }),
    });
  });

  afterEach(async () => {
    disposables.forEach((disposable) => disposable.dispose());
    await server.stop();
  });

  const provider = () => stub.mcpProviders.get(MCP_PROVIDER_ID) as Provider;

  it('lists a definition that holds no secret and no account', () => {
    const [definition] = provider().provideMcpServerDefinitions(undefined);
    assert.strictEqual(definition.label, 'Mixpanel imports');
    assert.deepStrictEqual(definition.args.slice(-1), ['mcp']);
    assert.deepStrictEqual(definition.env, { ELECTRON_RUN_AS_NODE: '1' });
    assert.ok(!JSON.stringify(definition).includes(server.secret));
    assert.ok(!JSON.stringify(definition).includes(server.username));
  });

  it('offers nothing on VS Code 1.100, where the API was a proposal that throws when called, and activation goes on', () => {
    const newest = vscodeStub.version;
    const register = vscodeStub.lm.registerMcpServerDefinitionProvider;
    vscodeStub.version = '1.100.3';
    vscodeStub.lm.registerMcpServerDefinitionProvider = () => { throw new Error('Extension CANNOT use API proposal: mcpConfigurationProvider'); };
    try {
      const ports = { extensionPath: ROOT, version: '0.1.0', log, account: async () => undefined, settings: () => DEFAULT_SETTINGS };
      assert.deepStrictEqual(registerMcpServer(ports), []);
    } finally {
      vscodeStub.version = newest;
      vscodeStub.lm.registerMcpServerDefinitionProvider = register;
    }
  });

  it('refuses to start while signed out, and says so', async () => {
    signedIn = false;
    const [definition] = provider().provideMcpServerDefinitions(undefined);
    assert.strictEqual(await provider().resolveMcpServerDefinition(definition, undefined), undefined);
    assert.match(stub.shown[0].text, /Sign in to Mixpanel first/);
  });

  it('hands the account over when VS Code starts it, and the process it names serves the tools', async () => {
    const [definition] = provider().provideMcpServerDefinitions(undefined);
    const resolved = (await provider().resolveMcpServerDefinition(definition, undefined))!;
    assert.strictEqual(resolved.env.MIXPANEL_SERVICE_ACCOUNT_SECRET, server.secret);
    assert.strictEqual(resolved.env.MIXPANEL_PROJECT_IDS, '2001');
    const client = new Client({ name: 'vscode-stand-in', version: '1.0.0' });
    await client.connect(new StdioClientTransport({
      command: resolved.command,
      args: resolved.args,
      env: { PATH: process.env.PATH ?? '', ...Object.fromEntries(Object.entries(resolved.env).map(([key, value]) => [key, String(value)])) },
      stderr: 'ignore',
    }));
    try {
      assert.deepStrictEqual((await client.listTools()).tools.map((tool) => tool.annotations?.readOnlyHint), [true, true, true, true], 'read-only');
      const result = await client.callTool({ name: 'mixpanel_health', arguments: {} }) as { content: Array<{ text: string }> };
      assert.strictEqual((JSON.parse(result.content[0].text) as { summary: { sources: number } }).summary.sources, 2);
    } finally {
      await client.close();
    }
  });
});
