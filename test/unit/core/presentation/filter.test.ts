import * as assert from 'assert';
import { describeFilter, matchesFilter, NO_FILTER } from '../../../../src/core/presentation/filter';
import { SourceEntry } from '../../../../src/core/model/entries';
import { cloudImportSource } from '../../../../src/core/model/source';
import { CloudImportConnector, Run } from '../../../../src/mixpanel/types';
import { plainTranslate as t } from '../../../../src/shared/l10n';

const failedRun: Run = { key: 'k/1/0', status: 'failed', rawStatus: 'failed', counters: {}, raw: {}, startTime: 1 };
const okRun: Run = { ...failedRun, status: 'success', rawStatus: 'success' };

function entry(label: string, bucket: string, prefix: string, runs: Run[]): SourceEntry {
  const connector: CloudImportConnector = { id: label || bucket, projectId: 1, label, type: 'gcsImport', bucket, prefix, raw: {} };
  return { source: cloudImportSource(connector), runs };
}

describe('filter', () => {
  const orders = entry('Orders', 'acme-orders', 'daily/', [failedRun]);
  const web = entry('', 'acme-web', 'events/click', [okRun]);

  it('shows everything without a filter', () => {
    assert.ok(matchesFilter(orders, NO_FILTER) && matchesFilter(web, NO_FILTER));
    assert.strictEqual(describeFilter(NO_FILTER, 2, 2, t), undefined);
  });

  it('keeps only failed connectors', () => {
    const filter = { needsAttention: true, text: '' };
    assert.deepStrictEqual([orders, web].filter((e) => matchesFilter(e, filter)), [orders]);
    assert.strictEqual(describeFilter(filter, 1, 2, t), 'Sources needing attention: 1 of 2.');
  });

  it('matches text in the label, bucket or prefix, ignoring case', () => {
    assert.ok(matchesFilter(web, { needsAttention: false, text: 'CLICK' }));
    assert.ok(matchesFilter(web, { needsAttention: false, text: 'gs://acme-web' }));
    assert.ok(matchesFilter(orders, { needsAttention: false, text: 'orders' }));
    assert.ok(!matchesFilter(orders, { needsAttention: false, text: 'click' }));
    assert.ok(!matchesFilter(web, { needsAttention: true, text: 'click' }));
  });
});
