import { environmentAccount } from '../../src/core/account/environmentAccount';
import { Refresher } from '../../src/core/engine/refresher';
import { PollingScheduler } from '../../src/core/engine/scheduler';
import { DEFAULT_SETTINGS, Session } from '../../src/core/engine/session';
import { SourceStore } from '../../src/core/engine/store';
import { DEFAULT_THRESHOLDS, HealthContext } from '../../src/core/health/judgement';
import { HealthMonitor } from '../../src/core/health/monitor';
import { healthReport } from '../../src/core/presentation/healthPage';
import { SOURCE_HEALTH, SOURCE_READERS } from '../../src/core/sources';
import { WarehouseConnections } from '../../src/core/sources/warehouse/connections';
import { ImportFileActions } from '../../src/core/sources/warehouse/importFileActions';
import { ImportFileWorkflow } from '../../src/core/sources/warehouse/importFileWorkflow';
import { planLines } from '../../src/core/sources/warehouse/importPlanMessages';
import { withFields } from '../../src/core/sources/warehouse/importFiles/importFile';
import { MixpanelClient } from '../../src/mixpanel/client';
import { ConcurrencyLimiter } from '../../src/mixpanel/limiter';
import { plainTranslate as t } from '../../src/shared/l10n';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { addHealthDemo, addSampleProject, addWarehouseSample, DEMO_WAREHOUSE_SOURCES, SAMPLE_IMPORT_ID, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { generatedSchema } from '../unit/core/sources/warehouse/importFiles/generated';

/**
 * A second composition root, to show that one is wiring only: a session over core in plain Node,
 * with the environment's service account, against the fake Mixpanel (which is told to accept that
 * account), printing the health report and the plan of an import file (the sample import, exported
 * and given a weekly schedule). It imports nothing from src/vscode/: `vscode` does not even exist
 * here, so one such import would end it with "Cannot find module 'vscode'".
 *
 *   MIXPANEL_SERVICE_ACCOUNT_USERNAME=… MIXPANEL_SERVICE_ACCOUNT_SECRET=… node out/test/compose/plainNode.js
 *
 * Not shipped; test/contract/composition.test.ts runs it as a process.
 */
async function main(): Promise<number> {
  const account = environmentAccount(process.env);
  if (!account) {
    process.stderr.write('Set MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET.\n');
    return 2;
  }
  const server = new FakeMixpanel({ username: account.username, secret: account.secret });
  const project = addSampleProject(server);
  addWarehouseSample(project);
  addHealthDemo(project, Date.now());
  project.warehouseSources = DEMO_WAREHOUSE_SOURCES;
  await server.start();

  // The same objects the editor's root makes, wired the same way.
  const limiter = new ConcurrencyLimiter(DEFAULT_SETTINGS.maxConcurrentRequests);
  const store = new SourceStore();
  const connections = new WarehouseConnections(Date.now);
  const refresher = new Refresher(store, SOURCE_READERS, { companions: [connections] });
  const scheduler = new PollingScheduler(store, refresher, SOURCE_READERS, DEFAULT_SETTINGS);
  const session = new Session({
    store, refresher, scheduler,
    connect: async (who, settings) => new MixpanelClient({ credentials: who, region: settings.region, baseUrl: settings.apiBaseUrl, userAgent: 'mixpanel-connectors-compose/0', limiter }),
    restoreSnapshot: () => [],
    setConcurrency: (limit) => limiter.setLimit(limit),
    now: Date.now,
  });
  const context: HealthContext = { warehouseConnection: (projectId, connectionId) => connections.lookup(projectId, connectionId) };
  const health = new HealthMonitor({ store, health: SOURCE_HEALTH, context, thresholds: () => DEFAULT_THRESHOLDS, now: Date.now, defer: (judge) => judge() });
  const actions = new ImportFileActions({
    api: () => session.api, connections, meta: async () => generatedSchema()['x-mixpanel'],
    applySourceChange: (source) => refresher.applySourceChange(source), workspaceTrusted: () => true,
  });
  const workflow = new ImportFileWorkflow({
    actions, t, workspaceTrusted: () => true,
    connections: (projectId) => connections.known(session.api, projectId, {}),
    watched: (projectId) => store.project(projectId) !== undefined,
    projectName: (projectId) => store.project(projectId)?.name,
  });

  try {
    await session.update(account, { ...DEFAULT_SETTINGS, apiBaseUrl: server.baseUrl, projectIds: [SAMPLE_PROJECT_ID] });
    const refreshed = await session.refresh();
    if (refreshed === 'signedOut' || !refreshed.ok) {
      process.stderr.write(`The refresh did not succeed: ${JSON.stringify(refreshed)}\n`);
      return 1;
    }
    health.evaluate();
    const options = { t, now: Date.now(), locale: 'en-US', timeZone: 'UTC' };
    process.stdout.write(`${healthReport({ projects: store.allProjects, findingsOf: (ref) => health.findings(ref), keptRuns: () => undefined, context }, options)}\n\n`);

    const entry = store.source({ projectId: SAMPLE_PROJECT_ID, kind: 'warehouse', id: String(SAMPLE_IMPORT_ID) });
    if (entry?.source.kind !== 'warehouse') {
      process.stderr.write('The sample import is not listed.\n');
      return 1;
    }
    const exported = await workflow.exportImport(entry.source, entry.source.id);
    const text = withFields(exported.text, { run_every: 604_800_000_000_000 });
    const view = await workflow.plan({ key: exported.fileName, name: exported.fileName, text });
    process.stdout.write(`${view.title}\n${planLines(view.plan, t).map((line) => `  ${line}`).join('\n')}\n`);
    return 0;
  } finally {
    health.dispose();
    session.dispose();
    scheduler.dispose();
    refresher.dispose();
    await server.stop();
  }
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
