import * as assert from 'assert';
import { DAY_MS, Finding } from '../../../../src/core/health/judgement';
import { KeptRun } from '../../../../src/core/health/runHistory';
import { healthSettingsFrom } from '../../../../src/core/settings/settingsPolicy';
import { findingIcon, findingShort } from '../../../../src/core/health/healthWords';
import { healthReport, healthRows } from '../../../../src/core/presentation/healthPage';
import { csvCell, exportHistory } from '../../../../src/core/presentation/historyExport';
import { sourceAccessibilityLabel, sourceDescription, sourceIcon, sourceTooltip } from '../../../../src/core/presentation/presenters';
import { statusSummary } from '../../../../src/core/presentation/statusSummary';
import { empty, HOUR, late, MIN, mirror, NOW, options, stuck } from './sampleFindings';
import { aProject, aRun, anEntry, anImport } from '../../builders';


describe('health in words', () => {
  it('says each finding in a few words', () => {
    assert.strictEqual(findingShort(late, options), 'late 3 h');
    assert.strictEqual(findingShort(stuck, options), 'running 4 h, usually 5 min');
    assert.strictEqual(findingShort(empty, options), '0 events');
    assert.strictEqual(findingShort({ ...empty, kind: 'lowVolume', seen: 360 }, options), '30 % of usual events');
    assert.strictEqual(findingShort({ ...empty, kind: 'highVolume', seen: 3_840 }, options), '3.2× of usual events');
    assert.strictEqual(findingShort(mirror, options), 'Mirror: 2 days left');
    assert.strictEqual(findingShort({ ...mirror, seen: -DAY_MS, severity: 'error' }, options), 'Mirror: 1 d past its limit');
  });

  it('leads a row with the worst finding, tints its icon by severity and keeps a failed run\'s icon', () => {
    const entry = anEntry({ source: anImport({ runEveryNs: 3_600_000_000_000 }), runs: [aRun({ owner: '40123' })] });
    assert.match(sourceDescription(entry, options, [stuck, late]), /^running 4 h, usually 5 min · succeeded · /);
    assert.deepStrictEqual(sourceIcon(entry, [late]), { id: 'watch', color: 'list.warningForeground' });
    assert.deepStrictEqual(findingIcon({ ...mirror, severity: 'error' }).color, 'list.errorForeground');
    const failed = anEntry({ source: anImport(), runs: [aRun({ owner: '40123', status: 'failed' })] });
    assert.strictEqual(sourceIcon(failed, [late]).id, 'error');
    assert.match(sourceAccessibilityLabel(entry, options, [late]), /^Import events, late 3 h, succeeded/);
  });

  it('gives the evidence and what to do in the tooltip, with the API\'s text escaped', () => {
    const entry = anEntry({ source: anImport({ tableParams: { table_name: '[x](http://evil)' } }), runs: [] });
    const tooltip = sourceTooltip(entry, options, [mirror]);
    assert.match(tooltip, /must sync by .*21 days for BigQuery/);
    assert.match(tooltip, /full resync/);
    assert.ok(!tooltip.includes('[x](http://evil)'), 'the name is escaped');
  });

  it('counts the worst finding of each source in the status bar, after the failures', () => {
    const entries = [
      anEntry({ source: anImport({ id: 1 }), runs: [aRun({ owner: '1', status: 'failed' })] }),
      anEntry({ source: anImport({ id: 2 }), runs: [aRun({ owner: '2' })] }),
      anEntry({ source: anImport({ id: 3 }), runs: [aRun({ owner: '3' })] }),
      anEntry({ source: anImport({ id: 4 }), runs: [aRun({ owner: '4' })] }),
    ];
    const findings: Record<string, Finding[]> = { 1: [late], 2: [late], 3: [stuck, late], 4: [] };
    const summary = statusSummary({ signedIn: true, projects: [aProject({ sources: entries })], findingsOf: (entry) => findings[entry.source.id] }, options);
    assert.strictEqual(summary.text, '$(error) 1 failed · 1 stuck · 1 late');
    assert.strictEqual(summary.severity, 'error');
    const calm = statusSummary({ signedIn: true, projects: [aProject({ sources: entries.slice(1) })], findingsOf: (entry) => findings[entry.source.id] }, options);
    assert.deepStrictEqual([calm.text, calm.severity], ['$(warning) 1 stuck · 1 late', 'warning']);
  });

  it('bounds the thresholds a folder\'s settings give', () => {
    const settings = healthSettingsFrom((key) => ({ 'health.lateGraceMinutes': 1e12, 'health.stuckFactor': -4, 'history.maxRunsPerSource': 'many' } as Record<string, unknown>)[key]);
    assert.strictEqual(settings.thresholds.lateGraceMs, 1_440 * MIN);
    assert.strictEqual(settings.thresholds.stuckFactor, 2);
    assert.strictEqual(settings.history.maxRuns, 2_000);
  });

  it('writes a report that a chat renders as a table, with the API\'s text unable to break it', () => {
    const entry = anEntry({ source: anImport({ id: 9, tableParams: { table_name: 'a|b' } }), runs: [aRun({ owner: '9' })] });
    const report = healthReport({
      projects: [aProject({ sources: [entry, anEntry({ source: anImport({ id: 10 }), runs: [aRun({ owner: '10' })] })] })],
      findingsOf: (ref) => ref.id === '9' ? [late] : [],
      keptRuns: () => undefined,
      context: { warehouseConnection: () => undefined },
    }, options);
    assert.match(report, /^## Mixpanel import health, /);
    assert.match(report, /\| a\\\|b \| Project 1 \| late 3 h \|/);
    assert.match(report, /1 of 2 sources need attention; the others are well\.$/);
  });

  it('says a source whose next run was due after its last look is not checked since then, rather than well or late', () => {
    const hourly = anImport({ id: 9, runEveryNs: 3_600_000_000_000 });
    const entry = anEntry({ source: hourly, runs: [aRun({ owner: '9', startTime: NOW - 3 * HOUR })], updatedAt: NOW - 150 * MIN });
    const input = (lastLook: number) => ({
      projects: [aProject({ sources: [{ ...entry, updatedAt: lastLook }], lastSuccessAt: lastLook })],
      findingsOf: () => [], keptRuns: () => undefined, context: { warehouseConnection: () => undefined },
    });
    assert.strictEqual(healthRows(input(NOW - 150 * MIN), options)[0].finding, 'not checked since 9:30 AM');
    assert.strictEqual(healthRows(input(NOW - MIN), options)[0].finding, 'no findings', 'looked at after the run was due');
  });
});

describe('Export History', () => {
  const runs: KeptRun[] = [
    { key: 'k2', start: NOW, status: 'failed', rawStatus: 'FAILED', end: NOW + MIN, error: '=HYPERLINK("http://evil")', seenAt: NOW },
    { key: 'k1', start: NOW - HOUR, status: 'success', rawStatus: 'SUCCEEDED', end: NOW - HOUR + MIN, events: 1_200, seenAt: NOW },
  ];

  it('writes CSV that a spreadsheet will not run as a formula', () => {
    const csv = exportHistory(runs, 'csv').split('\r\n');
    assert.strictEqual(csv[0], 'start,end,status,events,progress,error');
    assert.strictEqual(csv[1], '2026-11-26T12:00:00.000Z,2026-11-26T12:01:00.000Z,FAILED,,,"\'=HYPERLINK(""http://evil"")"');
    assert.strictEqual(csv[2], '2026-11-26T11:00:00.000Z,2026-11-26T11:01:00.000Z,SUCCEEDED,1200,,');
    assert.strictEqual(csvCell('-1'), '\'-1');
  });

  it('writes one JSON object per line', () => {
    const lines = exportHistory(runs, 'jsonl').trim().split('\n').map((line) => JSON.parse(line) as { status: string; events?: number });
    assert.deepStrictEqual(lines.map((line) => [line.status, line.events]), [['FAILED', undefined], ['SUCCEEDED', 1_200]]);
  });
});
