import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, Frame, Locator, Page } from 'playwright-core';
import { launchBrowser, openWorkbench } from '../harness/browser';
import { ARTIFACTS_FOLDER, PROJECT_ROOT, RunningCodeServer, startCodeServer } from '../harness/codeServer';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';

export const VSIX = path.join(PROJECT_ROOT, 'mixpanel-connectors.vsix');

/** code-server with the packaged extension installed, and Chromium showing it. */
export interface UserSession {
  readonly codeServer: RunningCodeServer;
  /** The workspace folder the window opened. */
  readonly folder: string;
  readonly browser: Browser;
  readonly page: Page;
  close(): Promise<void>;
}

export async function openUserSession(options: { settings: Record<string, unknown>; env?: NodeJS.ProcessEnv; colorScheme?: 'light' | 'dark' }): Promise<UserSession> {
  if (!fs.existsSync(VSIX)) {
    throw new Error(`${VSIX} is missing: npm run package builds it`);
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpanel-ui-'));
  const codeServer = await startCodeServer({ folder, vsix: VSIX, quiet: true, settings: options.settings, env: options.env });
  const browser = await launchBrowser();
  const page = await openWorkbench(browser, `${codeServer.url}/?folder=${encodeURIComponent(folder)}`, { colorScheme: options.colorScheme });
  return {
    codeServer,
    folder,
    browser,
    page,
    close: async () => {
      await browser.close();
      await codeServer.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A suite's user: the fake Mixpanel, and code-server showing it; the page is for the tests. */
export interface UserSuite {
  server: FakeMixpanel;
  session: UserSession;
  page: Page;
}

/**
 * Starts the fake server (seeded by the suite) and a user's session before the suite's tests, stops both after them, and
 * keeps a screenshot of any test that fails. With `signedIn`, the account comes from the
 * environment, as it does for a user who set the variables.
 */
export function userSuite(options: {
  /** What the fake Mixpanel holds (and how it behaves), before it starts. */
  seed: (server: FakeMixpanel) => void;
  serverOptions?: ConstructorParameters<typeof FakeMixpanel>[0];
  settings: (server: FakeMixpanel) => Record<string, unknown>;
  signedIn?: boolean;
  colorScheme?: 'light' | 'dark';
}): UserSuite {
  const suite = {} as UserSuite;
  before(async () => {
    suite.server = new FakeMixpanel(options.serverOptions);
    options.seed(suite.server);
    await suite.server.start();
    suite.session = await openUserSession({
      env: options.signedIn ? { MIXPANEL_SERVICE_ACCOUNT_USERNAME: suite.server.username, MIXPANEL_SERVICE_ACCOUNT_SECRET: suite.server.secret } : undefined,
      settings: { 'mixpanelConnectors.apiBaseUrl': suite.server.baseUrl, ...options.settings(suite.server) },
      colorScheme: options.colorScheme,
    });
    suite.page = suite.session.page;
  });
  screenshotOnFailure(() => suite.page);
  after(async () => {
    await suite.session?.close();
    await suite.server?.stop();
  });
  return suite;
}

/** What a user does in the workbench, in Playwright terms. */

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  // The row with this very title: the palette may rank a longer command above it.
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/**
 * Reloads the window as a user does (Developer: Reload Window): the workbench shuts down first and
 * saves which editors are open, where a bare page reload may leave before it has.
 */
export async function reloadWindow(page: Page): Promise<void> {
  const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await reloaded;
}

/** Types into the open input box and accepts, after checking its title. */
export async function answerInput(page: Page, expectedTitle: RegExp, text: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: expectedTitle }).waitFor({ state: 'visible', timeout: 15_000 });
  const input = widget.locator('.quick-input-box input');
  await input.fill(text);
  await input.press('Enter');
}

export async function pickItem(page: Page, expectedTitle: RegExp, label: string, options: { check?: boolean } = {}): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: expectedTitle }).waitFor({ state: 'visible', timeout: 15_000 });
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible' });
  if (options.check) {
    await row.locator('input[type="checkbox"], .monaco-custom-toggle, .quick-input-list-checkbox').first().click();
    await widget.locator('.quick-input-box input').press('Enter');
  } else {
    await row.click();
  }
}

export async function openActivity(page: Page, title: string): Promise<void> {
  const tab = page.locator('.activitybar li.action-item', { has: page.locator(`a[aria-label^="${title}"]`) }).first();
  await tab.waitFor({ state: 'visible', timeout: 30_000 });
  const sideBar = page.locator('.part.sidebar');
  // A click on the container already shown closes the side bar, and while the workbench restores
  // its layout the tab's state can change under us: click until the side bar shows the container.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tab.getAttribute('aria-selected') === 'true' && await sideBar.isVisible()) {
      return;
    }
    await tab.click();
    await page.waitForTimeout(500);
  }
  throw new Error(`the ${title} container did not open`);
}

export function treeRow(page: Page, text: string | RegExp): Locator {
  return page.locator('.pane-body .monaco-list-row', { hasText: text }).first();
}

/**
 * Clicks a row's inline action as a user hovering the row would. The tree redraws its rows while
 * data arrives, which can detach the button between the hover and the click: each try finds the
 * row again, and a click that did not land is tried again, a few times, before the test fails.
 */
export async function clickRowAction(page: Page, rowText: string | RegExp, action: string): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const row = treeRow(page, rowText);
      await row.hover({ timeout: 5_000 });
      await row.locator(`.action-label[aria-label="${action}"]`).click({ timeout: 5_000 });
      return;
    } catch (error) {
      lastError = error;
      await page.waitForTimeout(250);
    }
  }
  throw lastError;
}

export async function statusBarItem(page: Page, text: string | RegExp): Promise<Locator> {
  const item = page.locator('.statusbar-item', { hasText: text }).first();
  await item.waitFor({ state: 'visible', timeout: 20_000 });
  return item;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS_FOLDER, { recursive: true });
  const file = path.join(ARTIFACTS_FOLDER, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Text of an element inside a webview frame. */
export async function frameText(frame: Frame, selector: string): Promise<string> {
  return (await frame.locator(selector).first().textContent()) ?? '';
}

/** Switches the colour theme the way a user does, through the theme picker. */
export async function setColorTheme(page: Page, theme: string, workbenchClass: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: /Light|Dark/ }).first().waitFor({ state: 'visible' });
  await input.fill(theme);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor({ timeout: 20_000 });
}

/** In a suite: a test that fails leaves a screenshot of what the user saw at that moment. */
export function screenshotOnFailure(currentPage: () => Page | undefined): void {
  afterEach(async function () {
    const page = currentPage();
    if (this.currentTest?.state === 'failed' && page) {
      await screenshot(page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
    }
  });
}

/** Picks an item of a row's context menu with the keyboard. */
export async function contextMenu(page: Page, row: string, item: string): Promise<void> {
  await treeRow(page, row).click({ button: 'right' });
  const entry = page.locator('.monaco-menu .action-item', { hasText: item });
  await entry.waitFor({ state: 'visible' });
  for (let step = 0; step < 20 && !(await entry.evaluate((element) => element.classList.contains('focused'))); step++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await page.locator('.monaco-menu').waitFor({ state: 'detached' });
}
