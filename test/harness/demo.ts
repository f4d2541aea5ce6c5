import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_PROJECT_ID, startScenario } from '../fake-mixpanel/cli';
import { SAMPLE_PROJECT_ID } from '../fake-mixpanel/scenarios';
import { PROJECT_ROOT, startCodeServer } from './codeServer';

/**
 * `npm run demo`: the fake Mixpanel with runs that move on by themselves, and VS Code pointed at
 * it, signed in through the environment. The desktop VS Code when `code` exists, else
 * code-server on 127.0.0.1 with the URL printed.
 */

function hasCode(): boolean {
  try {
    execFileSync('code', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const server = await startScenario('demo', Number(process.env.DEMO_FAKE_PORT ?? 0), 120);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpanel-demo-'));
  const settings = {
    'mixpanelConnectors.apiBaseUrl': server.baseUrl,
    'mixpanelConnectors.projectIds': [DEMO_PROJECT_ID, SAMPLE_PROJECT_ID],
    'mixpanelConnectors.activeRunPollInterval': 5,
    'mixpanelConnectors.notifications.onSuccess': true,
  };
  const env = {
    MIXPANEL_SERVICE_ACCOUNT_USERNAME: server.username,
    MIXPANEL_SERVICE_ACCOUNT_SECRET: server.secret,
  };
  console.log(`Fake Mixpanel at ${server.baseUrl} (runs move on every few seconds).`);

  let stopVsCode: () => Promise<void>;
  if (hasCode() && !process.env.DEMO_USE_CODE_SERVER) {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mixpanel-demo-user-'));
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const child = spawn('code', ['--new-window', '--user-data-dir', userDataDir, `--extensionDevelopmentPath=${PROJECT_ROOT}`, folder], { env: { ...process.env, ...env }, stdio: 'inherit' });
    console.log('Opened the desktop VS Code with the extension from this folder.');
    stopVsCode = async () => { child.kill(); };
  } else {
    const port = Number(process.env.DEMO_PORT ?? 8080);
    const codeServer = await startCodeServer({ folder, settings, env, port, quiet: true, vsix: path.join(PROJECT_ROOT, 'mixpanel-connectors.vsix') });
    console.log(`\n  Open ${codeServer.url}/?folder=${encodeURIComponent(folder)} in a browser; the Mixpanel view is in the activity bar.\n`);
    stopVsCode = codeServer.stop;
  }
  console.log('Press Ctrl+C to stop the demo.');
  const stop = () => {
    void Promise.all([stopVsCode(), server.stop()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
