import { stub, StubDocument } from './stub';
import { WarehouseConnections } from '../../../src/core/sources/warehouse/connections';
import { ImportFileWorkflow } from '../../../src/core/sources/warehouse/importFileWorkflow';
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ImportFileActions } from '../../../src/core/sources/warehouse/importFileActions';
import { importFileText, withFields } from '../../../src/core/sources/warehouse/importFiles/importFile';
import { WarehouseSourceInfo } from '../../../src/mixpanel/types';
import { ImportFileWorkbench } from '../../../src/vscode/importFiles';
import { addWarehouseSample, DEMO_WAREHOUSE_SOURCES, SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID } from '../../fake-mixpanel/scenarios';
import { createHarness, DomainHarness } from '../core/harness';
import { generatedSchema } from '../core/sources/warehouse/importFiles/generated';

const meta = generatedSchema()['x-mixpanel'];

describe('import files in the editor (behind the stand-in)', () => {
  let harness: DomainHarness;
  let workbench: ImportFileWorkbench;
  let asked: number[];
  let applies: number;
  let answer: () => void;

  beforeEach(async () => {
    stub.reset();
    harness = createHarness();
    addWarehouseSample(harness.api.data.addProject({ id: SAMPLE_PROJECT_ID, warehouseSources: DEMO_WAREHOUSE_SOURCES }));
    harness.store.setProjects([SAMPLE_PROJECT_ID]);
    await harness.refresher.refreshAll();
    asked = [];
    applies = 0;
    answer = () => undefined;
    const actions = new ImportFileActions({ api: () => harness.api, connections: new WarehouseConnections(() => harness.clock.now), meta: async () => meta, applySourceChange: async () => undefined, workspaceTrusted: () => stub.trusted });
    const apply = actions.apply.bind(actions);
    // Counts the Applies that reach core; the modal is answered when the test says.
    actions.apply = (file, shownKey) => {
      applies++;
      return apply(file, shownKey, () => new Promise<boolean>((resolve) => { answer = () => resolve(false); }));
    };
    const entry = harness.store.source({ kind: 'warehouse', projectId: SAMPLE_PROJECT_ID, id: String(SAMPLE_IMPORT_ID) });
    exported = importFileText((await actions.exportImport(entry!.source as never)).file);
    const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as vscode.LogOutputChannel;
    workbench = new ImportFileWorkbench({
      log,
      workflow: new ImportFileWorkflow({
        actions, t: vscode.l10n.t, workspaceTrusted: () => stub.trusted,
        watched: (projectId) => harness.store.project(projectId) !== undefined,
        projectName: (projectId) => harness.store.project(projectId)?.name,
        connections: async (projectId): Promise<readonly WarehouseSourceInfo[] | undefined> => {
          asked.push(projectId);
          return [];
        },
      }),
    });
  });

  afterEach(() => {
    workbench.dispose();
    harness.refresher.dispose();
  });

  function open(text: string, name = 'orders.mixpanel-import.json'): StubDocument {
    const document = new StubDocument(vscode.Uri.file(`/work/${name}`), text);
    stub.documents.push(document);
    return document;
  }

  let exported = '';
  /** The sample import as exported, for the project given, with a new schedule to apply. */
  const file = (projectId: number) => withFields(exported, { project_id: projectId, run_every: 604_800_000_000_000 });

  it('asks Mixpanel about the warehouse sources of watched projects only, whatever project a file names', async () => {
    await workbench.check(open(file(4242), 'foreign.mixpanel-import.json') as unknown as vscode.TextDocument);
    assert.deepStrictEqual(asked, [], 'project 4242 is not watched: nothing is asked');
    await workbench.check(open(file(SAMPLE_PROJECT_ID)) as unknown as vscode.TextDocument);
    assert.deepStrictEqual(asked, [SAMPLE_PROJECT_ID]);
  });

  it('saves nothing and applies nothing from an untrusted workspace', async () => {
    stub.trusted = false;
    const document = open(file(SAMPLE_PROJECT_ID));
    document.isDirty = true;
    await assert.rejects(workbench.apply(document.uri), /trust/i);
    assert.strictEqual(document.saves, 0, 'not even saved');
    assert.strictEqual(applies, 0);
  });

  it('offers to write the id of the import Mixpanel already has into a file without one, and the next plan is of that import', async () => {
    // The sample's own table, without its id: what a create whose answer was lost leaves behind.
    const document = open(exported.replace(/"import_id": \d+,\n\s*/, ''), 'lost.mixpanel-import.json');
    stub.answerMessage = (_text, _options, items) => items.find((item) => item === 'Write Its Id into the File');
    const plan = await workbench.showPlan(document.uri);
    assert.deepStrictEqual(plan?.blockers, [{ kind: 'existsAs', importId: SAMPLE_IMPORT_ID }]);
    const offer = stub.shown.find((shown) => shown.kind === 'warning')!;
    assert.match(offer.text, new RegExp(`exists in Mixpanel as import ${SAMPLE_IMPORT_ID}`));
    for (let waited = 0; waited < 100 && document.saves === 0; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.match(document.getText(), new RegExp(`"project_id": ${SAMPLE_PROJECT_ID},\\s*"import_id": ${SAMPLE_IMPORT_ID},`), 'written after the project');
    assert.ok(document.saves > 0, 'and saved');
    const diffTitles = () => stub.executed.filter((call) => call.command === 'vscode.diff').map((call) => String(call.args[2]));
    for (let waited = 0; waited < 100 && diffTitles().length < 2; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.match(diffTitles()[1] ?? '', /No changes/, 'the plan shown again is of that import');
  });

  it('says a file\'s name, which the workspace chose, as text: a name shaped like a link is no link', async () => {
    const document = open(file(SAMPLE_PROJECT_ID), '[open](command:workbench.action.quit).mixpanel-import.json');
    const first = workbench.apply(document.uri);
    for (let waited = 0; waited < 100 && applies === 0; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await workbench.apply(document.uri);
    const said = stub.shown.find((shown) => /is being applied already/.test(shown.text))!;
    assert.ok(!/\]\s*\(/.test(said.text), said.text);
    answer();
    await first;
  });

  it('applies a file once at a time in a window: a second Apply while the first waits for its answer is told so and sends nothing', async () => {
    const document = open(file(SAMPLE_PROJECT_ID));
    const first = workbench.apply(document.uri);
    for (let waited = 0; waited < 100 && applies === 0; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await workbench.apply(document.uri);
    assert.strictEqual(applies, 1);
    assert.ok(stub.shown.some((shown) => /is being applied already/.test(shown.text)));
    answer();
    await first;
  });
});
