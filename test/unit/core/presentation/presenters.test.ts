import * as assert from 'assert';
import { SourceEntry, ProjectEntry } from '../../../../src/core/model/entries';
import { cloudImportSource } from '../../../../src/core/model/source';
import {
  sourceAccessibilityLabel, sourceDescription, sourceName, sourceState, sourceTooltip, counterRows, runAccessibilityLabel, runDescription, runLabel, runTooltip, statusIcon,
} from '../../../../src/core/presentation/presenters';
import { formatAge, formatBytes, formatDuration } from '../../../../src/core/text/format';
import { statusSummary } from '../../../../src/core/presentation/statusSummary';
import { parseConnectors, parseRuns } from '../../../../src/mixpanel/cloudImport';
import { parseListPage } from '../../../../src/mixpanel/payload';
import { CloudImportConnector, Run } from '../../../../src/mixpanel/types';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import { fixture } from '../../../fake-mixpanel/scenarios';

const NOW = Date.UTC(2020, 8, 17, 9, 17, 49);
const options = { t, now: NOW, locale: 'en-US', timeZone: 'UTC' };

const [gcsConnector, gzipConnector] = parseConnectors(parseListPage(fixture('connectors-list.json')).data, 1).items;

function sampleRun(name: string, connectorId = gcsConnector.id): Run {
  return parseRuns(parseListPage(fixture(name)).data, connectorId).items[0];
}

function entry(connector: CloudImportConnector, runs: Run[]): SourceEntry {
  return { source: cloudImportSource(connector), runs };
}

function project(sources: SourceEntry[], overrides: Partial<ProjectEntry> = {}): ProjectEntry {
  return { id: 1, name: 'Sample', state: 'ready', sources, failures: 0, fromCache: false, lastSuccessAt: NOW, ...overrides };
}

describe('presenters', () => {
  it('names a connector without a label by its bucket and prefix', () => {
    assert.strictEqual(sourceName(cloudImportSource(gcsConnector), t), 'gs://sample-dataset/cloudimport/event');
    assert.strictEqual(sourceName(cloudImportSource({ ...gcsConnector, type: 's3Import', bucket: 'b', prefix: '/p' }), t), 's3://b/p');
    assert.strictEqual(sourceName(cloudImportSource({ ...gcsConnector, label: 'Orders' }), t), 'Orders');
  });

  it('describes a connector by its newest run', () => {
    assert.strictEqual(sourceDescription(entry(gcsConnector, [sampleRun('history-failed.json')]), options), 'failed · 1 d ago');
    assert.strictEqual(sourceDescription(entry(gcsConnector, [sampleRun('history-running.json')]), options), 'running 25%');
    assert.strictEqual(sourceDescription(entry(gcsConnector, [sampleRun('history-queued.json')]), options), 'queued');
    assert.strictEqual(sourceDescription(entry(gzipConnector, [sampleRun('history-success.json')]), options), 'succeeded · 7 h ago');
    assert.strictEqual(sourceDescription(entry(gzipConnector, []), options), 'no runs yet');
    assert.strictEqual(sourceDescription(entry({ ...gzipConnector, status: 'paused' }, [sampleRun('history-success.json')]), options), 'paused');
  });

  it('picks the icons and theme colours of the brief', () => {
    const iconOf = (runs: Run[], connector = gcsConnector) => statusIcon(sourceState(entry(connector, runs)));
    assert.deepStrictEqual(iconOf([sampleRun('history-success.json')]), { id: 'pass', color: 'charts.green' });
    assert.deepStrictEqual(iconOf([sampleRun('history-failed.json')]), { id: 'error', color: 'testing.iconFailed' });
    assert.deepStrictEqual(iconOf([sampleRun('history-running.json')]), { id: 'sync~spin' });
    assert.deepStrictEqual(iconOf([sampleRun('history-queued.json')]), { id: 'clock', color: 'descriptionForeground' });
    assert.deepStrictEqual(iconOf([sampleRun('history-success.json')], { ...gcsConnector, status: 'paused' }), { id: 'debug-pause' });
    assert.deepStrictEqual(iconOf([{ ...sampleRun('history-success.json'), status: 'unknown' }]), { id: 'question' });
  });

  it('says the state in words for screen readers', () => {
    assert.strictEqual(sourceAccessibilityLabel(entry(gcsConnector, [sampleRun('history-running.json')]), options), 'Connector gs://sample-dataset/cloudimport/event, running, 25 percent');
    assert.match(sourceAccessibilityLabel(entry(gcsConnector, [sampleRun('history-failed.json')]), options), /, failed, No compression specified but Gzip detected/);
    assert.strictEqual(runAccessibilityLabel(sampleRun('history-running.json'), options), 'Run Sep 16, 2020, 7:00 AM, running, 25 percent');
  });

  it('cuts what a screen reader reads to a sensible length, however long the error', () => {
    const failed = sampleRun('history-failed.json');
    const long = { ...failed, error: { message: `Bad row ${'x'.repeat(12_000)}` } };
    for (const label of [runAccessibilityLabel(long, options), sourceAccessibilityLabel(entry(gcsConnector, [long]), options)]) {
      assert.ok(label.length <= 250, `${label.length} characters`);
      assert.match(label, /failed, Bad row x+…$/);
    }
  });

  it('labels a run with its start time in the user\'s zone, or as not started', () => {
    assert.strictEqual(runLabel(sampleRun('history-success.json'), options), 'Sep 16, 2020, 7:00 AM');
    assert.strictEqual(runLabel(sampleRun('history-success.json'), { ...options, timeZone: 'Asia/Kolkata' }), 'Sep 16, 2020, 12:30 PM');
    assert.strictEqual(runLabel(sampleRun('history-queued.json'), options), 'Not started yet');
  });

  it('describes a run by state, duration or progress, and events', () => {
    assert.strictEqual(runDescription(sampleRun('history-success.json'), options), 'succeeded · 19 h 17 min · 13 events');
    assert.strictEqual(runDescription(sampleRun('history-running.json'), options), 'running 25%');
    assert.strictEqual(runDescription(sampleRun('history-failed.json'), options), 'failed');
    assert.strictEqual(runDescription({ ...sampleRun('history-success.json'), status: 'unknown', rawStatus: 'exploded' }, options), 'unknown state "exploded" · 19 h 17 min · 13 events');
  });

  it('formats counters for people', () => {
    assert.deepStrictEqual(counterRows(sampleRun('history-success.json'), options), [
      ['Events imported', '13'], ['Events processed', '13'], ['Events dropped', '0'], ['Files imported', '4'], ['Data imported', '1.6 KB'],
    ]);
    const big = { ...sampleRun('history-success.json'), counters: { num_events_imported: 1234567, num_user_profiles_exported: 5 } };
    assert.deepStrictEqual(counterRows(big, options), [['Events imported', '1,234,567'], ['User profiles exported', '5']]);
    assert.strictEqual(formatBytes(1610, 'en-US'), '1.6 KB');
    assert.strictEqual(formatBytes(5 * 1024 * 1024, 'en-US'), '5.0 MB');
    assert.strictEqual(formatDuration(3_900_000, t), '1 h 5 min');
  });

  it('escapes API text in Markdown tooltips', () => {
    const hostile = { ...gcsConnector, label: '**bold** [link](command:evil) <img src=x>' };
    const tooltip = sourceTooltip(entry(hostile, []), options);
    assert.ok(!tooltip.includes('[link](command:evil)'));
    assert.ok(tooltip.includes('\\[link\\]\\(command:evil\\)'));
    assert.ok(tooltip.includes('\\<img src=x\\>'));
    const run = { ...sampleRun('history-failed.json'), error: { message: 'bad [x](command:y)\nsecond line' } };
    const runTip = runTooltip(run, cloudImportSource(gcsConnector), options);
    assert.ok(runTip.includes('bad \\[x\\]\\(command:y\\)'));
    assert.ok(!runTip.includes('second line'), 'only the first line of the error');
    assert.ok(runTip.includes('Events imported: 0'));
  });
});

