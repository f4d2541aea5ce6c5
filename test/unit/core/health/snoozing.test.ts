import * as assert from 'assert';
import { Finding } from '../../../../src/core/health/judgement';
import { HealthChange, HealthReader } from '../../../../src/core/health/monitor';
import { SnoozeBook, SnoozingHealth } from '../../../../src/core/health/snoozing';
import { Emitter } from '../../../../src/core/model/events';
import { SourceRef } from '../../../../src/core/model/source';
import { Run } from '../../../../src/mixpanel/types';
import { aRun, importRef } from '../../builders';

const NOW = Date.UTC(2026, 11, 5, 12);
const late: Finding = { kind: 'late', severity: 'warning', since: NOW - 3_600_000, expected: NOW - 3_600_000, seen: NOW };
const stuck: Finding = { kind: 'stuck', severity: 'warning', since: NOW - 7_200_000, expected: 1, seen: 2, runKey: 'r' };

class Memory {
  readonly values = new Map<string, unknown>();
  get(key: string): unknown {
    return this.values.get(key);
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, JSON.parse(JSON.stringify(value)));
  }
}

function setUp(runs: Map<string, Run[]> = new Map()) {
  const changes = new Emitter<HealthChange>();
  const monitor: HealthReader = { findings: (ref) => (ref.id === '1' ? [late, stuck] : []), onDidChange: changes.event, settle: () => undefined };
  const memory = new Memory();
  const book = new SnoozeBook(memory, () => NOW);
  const health = new SnoozingHealth(monitor, book, (ref: SourceRef) => runs.get(ref.id) ?? []);
  const told: HealthChange[] = [];
  health.onDidChange((change) => told.push(change));
  return { changes, memory, book, health, told };
}

describe('snoozes in an editor', () => {
  it('leave snoozed findings out of what is counted and told, and say them apart', async () => {
    const { book, health, changes, told } = setUp();
    await book.add({ source: importRef(1), finding: 'late', until: { kind: 'time', at: NOW + 3_600_000 }, since: NOW });
    assert.deepStrictEqual(health.findings(importRef(1)), [stuck]);
    assert.deepStrictEqual(health.snoozed(importRef(1)).map(({ finding }) => finding.kind), ['late']);
    assert.deepStrictEqual(told.map((change) => change.changed), [[importRef(1)]], 'a snooze redraws its source and tells nothing');
    changes.fire({ changed: [importRef(1)], started: [{ ref: importRef(1), finding: late, key: 'a' }, { ref: importRef(1), finding: stuck, key: 'b' }], ended: [{ ref: importRef(1), finding: late, key: 'a' }] });
    assert.deepStrictEqual(told[1].started.map((episode) => episode.key), ['b']);
    assert.deepStrictEqual(told[1].ended, []);
  });

  it('keeps them in shared storage, ends them with a success after they were set, and forgets them on Sign Out', async () => {
    const runs = new Map<string, Run[]>();
    const { book, health, memory } = setUp(runs);
    await book.add({ source: importRef(1), until: { kind: 'nextSuccess' }, since: NOW });
    assert.deepStrictEqual(health.findings(importRef(1)), []);
    assert.strictEqual(new SnoozeBook(memory, () => NOW).inForce(() => undefined).length, 1, 'another window reads it');
    runs.set('1', [aRun({ owner: '1', status: 'success', startTime: NOW + 60_000, endTime: NOW + 120_000 })]);
    assert.deepStrictEqual(health.findings(importRef(1)), [late, stuck], 'the next success ends it');
    await book.remove(importRef(1));
    await book.add({ source: importRef(1), until: { kind: 'time', at: NOW + 60_000 }, since: NOW });
    await book.clear();
    assert.deepStrictEqual(memory.get('mixpanelConnectors.snoozes'), []);
  });
});
