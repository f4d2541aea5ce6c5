import * as assert from 'assert';
import * as FakeTimers from '@sinonjs/fake-timers';
import { MinuteTicker } from '../../../../src/core/presentation/minuteTicker';
import { NO_FILTER } from '../../../../src/core/presentation/filter';
import { SourceStore } from '../../../../src/core/engine/store';
import { TreeModel } from '../../../../src/core/presentation/treeModel';
import { plainTranslate as t } from '../../../../src/shared/l10n';
import { aConnector, aRun } from '../../builders';
import { schedulerClockOf } from '../harness';

describe('minute ticker', () => {
  let clock: FakeTimers.Clock;
  let ticks: number;
  let ticker: MinuteTicker;

  beforeEach(() => {
    clock = FakeTimers.createClock(Date.UTC(2026, 10, 26, 12));
    ticks = 0;
    ticker = new MinuteTicker(schedulerClockOf(clock));
    ticker.onDidTick(() => ticks++);
  });

  afterEach(() => ticker.dispose());

  it('ticks once a minute while something is visible, and not at all while nothing is', () => {
    clock.tick(10 * 60_000);
    assert.strictEqual(ticks, 0, 'nothing visible yet');
    ticker.setVisible('view', true);
    assert.strictEqual(ticks, 1, 'shown after ten minutes: redrawn at once');
    clock.tick(3 * 60_000);
    assert.strictEqual(ticks, 4);
    ticker.setVisible('panel', true);
    clock.tick(60_000);
    assert.strictEqual(ticks, 5, 'two visible things share one tick');
    ticker.setVisible('view', false);
    clock.tick(60_000);
    assert.strictEqual(ticks, 6, 'the panel still shows');
    ticker.setVisible('panel', false);
    clock.tick(30 * 60_000);
    assert.strictEqual(ticks, 6);
    assert.strictEqual(clock.countTimers(), 0, 'no timer left while hidden');
  });

  it('does not redraw at once when shown again within the minute', () => {
    ticker.setVisible('view', true);
    clock.tick(60_000);
    ticker.setVisible('view', false);
    clock.tick(20_000);
    ticker.setVisible('view', true);
    assert.strictEqual(ticks, 1);
  });

  it('moves the tree\'s "min ago" on', () => {
    const store = new SourceStore(() => clock.now);
    store.setProjects([1]);
    store.applyProject(1, [{ source: aConnector(), runs: [aRun({ status: 'failed', startTime: clock.now - 11 * 60_000, endTime: clock.now - 5 * 60_000 })] }]);
    const model = new TreeModel(store, () => ({ t, now: clock.now, locale: 'en-US', timeZone: 'UTC' }), () => 20);
    model.setFilter(NO_FILTER);
    const changes: Array<string | undefined> = [];
    model.onDidChange((id) => changes.push(id));
    const tickingTree = new MinuteTicker(schedulerClockOf(clock));
    tickingTree.onDidTick(() => model.refreshTimes());
    tickingTree.setVisible('view', true);
    assert.strictEqual(model.children()[0].description, 'failed · 5 min ago');
    clock.tick(60_000);
    assert.deepStrictEqual(changes, [undefined], 'the whole tree is told to redraw');
    assert.strictEqual(model.children()[0].description, 'failed · 6 min ago');
    tickingTree.dispose();
    model.dispose();
  });
});
