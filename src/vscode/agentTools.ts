import * as vscode from 'vscode';
import { AgentPorts, AGENT_TOOLS, askAboutPrompt, invokeTool } from '../core/agents/catalogue';
import { SourceRef } from '../core/model/source';
import { escapeMarkdown } from '../core/text/format';

/**
 * The agent tools as VS Code language-model tools: registered with `vscode.lm.registerTool` where
 * the host has it (stable since 1.95), so that a chat in agent mode can read import health, runs
 * and plans, and act with the user's confirmation. Hosts without it activate as before.
 *
 * The engine stays at ^1.90, and with it the API's types: the few used here are declared below.
 */

interface ToolInvocationOptions {
  readonly input: unknown;
}

interface PreparedToolInvocation {
  readonly invocationMessage?: string;
  readonly confirmationMessages?: { readonly title: string; readonly message: string | vscode.MarkdownString };
}

export interface LanguageModelTool {
  prepareInvocation?(options: ToolInvocationOptions, token: vscode.CancellationToken): PreparedToolInvocation | undefined;
  invoke(options: ToolInvocationOptions, token: vscode.CancellationToken): Promise<unknown>;
}

interface LanguageModelToolsApi {
  registerTool(name: string, tool: LanguageModelTool): vscode.Disposable;
}

interface ToolResultTypes {
  readonly LanguageModelToolResult: new (content: unknown[]) => unknown;
  readonly LanguageModelTextPart: new (value: string) => unknown;
}

/**
 * Whether this VS Code is at least `minor` (1.x): an API that was proposed before it was final is
 * present earlier too, and throws when an extension that did not ask for the proposal calls it.
 */
export function hostIsAtLeast(minor: number, version: string = vscode.version): boolean {
  const [major, found] = version.split('.').map(Number);
  return major > 1 || (major === 1 && found >= minor);
}

/** The host's language-model tool API, or undefined on a host older than 1.95. */
function toolApi(): (LanguageModelToolsApi & ToolResultTypes) | undefined {
  const api = vscode as unknown as { lm?: Partial<LanguageModelToolsApi> } & Partial<ToolResultTypes>;
  if (!hostIsAtLeast(95) || typeof api.lm?.registerTool !== 'function' || typeof api.LanguageModelToolResult !== 'function' || typeof api.LanguageModelTextPart !== 'function') {
    return undefined;
  }
  return { registerTool: api.lm.registerTool.bind(api.lm), LanguageModelToolResult: api.LanguageModelToolResult, LanguageModelTextPart: api.LanguageModelTextPart };
}

export function languageModelToolsAvailable(): boolean {
  return toolApi() !== undefined;
}

/**
 * Registers the tools. Reads answer from the extension's store and kept runs; a write is confirmed
 * with a question that names the project and the import, and then sent as the command sends it.
 */
export function registerAgentTools(tools: ReadonlyMap<string, LanguageModelTool>, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const api = toolApi();
  if (!api) {
    log.info('This VS Code has no language-model tools (1.95 or later): the agent tools are not registered.');
    return [];
  }
  try {
    return [...tools].map(([name, tool]) => api.registerTool(name, tool));
  } catch (error) {
    // Whatever the host's reason, the rest of the extension works without the tools.
    log.warn(`The agent tools could not be registered: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

/** Each tool of the catalogue as VS Code calls it; on a host without the API, results are plain objects no one asks for. */
export function agentToolImplementations(ports: () => AgentPorts, log: vscode.LogOutputChannel): ReadonlyMap<string, LanguageModelTool> {
  const api = toolApi();
  const result = (text: string) => api ? new api.LanguageModelToolResult([new api.LanguageModelTextPart(text)]) : { content: [{ value: text }] };
  return new Map(AGENT_TOOLS.map((tool): [string, LanguageModelTool] => [tool.name, {
    prepareInvocation: ({ input }) => {
      if (!tool.confirmation) {
        return { invocationMessage: vscode.l10n.t('Reading {0}…', tool.title) };
      }
      const asked = tool.confirmation(input, ports());
      // A write that would be refused (no such import, no syncs left) is not asked about: its answer says why.
      return 'text' in asked ? { invocationMessage: vscode.l10n.t('Checking {0}…', tool.title) } : {
        invocationMessage: tool.title,
        confirmationMessages: { title: asked.title, message: new vscode.MarkdownString(escapeMarkdown(asked.message)) },
      };
    },
    invoke: async ({ input }) => {
      const answer = await invokeTool(tool, input, ports());
      if (answer.isError) {
        log.info(`The agent tool ${tool.name} refused or failed: ${answer.text}`);
      }
      return result(answer.text);
    },
  }]));
}

/** The chat command of hosts that have a chat. */
const OPEN_CHAT = 'workbench.action.chat.open';

/**
 * "Ask about this": the chat, in agent mode, with a question about a source or a failed run that
 * names it by its ref and points at the tools. Where the host has no chat, says so.
 */
export async function askAboutThis(target: { readonly source: SourceRef; readonly runKey?: string }): Promise<void> {
  const commands = await vscode.commands.getCommands(true);
  if (!commands.includes(OPEN_CHAT) || !languageModelToolsAvailable()) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This VS Code has no chat with agent tools. Install a chat extension (such as GitHub Copilot Chat) on VS Code 1.95 or later to ask about imports.'));
    return;
  }
  // A partial query waits in the chat's input: the user reads it, and sends it or not.
  await vscode.commands.executeCommand(OPEN_CHAT, { query: askAboutPrompt(target, vscode.l10n.t), isPartialQuery: true, mode: 'agent' });
}
