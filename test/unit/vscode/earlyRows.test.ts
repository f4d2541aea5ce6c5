import { stub } from './stub';
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Row } from '../../../src/core/presentation/rows';
import { EarlyTreeProvider, FIRST_ROWS_KEY, FirstRowsKeeper, openEarlyView } from '../../../src/vscode/earlyRows';

class Memory implements vscode.Memento {
  readonly values = new Map<string, unknown>();
  writes = 0;
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.writes++;
    this.values.set(key, value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

function row(id: string, collapsible: Row['collapsible'] = 'none'): Row {
  return {
    id, kind: 'source', ref: { projectId: 1 }, label: `label ${id}`, description: 'succeeded', icon: { id: 'pass', color: 'testing.iconPassed' },
    tooltip: () => ({ text: 'not kept' }), contextValue: 'source:warehouse', accessibilityLabel: `source ${id}`, collapsible,
  };
}

describe('the first rows, before the extension is loaded (behind the stand-in)', () => {
  beforeEach(() => stub.reset());

  it('keeps the top rows and those inside the expanded ones, without tooltips, and writes only a change', () => {
    const memory = new Memory();
    const keeper = new FirstRowsKeeper(memory);
    const children = (id: string) => (id === 'project' ? [row('inside')] : [row('hidden')]);
    keeper.keep('us|sa', [row('project', 'expanded'), row('closed', 'collapsed')], children);
    keeper.keep('us|sa', [row('project', 'expanded'), row('closed', 'collapsed')], children);
    assert.strictEqual(memory.writes, 1);
    const kept = memory.get<{ owner: string; rows: Record<string, Array<Record<string, unknown>>> }>(FIRST_ROWS_KEY)!;
    assert.deepStrictEqual(Object.keys(kept.rows).sort(), ['', 'project']);
    assert.deepStrictEqual(kept.rows.project.map((kept) => kept.id), ['inside']);
    assert.ok(kept.rows[''].every((kept) => !('tooltip' in kept) && !('ref' in kept)));
    keeper.keep('us|sa', Array.from({ length: 300 }, (_, index) => row(`r${index}`)), children);
    assert.strictEqual(memory.get<{ rows: Record<string, unknown[]> }>(FIRST_ROWS_KEY)!.rows[''].length, 200, 'the first screen, not the tree');
  });

  it('draws the kept rows of where the settings point, says when VS Code has them, and hands over to the real provider', async () => {
    const memory = new Memory();
    new FirstRowsKeeper(memory).keep('https://proxy.example/api|sa', [row('project', 'expanded')], () => [row('inside')]);
    assert.strictEqual(openEarlyView(memory).provider.hasRows, false, 'the settings point at the US: another owner\'s rows are not drawn');
    stub.configuration.set('apiBaseUrl', { workspaceValue: 'https://elsewhere.example', globalValue: 'https://proxy.example/api' });
    const { provider } = openEarlyView(memory);
    assert.strictEqual(provider.hasRows, true);
    let given = false;
    void provider.given.then(() => { given = true; });
    assert.deepStrictEqual(provider.getChildren(), ['project']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.strictEqual(given, false, 'the expanded project\'s rows are still to come');
    assert.deepStrictEqual(provider.getChildren('project'), ['inside']);
    const item = provider.getTreeItem('inside') as vscode.TreeItem;
    assert.strictEqual(item.label, 'label inside');
    await provider.given;

    const changed: unknown[] = [];
    provider.onDidChangeTreeData((element) => changed.push(element));
    const real = new EarlyTreeProvider({ '': [row('fresh')] });
    provider.handOver(real);
    assert.deepStrictEqual(changed, [undefined], 'VS Code asks everything again');
    assert.deepStrictEqual(provider.getChildren(), ['fresh']);
  });

  it('forgets the kept rows', async () => {
    const memory = new Memory();
    const keeper = new FirstRowsKeeper(memory);
    keeper.keep('us|sa', [row('a')], () => []);
    await keeper.forget();
    assert.strictEqual(memory.get(FIRST_ROWS_KEY), undefined);
    assert.strictEqual(openEarlyView(memory).provider.hasRows, false);
  });
});
