import * as assert from 'assert';
import { parseConnector, parseConnectors, parseRuns } from '../../../src/mixpanel/cloudImport';
import { parseListPage, parseRunStatus } from '../../../src/mixpanel/payload';
import { fixture } from '../../fake-mixpanel/scenarios';

function runsOf(name: string, connectorId = 'c1') {
  return parseRuns(parseListPage(fixture(name)).data, connectorId);
}

describe('Cloud Import payloads: the published samples and the schema\'s forms', () => {
  it('reads the connectors list sample', () => {
    const page = parseListPage(fixture('connectors-list.json'));
    assert.strictEqual(page.hasMore, false);
    assert.strictEqual(page.nextUrl, undefined);
    const { items, warnings } = parseConnectors(page.data, 42);
    assert.deepStrictEqual(warnings, []);
    assert.strictEqual(items.length, 2);
    const [first, second] = items;
    assert.strictEqual(first.id, '232f40cc-7ccc-4da3-b9c3-d8c1d14142c6');
    assert.strictEqual(first.projectId, 42);
    assert.strictEqual(first.label, '');
    assert.strictEqual(first.type, 'gcsImport');
    assert.strictEqual(first.bucket, 'sample-dataset');
    assert.strictEqual(first.prefix, 'cloudimport/event');
    assert.strictEqual(first.bucketRegion, 'us');
    assert.strictEqual(first.dataFormat, 'mixpanel_event');
    assert.strictEqual(first.compression, 'none');
    assert.strictEqual(first.status, undefined, 'a null status is unknown, not active');
    assert.strictEqual(first.createdAt, Date.UTC(2020, 8, 17, 2, 10, 33, 799) + 0.738);
    assert.strictEqual(first.createdBy, 'Samoyed.mp-service-account@mixpanel.org');
    assert.strictEqual(second.compression, 'gzip');
  });

  it('reads the queued sample: Go zero time means not started', () => {
    const [run] = runsOf('history-queued.json').items;
    assert.strictEqual(run.status, 'queued');
    assert.strictEqual(run.startTime, undefined);
    assert.strictEqual(run.endTime, undefined);
    assert.strictEqual(run.runId, undefined, 'an empty id is no id');
    assert.strictEqual(run.error, undefined, 'an empty error is no error');
    assert.strictEqual(run.key, 'c1/unstarted/0');
  });

  it('reads the running sample', () => {
    const [run] = runsOf('history-running.json').items;
    assert.strictEqual(run.status, 'running');
    assert.strictEqual(run.progress, 0.25);
    assert.strictEqual(run.startTime, Date.UTC(2020, 8, 16, 7));
    assert.strictEqual(run.endTime, undefined);
  });

  it('reads the success sample with its microseconds and counters', () => {
    const [run] = runsOf('history-success.json').items;
    assert.strictEqual(run.status, 'success');
    assert.strictEqual(run.progress, 1);
    assert.ok(Math.abs(run.endTime! - (Date.UTC(2020, 8, 17, 2, 17, 49, 831) + 0.793)) < 0.0005);
    assert.deepStrictEqual(run.counters, {
      num_events_imported: 13,
      num_events_processed: 13,
      num_events_dropped: 0,
      num_files_imported: 4,
      size_imported: 1610,
    });
  });

  it('reads the failed sample, which says run_id and is indented with tabs', () => {
    assert.ok(JSON.stringify(fixture('history-failed.json')).includes('run_id'));
    const [run] = runsOf('history-failed.json').items;
    assert.strictEqual(run.status, 'failed');
    assert.strictEqual(run.error?.message, 'No compression specified but Gzip detected. Please submit a new request with correct compression as param');
    assert.strictEqual(run.error?.code, undefined);
    assert.strictEqual(run.endTime, undefined);
    assert.strictEqual(run.progress, 0);
  });

  it('accepts connectorId, a created_by object and epoch-string created_at', () => {
    const connector = parseConnector({
      connectorId: 'abc', connector_type: 's3Import', label: 'Orders',
      connector_properties: { s3_bucket: 'b', s3_prefix: 'p', s3_region: 'us-east-1', s3_role: 'arn:aws:iam::1:role/r' },
      category_properties: { data_format: 'remap_event', compression: null },
      status: 'paused', failure_message: 'Access denied', created_at: '1588052857', created_by: { email: 'a@b.c' },
    }, 5);
    assert.strictEqual(connector.id, 'abc');
    assert.strictEqual(connector.bucket, 'b');
    assert.strictEqual(connector.role, 'arn:aws:iam::1:role/r');
    assert.strictEqual(connector.compression, undefined);
    assert.strictEqual(connector.status, 'paused');
    assert.strictEqual(connector.failureMessage, 'Access denied');
    assert.strictEqual(connector.createdAt, 1588052857000);
    assert.strictEqual(connector.createdBy, 'a@b.c');
  });

  it('keeps an unknown connector status as unknown', () => {
    assert.strictEqual(parseConnector({ connector_id: 'x', status: 'hibernating' }, 1).status, 'unknown');
  });

  it('accepts the schema error form {type, message}', () => {
    const { items: [run] } = parseRuns([{ run_id: 'r1', status: 'failed', error: { type: 'invalid_permissions_gcs', message: 'Invalid permissions to access GCS bucket' } }], 'c');
    assert.deepStrictEqual(run.error, { message: 'Invalid permissions to access GCS bucket', code: 'invalid_permissions_gcs' });
    assert.strictEqual(run.runId, 'r1');
  });

  it('turns an unknown run status into an explicit unknown state', () => {
    const { items: [run] } = parseRuns([{ status: 'exploded' }, { status: 'PAUSED' }], 'c');
    assert.strictEqual(run.status, 'unknown');
    assert.strictEqual(run.rawStatus, 'exploded');
    assert.strictEqual(parseRunStatus('SUCCEEDED'), 'success');
    assert.strictEqual(parseRunStatus(null), 'unknown');
  });

  it('clamps progress to [0, 1] and ignores a non-number', () => {
    const { items } = parseRuns([
      { status: 'running', start_time: '2020-01-01 00:00:03 +0000 UTC', progress: 1.7 },
      { status: 'running', start_time: '2020-01-01 00:00:02 +0000 UTC', progress: -0.2 },
      { status: 'running', start_time: '2020-01-01 00:00:01 +0000 UTC', progress: 'lots' },
      { status: 'running', start_time: '2020-01-01 00:00:00 +0000 UTC', progress: '0.5' },
    ], 'c');
    assert.deepStrictEqual(items.map((run) => run.progress), [1, 0, undefined, 0.5]);
  });

  it('keeps counters as an open map of numbers', () => {
    const { items: [run] } = parseRuns([{ status: 'success', connector_properties: { num_user_profiles_exported: 1234, weird: 'x', size_imported: '77' } }], 'c');
    assert.deepStrictEqual(run.counters, { num_user_profiles_exported: 1234, size_imported: 77 });
  });

  it('degrades one bad record, never the whole list', () => {
    const { items, warnings } = parseRuns([null, 'run', { status: 'success', start_time: 12, progress: {} }, { status: 'failed' }], 'c');
    assert.strictEqual(items.length, 2);
    assert.deepStrictEqual(warnings, [0, 1].map((index) => ({ kind: 'skippedRecord', record: 'run', index, owner: 'c', why: 'notAnObject' })));
    const connectors = parseConnectors([{ connector_id: 'a' }, { label: 'no id' }, 7, { connector_id: 'a' }, { connector_id: 'b', connector_properties: 'nope', category_properties: [] }], 1);
    assert.deepStrictEqual(connectors.items.map((connector) => connector.id), ['a', 'b']);
    assert.deepStrictEqual(connectors.warnings.map((warning) => warning.kind === 'skippedRecord' && [warning.index, warning.why]), [[1, 'noId'], [2, 'notAnObject'], [3, 'duplicate']]);
  });

  it('sorts newest first with unstarted runs on top and gives equal start times their position', () => {
    const { items } = parseRuns([
      { status: 'success', start_time: '2020-01-01 00:00:00 +0000 UTC' },
      { status: 'queued', start_time: '0001-01-01 00:00:00 +0000 UTC' },
      { status: 'failed', start_time: '2020-01-02 00:00:00 +0000 UTC' },
      { status: 'success', start_time: '2020-01-02 00:00:00 +0000 UTC' },
    ], 'c');
    assert.deepStrictEqual(items.map((run) => run.status), ['queued', 'failed', 'success', 'success']);
    const day2 = Date.UTC(2020, 0, 2);
    assert.deepStrictEqual(items.map((run) => run.key), ['c/unstarted/0', `c/${day2}/0`, `c/${day2}/1`, `c/${Date.UTC(2020, 0, 1)}/0`]);
  });
});
