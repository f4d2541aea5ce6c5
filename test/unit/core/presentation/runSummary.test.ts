import * as assert from 'assert';
import { runJson, runSummaryMarkdown } from '../../../../src/core/presentation/runSummary';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import { aConnector, aRun, anImport } from '../../builders';

const NOW = Date.UTC(2026, 10, 26, 12);
const options = { t, now: NOW, locale: 'en-US', timeZone: 'UTC' };
const START = Date.UTC(2026, 10, 26, 10);

describe('run summary', () => {
  it('says what a failed run was, where it ran and why it failed, in Markdown', () => {
    const run = aRun({ status: 'failed', startTime: START, endTime: START + 12 * 60_000, counters: { num_events_imported: 1204 }, error: { message: 'No compression specified', code: 'E1' } });
    assert.strictEqual(runSummaryMarkdown(run, aConnector(), { projectId: 7, projectName: 'Acme' }, options), [
      '**`Orders`**: failed',
      '',
      '- Source: Cloud Import connector `connector-1`',
      '- Project: `Acme` (7)',
      '- Started: Nov 26, 2026, 10:00 AM (2026-11-26T10:00:00.000Z)',
      '- Ended: Nov 26, 2026, 10:12 AM (2026-11-26T10:12:00.000Z)',
      '- Duration: 12 min',
      '- Events imported: 1,204',
      '- Error code: `E1`',
      '',
      'Error:',
      '',
      '```text',
      'No compression specified',
      '```',
      '',
    ].join('\n'));
  });

  it('keeps API text from becoming Markdown: a label cannot link, an error cannot close its fence', () => {
    const message = 'bad ```\n[click](https://evil.example) ```` end';
    const run = aRun({ status: 'failed', error: { message } });
    const summary = runSummaryMarkdown(run, aConnector({ label: '[Orders](https://evil.example)' }), { projectId: 7 }, options);
    assert.ok(summary.startsWith('**`[Orders](https://evil.example)`**'), 'a code span shows the label as typed');
    const tricky = runSummaryMarkdown(aRun(), aConnector({ label: '`a` b\nc' }), { projectId: 7, projectName: 'x``y' }, options);
    assert.ok(tricky.startsWith('**`` `a` b c ``**'), 'a label with backticks gets a longer fence and one line');
    assert.match(tricky, /^- Project: ```x``y``` \(7\)$/m);
    assert.ok(summary.includes(`\`\`\`\`\`text\n${message}\n\`\`\`\`\``), 'the fence is longer than the longest run of backticks in the message');
  });

  it('keeps an unknown status and counter names from the API on their line, as code, never a link', () => {
    const run = aRun({ status: 'unknown', rawStatus: 'odd\r- Project: spoofed <https://evil.example>', counters: { 'x\r# heading <https://evil.example>': 3 } });
    const summary = runSummaryMarkdown(run, aConnector(), { projectId: 7 }, options);
    const lines = summary.split(/\r\n|\r|\n/);
    assert.ok(lines.some((line) => line === '**`Orders`**: unknown state `odd - Project: spoofed <https://evil.example>`'), summary);
    assert.ok(lines.includes('- `X # heading <https://evil.example>`: 3'), summary);
    assert.ok(!summary.includes('\r'), 'no lone carriage return is left to break a line');
  });

  it('tells a running run by how long it has run and how far it is', () => {
    const run = aRun({ status: 'running', startTime: NOW - 30 * 60_000, endTime: undefined, progress: 0.25 });
    const summary = runSummaryMarkdown(run, anImport({ id: 3, tableParams: { table_name: 'events' } }), { projectId: 7 }, options);
    assert.match(summary, /^\*\*`events`\*\*: running$/m);
    assert.match(summary, /^- Source: Warehouse import `3`$/m);
    assert.match(summary, /^- Running for: 30 min$/m);
    assert.match(summary, /^- Progress: 25%$/m);
    assert.doesNotMatch(summary, /Ended|Error/);
  });

  it('copies the run as the API sent it, with its source and project', () => {
    const raw = { status: 'failed', error: { message: 'x' }, extra_field: [1, 2] };
    const parsed = JSON.parse(runJson(aRun({ raw }), aConnector(), { projectId: 7, projectName: 'Acme' }, t)) as unknown;
    assert.deepStrictEqual(parsed, {
      project: { id: 7, name: 'Acme' },
      source: { kind: 'cloudImport', id: 'connector-1', label: 'Orders' },
      run: raw,
    });
  });
});
