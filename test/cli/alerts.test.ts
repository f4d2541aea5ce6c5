import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { FakeMixpanel, FakeProject } from '../fake-mixpanel/fakeMixpanel';
import { cli, Receiver, ROOT, startedWithTwoImports, temporaryFolder } from './harness';

/** `health --state --notify`: one message per change, against a webhook on this machine. */
describe('mixpanel-imports health, alerting on change', function () {
  this.timeout(90_000);
  let server: FakeMixpanel;
  let project: FakeProject;
  let receiver: Receiver;
  let hook: string;
  let folder: string;
  let state: string;

  beforeEach(async () => {
    ({ server, project } = await startedWithTwoImports());
    receiver = new Receiver();
    hook = `${await receiver.start()}/hooks/T000/B000/very-secret-path`;
    folder = await temporaryFolder();
    state = path.join(folder, 'state.json');
  });

  afterEach(async () => {
    await Promise.all([server.stop(), receiver.stop()]);
    await fs.rm(folder, { recursive: true, force: true });
  });

  const health = (...more: string[]) => cli(server, ['health', '--state', state, '--notify', `webhook:${hook}`, ...more]);

  it('posts a documented JSON body when a finding starts, nothing when the next run finds the same, and the recovery when it ends', async () => {
    const first = await health();
    assert.strictEqual(first.code, 2, first.stderr);
    assert.strictEqual(receiver.received.length, 1);
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(await fs.readFile(path.join(ROOT, 'docs', 'cli', 'alert.schema.json'), 'utf8')) as object);
    const body = receiver.received[0].body as { started: Array<{ name: string; finding: string; projectUrl: string }>; ended: unknown[]; summary: string };
    assert.ok(validate(body), JSON.stringify(validate.errors));
    assert.deepStrictEqual(body.started.map((item) => [item.name, item.finding]), [['events.signups', 'stale'], ['events.signups', 'late']]);
    assert.strictEqual(body.started[0].projectUrl, 'https://mixpanel.com/settings/project/2001');
    assert.strictEqual(body.summary, '1 source needs attention.');

    const same = await health();
    assert.strictEqual(same.code, 2);
    assert.strictEqual(receiver.received.length, 1, 'a run that finds the same says nothing');

    // The import runs again: back on schedule.
    project.warehouseHistory.get(61002)!.unshift({ status: 'SUCCEEDED', start_time: Math.floor(Date.now() / 1000) - 600, end_time: Math.floor(Date.now() / 1000) - 300, num_events_imported: 50_000 });
    project.warehouseImports[1].last_dispatch = Math.floor(Date.now() / 1000) - 600;
    const recovered = await health();
    assert.strictEqual(recovered.code, 0, recovered.stdout);
    assert.strictEqual(receiver.received.length, 2);
    const ended = receiver.received[1].body as { started: unknown[]; ended: Array<{ message: string }>; summary: string };
    assert.deepStrictEqual(ended.started, []);
    assert.deepStrictEqual(ended.ended.map((item) => item.message), ['events.signups is back on schedule.', 'events.signups is back on schedule.']);
    assert.strictEqual(ended.summary, '1 is back to normal.');
  });

  it('tells no recovery of a source whose runs could not be read, and keeps its finding open', async () => {
    assert.strictEqual((await health()).code, 2);
    assert.strictEqual(receiver.received.length, 1);
    server.addFault({ kind: 'status', status: 503, path: /imports\/61002\/history/ });
    const unreadable = await health();
    assert.strictEqual(receiver.received.length, 1, 'no recovery is made up from runs not read');
    assert.notStrictEqual(unreadable.code, 0);
    server.clearFaults();
    assert.strictEqual((await health()).code, 2);
    assert.strictEqual(receiver.received.length, 1, 'the same finding, still open: nothing new');
  });

  it('keeps the runs it saw in the state file, in the extension\'s format, beyond what the API lists', async () => {
    await health();
    const kept = JSON.parse(await fs.readFile(state, 'utf8')) as { version: number; history: Array<{ source: { id: string }; runs: Array<{ start: number; status: string; seenAt: number }> }> };
    assert.strictEqual(kept.version, 1);
    assert.deepStrictEqual(kept.history.map((item) => [item.source.id, item.runs.length]).sort(), [['61001', 30], ['61002', 30]]);
    // The API forgets the oldest runs; the state does not.
    project.warehouseHistory.set(61001, project.warehouseHistory.get(61001)!.slice(0, 5));
    await health();
    const after = JSON.parse(await fs.readFile(state, 'utf8')) as typeof kept;
    assert.strictEqual(after.history.find((item) => item.source.id === '61001')!.runs.length, 30);
  });

  it('posts Block Kit to Slack with the API\'s text inert: no mention, no link, no markup made from it', async () => {
    project.warehouseImports[1].table_params = { project_id: 'acme', dataset_name: '<!channel>', table_name: '<https://evil.example|click me> & *bold*' };
    const ran = await cli(server, ['health', '--state', state, '--notify', `slack:${hook}`]);
    assert.strictEqual(ran.code, 2, ran.stderr);
    assert.strictEqual(receiver.received.length, 1);
    const text = JSON.stringify(receiver.received[0].body);
    assert.ok(!text.includes('<!channel>'), text);
    assert.ok(!text.includes('<https://evil.example'), text);
    assert.ok(text.includes('&lt;!channel&gt;.&lt;https://evil.example|click me&gt; &amp; *bold*'), text);
    const blocks = (receiver.received[0].body as { blocks: Array<{ type: string; text?: { type: string; verbatim?: boolean; text: string } }> }).blocks;
    assert.strictEqual(blocks[0].type, 'header');
    assert.ok(blocks.filter((block) => block.text?.type === 'mrkdwn').every((block) => block.text?.verbatim === true));
    // The one link is the project's, made from its number.
    assert.deepStrictEqual(text.match(/<https?:[^|>]+/g), ['<https://mixpanel.com/settings/project/2001', '<https://mixpanel.com/settings/project/2001']);
  });

  it('retries 429 and 5xx within a bound, exits 1 when the message is not taken, keeps the state, and sends it again next time', async () => {
    receiver.failures = [503, 429, 500, 502];
    const failed = await health();
    assert.strictEqual(failed.code, 1);
    assert.strictEqual(receiver.received.length, 4, 'four tries, no more');
    assert.match(failed.stderr, /The notification to webhook #1 could not be sent \(HTTP 502\): it is sent again on the next run\./);
    const kept = JSON.parse(await fs.readFile(state, 'utf8')) as { history: unknown[]; open: unknown[] };
    assert.strictEqual(kept.history.length, 2, 'the runs are kept');
    assert.deepStrictEqual(kept.open, [], 'nothing counts as announced');

    const again = await health();
    assert.strictEqual(again.code, 2);
    assert.strictEqual(receiver.received.length, 5);
    assert.strictEqual((receiver.received[4].body as { started: unknown[] }).started.length, 2);
  });

  it('announces nothing of a snoozed source and shows it as snoozed, until the snooze ends', async () => {
    const snoozed = await cli(server, ['snooze', '2001/warehouse/61002', '--until', 'next-success', '--state', state]);
    assert.strictEqual(snoozed.code, 0, snoozed.stderr);
    assert.match(snoozed.stdout, /Snoozed 2001\/warehouse\/61002 until the next success\./);
    const quiet = await health('--format', 'json');
    assert.strictEqual(quiet.code, 0, 'a snoozed finding does not count');
    assert.strictEqual(receiver.received.length, 0);
    const document = JSON.parse(quiet.stdout) as { summary: { snoozed: number }; sources: Array<{ ref: string; severity: string; snoozed: string[] }> };
    assert.strictEqual(document.summary.snoozed, 1);
    const row = document.sources.find((source) => source.ref === '2001/warehouse/61002')!;
    assert.strictEqual(row.severity, 'ok');
    assert.match(row.snoozed[0], /no success for .*: snoozed until the next success\./);
    const listed = await cli(server, ['snooze', '--list', '--state', state]);
    assert.match(listed.stdout, /^2001\/warehouse\/61002: until the next success$/m);
  });

  it('never prints the webhook\'s URL, not even when it fails', async () => {
    receiver.failures = [500, 500, 500, 500];
    const ran = await health('--verbose');
    assert.ok(!`${ran.stdout}${ran.stderr}`.includes('very-secret-path'));
    await receiver.stop();
    const unreachable = await health();
    assert.strictEqual(unreachable.code, 1);
    assert.ok(!`${unreachable.stdout}${unreachable.stderr}`.includes('very-secret-path'), unreachable.stderr);
    receiver = new Receiver();
    await receiver.start();
  });

  it('hides a webhook\'s URL typed where no option takes it', async () => {
    const ran = await cli(server, ['health', `webhook:${hook}`]);
    assert.strictEqual(ran.code, 1);
    assert.match(ran.stderr, /health takes no arguments: "webhook:\*\*\*"/);
    assert.ok(!ran.stderr.includes('very-secret-path'));
  });

  it('refuses a state file that is not one, and leaves it as it is', async () => {
    await fs.writeFile(state, 'not json');
    const ran = await health();
    assert.strictEqual(ran.code, 1);
    assert.match(ran.stderr, /The state file .*state\.json cannot be read \(not JSON\)\. It is left as it is/);
    assert.strictEqual(await fs.readFile(state, 'utf8'), 'not json');
    assert.strictEqual(receiver.received.length, 0);
  });
});
