import * as assert from 'assert';
import * as FakeTimers from '@sinonjs/fake-timers';
import { FinishedRun } from '../../../../src/core/model/entries';
import { cloudImportSource } from '../../../../src/core/model/source';
import { FinishedRunBatcher, notificationFor } from '../../../../src/core/presentation/notifications';
import { CloudImportConnector, Run } from '../../../../src/mixpanel/types';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import { schedulerClockOf } from '../harness';

function finished(label: string, status: 'failed' | 'success', message = 'Boom'): FinishedRun {
  const connector: CloudImportConnector = { id: label, projectId: 1, label, type: 'gcsImport', raw: {} };
  const run: Run = { key: `${label}/1/0`, status, rawStatus: status, counters: { num_events_imported: 1200 }, raw: {}, error: status === 'failed' ? { message } : undefined };
  return { source: cloudImportSource(connector), run };
}

describe('notifications', () => {
  const defaults = { onFailure: true, onSuccess: false };

  it('batches runs that end within half a second into one delivery', () => {
    const clock = FakeTimers.createClock();
    const batches: FinishedRun[][] = [];
    const batcher = new FinishedRunBatcher(schedulerClockOf(clock), (batch) => batches.push(batch));
    batcher.add([finished('a', 'failed')]);
    clock.tick(200);
    batcher.add([finished('b', 'success'), finished('c', 'failed')]);
    clock.tick(299);
    assert.strictEqual(batches.length, 0);
    clock.tick(1);
    assert.deepStrictEqual(batches.map((batch) => batch.map((run) => run.source.id)), [['a', 'b', 'c']]);
    batcher.add([finished('d', 'failed')]);
    clock.tick(500);
    assert.strictEqual(batches.length, 2);
    batcher.add([finished('e', 'failed')]);
    batcher.dispose();
    clock.tick(1000);
    assert.strictEqual(batches.length, 2, 'nothing is delivered after disposal');
    assert.strictEqual(clock.countTimers(), 0);
  });

  it('describes one failed run with its error', () => {
    const note = notificationFor([finished('Orders', 'failed', 'No compression specified but Gzip detected.\nmore')], defaults, t)!;
    assert.strictEqual(note.severity, 'warning');
    assert.strictEqual(note.message, 'Mixpanel import "Orders" failed: No compression specified but Gzip detected.');
  });

  it('keeps API text inert and short: a label or message cannot become a link or a command', () => {
    const note = notificationFor([{ ...finished('[Open](command:workbench.action.terminal.new)', 'failed', `[Fix it](https://evil.example.com) ${'x'.repeat(12_000)}`) }], defaults, t)!;
    assert.doesNotMatch(note.message, /\]\((command:|https?:)/);
    assert.ok(note.message.length <= 300, `${note.message.length} characters`);
    assert.match(note.message.replace(/\u200B/g, ''), /^Mixpanel import "\[Open\]\(command:workbench\.action\.terminal\.new\)" failed: \[Fix it\]\(https/);
  });

  it('is silent about successes by default, and announces them when asked', () => {
    assert.strictEqual(notificationFor([finished('Orders', 'success')], defaults, t), undefined);
    const note = notificationFor([finished('Orders', 'success')], { onFailure: true, onSuccess: true }, t, 'en-US')!;
    assert.strictEqual(note.severity, 'info');
    assert.strictEqual(note.message, 'Mixpanel import "Orders" succeeded: 1,200 events imported.');
  });

  it('announces a success right after a failure when recoveries are on, even with successes off', () => {
    const recovery = { ...finished('Orders', 'success'), afterFailure: true };
    const note = notificationFor([recovery], { ...defaults, onRecovery: true }, t)!;
    assert.deepStrictEqual([note.severity, note.message], ['info', 'Mixpanel import "Orders" succeeded again after a failure.']);
    assert.strictEqual(notificationFor([recovery], { ...defaults, onRecovery: false }, t), undefined);
    assert.strictEqual(notificationFor([finished('Orders', 'success')], { ...defaults, onRecovery: true }, t), undefined, 'a success after a success stays quiet');
  });

  it('is silent about failures when turned off', () => {
    assert.strictEqual(notificationFor([finished('Orders', 'failed')], { onFailure: false, onSuccess: false }, t), undefined);
  });

  it('lists two or three runs', () => {
    const note = notificationFor([finished('A', 'failed'), finished('B', 'success'), finished('C', 'failed')], { onFailure: true, onSuccess: true }, t)!;
    assert.strictEqual(note.message, '3 Mixpanel imports finished: "A" failed, "B" succeeded, "C" failed.');
    assert.strictEqual(note.runs.length, 3);
  });

  it('summarises more than three', () => {
    const batch = [finished('A', 'failed'), finished('B', 'success'), finished('C', 'failed'), finished('D', 'success'), finished('E', 'success')];
    const note = notificationFor(batch, { onFailure: true, onSuccess: true }, t)!;
    assert.strictEqual(note.message, '5 runs finished: 2 failed, 3 succeeded');
    assert.strictEqual(note.severity, 'warning');
  });
});
