import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { FakeMixpanel } from '../fake-mixpanel/fakeMixpanel';
import { addProject, addHourlyImport, cli, everything, HOURLY_NS, ROOT, temporaryFolder } from './harness';

const WEEKLY_NS = 604_800_000_000_000;

async function schemaOf(name: string) {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(await fs.readFile(path.join(ROOT, 'docs', 'cli', name), 'utf8')) as object);
}

function writes(server: FakeMixpanel) {
  return server.requests.filter((request) => request.method !== 'GET');
}

describe('mixpanel-imports, run as a process', function () {
  this.timeout(60_000);
  let server: FakeMixpanel;
  let folder: string;

  beforeEach(async () => {
    server = new FakeMixpanel({ secret: 'cli-secret-Zq81xW' });
    folder = await temporaryFolder();
  });

  afterEach(async () => {
    await server.stop();
    await fs.rm(folder, { recursive: true, force: true });
  });

  after(() => {
    // Every byte any test of this file saw the program write.
    assert.ok(everything.length > 0);
    assert.ok(everything.every((text) => !text.includes('cli-secret-Zq81xW')), 'the secret never reaches stdout or stderr');
  });

  describe('usage', () => {
    it('prints its help with exit code 0, and every command has its own with examples', async () => {
      await server.start();
      const main = await cli(server, ['--help']);
      assert.strictEqual(main.code, 0);
      for (const command of ['health', 'validate', 'plan', 'apply', 'export', 'snooze']) {
        assert.match(main.stdout, new RegExp(`^  ${command} `, 'm'));
        const own = await cli(server, [command, '--help']);
        assert.strictEqual(own.code, 0, command);
        assert.match(own.stdout, /^Usage: mixpanel-imports /);
        assert.match(own.stdout, /Examples:/);
      }
    });

    it('says what is wrong with a command line, with exit code 1 and a pointer to the help', async () => {
      await server.start();
      const unknown = await cli(server, ['halth']);
      assert.strictEqual(unknown.code, 1);
      assert.match(unknown.stderr, /Unknown command "halth"/);
      const option = await cli(server, ['health', '--colour']);
      assert.strictEqual(option.code, 1);
      assert.match(option.stderr, /Unknown option '--colour'[\s\S]*mixpanel-imports health --help/);
      const none = await cli(server, []);
      assert.strictEqual(none.code, 1);
      assert.match(none.stdout, /^Usage: mixpanel-imports <command>/m);
    });

    it('says which environment variables it needs when the account is not set, before any request', async () => {
      await server.start();
      const ran = await cli(server, ['health'], { env: { MIXPANEL_SERVICE_ACCOUNT_SECRET: undefined } });
      assert.strictEqual(ran.code, 1);
      assert.match(ran.stderr, /Set MIXPANEL_SERVICE_ACCOUNT_USERNAME and MIXPANEL_SERVICE_ACCOUNT_SECRET/);
      assert.strictEqual(server.requests.length, 0);
    });

    it('refuses to send the account over plain http to another machine', async () => {
      await server.start();
      const ran = await cli(server, ['health', '--api-base-url', 'http://mixpanel.example.com/api/app']);
      assert.strictEqual(ran.code, 1);
      assert.match(ran.stderr, /must be an https address/);
    });
  });

  describe('health', () => {
    it('exits 0 when every source is well, 2 when one needs attention, with a table, markdown or JSON', async () => {
      const project = addProject(server);
      addHourlyImport(project, 61001, 'orders_events', 10 * 60_000);
      await server.start();
      const well = await cli(server, ['health']);
      assert.strictEqual(well.code, 0, well.stderr);
      assert.match(well.stdout, /^Health\s+Source\s+Project/);
      assert.match(well.stdout, /events\.orders_events\s+Acme\s+succeeded\s+no findings/);
      assert.match(well.stdout, /All 1 sources are well\./);
      assert.doesNotMatch(well.stdout, /\u001b\[/, 'no colour when not on a terminal');

      addHourlyImport(project, 61002, 'signups', 9 * 3_600_000);
      const late = await cli(server, ['health']);
      assert.strictEqual(late.code, 2);
      assert.match(late.stdout, /Error\s+events\.signups\s+Acme\s+succeeded\s+no success for 8 h 55 min/);
      assert.match(late.stdout, /1 of 2 sources need attention\./);

      const markdown = await cli(server, ['health', '--format', 'markdown']);
      assert.strictEqual(markdown.code, 2);
      assert.match(markdown.stdout, /^## Mixpanel import health, /);
      assert.match(markdown.stdout, /\| events\.signups \| Acme \| no success for 8 h 55 min/);

      const json = await cli(server, ['health', '--format', 'json']);
      assert.strictEqual(json.code, 2);
      const document = JSON.parse(json.stdout) as { schema: string; summary: { sources: number; needsAttention: number }; sources: Array<{ ref: string; severity: string; findings: string[] }> };
      const validate = await schemaOf('health.schema.json');
      assert.ok(validate(document), JSON.stringify(validate.errors));
      assert.deepStrictEqual(document.summary, { sources: 2, needsAttention: 1, snoozed: 0 });
      assert.deepStrictEqual(document.sources.map((source) => [source.ref, source.severity, source.findings]), [
        ['2001/warehouse/61002', 'error', ['stale', 'late']],
        ['2001/warehouse/61001', 'ok', []],
      ]);
    });

    it('colours the table only when asked to on a terminal, and never with NO_COLOR', async () => {
      addHourlyImport(addProject(server), 61001, 'orders_events', 10 * 60_000);
      await server.start();
      const forced = await cli(server, ['health'], { env: { FORCE_COLOR: '1' } });
      assert.match(forced.stdout, /\u001b\[32mWell/);
      const plain = await cli(server, ['health'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
      assert.doesNotMatch(plain.stdout, /\u001b\[/);
    });

    it('exits 1 with Mixpanel\'s refusal in words on a wrong secret, and never prints the secret', async () => {
      addProject(server);
      await server.start();
      const ran = await cli(server, ['health'], { env: { MIXPANEL_SERVICE_ACCOUNT_SECRET: 'wrong-secret-Hk29' } });
      assert.strictEqual(ran.code, 1);
      assert.match(ran.stderr, /Mixpanel did not accept the service account/);
      assert.ok(!`${ran.stdout}${ran.stderr}`.includes('wrong-secret-Hk29'));
    });

    it('exits 1 on a server error, with the project named, even when the server echoes the secret', async () => {
      addHourlyImport(addProject(server), 61001, 'orders_events', 10 * 60_000);
      server.addFault({ kind: 'status', status: 500, path: /warehouse-sources\/imports/, body: { error: `internal error for secret ${server.secret}` } });
      await server.start();
      const ran = await cli(server, ['health', '--project', '2001']);
      assert.strictEqual(ran.code, 1);
      assert.match(ran.stderr, /Project Acme \(2001\) could not be read: Mixpanel had a server error \(500\)/);
      assert.ok(!`${ran.stdout}${ran.stderr}`.includes(server.secret));
    });
  });

  describe('validate, plan and apply', () => {
    async function exported(): Promise<string> {
      const ran = await cli(server, ['export', '2001', '61001', '--out', folder]);
      assert.strictEqual(ran.code, 0, ran.stderr);
      return path.join(folder, 'events.orders_events.mixpanel-import.json');
    }

    async function setRunEvery(file: string, value: number): Promise<void> {
      const text = await fs.readFile(file, 'utf8');
      await fs.writeFile(file, text.replace(/"run_every": \d+/, `"run_every": ${value}`));
    }

    beforeEach(async () => {
      addHourlyImport(addProject(server), 61001, 'orders_events', 10 * 60_000);
      await server.start();
    });

    it('validates offline: exit 0 for a good file, 1 with file:line:column for a broken one', async () => {
      const file = await exported();
      server.clearRequests();
      const good = await cli(server, ['validate', folder], { env: { MIXPANEL_SERVICE_ACCOUNT_SECRET: undefined } });
      assert.strictEqual(good.code, 0, good.stdout + good.stderr);
      assert.match(good.stdout, /1 file\(s\): 0 error\(s\)/);
      await setRunEvery(file, 123);
      const bad = await cli(server, ['validate', file]);
      assert.strictEqual(bad.code, 1);
      assert.match(bad.stdout, /events\.orders_events\.mixpanel-import\.json:\d+:\d+: error: .*run_every/);
      assert.strictEqual(server.requests.length, 0, 'validate asks Mixpanel nothing without --online');
      await setRunEvery(file, HOURLY_NS);
      const text = await fs.readFile(file, 'utf8');
      await fs.writeFile(file, text.replace('"bq-prod"', '"bq-staging"'));
      assert.strictEqual((await cli(server, ['validate', file])).code, 0, 'offline, a source name is not checked');
      const online = await cli(server, ['validate', file, '--online']);
      assert.strictEqual(online.code, 1);
      assert.match(online.stdout, /error: The project has no warehouse source named "bq-staging"\..* \[sourceNotFound\]/);
    });

    it('plans: exit 0 for no changes, 2 for changes, and JSON that follows its documented schema', async () => {
      const file = await exported();
      const same = await cli(server, ['plan', file]);
      assert.strictEqual(same.code, 0, same.stderr);
      assert.match(same.stdout, /No changes/);
      await setRunEvery(file, WEEKLY_NS);
      const changed = await cli(server, ['plan', folder, '--json']);
      assert.strictEqual(changed.code, 2, changed.stderr);
      const document = JSON.parse(changed.stdout) as { files: Array<{ action: string; changes: unknown[] }> };
      const validate = await schemaOf('plan.schema.json');
      assert.ok(validate(document), JSON.stringify(validate.errors));
      assert.deepStrictEqual(document.files[0].changes, [{ field: 'run_every', before: HOURLY_NS, after: WEEKLY_NS, inPlace: true }]);
      const text = await cli(server, ['plan', folder]);
      assert.match(text.stdout, /~ schedule: hourly → weekly/);
      assert.match(text.stdout, /Plan: 0 to create, 1 to change, 0 unchanged, 0 blocked\./);
    });

    it('exits 1 for a blocked plan, and apply sends nothing for it', async () => {
      const file = await exported();
      await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('"import_id": 61001', '"import_id": 69999'));
      const planFile = path.join(folder, 'plan.json');
      const blocked = await cli(server, ['plan', file, '--out', planFile]);
      assert.strictEqual(blocked.code, 1);
      assert.match(blocked.stdout, /✕ Import 69999 is not in this project/);
      assert.match(blocked.stdout, /Plan: 0 to create, 0 to change, 0 unchanged, 1 blocked\./);
      server.clearRequests();
      const refused = await cli(server, ['apply', '--plan', planFile]);
      assert.strictEqual(refused.code, 1);
      assert.match(refused.stderr, /Nothing was applied: the reviewed plan has 1 blocked file\(s\)/);
      assert.deepStrictEqual(writes(server), []);
    });

    it('applies a reviewed plan, and refuses one that went stale with nothing sent', async () => {
      const file = await exported();
      await setRunEvery(file, WEEKLY_NS);
      const planFile = path.join(folder, 'plan.json');
      assert.strictEqual((await cli(server, ['plan', folder, '--out', planFile])).code, 2);

      // Someone changes the import in Mixpanel after the review.
      server.projects.get(2001)!.warehouseImports[0].run_every = 86_400_000_000_000;
      server.clearRequests();
      const stale = await cli(server, ['apply', '--plan', planFile]);
      assert.strictEqual(stale.code, 1);
      assert.match(stale.stderr, /The import in Mixpanel that .* changed since the plan was made/);
      assert.match(stale.stderr, /Nothing was applied/);
      assert.deepStrictEqual(writes(server), [], 'nothing was sent');

      assert.strictEqual((await cli(server, ['plan', folder, '--out', planFile])).code, 2);
      const applied = await cli(server, ['apply', '--plan', planFile]);
      assert.strictEqual(applied.code, 0, applied.stderr);
      assert.match(applied.stdout, /Applied to import 61001: schedule: daily → weekly/);
      assert.strictEqual(server.projects.get(2001)!.warehouseImports[0].run_every, WEEKLY_NS);
    });

    it('creates an import once however often the same plan is applied, and writes its id into the file', async () => {
      const file = await exported();
      const text = await fs.readFile(file, 'utf8');
      const created = path.join(folder, 'copy.mixpanel-import.json');
      await fs.writeFile(created, text.replace(/\s*"import_id": \d+,/, '').replace('orders_events', 'orders_copy'));
      await fs.rm(file);
      const planFile = path.join(folder, 'plan.json');
      const planned = await cli(server, ['plan', created, '--out', planFile]);
      assert.strictEqual(planned.code, 2, planned.stdout + planned.stderr);
      assert.match(planned.stdout, /\+ a new event_stream import/);

      const first = await cli(server, ['apply', '--plan', planFile]);
      assert.strictEqual(first.code, 0, first.stderr);
      assert.match(first.stdout, /Created import \d+ in project "Acme" \(2001\)/);
      assert.match(await fs.readFile(created, 'utf8'), /"import_id": \d+/);
      const second = await cli(server, ['apply', '--plan', planFile]);
      assert.strictEqual(second.code, 1, 'the file has its id now: the reviewed plan no longer holds');
      assert.strictEqual(server.requests.filter((request) => request.method === 'POST' && /warehouse-sources\/imports\//.test(request.path)).length, 1);
      assert.strictEqual(server.projects.get(2001)!.warehouseImports.length, 2);
      const again = await cli(server, ['apply', '--auto-approve', created]);
      assert.strictEqual(again.code, 0);
      assert.match(again.stdout, /No changes/);
      assert.strictEqual(server.projects.get(2001)!.warehouseImports.length, 2);
    });

    it('refuses to apply without a reviewed plan or --auto-approve in a shell no one answers', async () => {
      const file = await exported();
      await setRunEvery(file, WEEKLY_NS);
      server.clearRequests();
      const ran = await cli(server, ['apply', file]);
      assert.strictEqual(ran.code, 1);
      assert.match(ran.stderr, /apply needs a reviewed plan/);
      assert.strictEqual(server.requests.length, 0);
    });

    it('refuses a plan file that is not one, or of another version', async () => {
      const planFile = path.join(folder, 'plan.json');
      await fs.writeFile(planFile, JSON.stringify({ schema: 'mixpanel-imports/plan', version: 9, files: [] }));
      const ran = await cli(server, ['apply', '--plan', planFile]);
      assert.strictEqual(ran.code, 1);
      assert.match(ran.stderr, /is not a plan this program made: version 9/);
    });
  });
});
