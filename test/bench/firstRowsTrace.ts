import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { addSampleProject, addWarehouseSample, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { launchBrowser, openWorkbench } from '../harness/browser';
import { PROJECT_ROOT, startCodeServer } from '../harness/codeServer';

/**
 * `npm run bench:ui:trace`: where the first rows' time goes in the browser. One code-server with the
 * packaged extension, three loads (the first fills the cache, the next two show the cached rows),
 * and a Chromium trace of the third, from the click on the Mixpanel icon to the first row: the busy
 * time by event, then the long tasks with when they ran. The renderer idle between the click's task
 * and the rows' is time spent in the extension host and on the way to it.
 */
async function main(): Promise<void> {
  const server = new FakeMixpanel({ baseLatencyMs: 50 });
  addWarehouseSample(addSampleProject(server));
  await server.start();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'first-rows-trace-'));
  const codeServer = await startCodeServer({
    folder, quiet: true, vsix: [path.join(PROJECT_ROOT, 'mixpanel-connectors.vsix')],
    settings: { 'mixpanelConnectors.apiBaseUrl': server.baseUrl, 'mixpanelConnectors.projectIds': [SAMPLE_PROJECT_ID] },
    env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: server.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: server.secret },
  });
  const browser = await launchBrowser();
  const url = `${codeServer.url}/?folder=${encodeURIComponent(folder)}`;
  try {
    const page = await openWorkbench(browser, url);
    for (let round = 0; round < 3; round++) {
      await page.goto(url);
      await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
      const icon = page.locator('.activitybar li.action-item', { has: page.locator('a[aria-label^="Mixpanel"]') }).first();
      await icon.waitFor({ state: 'visible', timeout: 60_000 });
      if (await icon.getAttribute('aria-selected') === 'true') {
        await icon.click();
      }
      server.baseLatencyMs = round === 0 ? 50 : 20_000;
      await page.waitForTimeout(4_000);
      if (round === 2) {
        await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'] });
      }
      const started = Date.now();
      await icon.click();
      await page.locator('.part.sidebar .pane-body .monaco-list-row', { hasText: 'events.app_events' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      const took = Date.now() - started;
      console.log(`round ${round}: ${took} ms`);
      if (round === 2) {
        const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: Array<{ name: string; ph: string; ts: number; dur?: number; args?: { data?: { url?: string; functionName?: string } } }> };
        const events = trace.traceEvents.filter((event) => event.ph === 'X' && event.dur !== undefined);
        const first = Math.min(...events.map((event) => event.ts));
        const byName = new Map<string, number>();
        for (const event of events) {
          byName.set(event.name, (byName.get(event.name) ?? 0) + event.dur! / 1000);
        }
        console.log([...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join('\n'));
        const top = events.filter((event) => event.name === 'FunctionCall' || event.name === 'RunTask' || event.name === 'TimerFire' || event.name === 'EventDispatch').filter((event) => event.dur! > 8000)
          .map((event) => `${((event.ts - first) / 1000).toFixed(0)}ms +${(event.dur! / 1000).toFixed(1)} ${event.name} ${event.args?.data?.functionName ?? ''} ${event.args?.data?.url?.split('/').slice(-2).join('/') ?? ''}`);
        console.log(top.join('\n'));
      }
      server.baseLatencyMs = 50;
      await page.waitForTimeout(3_000);
    }
  } finally {
    await browser.close();
    await codeServer.stop();
    await server.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