describe('statusSummary', () => {
  const failed = entry(gcsConnector, [sampleRun('history-failed.json')]);
  const running = entry(gzipConnector, [sampleRun('history-running.json', gzipConnector.id)]);
  const ok = entry(gzipConnector, [sampleRun('history-success.json', gzipConnector.id)]);

  it('asks to sign in when signed out', () => {
    assert.strictEqual(statusSummary({ signedIn: false, projects: [] }, options).text, '$(key) Mixpanel: Sign in');
  });

  it('counts failed connectors as an error', () => {
    const summary = statusSummary({ signedIn: true, projects: [project([failed, failed, ok])] }, options);
    assert.strictEqual(summary.text, '$(error) 2 failed');
    assert.strictEqual(summary.severity, 'error');
    assert.ok(summary.tooltip.includes('- gs://sample\\-dataset/cloudimport/event: No compression specified'));
  });

  it('counts running connectors', () => {
    const summary = statusSummary({ signedIn: true, projects: [project([running, ok])] }, options);
    assert.strictEqual(summary.text, '$(sync~spin) 1 running');
    assert.strictEqual(summary.severity, 'normal');
  });

  it('says all is well with the number of connectors', () => {
    assert.strictEqual(statusSummary({ signedIn: true, projects: [project([ok, ok])] }, options).text, '$(pass) 2 connectors');
  });

  it('warns with the time of the last good data when the last refresh failed', () => {
    const summary = statusSummary({ signedIn: true, projects: [project([failed], { problem: { kind: 'network', details: { host: 'mixpanel.com', code: 'ENOTFOUND' }, at: NOW } , lastSuccessAt: NOW - 3_600_000 })] }, options);
    assert.strictEqual(summary.text, '$(warning) Mixpanel: last updated 8:17 AM');
    assert.strictEqual(summary.severity, 'warning');
    assert.match(summary.tooltip, /Could not reach Mixpanel/);
  });
});

describe('formatAge', () => {
  const cases: Array<[number, string]> = [
    [10_000, 'just now'], [5 * 60_000, '5 min ago'], [2 * 3_600_000, '2 h ago'], [3 * 86_400_000, '3 d ago'],
    [90 * 86_400_000, '3 mo ago'], [940 * 86_400_000, '3 y ago'],
  ];
  for (const [age, expected] of cases) {
    it(expected, () => assert.strictEqual(formatAge(NOW - age, NOW, t), expected));
  }
});
