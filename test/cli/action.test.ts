import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { ACTION, cli, Ran, runNode, startedWithTwoImports, temporaryFolder } from './harness';

interface Comment {
  id: number;
  body: string;
}

/** GitHub's REST API for one pull request's comments, as the action uses it. */
class GitHubStandIn {
  readonly comments: Comment[] = [{ id: 1, body: 'Looks good to me' }];
  readonly calls: string[] = [];
  readonly tokens = new Set<string>();
  private nextId = 100;
  private server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      this.calls.push(`${request.method} ${url.pathname}`);
      this.tokens.add(request.headers.authorization ?? '');
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.method === 'GET' && url.pathname === '/repos/acme/imports/issues/7/comments') {
        return reply(200, url.searchParams.get('page') === '1' ? this.comments : []);
      }
      if (request.method === 'POST' && url.pathname === '/repos/acme/imports/issues/7/comments') {
        const comment = { id: this.nextId++, body: (JSON.parse(text) as { body: string }).body };
        this.comments.push(comment);
        return reply(201, comment);
      }
      const edit = /^\/repos\/acme\/imports\/issues\/comments\/(\d+)$/.exec(url.pathname);
      const existing = edit ? this.comments.find((comment) => comment.id === Number(edit[1])) : undefined;
      if (request.method === 'PATCH' && existing) {
        existing.body = (JSON.parse(text) as { body: string }).body;
        return reply(200, existing);
      }
      return reply(404, { message: 'Not Found' });
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The action's entry, run as GitHub runs it: inputs and files in the environment, the bundle as a process. */
describe('the GitHub Action', function () {
  this.timeout(90_000);
  let server: FakeMixpanel;
  let github: GitHubStandIn;
  let apiUrl: string;
  let folder: string;

  beforeEach(async () => {
    ({ server } = await startedWithTwoImports());
    github = new GitHubStandIn();
    apiUrl = await github.start();
    folder = await temporaryFolder();
  });

  afterEach(async () => {
    await Promise.all([server.stop(), github.stop()]);
    await fs.rm(folder, { recursive: true, force: true });
  });

  async function action(inputs: Record<string, string>, event: string): Promise<Ran & { outputs: string; summary: string }> {
    const outputs = path.join(folder, 'output.txt');
    const summary = path.join(folder, 'summary.md');
    const eventPath = path.join(folder, 'event.json');
    await Promise.all([fs.writeFile(outputs, ''), fs.writeFile(summary, ''), fs.writeFile(eventPath, JSON.stringify({ pull_request: { number: 7 } }))]);
    const env: Record<string, string> = {
      MIXPANEL_SERVICE_ACCOUNT_USERNAME: server.username,
      MIXPANEL_SERVICE_ACCOUNT_SECRET: server.secret,
      GITHUB_OUTPUT: outputs,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: apiUrl,
      GITHUB_REPOSITORY: 'acme/imports',
      'INPUT_API-BASE-URL': server.baseUrl,
      'INPUT_GITHUB-TOKEN': 'ghs_workflowtoken',
      INPUT_COMMENT: 'true',
      INPUT_ONLINE: 'false',
      TZ: 'UTC',
    };
    for (const [name, value] of Object.entries(inputs)) {
      env[`INPUT_${name.toUpperCase()}`] = value;
    }
    const ran = await runNode(ACTION, [], { env, cwd: folder });
    return { ...ran, outputs: await fs.readFile(outputs, 'utf8'), summary: await fs.readFile(summary, 'utf8') };
  }

  async function importFile(runEvery: number): Promise<void> {
    assert.strictEqual((await cli(server, ['export', '2001', '61001', '--out', folder])).code, 0);
    const file = path.join(folder, 'events.orders_events.mixpanel-import.json');
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace(/"run_every": \d+/, `"run_every": ${runEvery}`));
  }

  it('comments the plan on a pull request once, and edits that comment on the next push: never two', async () => {
    await importFile(604_800_000_000_000);
    const first = await action({ command: 'plan', files: '.' }, 'pull_request');
    assert.strictEqual(first.code, 0, first.stderr + first.stdout);
    assert.match(first.outputs, /^changes<<.*\ntrue\n/m);
    assert.match(first.summary, /### Mixpanel imports: plan[\s\S]*~ schedule: hourly → weekly/);
    assert.deepStrictEqual(github.calls, ['GET /repos/acme/imports/issues/7/comments', 'POST /repos/acme/imports/issues/7/comments']);
    assert.deepStrictEqual([...github.tokens], ['Bearer ghs_workflowtoken']);
    assert.strictEqual(github.comments.length, 2);
    assert.match(github.comments[1].body, /^<!-- mixpanel-imports:plan -->\n### Mixpanel imports: plan/);
    assert.match(await fs.readFile(path.join(folder, 'mixpanel-plan.json'), 'utf8'), /"schema": "mixpanel-imports\/plan"/);

    await importFile(86_400_000_000_000).catch(async () => {
      await fs.rm(path.join(folder, 'events.orders_events.mixpanel-import.json'));
      await importFile(86_400_000_000_000);
    });
    const second = await action({ command: 'plan', files: '.' }, 'pull_request');
    assert.strictEqual(second.code, 0, second.stderr);
    assert.deepStrictEqual(github.calls.slice(2), ['GET /repos/acme/imports/issues/7/comments', 'PATCH /repos/acme/imports/issues/comments/100']);
    assert.strictEqual(github.comments.length, 2, 'still one comment of the action');
    assert.match(github.comments[1].body, /~ schedule: hourly → daily/);
  });

  it('applies the reviewed plan on a push, and comments nothing', async () => {
    await importFile(604_800_000_000_000);
    assert.strictEqual((await action({ command: 'plan', files: '.' }, 'push')).code, 0);
    const applied = await action({ command: 'apply' }, 'push');
    assert.strictEqual(applied.code, 0, applied.stderr);
    assert.match(applied.summary, /Applied to import 61001: schedule: hourly → weekly/);
    assert.deepStrictEqual(github.calls, []);
  });

  it('reports health in the job summary with needs-attention, and fails the step only on an error', async () => {
    const ran = await action({ command: 'health', state: 'state.json' }, 'schedule');
    assert.strictEqual(ran.code, 0, ran.stderr);
    assert.match(ran.outputs, /^needs-attention<<.*\ntrue\n/m);
    assert.match(ran.summary, /^## Mixpanel import health, [\s\S]*\| events\.signups \| Acme \|/);
    await fs.access(path.join(folder, 'state.json'));

    const failing = await action({ command: 'health' }, 'schedule').then(async (result) => result);
    assert.strictEqual(failing.code, 0);
    server.addFault({ kind: 'status', status: 401, path: /./ });
    const refused = await action({ command: 'health' }, 'schedule');
    assert.strictEqual(refused.code, 1);
    assert.match(refused.stdout, /::error::mixpanel-imports health failed/);
  });
});
