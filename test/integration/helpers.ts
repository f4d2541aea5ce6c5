import * as vscode from 'vscode';
import { TestSurface } from '../../src/vscode/testSurface';
import { rowId } from '../../src/core/presentation/rows';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { addSampleProject, SAMPLE_PAUSED_IMPORT_ID, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';

export const EXTENSION_ID = 'mixpanel-connectors.mixpanel-connectors';

/** The test surface: `activate` returns it only in a test run. */
export async function extensionApi(): Promise<TestSurface> {
  const extension = vscode.extensions.getExtension<TestSurface | undefined>(EXTENSION_ID);
  if (!extension) {
    throw new Error(`${EXTENSION_ID} is not loaded`);
  }
  const surface = await extension.activate();
  if (!surface) {
    throw new Error('the extension returned no test surface: is this a test run?');
  }
  return surface;
}

export async function setSettings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('mixpanelConnectors');
  for (const [key, value] of Object.entries(values)) {
    await config.update(key, value, vscode.ConfigurationTarget.Global);
  }
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A fake Mixpanel with the sample project, and the extension signed in to it. */
export async function signedInToSample(api: TestSurface, extra: Record<string, unknown> = {}, arrange: (server: FakeMixpanel) => void = () => undefined): Promise<FakeMixpanel> {
  const server = new FakeMixpanel();
  addSampleProject(server);
  arrange(server);
  await server.start();
  await setSettings({
    apiBaseUrl: server.baseUrl,
    projectIds: [SAMPLE_PROJECT_ID],
    region: 'us',
    activeRunPollInterval: 10,
    refreshInterval: 300,
    runsPerConnector: 20,
    ...extra,
  });
  await api.credentials.store({ username: server.username, secret: server.secret });
  await api.session.reload();
  await waitFor('the first refresh', () => api.store.project(SAMPLE_PROJECT_ID)?.state === 'ready');
  // Health judges a change of the store on the next turn of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return server;
}

/**
 * A suite's shared state: the test surface (before its tests), and the fake Mixpanel a test signs
 * in to, stopped after each test with the account signed out.
 */
export interface ExtensionSuite {
  api: TestSurface;
  server: FakeMixpanel | undefined;
}

export function extensionSuite(): ExtensionSuite {
  const suite = { server: undefined } as ExtensionSuite;
  before(async () => {
    suite.api = await extensionApi();
  });
  afterEach(async () => {
    await signOutAndStop(suite.api, suite.server);
    suite.server = undefined;
  });
  return suite;
}

export async function signOutAndStop(api: TestSurface, server: FakeMixpanel | undefined): Promise<void> {
  await vscode.commands.executeCommand('mixpanelConnectors.signOut');
  await api.session.reload();
  await server?.stop();
}

/** Rows are elements by id: what kind of row and what it refers to come from the id. */
export function isSourceRow(row: RenderedRow): boolean {
  return rowId.parse(row.id)?.kind === 'source';
}

export function isRunRow(row: RenderedRow): boolean {
  return rowId.parse(row.id)?.kind === 'run';
}

/** The id of the source a source or run row refers to. */
export function sourceIdOf(row: RenderedRow): string {
  return rowId.parse(row.id)?.ref.source?.id ?? '';
}

export interface RenderedRow {
  readonly id: string;
  readonly item: vscode.TreeItem;
  readonly depth: number;
}

/** The tree as a user would see it with every connector expanded. */
export async function renderTree(api: TestSurface): Promise<RenderedRow[]> {
  const provider = api.view.provider;
  const rows: RenderedRow[] = [];
  const walk = async (id: string | undefined, depth: number) => {
    for (const child of await provider.getChildren(id) ?? []) {
      const item = await provider.getTreeItem(child);
      // The element is the row id behind the view's mark; the item's id is the row id itself.
      rows.push({ id: item.id ?? child, item, depth });
      if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None) {
        await walk(child, depth + 1);
      }
    }
  };
  await walk(undefined, 0);
  return rows;
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

export function iconOf(item: vscode.TreeItem): { id: string; color?: string } {
  const icon = item.iconPath as vscode.ThemeIcon;
  // ThemeColor.id is typed only from @types/vscode 1.93 on; the object has it in every version.
  return { id: icon.id, color: (icon.color as unknown as { id?: string } | undefined)?.id };
}

/** Runs a command that ends in a quick pick, and accepts its first item as a user pressing Enter. */
export async function runAndPick(command: string, element: unknown): Promise<void> {
  let finished = false;
  const done = Promise.resolve(vscode.commands.executeCommand(command, element)).finally(() => { finished = true; });
  await waitFor('the quick pick to be answered', async () => {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await new Promise((resolve) => setTimeout(resolve, 200));
    return finished;
  });
  await done;
}

/** The people import of the sample (Snowflake, Mirror, daily, paused), as an exported file would hold it. */
export function peopleFile(changes: Record<string, unknown> = {}): string {
  return `${JSON.stringify({
    project_id: SAMPLE_PROJECT_ID,
    import_id: SAMPLE_PAUSED_IMPORT_ID,
    warehouse_source_name: 'snowflake-analytics',
    import_type: 'people',
    warehouse_source_id: 7002,
    table_params: { database: 'ANALYTICS', schema: 'CRM', table_name: 'USERS' },
    user_column_name: 'USER_ID',
    sync_mode: 'mirror_mode',
    run_every: 86_400_000_000_000,
    property_mappings: { EMAIL: '$email', NAME: '$name' },
    ...changes,
  }, null, 2)}\n`;
}
