import * as assert from 'assert';
import { WarehouseConnections } from '../../../../../src/core/sources/warehouse/connections';
import { ImportFileActions } from '../../../../../src/core/sources/warehouse/importFileActions';
import { ApplyDoor, Confirmation, FileRef, ImportFileWorkflow } from '../../../../../src/core/sources/warehouse/importFileWorkflow';
import { importFileText, withFields } from '../../../../../src/core/sources/warehouse/importFiles/importFile';
import { plainTranslate } from '../../../../../src/shared/l10n';
import { addWarehouseSample, DEMO_WAREHOUSE_SOURCES, SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID } from '../../../../fake-mixpanel/scenarios';
import { createHarness, DomainHarness } from '../../harness';
import { generatedSchema } from './importFiles/generated';

const meta = generatedSchema()['x-mixpanel'];
const WEEKLY = 604_800_000_000_000;

/**
 * Imports as code as any door sees them: text in, finished words out. What the editor adds (the
 * diff, the Problems panel) is test/unit/vscode/importFiles.test.ts's and the integration tests'.
 */
describe('import files, as a door sees them', () => {
  let harness: DomainHarness;
  let workflow: ImportFileWorkflow;
  let trusted: boolean;
  let asked: number[];
  let exported: string;
  let questions: Confirmation[];

  beforeEach(async () => {
    harness = createHarness();
    addWarehouseSample(harness.api.data.addProject({ id: SAMPLE_PROJECT_ID, name: 'Dev', warehouseSources: DEMO_WAREHOUSE_SOURCES }));
    harness.store.setProjects([SAMPLE_PROJECT_ID]);
    await harness.refresher.refreshAll();
    trusted = true;
    asked = [];
    questions = [];
    const connections = new WarehouseConnections(() => harness.clock.now);
    const actions = new ImportFileActions({ api: () => harness.api, connections, meta: async () => meta, applySourceChange: async () => undefined, workspaceTrusted: () => trusted });
    workflow = new ImportFileWorkflow({
      actions, t: plainTranslate, workspaceTrusted: () => trusted,
      watched: (projectId) => harness.store.project(projectId) !== undefined,
      projectName: (projectId) => harness.store.project(projectId)?.name,
      connections: async (projectId) => {
        asked.push(projectId);
        return connections.known(harness.api, projectId, {});
      },
    });
    const entry = harness.store.source({ kind: 'warehouse', projectId: SAMPLE_PROJECT_ID, id: String(SAMPLE_IMPORT_ID) });
    exported = importFileText((await actions.exportImport(entry!.source as never)).file);
    harness.api.clearRequests();
  });

  afterEach(() => harness.refresher.dispose());

  const ref = (text: string, name = 'orders.mixpanel-import.json'): FileRef => ({ key: `file:///work/${name}`, name, text });

  function door(file: FileRef, options: { otherErrors?: string[]; answer?: boolean } = {}): ApplyDoor & { saved: number; cleared: number } {
    return {
      saved: 0,
      cleared: 0,
      async save() { this.saved++; return file; },
      clearMarks() { this.cleared++; },
      otherErrors: () => options.otherErrors ?? [],
      confirm: async (question) => { questions.push(question); return options.answer ?? true; },
      progress: (_title, work) => work(),
    };
  }

  const patches = () => harness.api.data.requests.filter((request) => request.method === 'PATCH');

  it('marks the rules on their fields, and asks about the connections of watched projects only', async () => {
    const foreign = withFields(exported, { project_id: 4242, sync_mode: 'mirror_mode', run_every: 0 });
    await workflow.check(ref(foreign));
    assert.deepStrictEqual(asked, [], 'project 4242 is not watched');
    const marks = await workflow.check(ref(withFields(exported, { sync_mode: 'full_sync' })));
    assert.deepStrictEqual(asked, [SAMPLE_PROJECT_ID]);
    assert.ok(marks.every((mark) => mark.source === 'Mixpanel' && mark.range !== undefined), JSON.stringify(marks));
  });

  it('says what is wrong with a text that is no import file, with its line', async () => {
    assert.throws(() => workflow.fileIn(ref('{\n  "project_id": 1,\n  oops\n}')), /orders\.mixpanel-import\.json is not valid JSON \(\w+ at line 3\)/);
    assert.throws(() => workflow.fileIn(ref('{}')), /has no "project_id"/);
    assert.deepStrictEqual(await workflow.check(ref('[1')), [], 'the editor\'s JSON support says it');
  });

  it('words a plan: its title, its summary and the offer to apply', async () => {
    const view = await workflow.plan(ref(withFields(exported, { run_every: WEEKLY })));
    assert.match(view.title, /^Plan: orders\.mixpanel-import\.json \(Mixpanel ↔ file\): 1 to change: schedule: hourly → weekly$/);
    assert.deepStrictEqual([view.notice.level, view.notice.offer?.kind], ['info', 'apply']);
    assert.match(view.liveText, /"run_every": 3600000000000/);
  });

  it('keeps the gate: a rule\'s error or the door\'s own error stops an Apply before anything is read from Mixpanel', async () => {
    const file = ref(withFields(exported, { run_every: WEEKLY }));
    const before = harness.api.data.requests.length;
    const schemaError = await workflow.apply(file, door(file, { otherErrors: ['Incorrect type. Expected "number".'] }));
    assert.deepStrictEqual([schemaError.notice?.level, schemaError.notice?.offer?.kind], ['error', 'showProblems']);
    assert.match(schemaError.notice!.message, /has 1 problem\(s\) to fix before it can be applied: Incorrect type/);
    const ruleError = ref(withFields(exported, { run_every: 123 }));
    assert.strictEqual((await workflow.apply(ruleError, door(ruleError))).notice?.level, 'error');
    const read = harness.api.data.requests.slice(before).map((request) => request.path);
    assert.deepStrictEqual([read.filter((path) => !path.endsWith('/warehouse-sources/sources')), questions.length], [[], 0], 'nothing but the connections, for the rules');
  });

  it('applies a shown plan once confirmed, and words the question and the outcome', async () => {
    const file = ref(withFields(exported, { run_every: WEEKLY }));
    await workflow.plan(file);
    const result = await workflow.apply(file, door(file));
    assert.deepStrictEqual(questions.map((question) => [question.question, question.button]), [[`Change import ${SAMPLE_IMPORT_ID} in Mixpanel project "Dev" (${SAMPLE_PROJECT_ID})?`, 'Apply Changes']]);
    assert.strictEqual(patches().length, 1);
    assert.deepStrictEqual([result.notice?.message, result.showImports, result.marks], [`Applied to import ${SAMPLE_IMPORT_ID}: schedule: hourly → weekly`, true, []]);
    assert.match(result.shownLive ?? '', /"run_every": 604800000000000/, 'an open diff shows Mixpanel as it is now');
  });

  it('stops when the file changed since its plan was shown, and hands over the new plan', async () => {
    await workflow.plan(ref(withFields(exported, { run_every: 86_400_000_000_000 })));
    const edited = ref(withFields(exported, { run_every: WEEKLY }));
    const result = await workflow.apply(edited, door(edited));
    assert.match(result.notice?.message ?? '', /^Nothing was applied: orders\.mixpanel-import\.json changed since the plan was shown/);
    assert.match(result.open?.title ?? '', /weekly/);
    assert.deepStrictEqual([patches().length, questions.length], [0, 0]);
    assert.strictEqual((await workflow.apply(edited, door(edited))).notice?.level, 'info', 'the new plan, once shown, applies');
    assert.strictEqual(patches().length, 1);
  });

  it('forgets the plan shown of a closed file: it no longer holds an Apply back', async () => {
    await workflow.plan(ref(withFields(exported, { run_every: 86_400_000_000_000 })));
    const edited = ref(withFields(exported, { run_every: WEEKLY }));
    workflow.forget(edited.key);
    await workflow.apply(edited, door(edited));
    assert.strictEqual(patches().length, 1);
  });

  it('refuses an untrusted workspace before the file is even saved, and a second Apply of a file in this window', async () => {
    const file = ref(withFields(exported, { run_every: WEEKLY }));
    trusted = false;
    const untrusted = door(file);
    await assert.rejects(workflow.apply(file, untrusted), /trust/i);
    assert.strictEqual(untrusted.saved, 0);
    trusted = true;
    let answer: ((yes: boolean) => void) | undefined;
    const waiting = door(file);
    waiting.confirm = () => new Promise<boolean>((resolve) => { answer = resolve; });
    const first = workflow.apply(file, waiting);
    for (let waited = 0; waited < 200 && answer === undefined; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const second = await workflow.apply(file, door(file));
    assert.strictEqual(second.notice?.message, 'orders.mixpanel-import.json is being applied already.');
    answer?.(false);
    assert.deepStrictEqual(await first, {}, 'a no sends and says nothing');
    assert.strictEqual(patches().length, 0);
  });

  it('says so when the door could not save the file', async () => {
    const file = ref(exported);
    await assert.rejects(workflow.apply(file, { ...door(file), save: async () => undefined }), /^Error: Save orders\.mixpanel-import\.json first\.$/);
  });
});
