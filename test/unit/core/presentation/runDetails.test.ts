import * as assert from 'assert';
import { errorHint, followRun, runDetailsModel, runPanelMessage } from '../../../../src/core/presentation/runDetails';
import { ConnectorStore } from '../../../../src/core/engine/store';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import { aConnector, aRun } from '../../builders';

const NOW = Date.UTC(2026, 10, 26, 12);
const options = { t, now: NOW, locale: 'en-US', timeZone: 'UTC' };

describe('run details', () => {
  it('knows what causes the errors users meet most, and what to do', () => {
    const gcs = aConnector({ type: 'gcsImport', bucket: 'acme', compression: 'none' });
    const s3 = aConnector({ type: 's3Import', bucket: 'acme-s3', role: 'arn:aws:iam::1:role/mixpanel' });
    assert.match(errorHint('No compression specified but Gzip detected. Please submit…', gcs, options)!, /gzip-compressed but the connector's compression setting is "none"/);
    assert.match(errorHint('No compression specified but Gzip detected', { ...gcs, compression: 'gzip' }, options)!, /^The files are gzip-compressed, but this import was not told so\./);
    assert.match(errorHint('gzip: invalid header (not in gzip format)', gcs, options)!, /expects gzip-compressed files but the files are not/);
    assert.match(errorHint('AccessDenied: Access Denied', s3, options)!, /IAM role arn:aws:iam::1:role\/mixpanel exists, trusts Mixpanel, and may list and read acme-s3/);
    assert.match(errorHint('403 Forbidden', gcs, options)!, /Storage Object Viewer role on acme/);
    assert.match(errorHint('unexpected end of input', { ...gcs, dataFormat: 'mixpanel_event' }, options)!, /could not be read as mixpanel_event/);
    assert.strictEqual(errorHint('The moon is in the wrong phase', gcs, options), undefined);
  });

  it('puts the error first, with its hint, in the model of a failed run', () => {
    const run = aRun({ status: 'failed', error: { message: 'No compression specified but Gzip detected', code: 'E1' } });
    const model = runDetailsModel(run, aConnector({ compression: 'none' }), options);
    assert.strictEqual(model.stateText, 'Failed');
    assert.deepStrictEqual([model.error?.message, model.error?.code], ['No compression specified but Gzip detected', 'E1']);
    assert.ok(model.error?.hint);
  });

  it('follows a queued run once it starts, and nothing else', () => {
    const queued = aRun({ status: 'queued', startTime: undefined });
    const older = aRun({ startTime: NOW - 86_400_000 });
    const started = aRun({ status: 'running', startTime: NOW });
    const keysAtOpen = new Set([queued.key, older.key]);
    assert.strictEqual(followRun([queued, older], queued.key, keysAtOpen), queued);
    assert.strictEqual(followRun([started, older], queued.key, keysAtOpen), started);
    assert.strictEqual(followRun([older], older.key + 'x', keysAtOpen), undefined, 'a started run that vanished is not replaced');
  });

  it('says a run is loading or gone when it is not in the store', () => {
    const store = new ConnectorStore(() => NOW);
    const reference = { projectId: 1, connectorId: 'connector-1', runKey: 'connector-1/1/0' };
    assert.deepStrictEqual(runPanelMessage(store, reference, undefined, options), { type: 'missing', title: 'Run details', heading: 'Run details', message: 'Loading…', state: reference });
    store.setProjects([1]);
    store.applyProject(1, [{ connector: aConnector({ label: 'Orders' }), runs: [] }]);
    const gone = runPanelMessage(store, reference, undefined, options);
    assert.strictEqual(gone.type === 'missing' && gone.message, 'This run is no longer in the connector\'s history.');
  });
});
