import * as assert from 'assert';
import { WarehouseConnections } from '../../../../../src/core/sources/warehouse/connections';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { adoptionOf, fieldNamedIn, ImportFileActions } from '../../../../../src/core/sources/warehouse/importFileActions';
import { MixpanelApiError } from '../../../../../src/mixpanel/errors';
import { ImportActionError } from '../../../../../src/core/sources/warehouse/importActions';
import { warehouseSource } from '../../../../../src/core/model/source';
import { ImportFile, importFileText, readImportFile, withFields } from '../../../../../src/core/sources/warehouse/importFiles/importFile';
import { ImportPlan } from '../../../../../src/core/sources/warehouse/importFiles/plan';
import { addWarehouseSample, DEMO_WAREHOUSE_SOURCES, SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID } from '../../../../fake-mixpanel/scenarios';
import { createHarness, DomainHarness } from '../../harness';
import { generatedSchema } from './importFiles/generated';

const meta = generatedSchema()['x-mixpanel'];
const PROD = 2002;

function read(text: string): ImportFile {
  const result = readImportFile(text);
  assert.ok('file' in result, JSON.stringify(result));
  return result.file;
}

describe('imports as code, against Mixpanel in memory', () => {
  let harness: DomainHarness;
  let actions: ImportFileActions;
  let confirmed: ImportPlan[];
  let trusted: boolean;
  const yes = async (plan: ImportPlan) => { confirmed.push(plan); return true; };

  beforeEach(async () => {
    harness = createHarness();
    const dev = harness.api.data.addProject({ id: SAMPLE_PROJECT_ID, name: 'Dev', warehouseSources: DEMO_WAREHOUSE_SOURCES });
    addWarehouseSample(dev);
    // Production's BigQuery connection has another id, and the same name.
    harness.api.data.addProject({ id: PROD, name: 'Prod', warehouseSources: [{ id: 9100, source_name: 'bq-prod', warehouse_type: 'bigquery' }] });
    harness.store.setProjects([SAMPLE_PROJECT_ID, PROD]);
    await harness.refresher.refreshAll();
    confirmed = [];
    trusted = true;
    actions = new ImportFileActions({ api: () => harness.api, connections: new WarehouseConnections(() => harness.clock.now), meta: async () => meta, applySourceChange: (source) => harness.refresher.applySourceChange(source), workspaceTrusted: () => trusted });
    harness.api.clearRequests();
  });

  afterEach(() => harness.refresher.dispose());

  async function exportSample(): Promise<string> {
    const entry = harness.store.source({ kind: 'warehouse', projectId: SAMPLE_PROJECT_ID, id: String(SAMPLE_IMPORT_ID) });
    assert.ok(entry && entry.source.kind === 'warehouse');
    const { file, fileName } = await actions.exportImport(entry.source);
    assert.strictEqual(fileName, 'events.app_events.mixpanel-import.json');
    return importFileText(file);
  }

  it('round trip: export, apply to another project, and that project has the same import', async () => {
    const text = await exportSample();
    const exported = read(text);
    assert.strictEqual(exported.sourceName, 'bq-prod');
    assert.strictEqual((await actions.plan(exported)).action, 'none', 'the export is what Mixpanel has');

    const copied = withFields(text.replace(/"import_id": \d+,\n\s*/, ''), { project_id: PROD });
    const outcome = await actions.apply(read(copied), undefined, yes);
    assert.strictEqual(outcome.kind, 'created');
    assert.strictEqual(confirmed.length, 1);
    const created = outcome.kind === 'created' ? outcome.imported : undefined as never;
    assert.deepStrictEqual(outcome.kind === 'created' && outcome.fileFields, { import_id: created.id, warehouse_source_id: 9100 });
    assert.ok(harness.store.source(warehouseSource(created)), 'the new import is in the store at once');

    // The file with its id written back is what production now has, and exports the same.
    const applied = read(withFields(copied, outcome.kind === 'created' ? outcome.fileFields : {}));
    const replanned = await actions.plan(applied);
    assert.strictEqual(replanned.action, 'none');
    assert.deepStrictEqual(outcome.kind === 'created' && [outcome.after.key, outcome.after.liveFile], [replanned.key, replanned.liveFile], 'the plan after, made from Mixpanel\'s answer, is the plan of the file as written');
    const again = await actions.exportImport(warehouseSource(await harness.api.getWarehouseImport(PROD, created.id)));
    const original = JSON.parse(text) as Record<string, unknown>;
    assert.deepStrictEqual(again.file, { ...original, project_id: PROD, import_id: created.id, warehouse_source_id: 9100 });
  });

  it('applies a new schedule as a PATCH that keeps the pause, after the user said yes', async () => {
    const file = read(withFields(await exportSample(), { run_every: 86_400_000_000_000 }));
    const plan = await actions.plan(file);
    assert.strictEqual(plan.action, 'update');
    const outcome = await actions.apply(file, plan.key, yes);
    assert.strictEqual(outcome.kind, 'updated');
    const patches = harness.api.data.requests.filter((request) => request.method === 'PATCH');
    assert.deepStrictEqual(patches.map((request) => request.body), [{ paused: false, run_every: 86_400_000_000_000 }]);
    assert.strictEqual(outcome.kind === 'updated' ? outcome.imported.runEveryNs : undefined, 86_400_000_000_000);
    assert.strictEqual(outcome.kind === 'updated' && outcome.after.key, (await actions.plan(file)).key, 'the plan after is what a new plan finds');
    assert.strictEqual(outcome.kind === 'updated' && outcome.after.action, 'none');
  });

  it('stops with the new plan when the live import changed after the plan was shown', async () => {
    const file = read(withFields(await exportSample(), { run_every: 86_400_000_000_000 }));
    const shown = await actions.plan(file);
    // Someone pauses it in the web app meanwhile.
    harness.api.data.project(SAMPLE_PROJECT_ID).warehouseImports.find((record) => record.id === SAMPLE_IMPORT_ID)!.paused = true;
    const outcome = await actions.apply(file, shown.key, yes);
    assert.strictEqual(outcome.kind, 'stale');
    assert.strictEqual(outcome.plan.livePaused, true);
    assert.deepStrictEqual(confirmed, [], 'nothing was asked');
    assert.deepStrictEqual(harness.api.data.requests.filter((request) => request.method === 'PATCH'), [], 'nothing was sent');
    assert.strictEqual((await actions.apply(file, outcome.plan.key, yes)).kind, 'updated', 'the new plan, once shown, applies');
  });

  it('reads Mixpanel again after the question: a pause made while the modal was open is not undone', async () => {
    const file = read(withFields(await exportSample(), { run_every: 86_400_000_000_000 }));
    const shown = await actions.plan(file);
    const record = harness.api.data.project(SAMPLE_PROJECT_ID).warehouseImports.find((candidate) => candidate.id === SAMPLE_IMPORT_ID)!;
    const pausedBefore = record.paused;
    const outcome = await actions.apply(file, shown.key, async () => {
      record.paused = !pausedBefore;
      return true;
    });
    assert.deepStrictEqual([outcome.kind, outcome.kind === 'stale' && outcome.moved], ['stale', 'mixpanel']);
    assert.deepStrictEqual(harness.api.data.requests.filter((request) => request.method === 'PATCH'), [], 'nothing was sent');
  });

  it('says the file changed, not Mixpanel, when the file was edited after the plan was shown', async () => {
    const text = await exportSample();
    const shown = await actions.plan(read(withFields(text, { run_every: 86_400_000_000_000 })));
    const outcome = await actions.apply(read(withFields(text, { run_every: 604_800_000_000_000 })), shown.key, yes);
    assert.deepStrictEqual([outcome.kind, outcome.kind === 'stale' && outcome.moved], ['stale', 'file']);
  });

  it('sends nothing when the user says no, when nothing changed, or when a field cannot change in place', async () => {
    const text = await exportSample();
    assert.strictEqual((await actions.apply(read(withFields(text, { run_every: 0 })), undefined, async () => false)).kind, 'cancelled');
    assert.strictEqual((await actions.apply(read(text), undefined, yes)).kind, 'nothing');
    assert.strictEqual((await actions.apply(read(withFields(text, { sync_mode: 'mirror_mode' })), undefined, yes)).kind, 'blocked');
    assert.deepStrictEqual(harness.api.data.requests.filter((request) => request.method !== 'GET'), []);
    assert.deepStrictEqual(confirmed, []);
  });

  it('gives Mixpanel\'s 400 with the field it names', async () => {
    const text = await exportSample();
    const exported = read(text);
    // Another table of the same dataset: the same one would be found in Mixpanel and never sent.
    const copied = read(withFields(text.replace(/"import_id": \d+,\n\s*/, ''), { sync_mode: 'mirror_mode', table_params: { ...exported.request.table_params as object, table_name: 'other_events' } }));
    harness.api.data.project(SAMPLE_PROJECT_ID).warehouseSources = [{ id: 7001, source_name: 'bq-prod', warehouse_type: 'postgres' }];
    const outcome = await actions.apply(copied, undefined, yes);
    assert.strictEqual(outcome.kind, 'rejected');
    assert.strictEqual(outcome.kind === 'rejected' && outcome.field, 'sync_mode');
    assert.match(outcome.kind === 'rejected' ? outcome.message : '', /mirror_mode is not supported/);
  });

  it('finds the field a message names, the longest name first', () => {
    assert.strictEqual(fieldNamedIn('event_column_name: column not found', ['event_name', 'event_column_name']), 'event_column_name');
    assert.strictEqual(fieldNamedIn('body/run_every must be equal to one of the allowed values', ['time_column_name', 'run_every']), 'run_every');
    assert.strictEqual(fieldNamedIn('Something went wrong', ['run_every']), undefined);
    assert.strictEqual(fieldNamedIn('bad (a+)+$ here', ['(a+)+$', 'run_every']), '(a+)+$', 'a field is not a pattern');
    assert.strictEqual(fieldNamedIn('time_column_names is wrong', ['time_column_name']), undefined, 'a whole word only');
  });

  it('a file whose import is gone plans nothing and says how to create it anew', async () => {
    const file = read(withFields(await exportSample(), { import_id: 99999 }));
    const plan = await actions.plan(file);
    assert.deepStrictEqual(plan.blockers, [{ kind: 'importGone', importId: 99999 }]);
  });

  it('works without the sources endpoint, with the id as written', async () => {
    harness.api.data.project(PROD).warehouseSources = undefined;
    const copied = read(withFields((await exportSample()).replace(/"import_id": \d+,\n\s*/, ''), { project_id: PROD }));
    const plan = await actions.plan(copied);
    assert.ok(plan.sourcesUnread);
    assert.strictEqual(plan.request?.warehouse_source_id, 7001);
  });

  it('applies nothing from an untrusted workspace, and does not even ask', async () => {
    trusted = false;
    const file = read(withFields(await exportSample(), { run_every: 0 }));
    await assert.rejects(actions.apply(file, undefined, yes), (error: unknown) => error instanceof ImportActionError && error.refusal.kind === 'untrusted');
    assert.deepStrictEqual(confirmed, []);
    assert.deepStrictEqual(harness.api.data.requests.filter((request) => request.method !== 'GET'), []);
    assert.strictEqual((await actions.plan(file)).action, 'update', 'a plan is still shown: it sends nothing');
  });

  it('a create whose answer is lost says Mixpanel may have made it; the next plan finds the import and offers its id, and nothing is created twice', async () => {
    const copied = read(withFields((await exportSample()).replace(/"import_id": \d+,\n\s*/, ''), { project_id: PROD }));
    harness.api.addFault({ path: /warehouse-sources\/imports\/[a-z-]+$/, error: () => new MixpanelApiError('timeout', {}), afterActing: true, times: 1 });
    await assert.rejects(actions.apply(copied, undefined, yes), (error: unknown) => error instanceof ImportActionError && error.refusal.kind === 'createUncertain');
    const made = (await harness.api.listWarehouseImports(PROD)).map((item) => item.id);
    assert.strictEqual(made.length, 1, 'Mixpanel made it');
    const again = await actions.apply(copied, undefined, yes);
    assert.strictEqual(again.kind, 'blocked');
    assert.deepStrictEqual(again.plan.blockers, [{ kind: 'existsAs', importId: made[0] }]);
    assert.strictEqual((await harness.api.listWarehouseImports(PROD)).length, 1, 'no second import');
    assert.deepStrictEqual(adoptionOf(again.plan, copied), { importId: made[0], fields: { import_id: made[0], warehouse_source_id: 9100 } });
    const adopted = read(withFields(importFileText(JSON.parse(importFileText({ ...JSON.parse(JSON.stringify(copied.request)), project_id: PROD }))), adoptionOf(again.plan, copied)!.fields));
    assert.strictEqual((await actions.plan(adopted)).action, 'none', 'with its id written, the file is that import');
  });

  it('a create refused before Mixpanel acted (403) is a plain failure; a 5xx may have made it', async () => {
    const copied = read(withFields((await exportSample()).replace(/"import_id": \d+,\n\s*/, ''), { project_id: PROD }));
    harness.api.addFault({ path: /warehouse-sources\/imports\/[a-z-]+$/, error: () => new MixpanelApiError('permission', { status: 403 }), times: 1 });
    await assert.rejects(actions.apply(copied, undefined, yes), (error: unknown) => error instanceof ImportActionError && error.refusal.kind === 'failed');
    harness.api.addFault({ path: /warehouse-sources\/imports\/[a-z-]+$/, error: () => new MixpanelApiError('server', { status: 502 }), times: 1 });
    await assert.rejects(actions.apply(copied, undefined, yes), (error: unknown) => error instanceof ImportActionError && error.refusal.kind === 'createUncertain');
  });

  it('returns a create\'s outcome without waiting for the project\'s refresh', async () => {
    let refreshed = false;
    const slow = new ImportFileActions({
      api: () => harness.api, connections: new WarehouseConnections(() => harness.clock.now), meta: async () => meta, workspaceTrusted: () => true,
      applySourceChange: () => new Promise((resolve) => setTimeout(() => { refreshed = true; resolve(undefined); }, 200)),
    });
    const copied = read(withFields((await exportSample()).replace(/"import_id": \d+,\n\s*/, ''), { project_id: PROD }));
    assert.strictEqual((await slow.apply(copied, undefined, yes)).kind, 'created');
    assert.strictEqual(refreshed, false, 'the id can be written before the refresh ends');
  });

  it('applies one file to an import at a time across windows: a second Apply while the first waits for its answer is busy and sends nothing', async () => {
    const lockDirectory = await fs.mkdtemp(path.join(os.tmpdir(), 'apply-locks-'));
    try {
      const windowOf = () => new ImportFileActions({ api: () => harness.api, connections: new WarehouseConnections(() => harness.clock.now), meta: async () => meta, applySourceChange: async () => undefined, workspaceTrusted: () => true, lockDirectory });
      const copied = read(withFields((await exportSample()).replace(/"import_id": \d+,\n\s*/, ''), { project_id: PROD }));
      let answer: (yes: boolean) => void = () => undefined;
      const first = windowOf().apply(copied, undefined, () => new Promise((resolve) => { answer = resolve; }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepStrictEqual(await windowOf().apply(copied, undefined, yes), { kind: 'busy' });
      answer(true);
      assert.strictEqual((await first).kind, 'created');
      assert.strictEqual((await harness.api.listWarehouseImports(PROD)).length, 1);
      assert.strictEqual((await windowOf().apply(copied, undefined, yes)).kind, 'blocked', 'free again, and the import is found');
    } finally {
      await fs.rm(lockDirectory, { recursive: true, force: true });
    }
  });

  it('refuses when signed out', async () => {
    const signedOut = new ImportFileActions({ api: () => undefined, connections: new WarehouseConnections(Date.now), meta: async () => meta, applySourceChange: async () => undefined, workspaceTrusted: () => true });
    await assert.rejects(signedOut.plan(read('{"project_id": 1, "import_type": "people"}')), (error: unknown) => error instanceof ImportActionError && error.refusal.kind === 'signedOut');
  });
});

