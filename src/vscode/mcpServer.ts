import * as path from 'path';
import * as vscode from 'vscode';
import { accountEnvironment } from '../core/account/environmentAccount';
import { Account, SessionSettings } from '../core/engine/session';
import { MCP_PROVIDER_ID } from '../shared/ids';
import { hostIsAtLeast } from './agentTools';

/**
 * The extension's MCP server, offered to VS Code 1.101 and later through
 * `mcpServerDefinitionProviders`: the command line's `mixpanel-imports mcp`, shipped in the
 * extension, as a stdio process for agents that speak MCP in this editor. The definition VS Code
 * lists and may keep holds no secret; the account is handed over only in `resolve`, when VS Code
 * is about to start the process, and only while a session runs (so a base URL the user has not
 * consented to is never given it).
 *
 * The engine stays at ^1.90, and with it the API's types: the few used here are declared below.
 */

interface StdioDefinition {
  readonly label: string;
  readonly command: string;
  readonly args: string[];
  env: Record<string, string | number | null>;
  readonly version?: string;
}

interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: {
    provideMcpServerDefinitions(token: vscode.CancellationToken): StdioDefinition[];
    resolveMcpServerDefinition(server: StdioDefinition, token: vscode.CancellationToken): Promise<StdioDefinition | undefined>;
  }): vscode.Disposable;
}

type StdioDefinitionClass = new (label: string, command: string, args?: string[], env?: Record<string, string | number | null>, version?: string) => StdioDefinition;

/** The host's MCP provider API, or undefined before 1.101 (where it was a proposal, which throws when called). */
function mcpApi(): { lm: McpApi; Stdio: StdioDefinitionClass } | undefined {
  const api = vscode as unknown as { lm?: Partial<McpApi>; McpStdioServerDefinition?: StdioDefinitionClass };
  return hostIsAtLeast(101) && typeof api.lm?.registerMcpServerDefinitionProvider === 'function' && typeof api.McpStdioServerDefinition === 'function'
    ? { lm: api.lm as McpApi, Stdio: api.McpStdioServerDefinition }
    : undefined;
}

export interface McpServerPorts {
  readonly extensionPath: string;
  readonly version: string;
  /** The account of the running session, or undefined when none runs. */
  account(): Promise<Account | undefined>;
  settings(): SessionSettings;
  readonly log: vscode.LogOutputChannel;
}

/** The process: this host's Node (VS Code's own runtime, as Node) running the shipped command line. */
export function mcpServerCommand(extensionPath: string): { readonly command: string; readonly args: string[]; readonly env: Record<string, string> } {
  return { command: process.execPath, args: [path.join(extensionPath, 'dist', 'cli.js'), 'mcp'], env: { ELECTRON_RUN_AS_NODE: '1' } };
}

export function registerMcpServer(ports: McpServerPorts): vscode.Disposable[] {
  const api = mcpApi();
  if (!api) {
    return [];
  }
  const { command, args, env } = mcpServerCommand(ports.extensionPath);
  const label = vscode.l10n.t('Mixpanel imports');
  try {
    return [api.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      provideMcpServerDefinitions: () => [new api.Stdio(label, command, args, { ...env }, ports.version)],
      resolveMcpServerDefinition: async (server) => {
        const account = await ports.account();
        if (!account) {
          void vscode.window.showWarningMessage(vscode.l10n.t('Sign in to Mixpanel first: the Mixpanel imports MCP server reads with the account of the Mixpanel view.'));
          return undefined;
        }
        server.env = { ...server.env, ...accountEnvironment(account, ports.settings()) };
        ports.log.info('Starting the Mixpanel imports MCP server (read-only) for an agent.');
        return server;
      },
    })];
  } catch (error) {
    ports.log.warn(`The MCP server could not be offered to VS Code: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
