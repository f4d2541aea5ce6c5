import * as assert from 'assert';
import { CloudImportSource } from '../../../../../src/core/model/source';
import { cloudImportKind, connectorName } from '../../../../../src/core/sources/cloudImport/cloudImportKind';
import { plainTranslate as t } from '../../../../../src/shared/l10n';
import { aConnector, aRun } from '../../../builders';

const NOW = Date.UTC(2026, 10, 26, 12);
const options = { t, now: NOW, locale: 'en-US', timeZone: 'UTC' };

function hint(message: string, source: CloudImportSource, opts = options): string | undefined {
  return cloudImportKind.errorHint?.(message, source, opts);
}

function withConnector(source: CloudImportSource, fields: Partial<CloudImportSource['connector']>): CloudImportSource {
  return aConnector({ ...source.connector, ...fields });
}

describe('Cloud Import connectors as sources', () => {
  it('knows what causes the errors users meet most, and what to do', () => {
    const gcs = aConnector({ type: 'gcsImport', bucket: 'acme', compression: 'none' });
    const s3 = aConnector({ type: 's3Import', bucket: 'acme-s3', role: 'arn:aws:iam::1:role/mixpanel' });
    assert.match(hint('No compression specified but Gzip detected. Please submit…', gcs, options)!, /gzip-compressed but the connector's compression setting is "none"/);
    assert.match(hint('No compression specified but Gzip detected', withConnector(gcs, { compression: 'gzip' }), options)!, /^The files are gzip-compressed, but this import was not told so\./);
    assert.match(hint('gzip: invalid header (not in gzip format)', gcs, options)!, /expects gzip-compressed files but the files are not/);
    assert.match(hint('AccessDenied: Access Denied', s3, options)!, /IAM role arn:aws:iam::1:role\/mixpanel exists, trusts Mixpanel, and may list and read acme-s3/);
    assert.match(hint('403 Forbidden', gcs, options)!, /Storage Object Viewer role on acme/);
    assert.match(hint('unexpected end of input', withConnector(gcs, { dataFormat: 'mixpanel_event' }), options)!, /could not be read as mixpanel_event/);
    assert.strictEqual(hint('The moon is in the wrong phase', gcs, options), undefined);
  });


  it('are named by their label, else by their bucket and prefix, else by their id', () => {
    assert.strictEqual(connectorName(aConnector({ label: 'Orders' }).connector), 'Orders');
    assert.strictEqual(connectorName(aConnector({ label: '', type: 's3Import', bucket: 'b', prefix: '/p' }).connector), 's3://b/p');
    assert.strictEqual(connectorName(aConnector({ label: '', bucket: undefined, id: 'c-9' }).connector), 'c-9');
  });

  it('show a paused connector as paused, and offer no action', () => {
    const paused = { source: aConnector({ status: 'paused', failureMessage: 'Too many errors' }), runs: [aRun({ status: 'failed' })] };
    assert.strictEqual(cloudImportKind.displayState(paused), 'paused-source');
    assert.deepStrictEqual(cloudImportKind.notes?.(aConnector({ failureMessage: 'Too many errors' }), t), ['Paused because: Too many errors']);
    assert.strictEqual(cloudImportKind.writing, undefined, 'a connector offers no action');
  });

  it('have their runs read every time: the list says nothing of them', () => {
    const source = aConnector();
    assert.strictEqual(cloudImportKind.reading.runsMayHaveChanged, undefined, 'no shortcut: the refresher reads them');
    assert.strictEqual(cloudImportKind.reading.nextScheduledLook({ source, runs: [], updatedAt: NOW, runsFailed: false }, NOW, NOW), undefined);
  });
});
