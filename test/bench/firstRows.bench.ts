import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Page } from 'playwright-core';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { addSampleProject, addWarehouseSample, SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { launchBrowser, openWorkbench } from '../harness/browser';
import { PROJECT_ROOT, startCodeServer } from '../harness/codeServer';

/**
 * `npm run bench:ui`: in the real VS Code (code-server, Playwright), signed in through the
 * environment variables, the time from a click on the Mixpanel icon to the first row with data in
 * it, against a control extension of five static rows, in one code-server, median of 5 page loads
 * each (every load starts a new extension host), after one load of each that is not counted:
 * - cached: the server answers after 20 s, so the rows can only come from the cache;
 * - instant: a server on this machine that answers at once, its answers landing as the view opens;
 * - instant, no cache: each round another such server, so another owner with no cache to show;
 * - and once, the very first start of a fresh profile (the server at 50 ms a request).
 * `FIRST_ROWS_ROUNDS` sets the rounds; `FIRST_ROWS_LOG=1` prints each activation's time from the log;
 * `FIRST_ROWS_TRACE=1` traces the last cached load in Chromium and sums up where its time went (the
 * browser idle between the click's task and the rows' is time in the extension host and on the way).
 */

const ROUNDS = Number(process.env.FIRST_ROWS_ROUNDS ?? 5);
const SETTLE_MS = 4_000;
const VSIX = path.join(PROJECT_ROOT, 'mixpanel-connectors.vsix');
const CONTROL = path.join(PROJECT_ROOT, 'test', 'bench', 'control-extension');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The browser's busy time from the click to the first row, by event, and its long tasks with when they ran. */
function traceSummary(buffer: Buffer): string {
  const trace = JSON.parse(buffer.toString()) as { traceEvents: Array<{ name: string; ph: string; ts: number; dur?: number; args?: { data?: { url?: string; functionName?: string } } }> };
  const events = trace.traceEvents.filter((event) => event.ph === 'X' && event.dur !== undefined);
  const first = Math.min(...events.map((event) => event.ts));
  const byName = new Map<string, number>();
  for (const event of events) {
    byName.set(event.name, (byName.get(event.name) ?? 0) + event.dur! / 1000);
  }
  const busy = [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([name, ms]) => `  ${name} ${ms.toFixed(1)} ms`);
  const long = events.filter((event) => ['RunTask', 'FunctionCall', 'EventDispatch', 'TimerFire'].includes(event.name) && event.dur! > 8_000)
    .map((event) => `  at ${((event.ts - first) / 1000).toFixed(0)} ms, ${(event.dur! / 1000).toFixed(1)} ms: ${event.name} ${event.args?.data?.functionName ?? ''}`);
  return ['busy time by event:', ...busy, 'long tasks:', ...long].join('\n');
}

/**
 * Milliseconds from a click on the container's icon to its view's first row; with `trace`, a
 * Chromium trace of that time is summed up on stderr.
 */
async function firstRows(page: Page, url: string, container: string, trace = false): Promise<number> {
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  const icon = page.locator('.activitybar li.action-item', { has: page.locator(`a[aria-label^="${container}"]`) }).first();
  await icon.waitFor({ state: 'visible', timeout: 60_000 });
  // Start from a closed side bar, so that the click opens the container as a user would.
  if (await icon.getAttribute('aria-selected') === 'true') {
    await icon.click();
  }
  // Let the workbench finish starting (its extension host included): what is measured is the view.
  await page.waitForTimeout(SETTLE_MS);
  if (trace) {
    await page.context().browser()!.startTracing(page, { categories: ['devtools.timeline', 'v8.execute', 'blink.user_timing'] });
  }
  const started = Date.now();
  await icon.click();
  try {
    // A row with data in it, not a "Loading…" line: the control's first row, or the sample's first import.
    await page.locator('.part.sidebar .pane-body .monaco-list-row', { hasText: container === 'Control' ? 'One' : 'events.app_events' }).first().waitFor({ state: 'visible', timeout: 60_000 });
  } catch (error) {
    await page.screenshot({ path: path.join(PROJECT_ROOT, 'test-results', `first-rows-failed-${container}.png`) });
    throw error;
  }
  const took = Date.now() - started;
  if (trace) {
    console.error(traceSummary(await page.context().browser()!.stopTracing()));
  }
  return took;
}

async function main(): Promise<void> {
  const control = path.join(os.tmpdir(), 'first-rows-control.vsix');
  execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', control], { cwd: CONTROL, stdio: 'ignore' });
  const server = new FakeMixpanel({ baseLatencyMs: 50 });
  addWarehouseSample(addSampleProject(server));
  await server.start();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'first-rows-'));
  const codeServer = await startCodeServer({
    folder, quiet: true, vsix: [VSIX, control],
    settings: { 'mixpanelConnectors.apiBaseUrl': server.baseUrl, 'mixpanelConnectors.projectIds': [SAMPLE_PROJECT_ID] },
    env: { MIXPANEL_SERVICE_ACCOUNT_USERNAME: server.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: server.secret },
  });
  const browser = await launchBrowser();
  const url = `${codeServer.url}/?folder=${encodeURIComponent(folder)}`;
  try {
    const page = await openWorkbench(browser, url);
    // Without a cache, once: a fresh profile has none, and every later load has one.
    const network = await firstRows(page, url, 'Mixpanel');
    // The snapshot is saved 2 s after the data changed: from now on, every load has a cache.
    await page.waitForTimeout(3_000);
    const times = { control: [] as number[], cached: [] as number[], instant: [] as number[], fresh: [] as number[] };
    const settingsFile = path.join(codeServer.userDataDir, 'User', 'settings.json');
    const pointAt = (baseUrl: string) => {
      const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
      fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'mixpanelConnectors.apiBaseUrl': baseUrl }, null, 2));
    };
    // One load of each first, not counted: the first loads of a page pay for what is then cached.
    await firstRows(page, url, 'Control');
    await firstRows(page, url, 'Mixpanel');
    for (let round = 0; round < ROUNDS; round++) {
      times.control.push(await firstRows(page, url, 'Control'));
      // A server too slow to matter: the rows can only come from the cache.
      server.baseLatencyMs = 20_000;
      times.cached.push(await firstRows(page, url, 'Mixpanel', process.env.FIRST_ROWS_TRACE !== undefined && round === ROUNDS - 1));
      // A server on the same machine that answers at once: its answers land while the view opens.
      server.baseLatencyMs = 0;
      times.instant.push(await firstRows(page, url, 'Mixpanel'));
      server.baseLatencyMs = 50;
    }
    // Last, since the cache holds one owner's data: each round another server on this machine,
    // answering at once, and so another owner with no cache to show.
    for (let round = 0; round < ROUNDS; round++) {
      const fresh = new FakeMixpanel();
      addWarehouseSample(addSampleProject(fresh));
      await fresh.start();
      pointAt(fresh.baseUrl);
      times.fresh.push(await firstRows(page, url, 'Mixpanel'));
      await fresh.stop();
    }
    pointAt(server.baseUrl);
    if (process.env.FIRST_ROWS_LOG) {
      // How long each activation took, as the extension logged it.
      execFileSync('bash', ['-c', `grep -rh 'activated in' ${codeServer.userDataDir}/logs | tail -40 >&2 || true`], { stdio: 'inherit' });
    }
    const control = median(times.control);
    const cached = median(times.cached);
    // The network floor of a first refresh: both lists at once, then the histories 4 at a time.
    const floor = 50 * (1 + Math.ceil(6 / 4));
    console.log(`control ${times.control.join(', ')} ms; cached ${times.cached.join(', ')} ms; instant server ${times.instant.join(', ')} ms; instant server, no cache ${times.fresh.join(', ')} ms; first start, without a cache ${network} ms`);
    console.log(`bench first_rows_instant_uncached_ratio ${Math.round(median(times.fresh) / control * 100) / 100}`);
    console.log(`bench first_rows_instant_ratio ${Math.round(median(times.instant) / control * 100) / 100}`);
    console.log(`bench first_rows_cached_ratio ${Math.round(cached / control * 100) / 100}`);
    console.log(`bench first_rows_network_ms_over_floor ${network - floor}`);
  } catch (error) {
    console.error(`The fake server was asked: ${server.requests.map((request) => `${request.method} ${request.path} ${request.response?.status ?? '…'}`).join('; ') || 'nothing'}`);
    // What the extension logged, for the post-mortem: code-server keeps it in the profile, removed below.
    execFileSync('bash', ['-c', `grep -r . ${codeServer.userDataDir}/logs --include='*Mixpanel*' | tail -40 >&2 || true`], { stdio: 'inherit' });
    throw error;
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
