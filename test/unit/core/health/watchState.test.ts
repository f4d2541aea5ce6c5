import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Finding } from '../../../../src/core/health/judgement';
import { EMPTY_WATCH_STATE, findingChange, keptRunsIn, OpenFinding, parseWatchState, readWatchState, WatchStateError, withRunsSeen, writeWatchState } from '../../../../src/core/health/watchState';
import { anEntry, anImport, aRun, importRef } from '../../builders';

const NOW = Date.UTC(2026, 11, 5, 12);

function open(id: number, kind: Finding['kind'], since = NOW - 3_600_000): OpenFinding {
  return { key: `${id}|${kind}@${since}`, source: importRef(id), name: `table_${id}`, project: 'Acme', finding: { kind, severity: 'warning', since, expected: 0, seen: 1 } };
}

describe('the state a look leaves for the next', () => {
  it('tells a finding once when it starts and once when it ends, and nothing when the look finds the same', () => {
    const first = findingChange([], [open(1, 'late'), open(2, 'stuck')], []);
    assert.deepStrictEqual(first.started.map((item) => item.key), [open(1, 'late').key, open(2, 'stuck').key]);
    assert.deepStrictEqual(first.ended, []);
    const same = findingChange(first.open, [open(1, 'late'), open(2, 'stuck')], []);
    assert.deepStrictEqual([same.started, same.ended], [[], []]);
    const later = findingChange(same.open, [open(2, 'stuck')], []);
    assert.deepStrictEqual(later.ended.map((item) => item.key), [open(1, 'late').key]);
    assert.deepStrictEqual(later.open.map((item) => item.key), [open(2, 'stuck').key]);
  });

  it('tells neither the start nor the end of a snoozed finding', () => {
    const snooze = { source: importRef(1), until: { kind: 'nextSuccess' as const }, since: NOW };
    const started = findingChange([], [open(1, 'late'), open(2, 'late')], [snooze]);
    assert.deepStrictEqual(started.started.map((item) => item.source.id), ['2']);
    const ended = findingChange([open(1, 'late')], [], [snooze]);
    assert.deepStrictEqual(ended.ended, []);
  });

  it('keeps the runs seen, merged with those kept, within the bounds, and gives them back as runs', () => {
    const source = anImport({ id: 5 });
    const runs = [aRun({ owner: '5', startTime: NOW - 2_000, endTime: NOW - 1_000 }), aRun({ owner: '5', startTime: NOW - 5_000, endTime: NOW - 4_000 })];
    const once = withRunsSeen(EMPTY_WATCH_STATE, [anEntry({ source, runs: [runs[0]] })], NOW);
    const twice = withRunsSeen(once, [anEntry({ source, runs: [runs[1]] })], NOW, { maxAgeMs: 60_000, maxRuns: 10 });
    assert.deepStrictEqual(twice.history[0].runs.map((run) => run.start), [NOW - 2_000, NOW - 5_000]);
    assert.deepStrictEqual(keptRunsIn(twice)(importRef(5))?.map((run) => run.startTime), [NOW - 2_000, NOW - 5_000]);
    const bounded = withRunsSeen(twice, [], NOW, { maxAgeMs: 60_000, maxRuns: 1 });
    assert.strictEqual(bounded.history[0].runs.length, 2, 'bounds apply to what a look adds to');
    assert.strictEqual(withRunsSeen(twice, [anEntry({ source, runs: [] })], NOW, { maxAgeMs: 60_000, maxRuns: 1 }).history[0].runs.length, 1);
  });

  it('refuses a file that is not a state, drops what it cannot read of one, and writes whole files', async () => {
    assert.throws(() => parseWatchState('{'), WatchStateError);
    assert.throws(() => parseWatchState('{"version":2}'), /not a state file of version 1/);
    const parsed = parseWatchState(JSON.stringify({ version: 1, history: [{ source: { projectId: 1, kind: 'warehouse', id: '1' }, runs: [{ key: 'k' }] }, { source: 7 }], open: [open(1, 'late'), { key: 3 }], snoozes: [{}] }));
    assert.deepStrictEqual([parsed.history.length, parsed.history[0].runs.length, parsed.open.length, parsed.snoozes.length], [1, 0, 1, 0]);
    const farOff = { ...open(2, 'late'), finding: { ...open(2, 'late').finding, since: 1e300 } };
    const run = { key: 'k', start: 1e300, status: 'success', rawStatus: 'SUCCEEDED', seenAt: NOW };
    const unbounded = parseWatchState(JSON.stringify({ version: 1, history: [{ source: importRef(1), runs: [run] }], open: [farOff], snoozes: [] }));
    assert.deepStrictEqual([unbounded.history[0].runs.length, unbounded.open.length], [0, 0], 'a number no Date can hold is not a time');

    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'watch-state-'));
    const file = path.join(folder, 'nested', 'state.json');
    assert.deepStrictEqual(await readWatchState(file), EMPTY_WATCH_STATE, 'no file yet: an empty state');
    await writeWatchState(file, { ...EMPTY_WATCH_STATE, open: [open(1, 'late')] });
    assert.deepStrictEqual((await readWatchState(file)).open, [open(1, 'late')]);
    assert.deepStrictEqual(await fs.readdir(path.dirname(file)), ['state.json'], 'no temporary file is left');
    await fs.rm(folder, { recursive: true, force: true });
  });
});
