import * as fs from 'fs';
import { Browser, chromium, Frame, Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core (which downloads no browser of its own). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Opens the workbench and waits until it is drawn. */
export async function openWorkbench(browser: Browser, url: string, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: options.colorScheme ?? 'dark' });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  return page;
}

/** The frame of a webview whose content has `selector` (with `hasText`): webviews live in nested iframes. */
export async function findWebviewFrame(page: Page, selector: string, options: { hasText?: string | RegExp; timeoutMs?: number } = {}): Promise<Frame> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if (await frame.locator(selector, { hasText: options.hasText }).count() > 0) {
          return frame;
        }
      } catch {
        // A frame that went away while being searched.
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame with ${selector}${options.hasText ? ` containing ${String(options.hasText)}` : ''} within ${timeoutMs} ms`);
}
