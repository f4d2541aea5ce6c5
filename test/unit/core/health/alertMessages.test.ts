import * as assert from 'assert';
import { alertBody, hasNews, slackInert, slackMessage } from '../../../../src/core/health/alertMessages';
import { OpenFinding } from '../../../../src/core/health/watchState';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import { importRef } from '../../builders';

const NOW = Date.UTC(2026, 11, 5, 12);
const options = { t, now: NOW, locale: 'en-US', timeZone: 'UTC', region: 'eu' as const };

function open(name: string, kind: 'late' | 'stuck', severity: 'warning' | 'error'): OpenFinding {
  const finding = { kind, severity, since: NOW - 7_200_000, expected: NOW - 7_200_000, seen: NOW, scheduleMs: 3_600_000 };
  return { key: `${name}|${kind}`, source: importRef(9, 2001), name, project: 'Acme <EU>', finding };
}

describe('alert messages', () => {
  it('say what started worst first with evidence, advice and the project\'s page in its region, then what ended', () => {
    const body = alertBody({ started: [open('b_table', 'late', 'warning'), open('a_table', 'stuck', 'error')], ended: [open('c_table', 'late', 'warning')] }, options);
    assert.deepStrictEqual(body.started.map((item) => [item.name, item.finding]), [['a_table', 'stuck'], ['b_table', 'late']]);
    assert.strictEqual(body.started[0].projectUrl, 'https://eu.mixpanel.com/settings/project/2001');
    assert.strictEqual(body.started[0].since, '2026-12-05T10:00:00.000Z');
    assert.match(body.started[1].evidence, /scheduled every 1 h/);
    assert.ok(body.started[1].advice.length > 0);
    assert.deepStrictEqual(body.ended.map((item) => item.message), ['c_table is back on schedule.']);
    assert.strictEqual(body.summary, '1 source needs attention; 1 is back to normal.');
    assert.strictEqual(hasNews({ started: [], ended: [] }), false);
  });

  it('keep the API\'s text inert in Slack: escaped, verbatim, no link but the project\'s', () => {
    assert.strictEqual(slackInert('<!here> & <https://x|y>'), '&lt;!here&gt; &amp; &lt;https://x|y&gt;');
    const message = slackMessage({ started: [open('<!channel> <https://evil|x>', 'late', 'warning')], ended: [] }, options);
    const text = JSON.stringify(message);
    assert.ok(!text.includes('<!channel>') && !text.includes('<https://evil'));
    assert.ok(text.includes('Acme &lt;EU&gt;'));
    for (const block of message.blocks.filter((candidate) => (candidate.text as { type?: string } | undefined)?.type === 'mrkdwn')) {
      assert.strictEqual((block.text as { verbatim?: boolean }).verbatim, true);
    }
    assert.deepStrictEqual(text.match(/<https:[^|]+\|/g), ['<https://eu.mixpanel.com/settings/project/2001|']);
  });

  it('list twenty findings in Slack and count the rest, within Slack\'s fifty blocks', () => {
    const many = Array.from({ length: 45 }, (_, index) => open(`table_${index}`, 'late', 'warning'));
    const message = slackMessage({ started: many, ended: many }, options);
    assert.ok(message.blocks.length <= 50, String(message.blocks.length));
    assert.match(JSON.stringify(message), /…and 25 more findings\./);
  });
});
