import * as assert from 'assert';
import { Emitter, onListenerError } from '../../../../src/core/model/events';
import { FinishedRun } from '../../../../src/core/model/entries';
import { SourceStore } from '../../../../src/core/engine/store';
import { aConnector, aRun, connectorRef } from '../../builders';

describe('Emitter', () => {
  const reported: unknown[] = [];
  before(() => onListenerError((error) => reported.push(error)));
  after(() => onListenerError(() => undefined));
  beforeEach(() => {
    reported.length = 0;
  });

  it('reaches every listener and the code that fired, whatever one listener throws', () => {
    const emitter = new Emitter<number>();
    const heard: number[] = [];
    emitter.event(() => {
      throw new RangeError('Invalid time value');
    });
    emitter.event((value) => heard.push(value));
    emitter.fire(1);
    assert.deepStrictEqual(heard, [1]);
    assert.strictEqual(reported.length, 1);
    assert.ok(reported[0] instanceof RangeError);
  });

  it('lets the store announce a run\'s end when a panel\'s listener throws on the change before it', () => {
    const store = new SourceStore(() => Date.UTC(2026, 11, 1));
    const connector = aConnector();
    const running = aRun({ status: 'running', startTime: Date.UTC(2026, 11, 1) - 60_000 });
    store.setProjects([1]);
    store.applyProject(1, [{ source: connector, runs: [running] }]);
    store.applyRuns(connectorRef(connector.id), [running, aRun({ status: 'queued', startTime: undefined })]);
    store.onDidChange(() => {
      throw new RangeError('Invalid time value');
    });
    const announced: FinishedRun[] = [];
    store.onDidFinishRuns((runs) => announced.push(...runs));
    store.applyRuns(connectorRef(connector.id), [{ ...running, status: 'failed', endTime: running.startTime! + 1_000 }]);
    assert.deepStrictEqual(announced.map((finished) => finished.run.status), ['failed']);
    assert.ok(reported.length > 0, 'the throw was reported');
  });
});
