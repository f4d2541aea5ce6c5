import { stub, StubDocument } from './stub';
import * as assert from 'assert';
import * as vscode from 'vscode';
import { LazyImportFiles } from '../../../src/vscode/importFilesLoader';
import type { ImportFileWorkbench } from '../../../src/vscode/importFiles';

describe('imports as code, loaded on first use (behind the stand-in)', () => {
  let loads: number;
  let planned: unknown[];
  const ports = {} as never;
  const load = () => {
    loads++;
    return {
      createImportFiles: () => ({
        showPlan: async (argument: unknown) => { planned.push(argument); },
        recheckAll: () => undefined,
        dispose: () => undefined,
      }) as unknown as ImportFileWorkbench,
    } as never;
  };
  const document = (name: string) => new StubDocument(vscode.Uri.file(`/work/${name}`), '{}');

  beforeEach(() => {
    stub.reset();
    loads = 0;
    planned = [];
  });

  it('costs the first rows nothing: no bundle is loaded while no import file is open', () => {
    stub.documents.push(document('notes.json'));
    const files = new LazyImportFiles(ports, load);
    files.recheckAll();
    stub.open(document('orders.json'));
    assert.strictEqual(loads, 0);
    files.dispose();
  });

  it('loads once, when an import file is open at the start, opens later, or a command asks', async () => {
    stub.documents.push(document('orders.mixpanel-import.json'));
    const atStart = new LazyImportFiles(ports, load);
    assert.strictEqual(loads, 1);
    atStart.dispose();

    stub.reset();
    const later = new LazyImportFiles(ports, load);
    stub.open(document('ORDERS.MIXPANEL-IMPORT.JSON'));
    stub.open(document('other.mixpanel-import.json'));
    assert.strictEqual(loads, 2, 'once more, for the second instance only');
    later.dispose();

    const asked = new LazyImportFiles(ports, load);
    await asked.showPlan('the file');
    await asked.showPlan('again');
    assert.deepStrictEqual([loads, planned], [3, ['the file', 'again']]);
    asked.dispose();
    stub.open(document('after.mixpanel-import.json'));
    assert.strictEqual(loads, 3, 'a disposed one listens no more');
  });
});
