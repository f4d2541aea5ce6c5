import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { format } from 'util';
import { MARKED_OUTPUT_VARIABLE, REPORT_MARKER } from '../integration/index';
import { launchBrowser } from './browser';
import { ARTIFACTS_FOLDER, CODE_SERVER_VERSION, PROJECT_ROOT, startCodeServer } from './codeServer';

/**
 * Runs the integration suite (test/integration) inside the extension host of a real VS Code:
 * code-server's web workbench reads a `payload` with extensionDevelopmentPath and
 * extensionTestsPath, exactly as @vscode/test-electron passes them on the desktop, and reports
 * the result through `codeAutomationExit`.
 */
async function main(): Promise<number> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpanel-workspace-'));
  const server = await startCodeServer({ folder, quiet: true, extensionTests: true, env: { [MARKED_OUTPUT_VARIABLE]: '1' } });
  const browser = await launchBrowser();
  try {
    const testsPath = path.join(PROJECT_ROOT, 'out', 'test', 'integration', 'index');
    const remote = (absolute: string) => `vscode-remote://127.0.0.1:${server.port}${absolute}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(PROJECT_ROOT)],
      ['extensionTestsPath', remote(testsPath)],
    ]);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    let finish: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => { finish = resolve; });
    fs.mkdirSync(ARTIFACTS_FOLDER, { recursive: true });
    const consoleLog = fs.createWriteStream(path.join(ARTIFACTS_FOLDER, 'integration-console.log'));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.startsWith(REPORT_MARKER)) {
        process.stdout.write(`${text.slice(REPORT_MARKER.length)}\n`);
      } else {
        // The workbench's own messages: kept for a failure's post-mortem, not shown.
        consoleLog.write(`${text}\n`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(code));
    console.log(`Integration tests in VS Code ${CODE_SERVER_VERSION.replace(/^4\./, '1.')} (code-server ${CODE_SERVER_VERSION}) at ${server.url}`);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
    const timeout = new Promise<number>((resolve) => setTimeout(() => {
      console.error('The integration suite did not finish within 15 minutes.');
      resolve(2);
    }, 15 * 60_000).unref());
    const code = await Promise.race([exitCode, timeout]);
    consoleLog.end();
    if (code !== 0) {
      console.error(`The workbench's console is in ${path.relative(PROJECT_ROOT, path.join(ARTIFACTS_FOLDER, 'integration-console.log'))}.`);
      await page.screenshot({ path: path.join(ARTIFACTS_FOLDER, 'integration-failure.png') }).catch(() => undefined);
    }
    return code;
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
