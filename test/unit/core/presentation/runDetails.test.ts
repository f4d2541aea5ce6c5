import * as assert from 'assert';
import { followRun, runDetailsModel, runPanelMessage } from '../../../../src/core/presentation/runDetails';
import { SourceStore } from '../../../../src/core/engine/store';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import { aConnector, aRun, connectorRef } from '../../builders';

const NOW = Date.UTC(2026, 10, 26, 12);
const options = { t, now: NOW, locale: 'en-US', timeZone: 'UTC' };

describe('run details', () => {
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
    const store = new SourceStore(() => NOW);
    const reference = { source: connectorRef(), runKey: 'connector-1/1/0' };
    assert.deepStrictEqual(runPanelMessage(store, reference, undefined, options), { type: 'missing', title: 'Run details', heading: 'Run details', message: 'Loading…', state: reference });
    store.setProjects([1]);
    store.applyProject(1, [{ source: aConnector({ label: 'Orders' }), runs: [] }]);
    const gone = runPanelMessage(store, reference, undefined, options);
    assert.strictEqual(gone.type === 'missing' && gone.message, 'This run is no longer in the source\'s history.');
  });
});
