import * as assert from 'assert';
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);
const SCRIPT = path.join(__dirname, '..', 'compose', 'plainNode.js');

/**
 * A second composition root is wiring only: test/compose/plainNode.ts builds a session over core in
 * plain Node, where `vscode` does not exist, and prints what the editor shows.
 */
describe('a composition root outside VS Code', function () {
  this.timeout(60_000);

  it('builds a session over core with the environment\'s account, and prints the health report and a plan', async () => {
    const { stdout } = await run(process.execPath, [SCRIPT], {
      env: { ...process.env, MIXPANEL_SERVICE_ACCOUNT_USERNAME: 'compose.test', MIXPANEL_SERVICE_ACCOUNT_SECRET: 'not-the-fake-default' },
    });
    assert.match(stdout, /^## Mixpanel import health, /);
    assert.match(stdout, /\| events\.orders\\_events \| Sample Project \| no success for /);
    assert.match(stdout, /^Plan: events\.app_events\.mixpanel-import\.json \(Mixpanel ↔ file\): 1 to change: schedule: hourly → weekly$/m);
  });

  it('says what it needs, with exit code 2, without an account in the environment', async () => {
    const env = { ...process.env };
    delete env.MIXPANEL_SERVICE_ACCOUNT_USERNAME;
    delete env.MIXPANEL_SERVICE_ACCOUNT_SECRET;
    await assert.rejects(run(process.execPath, [SCRIPT], { env }), (error: { code?: number; stderr?: string }) => error.code === 2 && /Set MIXPANEL_SERVICE_ACCOUNT_USERNAME/.test(error.stderr ?? ''));
  });
});
